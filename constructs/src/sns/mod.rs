//! Amazon SNS: topics and the grant to publish to them.
//!
//! ```
//! use cdk_core::{App, Stack};
//! use constructs::iam::{Principal, Role};
//! use constructs::sns::Topic;
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Alerts");
//! let topic = Topic::new(&stack, "Alerts").display_name("Production alerts").build();
//! let publisher = Role::new(&stack, "Publisher", Principal::service("lambda.amazonaws.com")).build();
//! topic.grant_publish(&publisher);
//! let arn = topic.topic_arn();                      // {"Ref": ...}
//! # let _ = arn;
//! ```
//!
//! Subscribing a Lambda function is an event source:
//! [`lambda::event_sources::SnsEventSource`](crate::lambda::event_sources::SnsEventSource).

mod topic;

pub use topic::{Topic, TopicBuilder};
