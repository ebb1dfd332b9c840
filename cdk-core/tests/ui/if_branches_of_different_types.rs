use cdk_core::{fns, App, Aws, CfnCondition, Num, Stack, Str};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let cond = CfnCondition::new(&stack, "C", fns::equals(Aws::region(), "us-east-1"));
    let days = Num::from(7);
    let _ = fns::if_::<Str>(&cond, days, "seven");
}
