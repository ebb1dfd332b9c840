// Capacity settings exist only on provisioned tables; an on-demand table (the default)
// has none to set.
use cdk_core::{App, Stack};
use constructs::dynamodb::{Attribute, CapacityScaling, Table};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "Data");
    let _table = Table::new(&stack, "Labels", Attribute::string("Image"))
        .read_capacity(10)
        .build();
    let _scaled = Table::new(&stack, "Scaled", Attribute::string("Image"))
        .auto_scale_write_capacity(CapacityScaling::new(1, 10))
        .build();
}
