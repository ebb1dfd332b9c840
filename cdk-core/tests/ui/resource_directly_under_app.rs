use cdk_core::{App, CfnResource};

fn main() {
    let app = App::new();
    // An App holds stacks only; resources belong in a Stack.
    CfnResource::new(&app, "Queue", "AWS::SQS::Queue");
}
