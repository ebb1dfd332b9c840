//! Amazon CloudWatch Logs: log groups with a typed retention.
//!
//! ```
//! use cdk_core::{App, RemovalPolicy, Stack};
//! use constructs::logs::{LogGroup, RetentionDays};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Logs");
//! let group = LogGroup::new(&stack, "Audit")
//!     .retention(RetentionDays::OneYear)          // default: two years
//!     .removal_policy(RemovalPolicy::Destroy)     // default: Retain
//!     .build();
//! let name = group.log_group_name();              // {"Ref": ...}
//! # let _ = name;
//! let t = stack.template().unwrap();
//! assert_eq!(t["Resources"]["Audit3D8ADE0A"]["Properties"]["RetentionInDays"], 365);
//! ```
//!
//! Lambda functions create their own log group (`<function>/LogGroup`); see
//! [`lambda::FunctionBuilder::log_retention`](crate::lambda::FunctionBuilder::log_retention).

mod log_group;

pub use log_group::{LogGroup, LogGroupBuilder, RetentionDays};
