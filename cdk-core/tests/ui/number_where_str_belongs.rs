use cdk_core::{fns, App, CfnOutput, Stack};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let _ = fns::base64(42);
    CfnOutput::new(&stack, "Out", 42);
}
