//! Amazon EventBridge: rules that fire on a schedule or on matching events, and invoke
//! targets such as Lambda functions.
//!
//! A target is anything that implements [`RuleTarget`]: it binds itself to the rule (adds
//! the permission or role it needs) and returns its entry of the rule's `Targets`. The
//! module that owns a target type implements the trait (`lambda::Function` and
//! `lambda::Alias` in `lambda`, `sqs::Queue` and `sns::Topic` in theirs, adding the queue or
//! topic policy statement for `events.amazonaws.com`), so this module depends on no service;
//! any other ARN is a target with [`RuleTargetConfig::new`]. [`TargetOptions`] adds an
//! [`InputTransformer`], a [`RetryPolicy`] and a dead-letter queue
//! ([`RuleDeadLetterQueue`]) to any target, checked at synth.
//!
//! ```
//! use cdk_core::{App, Stack, Value};
//! use constructs::events::{Rule, Schedule};
//! use constructs::lambda::{Code, Function, Runtime};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Ops");
//! let func = Function::new(&stack, "Cleanup", Runtime::PYTHON_3_13,
//!     Code::from_inline("def handler(event, context):\n    return None\n"), "index.handler").build();
//!
//! // Every night at 03:00 UTC.
//! let nightly = Rule::new(&stack, "Nightly").schedule(Schedule::cron("0 3 * * ? *")).build();
//! nightly.add_target(&func);       // the target + the lambda:InvokeFunction permission
//!
//! // On an event pattern: objects created in any bucket with EventBridge notifications on.
//! let uploads = Rule::new(&stack, "Uploads")
//!     .event_pattern(serde_json::json!({
//!         "source": ["aws.s3"],
//!         "detail-type": ["Object Created"],
//!     }))
//!     .build();
//! uploads.add_target(&func);
//! assert!(stack.template().is_ok());
//! ```

mod archive;
mod bus;
mod pattern;
mod rule;
mod schedule;
mod target;

pub use archive::{Archive, ArchiveBuilder};
pub use bus::{EventBus, EventBusBuilder, EventBusLike, ImportedEventBus};
pub(crate) use pattern::{Dialect, PatternFields};
pub use pattern::{EventPattern, IntoEventPattern, Matcher};
pub use rule::{Rule, RuleBuilder};
pub use schedule::Schedule;
pub use target::{
    InputTransformer, RetryPolicy, RuleDeadLetterQueue, RuleTarget, RuleTargetConfig, TargetOptions,
};
