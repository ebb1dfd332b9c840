use cdk_core::{App, Aws, CfnCondition, Stack, Str};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let some_str: Str = Aws::region();
    CfnCondition::new(&stack, "C", some_str);
}
