use cdk_core::{fns, App, CfnOutput, Stack, StrList};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let subnets: StrList = fns::split(",", "a,b");
    CfnOutput::new(&stack, "Out", subnets);
    let zones: StrList = fns::get_azs("");
    let _ = fns::base64(zones);
}
