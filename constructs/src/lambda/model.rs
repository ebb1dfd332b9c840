//! A function's settings, once: what both templates render (see `render.rs`).

use std::cell::RefCell;

use cdk_core::Str;
use indexmap::IndexMap;

use super::destination::AsyncInvoke;
use super::settings::{
    ApplicationLogLevel, FileSystem, LogFormat, RecursiveLoop, SystemLogLevel, VpcConfig,
};
use super::{Architecture, Runtime, Tracing};

/// Everything the builder decided about a function, validated, with the role, code and log
/// group resolved to values. The plain and the SAM renderer read only this; the environment
/// is the one part that changes after build ([`Function::add_environment`](super::Function::add_environment)).
#[derive(Debug)]
pub(super) struct Model {
    /// `None` for a container image (it holds its runtime and handler).
    pub(super) runtime: Option<Runtime>,
    pub(super) handler: Option<String>,
    pub(super) code: CodeModel,
    pub(super) role_arn: Str,
    pub(super) architecture: Option<Architecture>,
    pub(super) dead_letter_queue_arn: Option<Str>,
    pub(super) description: Option<String>,
    pub(super) environment: RefCell<IndexMap<String, Str>>,
    pub(super) ephemeral_storage_mib: Option<u32>,
    pub(super) function_name: Option<Str>,
    pub(super) layers: Vec<Str>,
    /// `LoggingConfig.LogGroup`: the name of a log group given to the builder.
    pub(super) log_group_name: Option<Str>,
    pub(super) memory_size: Option<u32>,
    pub(super) reserved_concurrent_executions: Option<u32>,
    pub(super) timeout_secs: Option<u32>,
    pub(super) tracing: Option<Tracing>,
    /// Asynchronous invocation: destinations, event age, retries (`EventInvokeConfig`).
    pub(super) async_invoke: Option<AsyncInvoke>,
    pub(super) snap_start: bool,
    pub(super) log_format: Option<LogFormat>,
    pub(super) application_log_level: Option<ApplicationLogLevel>,
    pub(super) system_log_level: Option<SystemLogLevel>,
    /// `KmsKeyArn`: the customer managed key of the environment.
    pub(super) environment_key_arn: Option<Str>,
    pub(super) vpc: Option<VpcConfig>,
    pub(super) file_system: Option<FileSystem>,
    pub(super) code_signing_config_arn: Option<Str>,
    pub(super) recursive_loop: Option<RecursiveLoop>,
    /// On the alias (plain) / `ProvisionedConcurrencyConfig` (SAM).
    pub(super) provisioned_concurrency: Option<u32>,
}

/// Where the code is, as both templates need it.
#[derive(Debug)]
pub(super) enum CodeModel {
    /// A path relative to the template that `sam deploy` / `aws cloudformation package`
    /// upload (`Code` / `CodeUri` as a string); `build_method` is `Metadata.BuildMethod` for
    /// `sam build`.
    Local {
        path: Str,
        build_method: Option<&'static str>,
    },
    /// Source in the template (`Code.ZipFile` / `InlineCode`).
    Inline(String),
    /// A `.zip` in S3 (`Code.S3Bucket`/`S3Key` / `CodeUri.Bucket`/`Key`).
    Bucket { bucket: Str, key: String },
    /// A container image in ECR (`Code.ImageUri` / `ImageUri`).
    Image(Str),
    /// A Docker build context (a path relative to the template) that `sam build` builds:
    /// `Metadata: {Dockerfile, DockerContext, DockerTag}` on both functions.
    DockerBuild {
        context: Str,
        dockerfile: String,
        tag: String,
    },
}

impl CodeModel {
    /// Whether the code is a container image (`PackageType: Image`).
    pub(super) fn is_image(&self) -> bool {
        matches!(self, CodeModel::Image(_) | CodeModel::DockerBuild { .. })
    }
}

impl Model {
    /// Whether any `LoggingConfig` setting is set.
    pub(super) fn has_logging_config(&self) -> bool {
        self.log_group_name.is_some()
            || self.log_format.is_some()
            || self.application_log_level.is_some()
            || self.system_log_level.is_some()
    }

    /// The environment variables, in the order they were set, when there are any.
    pub(super) fn variables(&self) -> Option<Vec<(String, Str)>> {
        let env = self.environment.borrow();
        (!env.is_empty()).then(|| env.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    }

    /// The architecture as the list both templates take.
    pub(super) fn architectures(&self) -> Option<cdk_core::StrList> {
        self.architecture.map(|a| [a.name()].into())
    }

    /// The layers, when there are any.
    pub(super) fn layer_list(&self) -> Option<cdk_core::StrList> {
        (!self.layers.is_empty()).then(|| self.layers.clone().into())
    }
}
