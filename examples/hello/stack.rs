//! The README's stack: a queue and a Python worker that drains it.

use cdk_core::{App, CfnOutput, Stack};
use constructs::checks::Checks;
use constructs::lambda::{event_sources::SqsEventSource, Code, Function, Runtime};
use constructs::sqs::Queue;

/// Adds the `Hello` stack to `app`.
pub fn define(app: &App) {
    let stack = Stack::new(app, "Hello");
    let queue = Queue::new(&stack, "Jobs").build();
    let worker = Function::new(
        &stack,
        "Worker",
        Runtime::PYTHON_3_14,
        Code::from_inline("def handler(event, context):\n    print(event)\n"),
        "index.handler",
    )
    .build();
    worker.add_event_source(SqsEventSource::new(&queue));
    CfnOutput::new(&stack, "QueueUrl", queue.queue_url());

    // The security pack's findings this stack accepts (`cargo run -- check`).
    crate::acks::function_logs(&stack);
    crate::acks::queue_tls(&queue);
    Checks::of(&queue).acknowledge(
        "AwsSolutions-SQS3",
        "the worker only prints each message and cannot fail on one, so no message would ever reach a dead-letter queue",
    );
}
