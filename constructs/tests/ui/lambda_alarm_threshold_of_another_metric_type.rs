// A duration metric's alarm takes a Duration threshold, not a count: `5` would mean
// 5 milliseconds or 5 seconds depending on who reads it.
use cdk_core::{App, Stack};
use constructs::cloudwatch::Alarm;
use constructs::lambda::{Code, Function, Runtime};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let func = Function::new(&stack, "Fn", Runtime::PYTHON_3_13, Code::from_inline("x"), "index.handler")
        .auto_publish_alias("live")
        .build();
    let _slow = Alarm::new(&stack, "Slow", &func.alias().metric_duration(), 5).build();
}
