// A table needs a partition key: it is a required argument of `Table::new`, not a
// builder option that can be forgotten.
use cdk_core::{App, Stack};
use constructs::dynamodb::Table;

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "Data");
    let _table = Table::new(&stack, "Labels").build();
}
