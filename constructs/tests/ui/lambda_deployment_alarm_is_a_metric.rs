// A deployment preference rolls back on alarms, not on raw metrics: make an Alarm first.
use cdk_core::{App, Stack};
use constructs::lambda::{Code, DeploymentPreference, Function, Runtime};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let other = Function::new(&stack, "Other", Runtime::PYTHON_3_13, Code::from_inline("x"), "index.handler")
        .build();
    let _p = DeploymentPreference::all_at_once().alarm(&other.metric_errors());
}
