use cdk_core::{App, Stack};
use cfn_l1::sqs::{CfnQueuePolicy, CfnQueuePolicyProps};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let policy = CfnQueuePolicy::new(
        &stack,
        "Policy",
        CfnQueuePolicyProps::builder()
            .queues(["https://sqs.eu-west-1.amazonaws.com/111111111111/q"])
            .policy_document_value(cdk_core::Value::map([("Version", "2012-10-17")]))
            .build(),
    );
    // `Queues` is required: it can be replaced or appended to, not cleared ...
    policy.props().queues().append(["https://sqs.eu-west-1.amazonaws.com/111111111111/r"]);
    policy.props().queues().clear();
    // ... and a required property has no `maybe_` on the builder.
    let _ = CfnQueuePolicyProps::builder().maybe_queues(Some(["q"]));
}
