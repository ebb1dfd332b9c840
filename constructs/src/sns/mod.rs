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
//! Topics are encrypted with the AWS managed key `alias/aws/sns` and deny publishing without
//! TLS by default ([`TopicEncryption`], [`TopicBuilder::enforce_ssl`]).
//! [`Topic::add_subscription`] subscribes queues, functions by ARN, email, SMS, HTTP/HTTPS
//! endpoints and Firehose delivery streams ([`Subscription`]) with typed filter policies ([`FilterPolicy`]), adding the
//! queue policy, invoke permission or delivery role each needs.
//!
//! Subscribing a Lambda function of this app is an event source:
//! [`lambda::event_sources::SnsEventSource`](crate::lambda::event_sources::SnsEventSource).

mod filter;
mod subscription;
mod topic;

pub use filter::{Bound, Filter, FilterPolicy, FilterPolicyScope};
pub use subscription::{Subscription, SubscriptionFunction, SubscriptionQueue};
pub use topic::{Topic, TopicBuilder, TopicEncryption};
