//! Amazon SQS: queues, dead-letter queues and the grants to use them.
//!
//! ```
//! use std::time::Duration;
//! use cdk_core::{App, Stack};
//! use constructs::iam::{Principal, Role};
//! use constructs::sqs::Queue;
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Jobs");
//! let dlq = Queue::new(&stack, "Failed")
//!     .retention_period(Duration::from_secs(14 * 24 * 3600))
//!     .build();
//! let jobs = Queue::new(&stack, "Jobs")
//!     .visibility_timeout(Duration::from_secs(120))
//!     .dead_letter_queue(&dlq, 5)
//!     .build();
//! let worker = Role::new(&stack, "Worker", Principal::service("ecs-tasks.amazonaws.com")).build();
//! jobs.grant_consume_messages(&worker);
//! let t = stack.template().unwrap();
//! assert_eq!(t["Resources"]["JobsDF1CC2D4"]["Properties"]["SqsManagedSseEnabled"], true);
//! ```
//!
//! A [`Queue`] has no IAM role, so it cannot be a grantee: `queue.grant_send_messages(&other_queue)`
//! does not compile.

mod queue;

pub use queue::{
    DeduplicationScope, FifoThroughputLimit, Queue, QueueBuilder, QueueEncryption,
    RedriveAllowPolicy,
};
