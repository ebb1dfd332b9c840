// Lambda provisions concurrency for versions and aliases, never for `$LATEST`: without
// `.auto_publish_alias(..)` there is no alias to provision, so it does not compile.
use cdk_core::{App, Stack};
use constructs::lambda::{Code, Function, Runtime};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let _func = Function::new(&stack, "Fn", Runtime::PYTHON_3_13, Code::from_inline("x"), "index.handler")
        .provisioned_concurrency(2)
        .build();
}
