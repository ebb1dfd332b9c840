use cfn_l1::sqs::CfnQueueProps;

fn main() {
    // `VisibilityTimeout` is a number; a string is not accepted.
    let _ = CfnQueueProps::builder().visibility_timeout("sixty").build();
}
