// The handler is a required argument of `Function::new`: forgetting it does not compile.
use cdk_core::{App, Stack};
use constructs::lambda::{Code, Function, Runtime};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let _func = Function::new(
        &stack,
        "Fn",
        Runtime::PYTHON_3_12,
        Code::from_inline("def handler(event, context):\n    return None\n"),
    )
    .build();
}
