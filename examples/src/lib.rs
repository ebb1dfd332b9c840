//! Example stacks as programs. Each example lives in its own folder under `examples/` and
//! exposes `define(&App)`; `cargo run` at the workspace root puts them all into one app and
//! synthesizes it into `synth-out/`. Asset paths in the examples are relative to this
//! crate's root (`examples/`): the app is made with `cdk_core::app!()`, so they resolve
//! there whatever the working directory.
//!
//! ```
//! let app = cdk_core::app!(out_dir = std::env::temp_dir().join("examples-doc"));
//! examples::define_all(&app);
//! let assembly = app.assemble().expect("the examples are valid");
//! assert!(assembly.stack("MessagingCore").is_some());
//! ```

#![warn(missing_docs)]

#[path = "../canary-deploy/stack.rs"]
pub mod canary_deploy;
#[path = "../chat-ws/stack.rs"]
pub mod chat_ws;
#[path = "../hello/stack.rs"]
pub mod hello;
#[path = "../hello-api/stack.rs"]
pub mod hello_api;
#[path = "../http-api/stack.rs"]
pub mod http_api;
#[path = "../image-labeler/stack.rs"]
pub mod image_labeler;
#[path = "../items-api/stack.rs"]
pub mod items_api;
#[path = "../messaging/stack.rs"]
pub mod messaging;
#[path = "../orders/stack.rs"]
pub mod orders;
#[path = "../rust-function/stack.rs"]
pub mod rust_function;
#[path = "../scheduler/stack.rs"]
pub mod scheduler;
#[path = "../workflows/stack.rs"]
pub mod workflows;

/// Acknowledgements of the security pack's findings (`constructs::checks`) that several
/// examples share, each with its reason.
pub mod acks {
    use cdk_core::checks::Checks;
    use cdk_core::Construct;
    use constructs::checks::{CODEDEPLOY_ROLE_FOR_LAMBDA, LAMBDA_BASIC_EXECUTION_ROLE};

    /// The functions' roles below `scope` use `AWSLambdaBasicExecutionRole`.
    pub fn function_logs(scope: &impl Construct) {
        Checks::of(scope).acknowledge(
            LAMBDA_BASIC_EXECUTION_ROLE,
            "AWSLambdaBasicExecutionRole grants only logs:CreateLogGroup, logs:CreateLogStream and logs:PutLogEvents, which a function needs to write its own logs",
        );
    }

    /// The CodeDeploy service role below `scope` uses `AWSCodeDeployRoleForLambda`.
    pub fn codedeploy(scope: &impl Construct) {
        Checks::of(scope).acknowledge(
            CODEDEPLOY_ROLE_FOR_LAMBDA,
            "AWSCodeDeployRoleForLambda is the policy AWS maintains for exactly this role (shift an alias's traffic, invoke the hooks, read the alarms), as SAM attaches it",
        );
    }

    /// The queues below `scope` have no TLS-only queue policy.
    pub fn queue_tls(scope: &impl Construct) {
        Checks::of(scope).acknowledge(
            "AwsSolutions-SQS4",
            "only principals this stack grants use the queue (its functions through the AWS SDK, AWS services delivering to it), and they all call SQS over HTTPS",
        );
    }
}

/// Adds every example's stacks to `app`.
pub fn define_all(app: &cdk_core::App) {
    canary_deploy::define(app);
    chat_ws::define(app);
    hello::define(app);
    http_api::define(app);
    image_labeler::define(app);
    messaging::define(app);
    orders::define(app);
    scheduler::define(app);
    rust_function::define(app);
    workflows::define(app);
    hello_api::define(app);
    items_api::define(app);
}

/// The README's Rust snippets, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
