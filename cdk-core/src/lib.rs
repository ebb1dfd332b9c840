//! `cdk-core`: the construct tree, typed values and intrinsics, the CloudFormation template
//! model, and synthesis — the part of the CDK idea that knows no AWS service.
//!
//! Typed constructs for S3, IAM, Lambda and friends live in the `constructs` crate and are
//! built from what this crate offers: [`CfnResource`] (any resource type, free-form
//! properties), [`CfnOutput`], [`CfnParameter`], [`CfnCondition`], [`CfnMapping`],
//! [`Asset`], typed values ([`Str`], [`StrList`], [`Num`], [`Bool`], [`Value`]) and the
//! intrinsic functions in [`fns`].
//!
//! ```
//! use cdk_core::{App, Stack, CfnResource, CfnOutput, RemovalPolicy};
//!
//! # fn main() -> cdk_core::Result<()> {
//! # let dir = std::env::temp_dir().join(format!("cdk-core-doc-{}", std::process::id()));
//! let app = App::with_out_dir(&dir);
//! let stack = Stack::new(&app, "Messaging");
//! let topic = CfnResource::new(&stack, "Topic", "AWS::SNS::Topic");
//! let queue = CfnResource::new(&stack, "Queue", "AWS::SQS::Queue");
//! queue.apply_removal_policy(RemovalPolicy::Destroy);
//! CfnResource::new(&stack, "Subscription", "AWS::SNS::Subscription")
//!     .set_property("TopicArn", topic.ref_())
//!     .set_property("Protocol", "sqs")
//!     .set_property("Endpoint", queue.get_att("Arn"));
//! CfnOutput::new(&stack, "QueueUrl", queue.ref_());
//!
//! let summary = app.write()?;            // validates everything, then writes atomically
//! assert_eq!(summary.stacks[0].resources, 3);
//! assert!(dir.join("Messaging.template.json").exists());
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok(())
//! # }
//! ```
//!
//! Invariants: nothing here names an AWS service; constructs never touch the file system
//! (assets are read and staged by synthesis); only [`synth`] serialises. See
//! `ARCHITECTURE.md` at the repository root.

#![warn(missing_docs)]

mod aspects;
pub mod assertions;
pub mod checks;
pub mod cli;
mod doc;
mod element;
mod error;
pub mod logical_id;
pub mod synth;
mod tree;
mod value;
mod vecmap;
pub mod yaml;

pub use aspects::{Aspect, AspectPriority, Aspects, MAX_ROUNDS};
pub use element::{
    Asset, CfnCondition, CfnMapping, CfnOutput, CfnParameter, CfnResource, DeletionPolicy,
    OutputFile, ParameterType, RemovalPolicy,
};
pub use error::{Diagnostic, Error, Result};
pub use synth::{Assembly, StackArtifact, Summary};
pub use tree::{App, Construct, Node, Scope, Stack};
pub use value::{
    fns, Aws, Bool, CondExpr, Flavor, NoValue, Num, Properties, Str, StrList, Typed, Value,
};

/// A new [`App`] for the crate this macro is written in: relative asset paths
/// (`Code::from_asset("lambda")`) and the output folder (`synth-out/` by default, or the one
/// given) resolve against the crate root (its `Cargo.toml`'s folder, captured at compile
/// time), whatever folder `cargo run` is started from.
///
/// ```
/// let app = cdk_core::app!();                    // <crate root>/synth-out
/// assert!(app.out_dir().ends_with("cdk-core/synth-out"));
/// let app = cdk_core::app!(out_dir = "../synth-out"); // beside the crate
/// assert!(app.out_dir().ends_with("cdk-core/../synth-out"));
/// ```
///
/// Absolute paths stay as they are. [`App::new`] keeps the working directory as the base,
/// for tests that never write.
#[macro_export]
macro_rules! app {
    () => {
        $crate::App::with_root(env!("CARGO_MANIFEST_DIR"))
    };
    (out_dir = $dir:expr) => {{
        let app = $crate::App::with_root(env!("CARGO_MANIFEST_DIR"));
        app.set_out_dir($dir);
        app
    }};
}
