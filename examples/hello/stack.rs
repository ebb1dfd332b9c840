//! The README's stack: a queue and a Python worker that drains it.

use cdk_core::{App, CfnOutput, Stack};
use constructs::lambda::{event_sources::SqsEventSource, Code, Function, Runtime};
use constructs::sqs::Queue;

/// Adds the `Hello` stack to `app`.
pub fn define(app: &App) {
    let stack = Stack::new(app, "Hello");
    let queue = Queue::new(&stack, "Jobs").build();
    let worker = Function::new(
        &stack,
        "Worker",
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(event, context):\n    print(event)\n"),
        "index.handler",
    )
    .build();
    worker.add_event_source(SqsEventSource::new(&queue));
    CfnOutput::new(&stack, "QueueUrl", queue.queue_url());
}
