//! Every L2 exposes the typed L1 it wraps (`cfn()`), so a setting the construct does not
//! offer is still a typed change, not a property name in a string.

use cdk_core::assertions::Template;
use cdk_core::{App, Stack};
use constructs::s3::Bucket;
use constructs::sqs::Queue;
use serde_json::json;

#[test]
fn a_setting_the_construct_lacks_is_a_typed_change_on_its_l1() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let bucket = Bucket::new(&stack, "Data").build();
    let queue = Queue::new(&stack, "Jobs").build();
    bucket
        .cfn()
        .props()
        .accelerate_configuration()
        .edit()
        .acceleration_status()
        .set("Enabled");
    queue.cfn().props().delay_seconds().set(5);
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({"AccelerateConfiguration": {"AccelerationStatus": "Enabled"}}),
    );
    t.has_resource_properties("AWS::SQS::Queue", json!({"DelaySeconds": 5}));
    // The same resource as the untyped escape hatch.
    assert_eq!(
        bucket.cfn().resource().logical_id(),
        bucket.resource().logical_id()
    );
}
