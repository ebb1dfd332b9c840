//! Amazon EventBridge Scheduler: a [`Schedule`] (`AWS::Scheduler::Schedule`) invokes one
//! target on a rate, a cron expression or once, in a time zone, within an optional flexible
//! window, through a role it creates with only what the target needs.
//!
//! A target is anything that implements [`ScheduleTarget`]: it grants the schedule's role
//! what invoking it takes and returns its ARN. The module that owns a target type implements
//! the trait (`lambda` for functions and aliases, `sqs` for queues, `stepfunctions` for state
//! machines), so this module depends on no service; any other ARN is a target with
//! [`ScheduleTargetConfig::new`]. The dead-letter queue is a [`ScheduleDeadLetterQueue`]
//! (`sqs::Queue`).
//!
//! ```
//! use std::time::Duration;
//! use cdk_core::{App, Stack};
//! use constructs::lambda::{Code, Function, Runtime};
//! use constructs::scheduler::{FlexibleTimeWindow, Schedule, ScheduleExpression, ScheduleRetryPolicy};
//! use constructs::sqs::Queue;
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Ops");
//! let report = Function::new(&stack, "Report", Runtime::PYTHON_3_13,
//!     Code::from_inline("def handler(event, context):\n    return None\n"), "index.handler").build();
//! let failed = Queue::new(&stack, "Failed").build();
//! // Weekdays at 08:00 in Berlin, within 15 minutes.
//! Schedule::new(&stack, "Morning", ScheduleExpression::cron("0 8 ? * MON-FRI *"), &report)
//!     .time_zone("Europe/Berlin")
//!     .flexible_time_window(FlexibleTimeWindow::Flexible(15))
//!     .retry_policy(ScheduleRetryPolicy::new().maximum_retry_attempts(3))
//!     .dead_letter_queue(&failed)
//!     .input(r#"{"kind": "daily"}"#)
//!     .build();
//! let t = stack.template().unwrap();
//! assert!(t["Resources"].as_object().unwrap().values()
//!     .any(|r| r["Type"] == "AWS::Scheduler::Schedule"));
//! ```

mod expression;
mod schedule;
mod target;

pub use expression::ScheduleExpression;
pub use schedule::{FlexibleTimeWindow, Schedule, ScheduleBuilder, ScheduleRetryPolicy};
pub use target::{ScheduleDeadLetterQueue, ScheduleTarget, ScheduleTargetConfig};
