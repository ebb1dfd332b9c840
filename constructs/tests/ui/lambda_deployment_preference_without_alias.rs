// A deployment preference shifts traffic between versions behind an alias: without
// `.auto_publish_alias(..)` there is nothing to shift, so it does not compile.
use cdk_core::{App, Stack};
use constructs::lambda::{Code, DeploymentPreference, Function, Runtime};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let _func = Function::new(&stack, "Fn", Runtime::PYTHON_3_13, Code::from_inline("x"), "index.handler")
        .deployment_preference(DeploymentPreference::canary_10_percent_5_minutes())
        .build();
}
