// A container image carries its runtime and handler: `Function::new` (runtime, code, handler)
// does not take one; `Function::from_image` does.
use cdk_core::{App, Stack};
use constructs::lambda::{Code, Function, Runtime};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let _func = Function::new(
        &stack,
        "Fn",
        Runtime::PYTHON_3_13,
        Code::from_image_uri("123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:1"),
        "index.handler",
    )
    .build();
}
