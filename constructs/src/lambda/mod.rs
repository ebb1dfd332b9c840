//! AWS Lambda: functions, their runtimes and code, permissions, and the event sources that
//! invoke them.
//!
//! ```
//! use std::time::Duration;
//! use cdk_core::{App, Stack};
//! use constructs::lambda::{Architecture, Code, Function, Runtime, Tracing};
//! use constructs::logs::RetentionDays;
//!
//! # let dir = std::env::temp_dir().join(format!("lambda-doc-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir).unwrap();
//! # std::fs::write(dir.join("index.py"), "def handler(event, context):\n    return None\n").unwrap();
//! let app = App::new();
//! let stack = Stack::new(&app, "Api");
//! let func = Function::new(&stack, "Handler", Runtime::PYTHON_3_12,
//!         Code::from_asset(&dir), "index.handler")    // a local folder, staged by synth
//!     .env("STAGE", "prod")
//!     .memory_size(512)
//!     .timeout(Duration::from_secs(30))
//!     .architecture(Architecture::Arm64)
//!     .tracing(Tracing::Active)
//!     .log_retention(RetentionDays::OneMonth)
//!     .build();
//! let t = stack.template().unwrap();
//! let props = &t["Resources"]["Handler886CB40B"]["Properties"];
//! assert!(props["Code"].as_str().unwrap().starts_with("assets/"));  // uploaded by `sam deploy`
//! assert_eq!(props["Runtime"], "python3.12");
//! # let _ = func;
//! # std::fs::remove_dir_all(&dir).ok();
//! ```
//!
//! By default a function gets what AWS CDK gives it: a role `<id>/ServiceRole` with
//! `AWSLambdaBasicExecutionRole`, and a log group `<id>/LogGroup` named
//! `/aws/lambda/<function name>` kept for two years and retained when the stack is deleted.
//! See [`Function`] and [`FunctionBuilder`].

#![warn(missing_docs)]

mod code;
pub mod event_sources;
mod function;
mod permission;
mod runtime;
pub(crate) mod util;

pub use code::{Code, MAX_INLINE_CODE_BYTES};
pub use function::{
    Function, FunctionBuilder, MAX_ENVIRONMENT_BYTES, MAX_LAYERS, RESERVED_ENVIRONMENT_VARIABLES,
};
pub use permission::Permission;
pub use runtime::{Architecture, Runtime, RuntimeFamily, Tracing};
