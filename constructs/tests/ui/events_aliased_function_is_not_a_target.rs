// A function with an alias has two things a rule could invoke; the caller says which.
use cdk_core::{App, Stack};
use constructs::events::{Rule, Schedule};
use constructs::lambda::{Code, Function, Runtime};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let func = Function::new(&stack, "Fn", Runtime::PYTHON_3_13, Code::from_inline("x"), "i.h")
        .auto_publish_alias("live")
        .build();
    let rule = Rule::new(&stack, "R").schedule(Schedule::rate(5)).build();
    rule.add_target(&func);
}
