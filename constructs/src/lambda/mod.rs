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
//!
//! # SAM, aliases and safe deployments
//!
//! Every function renders twice: as an `AWS::Serverless::Function` in the stack's SAM
//! template (`<Stack>.sam.{json,yaml}`), and as what SAM would expand it to in the plain one
//! (`<Stack>.template.{json,yaml}`), under the same logical ID. Event sources are SAM
//! `Events` in the first and the mappings, rules, subscriptions and permissions SAM would
//! generate in the second.
//!
//! [`auto_publish_alias`](FunctionBuilder::auto_publish_alias) publishes a version for each
//! change and points an alias at it (SAM's `AutoPublishAlias`);
//! [`deployment_preference`](FunctionBuilder::deployment_preference), which only compiles
//! after it, shifts traffic to the new version through CodeDeploy (SAM's
//! `DeploymentPreference`), rolled back by alarms and checked by hook functions.
//! [`AliasedFunction::alias`] and [`AliasedFunction::current_version`] are typed references
//! (`<Fn>.Alias` / `<Fn>.Version` in the SAM template), and event sources invoke the alias.
//!
//! ```
//! use cdk_core::{App, Stack};
//! use constructs::cloudwatch::{Alarm, TreatMissingData};
//! use constructs::lambda::{Code, DeploymentPreference, Function, Runtime};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Api");
//! let func = Function::new(&stack, "Handler", Runtime::PYTHON_3_13,
//!         Code::from_inline("def handler(event, context):\n    return None\n"), "index.handler")
//!     .auto_publish_alias("live")
//!     .deployment_preference(DeploymentPreference::canary_10_percent_5_minutes())
//!     .build();
//! let errors = Alarm::new(&stack, "Errors", &func.alias().metric_errors(), 1)
//!     .treat_missing_data(TreatMissingData::NotBreaching)
//!     .build();
//! func.add_deployment_alarm(&errors);
//!
//! let id = func.resource().logical_id();
//! let sam = stack.sam_template().unwrap();
//! assert_eq!(sam["Resources"][&id]["Type"], "AWS::Serverless::Function");
//! assert_eq!(sam["Resources"][&id]["Properties"]["DeploymentPreference"]["Type"],
//!            "Canary10Percent5Minutes");
//! let plain = stack.template().unwrap();
//! assert_eq!(plain["Resources"][format!("{id}Aliaslive")]["Type"], "AWS::Lambda::Alias");
//! assert_eq!(plain["Resources"][format!("{id}DeploymentGroup")]["Type"],
//!            "AWS::CodeDeploy::DeploymentGroup");
//! ```
//!
//! Two known gaps of the SAM template, both inherent to SAM: the event resources SAM
//! generates cannot wait for the function's log group (the plain template's do), so an
//! invocation in the seconds between the function's and the log group's creation would
//! make Lambda create the group first; and [`S3Delivery::Direct`](event_sources::S3Delivery)
//! stays plain resources in both templates (see its documentation).
//!
//! # Invocation and runtime settings
//!
//! Asynchronous invocation ([`FunctionBuilder::on_success`], [`on_failure`](FunctionBuilder::on_failure)
//! with a [`Destination`], [`max_event_age`](FunctionBuilder::max_event_age),
//! [`retry_attempts`](FunctionBuilder::retry_attempts)), function URLs
//! ([`Function::add_function_url`]), provisioned concurrency on the alias, SnapStart, logging,
//! environment encryption, VPC and EFS, code signing and recursive-loop detection render as
//! SAM's properties in the SAM template and as what SAM generates in the plain one; AWS's limits
//! are synth errors.
//!
//! # Rust
//!
//! [`RustFunction`] (or [`Code::from_cargo_lambda`]) points both templates at a crate in
//! place, for `sam build` to compile with cargo-lambda; see [`Code::from_cargo_lambda`] for
//! the SAM CLI it needs.

mod alias;
mod code;
mod deployment;
mod destination;
pub mod event_sources;
mod function;
mod metrics;
mod model;
mod permission;
mod render;
mod rule_target;
mod runtime;
mod rust;
mod schedule_target;
mod settings;
mod topic_subscriber;
mod trigger;
mod url;

/// The construct id of a construct's own CloudFormation resource (AWS CDK's `<id>/Resource`
/// path convention), not a property name.
const RESOURCE: &str = "Resource";

pub use alias::{Alias, Version};
pub use code::{Code, DockerBuildCode, ImageCode, MAX_INLINE_CODE_BYTES};
pub use deployment::DeploymentPreference;
pub use destination::{Destination, EVENT_AGE_SECS, MAX_ASYNC_RETRY_ATTEMPTS};
pub use function::{
    AliasState, AliasedFunction, Function, FunctionBuilder, NoAlias, ProvisionsAlias,
    PublishesAlias, WithAlias, MAX_ENVIRONMENT_BYTES, MAX_LAYERS, RESERVED_ENVIRONMENT_VARIABLES,
};
pub use permission::Permission;
pub use runtime::{Architecture, Runtime, RuntimeFamily, Tracing};
pub use rust::RustFunction;
pub use settings::{
    ApplicationLogLevel, FileSystem, LogFormat, RecursiveLoop, SystemLogLevel, VpcConfig,
    MAX_SECURITY_GROUPS, MAX_SUBNETS,
};
pub use url::{FunctionUrl, FunctionUrlAuthType, FunctionUrlCors, FunctionUrlOptions, InvokeMode};
