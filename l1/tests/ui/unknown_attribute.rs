use cdk_core::{App, Stack};
use cfn_l1::sqs::{CfnQueue, CfnQueueProps};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let queue = CfnQueue::new(&stack, "Queue", CfnQueueProps::builder().build());
    // A queue has `Arn`, `QueueName` and `QueueUrl`; there is no `BucketName`.
    let _ = queue.attr_bucket_name();
}
