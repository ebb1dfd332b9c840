// A table has no IAM role, so it cannot receive a grant.
use cdk_core::{App, Stack};
use constructs::dynamodb::{Attribute, Table};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "Data");
    let table = Table::new(&stack, "Labels", Attribute::string("Image")).build();
    let other_table = Table::new(&stack, "Other", Attribute::string("Id")).build();
    table.grant_read_data(&other_table);
}
