// An index with its own provisioned capacity cannot go on an on-demand table.
use cdk_core::{App, Stack};
use constructs::dynamodb::{Attribute, Gsi, Table};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "Data");
    let _table = Table::new(&stack, "Labels", Attribute::string("Image"))
        .global_secondary_index(Gsi::new("ByLabel", Attribute::string("Label")).provisioned(5, 5))
        .build();
}
