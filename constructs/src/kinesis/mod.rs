//! Amazon Kinesis Data Streams: a [`Stream`] (encrypted by default) and the grants to read
//! and write it. A function reads one with
//! [`KinesisEventSource`](crate::lambda::event_sources::KinesisEventSource).
//!
//! ```
//! use std::time::Duration;
//! use cdk_core::{App, Stack};
//! use constructs::kinesis::{Stream, StreamMode};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Clicks");
//! let clicks = Stream::new(&stack, "Clicks")
//!     .mode(StreamMode::OnDemand)
//!     .retention_period(Duration::from_secs(48 * 3600))
//!     .build();
//! let t = stack.template().unwrap();
//! let props = &t["Resources"][clicks.resource().logical_id()]["Properties"];
//! assert_eq!(props["StreamEncryption"]["KeyId"], "alias/aws/kinesis");
//! ```

mod stream;

pub use stream::{Stream, StreamBuilder, StreamEncryption, StreamMode};
