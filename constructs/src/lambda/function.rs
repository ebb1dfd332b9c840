//! The `Function` construct: one settings model ([`Model`]) rendered as the plain template's
//! `AWS::Lambda::Function` and the SAM template's `AWS::Serverless::Function`, with its role
//! and log group, and what `AutoPublishAlias` / `DeploymentPreference` add to it.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;
use std::time::Duration;

use cdk_core::{
    fns, Asset, CfnResource, Construct, Flavor, Node, RemovalPolicy, Scope, Str, Value,
};
use cfn_l1::{lambda, sam};
use indexmap::{IndexMap, IndexSet};

use super::alias::{self, Alias, Version};
use super::code::{CodeKind, MAX_INLINE_CODE_BYTES};
use super::deployment::Deployment;
use super::destination::{AsyncInvokeSettings, Destination};
use super::event_sources::EventSource;
use super::metrics::Metrics;
use super::model::{CodeModel, Model};
use super::render;
use super::settings::{
    ApplicationLogLevel, FileSystem, LogFormat, RecursiveLoop, SystemLogLevel, VpcConfig,
    MAX_SECURITY_GROUPS, MAX_SUBNETS,
};
use super::trigger::Trigger;
use super::url::{self, FunctionUrl, FunctionUrlOptions};
use super::{Architecture, Code, DeploymentPreference, Permission, Runtime, Tracing};
use crate::cloudwatch::{Count, Metric, Milliseconds};
use crate::iam::{Grant, Grantable, ManagedPolicy, PolicyStatement, Principal, Role};
use crate::logs::{LogGroup, RetentionDays};
use crate::names::{NameProblem, ALIAS_NAME, ENVIRONMENT_VARIABLE_NAME, FUNCTION_NAME};
use crate::sqs::Queue;
use crate::util::{checked_seconds, literal};

/// Lambda's timeout when none is set, in seconds.
const DEFAULT_TIMEOUT_SECS: u32 = 3;
/// Lambda's limit on the total size of environment variable names and values, in bytes.
pub const MAX_ENVIRONMENT_BYTES: usize = 4096;
/// At most this many layers per function.
pub const MAX_LAYERS: usize = 5;

/// Environment variables Lambda sets itself; a function may not set them (the list of
/// reserved keys in the Lambda developer guide, "Defined runtime environment variables";
/// `TZ` was once on it and is no longer). Kept with the other name rules in the crate's
/// name table.
pub const RESERVED_ENVIRONMENT_VARIABLES: &[&str] = crate::names::RESERVED_ENVIRONMENT_VARIABLES;

/// Construct ids under the function (AWS CDK's paths, so logical IDs match a CDK stack).
const SERVICE_ROLE_ID: &str = "ServiceRole";
const LOG_GROUP_ID: &str = "LogGroup";
const CODE_ID: &str = "Code";

mod sealed {
    pub trait Sealed {}
}

/// The alias state of a [`FunctionBuilder`]: [`NoAlias`] or [`WithAlias`]. Sealed.
pub trait AliasState: sealed::Sealed {}

/// A [`FunctionBuilder`] without `auto_publish_alias` (the start state); builds a
/// [`Function`].
#[derive(Debug)]
pub struct NoAlias;

/// A [`FunctionBuilder`] after [`auto_publish_alias`](FunctionBuilder::auto_publish_alias)
/// (it holds the alias's name); builds an [`AliasedFunction`] and accepts a
/// [`deployment_preference`](FunctionBuilder::deployment_preference).
#[derive(Debug)]
pub struct WithAlias {
    name: String,
}

impl sealed::Sealed for NoAlias {}
impl sealed::Sealed for WithAlias {}
impl AliasState for NoAlias {}
impl AliasState for WithAlias {}

/// Builder states that publish an alias, which a deployment preference needs.
#[diagnostic::on_unimplemented(
    message = "a deployment preference needs an alias: call `.auto_publish_alias(\"live\")` before `.deployment_preference(..)`",
    label = "this function publishes no alias yet",
    note = "CodeDeploy shifts traffic between versions behind an alias; without one there is nothing to shift"
)]
pub trait PublishesAlias: AliasState {}
impl PublishesAlias for WithAlias {}

/// Builder states with an alias to provision concurrency for.
#[diagnostic::on_unimplemented(
    message = "provisioned concurrency needs an alias: call `.auto_publish_alias(\"live\")` before `.provisioned_concurrency(..)`",
    label = "this function publishes no alias yet",
    note = "Lambda provisions concurrency for versions and aliases, never for `$LATEST`"
)]
pub trait ProvisionsAlias: AliasState {}
impl ProvisionsAlias for WithAlias {}

/// A Lambda function, with the IAM role it runs as and the log group it writes to. Cheap to
/// clone; all clones are the same function.
///
/// Tree layout, as in AWS CDK (so logical IDs match a TypeScript CDK stack):
///
/// | path                              | what                                    |
/// |-----------------------------------|-----------------------------------------|
/// | `<id>/Resource`                   | the `AWS::Lambda::Function` (plain template) |
/// | `<id>/Serverless`                 | the `AWS::Serverless::Function` (SAM template), same logical ID |
/// | `<id>/ServiceRole`                | the role, unless one was given          |
/// | `<id>/ServiceRole/DefaultPolicy`  | grants, created on first use            |
/// | `<id>/LogGroup`                   | the function's log group                |
/// | `<id>/Code`                       | the code folder, for [`Code::from_asset`] and [`Code::from_cargo_lambda`] |
/// | `<id>/Version`, `<id>/Alias`      | with an alias, plain template only: `<Fn>Version<hash>`, `<Fn>Alias<name>` |
/// | `<id>/DeploymentGroup`            | with a deployment preference, plain template only: `<Fn>DeploymentGroup` |
///
/// **Two templates, one model.** The builder's settings become one model, which two typed
/// renderers turn into the two resources. In the SAM template the function is one
/// `AWS::Serverless::Function` (`CodeUri`, `Events`, `AutoPublishAlias`,
/// `DeploymentPreference`, …); in the plain template it is what SAM would expand it to: the
/// `AWS::Lambda::Function`, and with an alias a content-hashed `AWS::Lambda::Version`, the
/// `AWS::Lambda::Alias` and, with a deployment preference, CodeDeploy's application,
/// deployment group and service role under SAM's logical IDs. Event sources become SAM
/// `Events` in the SAM template and the resources SAM would generate in the plain one. The
/// role, its policy and the log group are the same in both. The names SAM generates
/// (`<Fn>Role`, `<Fn>Alias<name>`, `<Fn>DeploymentGroup`, `ServerlessDeploymentApplication`,
/// `CodeDeployServiceRole`, `<Fn><Event>`, `<Fn><Event>Permission`) are reserved in the SAM
/// template, so a resource of ours with one of them is a synth error. The function's logical
/// ID is fixed when it is built: renaming [`resource`](Self::resource) afterwards renames the
/// plain resource only.
///
/// A function is [`Grantable`]: `queue.grant_send_messages(&function)` adds the statement to
/// its role, and the function (and its event source mappings) wait for that policy with
/// `DependsOn`, so the first invocation already has its permissions.
#[derive(Clone)]
pub struct Function {
    scope: Scope,
    model: Rc<Model>,
    plain: lambda::CfnFunction,
    sam: sam::CfnFunction,
    role: Role,
    log_group: Option<LogGroup>,
    trigger: Trigger,
    published: Option<(Alias, Version)>,
    /// The names of the SAM function's `Events` entries so far.
    sam_events: Rc<RefCell<IndexSet<String>>>,
    /// The plain template's `AWS::Lambda::EventInvokeConfig`, with asynchronous-invocation
    /// settings.
    event_invoke_config: Option<lambda::CfnEventInvokeConfig>,
    /// The function's URL, once [`Function::add_function_url`] made it.
    url: Rc<RefCell<Option<FunctionUrl>>>,
}

/// A function that publishes an alias ([`FunctionBuilder::auto_publish_alias`]): the
/// [`function`](Self::function) itself, its typed [`alias`](Self::alias) and
/// [`current_version`](Self::current_version), and its deployment preference.
#[derive(Clone)]
pub struct AliasedFunction {
    function: Function,
    alias: Alias,
    version: Version,
    deployment: Option<Deployment>,
}

crate::util::construct_handle!(AliasedFunction, function);

impl Grantable for AliasedFunction {
    fn grant_role(&self) -> Role {
        self.function.role.clone()
    }
}

impl AliasedFunction {
    /// The alias (`live`, …): SAM's `<Fn>.Alias` in the SAM template, the
    /// `AWS::Lambda::Alias` in the plain one.
    pub fn alias(&self) -> Alias {
        self.alias.clone()
    }

    /// The version the alias points at after this deployment: SAM's `<Fn>.Version` in the
    /// SAM template, the content-hashed `AWS::Lambda::Version` in the plain one.
    pub fn current_version(&self) -> Version {
        self.version.clone()
    }

    /// Rolls this function's deployments back when `alarm` fires, e.g. an errors alarm on
    /// [`alias`](Self::alias) (which can only be made once the function exists). Without a
    /// deployment preference there is no deployment to roll back: reported at synth.
    pub fn add_deployment_alarm(&self, alarm: &crate::cloudwatch::Alarm) {
        match &self.deployment {
            Some(d) => d.add_alarm(alarm),
            None => self.function.node().add_error(
                "a deployment alarm was added, but the function has no deployment preference",
                "add .deployment_preference(DeploymentPreference::canary_10_percent_5_minutes()) to the builder",
            ),
        }
    }

    /// The function itself: everything a [`Function`] offers (event sources, grants,
    /// permissions, its resources), which event sources and grants reach through the alias.
    pub fn function(&self) -> &Function {
        &self.function
    }

    /// Makes `source` invoke the alias ([`Function::add_event_source`]).
    pub fn add_event_source(&self, source: impl EventSource) {
        self.function.add_event_source(source);
    }

    /// Gives the alias an HTTPS endpoint ([`Function::add_function_url`]; the URL invokes
    /// the alias, as SAM makes it).
    pub fn add_function_url(&self, options: FunctionUrlOptions) -> FunctionUrl {
        self.function.add_function_url(options)
    }

    /// The plain template's `AWS::Lambda::Function` ([`Function::resource`]).
    pub fn resource(&self) -> &CfnResource {
        self.function.resource()
    }
}

crate::util::construct_handle!(Function);

impl Grantable for Function {
    fn grant_role(&self) -> Role {
        self.role.clone()
    }
}

/// The settings a [`FunctionBuilder`] collects.
struct Settings {
    scope: Scope,
    /// `None` for a container image (it holds its runtime and handler).
    runtime: Option<Runtime>,
    code: Code,
    handler: Option<String>,
    role: Option<Role>,
    environment: IndexMap<String, Str>,
    memory_size: Option<u32>,
    timeout: Option<Duration>,
    architecture: Option<Architecture>,
    layers: Vec<Str>,
    tracing: Option<Tracing>,
    reserved_concurrent_executions: Option<u32>,
    description: Option<String>,
    function_name: Option<Str>,
    ephemeral_storage_mib: Option<u32>,
    dead_letter_queue: Option<Queue>,
    log_retention: Option<RetentionDays>,
    log_removal_policy: Option<RemovalPolicy>,
    log_group: Option<LogGroup>,
    deployment: Option<DeploymentPreference>,
    async_invoke: AsyncInvokeSettings,
    snap_start: bool,
    log_format: Option<LogFormat>,
    application_log_level: Option<ApplicationLogLevel>,
    system_log_level: Option<SystemLogLevel>,
    environment_key_arn: Option<Str>,
    vpc: Option<VpcConfig>,
    file_system: Option<FileSystem>,
    code_signing_config_arn: Option<Str>,
    recursive_loop: Option<RecursiveLoop>,
    provisioned_concurrency: Option<u32>,
}

/// Builds a [`Function`]; the required settings are taken by [`Function::new`], everything
/// else has a default named on its setter.
///
/// `A` tracks whether the function publishes an alias: [`NoAlias`] (the start) builds a
/// [`Function`]; after [`auto_publish_alias`](Self::auto_publish_alias) it is [`WithAlias`],
/// which builds an [`AliasedFunction`] and is the only state with
/// [`deployment_preference`](Self::deployment_preference).
#[must_use = "call .build() to create the function"]
pub struct FunctionBuilder<A: AliasState = NoAlias> {
    s: Settings,
    state: A,
}

impl<A: AliasState> FunctionBuilder<A> {
    /// The role the function runs as (default: a new `<id>/ServiceRole` that
    /// `lambda.amazonaws.com` assumes, with the AWS managed policy
    /// `service-role/AWSLambdaBasicExecutionRole`, exactly as AWS CDK creates it). Grants
    /// to the function go to this role. The SAM template names it with `Role` too, so SAM
    /// creates no `<Fn>Role`.
    pub fn role(mut self, role: &Role) -> Self {
        self.s.role = Some(role.clone());
        self
    }

    /// Sets environment variable `key` (default: none). Setting a key again replaces its
    /// value. Keys match Lambda's `[a-zA-Z]([a-zA-Z0-9_])+` (at least two characters) and may
    /// not be one Lambda reserves
    /// (`AWS_REGION`, …; see [`RESERVED_ENVIRONMENT_VARIABLES`]); names and literal values
    /// together must fit in 4 KB. All checked at synth.
    pub fn env(mut self, key: &str, value: impl Into<Str>) -> Self {
        self.s.environment.insert(key.to_string(), value.into());
        self
    }

    /// Memory in MB, 128–10240; CPU scales with it (default: Lambda's 128).
    pub fn memory_size(mut self, mb: u32) -> Self {
        self.s.memory_size = Some(mb);
        self
    }

    /// How long one invocation may run, 1–900 whole seconds (default: Lambda's 3 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.s.timeout = Some(timeout);
        self
    }

    /// The instruction set (default: Lambda's [`Architecture::X86_64`]; the property is
    /// written only when set, except for [`Code::from_cargo_lambda`], whose default is
    /// [`Architecture::Arm64`], written).
    pub fn architecture(mut self, architecture: Architecture) -> Self {
        self.s.architecture = Some(architecture);
        self
    }

    /// Adds layers by version ARN (default: none); at most five, no duplicates.
    pub fn layers<S: Into<Str>>(mut self, layers: impl IntoIterator<Item = S>) -> Self {
        self.s.layers.extend(layers.into_iter().map(Into::into));
        self
    }

    /// X-Ray tracing (default: off, which is Lambda's `PassThrough` without the X-Ray
    /// permissions). Setting a mode also grants the role `xray:PutTelemetryRecords` and
    /// `xray:PutTraceSegments`.
    pub fn tracing(mut self, tracing: Tracing) -> Self {
        self.s.tracing = Some(tracing);
        self
    }

    /// Reserves this many concurrent executions for the function, which is also its maximum
    /// (default: none, it shares the account's pool). `0` stops all invocations.
    pub fn reserved_concurrent_executions(mut self, n: u32) -> Self {
        self.s.reserved_concurrent_executions = Some(n);
        self
    }

    /// A description, at most 256 characters (default: none).
    pub fn description(mut self, description: &str) -> Self {
        self.s.description = Some(description.to_string());
        self
    }

    /// A fixed function name (default: generated by CloudFormation, which lets the function
    /// be replaced and the stack be deployed twice). A literal name is 1–64 letters,
    /// digits, `-` and `_`. With a literal name the log group's name is literal too, and
    /// the function waits for its log group (no race with the first invocation). Hooks of
    /// a deployment preference with the default CodeDeploy role need a name starting with
    /// `CodeDeployHook_` (see [`DeploymentPreference`]).
    pub fn function_name(mut self, name: impl Into<Str>) -> Self {
        self.s.function_name = Some(name.into());
        self
    }

    /// Size of `/tmp` in MB, 512–10240 (default: Lambda's 512).
    pub fn ephemeral_storage_mib(mut self, mb: u32) -> Self {
        self.s.ephemeral_storage_mib = Some(mb);
        self
    }

    /// Sends events that failed asynchronous invocation to `queue` (default: none); grants
    /// the role `sqs:SendMessage` on it, as AWS CDK does.
    pub fn dead_letter_queue(mut self, queue: &Queue) -> Self {
        self.s.dead_letter_queue = Some(queue.clone());
        self
    }

    /// Retention of the function's log group `<id>/LogGroup` (default:
    /// [`RetentionDays::TwoYears`], AWS CDK's default: logs are kept long enough for an
    /// audit but never pile up forever). Not together with [`FunctionBuilder::log_group`].
    pub fn log_retention(mut self, retention: RetentionDays) -> Self {
        self.s.log_retention = Some(retention);
        self
    }

    /// What happens to the function's log group when it leaves the stack (default:
    /// [`RemovalPolicy::Retain`], as AWS CDK: the logs outlive the stack). Not together with
    /// [`FunctionBuilder::log_group`].
    pub fn log_removal_policy(mut self, policy: RemovalPolicy) -> Self {
        self.s.log_removal_policy = Some(policy);
        self
    }

    /// Writes logs to `group` (`LoggingConfig.LogGroup`) instead of creating
    /// `<id>/LogGroup` (default: the function's own log group, see [`Function`]). Several
    /// functions may share one group.
    pub fn log_group(mut self, group: &LogGroup) -> Self {
        self.s.log_group = Some(group.clone());
        self
    }

    /// Sends the record of each successful asynchronous invocation to `destination`
    /// (default: none), granting the role what delivering there takes (see [`Destination`]).
    /// SAM's `EventInvokeConfig.DestinationConfig.OnSuccess`; with an alias, the
    /// configuration is the alias's, as SAM makes it.
    pub fn on_success(mut self, destination: Destination) -> Self {
        self.s.async_invoke.on_success = Some(destination);
        self
    }

    /// Sends the record of each asynchronous invocation that failed every attempt (or grew
    /// older than [`max_event_age`](Self::max_event_age)) to `destination` (default: none;
    /// the event is dropped, or goes to the [`dead_letter_queue`](Self::dead_letter_queue)),
    /// granting the role what delivering there takes.
    pub fn on_failure(mut self, destination: Destination) -> Self {
        self.s.async_invoke.on_failure = Some(destination);
        self
    }

    /// How long Lambda keeps an asynchronous event it could not process yet, 60–21600 whole
    /// seconds (default: Lambda's six hours); checked at synth.
    pub fn max_event_age(mut self, age: Duration) -> Self {
        self.s.async_invoke.max_event_age = Some(age);
        self
    }

    /// How often Lambda retries a failed asynchronous invocation, 0–2 (default: Lambda's 2);
    /// checked at synth.
    pub fn retry_attempts(mut self, attempts: u32) -> Self {
        self.s.async_invoke.retry_attempts = Some(attempts);
        self
    }

    /// Turns on Lambda SnapStart for published versions (`SnapStart.ApplyOn:
    /// PublishedVersions`; default: off): Lambda snapshots the initialized runtime of each
    /// version, so cold starts resume from it. Java 11+, Python 3.12+ and .NET 8+ only
    /// ([`Runtime::supports_snap_start`]), not with provisioned concurrency, EFS or more than
    /// 512 MB of ephemeral storage (AWS's limits; each a synth error). Snapshots are taken of
    /// versions: use it with [`auto_publish_alias`](FunctionBuilder::auto_publish_alias).
    pub fn snap_start(mut self) -> Self {
        self.s.snap_start = true;
        self
    }

    /// The format of the function's logs (`LoggingConfig.LogFormat`; default: not set, which
    /// is Lambda's [`LogFormat::Text`]).
    pub fn log_format(mut self, format: LogFormat) -> Self {
        self.s.log_format = Some(format);
        self
    }

    /// The lowest level of application log lines Lambda keeps
    /// (`LoggingConfig.ApplicationLogLevel`; default: all). Only with
    /// [`LogFormat::Json`]: otherwise a synth error.
    pub fn application_log_level(mut self, level: ApplicationLogLevel) -> Self {
        self.s.application_log_level = Some(level);
        self
    }

    /// The lowest level of Lambda's own log lines it keeps (`LoggingConfig.SystemLogLevel`;
    /// default: all). Only with [`LogFormat::Json`]: otherwise a synth error.
    pub fn system_log_level(mut self, level: SystemLogLevel) -> Self {
        self.s.system_log_level = Some(level);
        self
    }

    /// Encrypts the environment variables at rest with the customer managed KMS key
    /// `key_arn` (`KmsKeyArn`; default: Lambda's AWS owned key, checkov CKV_AWS_173 flags
    /// that) and grants the role `kms:Decrypt` on it, which Lambda uses to decrypt them when
    /// the function starts. The key's policy must let the deploying principal create grants.
    pub fn environment_encryption(mut self, key_arn: impl Into<Str>) -> Self {
        self.s.environment_key_arn = Some(key_arn.into());
        self
    }

    /// Places the function's network interfaces in a VPC (`VpcConfig`; default: none, the
    /// function reaches the internet but nothing private). The role gets the AWS managed
    /// policy `service-role/AWSLambdaVPCAccessExecutionRole` (the ENI permissions), as SAM
    /// gives its own roles.
    pub fn vpc(mut self, vpc: VpcConfig) -> Self {
        self.s.vpc = Some(vpc);
        self
    }

    /// Mounts an EFS file system through an access point (`FileSystemConfigs`; default: none);
    /// needs [`vpc`](Self::vpc) (a synth error otherwise). See [`FileSystem`].
    pub fn file_system(mut self, file_system: FileSystem) -> Self {
        self.s.file_system = Some(file_system);
        self
    }

    /// Requires code signed as the code signing configuration `arn` says
    /// (`CodeSigningConfigArn`; default: none).
    pub fn code_signing_config_arn(mut self, arn: impl Into<Str>) -> Self {
        self.s.code_signing_config_arn = Some(arn.into());
        self
    }

    /// What Lambda does with a detected recursive loop (`RecursiveLoop`; default: not set,
    /// which is Lambda's [`RecursiveLoop::Terminate`]).
    pub fn recursive_loop(mut self, setting: RecursiveLoop) -> Self {
        self.s.recursive_loop = Some(setting);
        self
    }

    /// Keeps `n` execution environments of the alias's version initialized
    /// (`ProvisionedConcurrencyConfig` on the alias, as SAM sets it; default: none). At
    /// least 1, at most the [`reserved_concurrent_executions`](Self::reserved_concurrent_executions)
    /// when those are set, and not with [`snap_start`](Self::snap_start) (synth errors). Only
    /// after [`auto_publish_alias`](FunctionBuilder::auto_publish_alias) (a compile error
    /// otherwise): Lambda provisions versions and aliases, never `$LATEST`.
    pub fn provisioned_concurrency(mut self, n: u32) -> Self
    where
        A: ProvisionsAlias,
    {
        self.s.provisioned_concurrency = Some(n);
        self
    }

    /// Adds a deployment preference: new versions reach the alias through CodeDeploy,
    /// shifted as `preference` says (default: none, new versions reach the alias at once).
    /// Only after [`auto_publish_alias`](FunctionBuilder::auto_publish_alias): without an
    /// alias this does not compile. Setting it again replaces it.
    pub fn deployment_preference(mut self, preference: DeploymentPreference) -> Self
    where
        A: PublishesAlias,
    {
        self.s.deployment = Some(preference);
        self
    }
}

impl FunctionBuilder<NoAlias> {
    /// Publishes a new version whenever the function's code or configuration changes and
    /// points alias `name` at it (SAM's `AutoPublishAlias`, with
    /// `AutoPublishAliasAllProperties: true` so a configuration change publishes too, as in
    /// the plain template) (default: no alias, callers get `$LATEST`). Event sources added
    /// to the function then invoke the alias.
    ///
    /// `name` is a literal: 1–128 letters, digits, `-` and `_`, not only digits, not
    /// `$LATEST` (checked at synth). The builder becomes a [`FunctionBuilder<WithAlias>`],
    /// which builds an [`AliasedFunction`].
    ///
    /// The plain template's version (`<Fn>Version<hash>`) hashes the function as synthesized;
    /// SAM's hashes it as packaged (the S3 location `sam deploy` uploads to), which does not
    /// exist at synth. So the two templates name the version differently, and deploying a
    /// stack with the other template once publishes a new version (old versions are kept).
    pub fn auto_publish_alias(self, name: &str) -> FunctionBuilder<WithAlias> {
        FunctionBuilder {
            s: self.s,
            state: WithAlias {
                name: name.to_string(),
            },
        }
    }

    /// Creates the function, its role (unless given) and its log group (unless given),
    /// validating every setting; errors are reported at synth with the function's path.
    pub fn build(self) -> Function {
        self.s.build(None)
    }
}

impl FunctionBuilder<WithAlias> {
    /// Creates the function with its alias (see [`FunctionBuilder::build`] for a function
    /// without one).
    pub fn build(mut self) -> AliasedFunction {
        let preference = self.s.deployment.take();
        let name = self.state.name;
        let mut function = self.s.build(Some(&name));
        let (alias, version) = alias::publish(
            &function.scope,
            &function.plain,
            &function.sam,
            &name,
            &function.trigger,
        );
        function.published = Some((alias.clone(), version.clone()));
        if let Some(n) = function.model.provisioned_concurrency {
            alias.cfn().props().provisioned_concurrency_config().set(
                lambda::alias::ProvisionedConcurrencyConfiguration::builder()
                    .provisioned_concurrent_executions(n)
                    .build(),
            );
        }
        if let Some(config) = &function.event_invoke_config {
            // As SAM: the alias must exist before its configuration.
            config.resource().add_dependency(alias.cfn().resource());
        }
        let deployment = preference
            .map(|p| Deployment::create(&function.scope, &function.sam, &alias, &version, p));
        AliasedFunction {
            function,
            alias,
            version,
            deployment,
        }
    }
}

impl Settings {
    /// Validates the settings and creates the function's resources; `alias` is the name of
    /// the alias it publishes (whose resources [`alias::publish`] adds).
    fn build(self, alias: Option<&str>) -> Function {
        let node = self.scope.node().clone();
        let error = |message: String, hint: &str| node.add_error(message, hint);

        // -- validation of plain settings --------------------------------------------------
        if let Some(h) = &self.handler {
            if h.is_empty() || h.len() > 128 || h.chars().any(char::is_whitespace) {
                error(
                    format!("handler `{h}` is not valid"),
                    "a handler is 1-128 characters without whitespace, e.g. `index.handler`",
                );
            }
        }
        if let Some(mb) = self.memory_size {
            if !(128..=10240).contains(&mb) {
                error(
                    format!("memory size {mb} MB is outside 128..=10240"),
                    "Lambda accepts 128 MB to 10240 MB",
                );
            }
        }
        let timeout_secs = self
            .timeout
            .and_then(|t| checked_seconds(&node, "timeout", t, 1, 900));
        if let Some(mb) = self.ephemeral_storage_mib {
            if !(512..=10240).contains(&mb) {
                error(
                    format!("ephemeral storage {mb} MB is outside 512..=10240"),
                    "Lambda accepts 512 MB to 10240 MB of /tmp",
                );
            }
        }
        if self.layers.len() > MAX_LAYERS {
            error(
                format!(
                    "{} layers given; a function can use at most {MAX_LAYERS}",
                    self.layers.len()
                ),
                "merge layers, or move dependencies into the code",
            );
        }
        for (i, layer) in self.layers.iter().enumerate() {
            if self.layers[..i].contains(layer) {
                let shown = literal(layer).unwrap_or_else(|| "(an expression)".to_string());
                error(
                    format!("layer {shown} is given twice"),
                    "list each layer once",
                );
            }
        }
        if let Some(d) = &self.description {
            let n = d.chars().count();
            if n > 256 {
                error(
                    format!("description is {n} characters, more than 256"),
                    "shorten the description",
                );
            }
        }
        let literal_name = self.function_name.as_ref().and_then(literal);
        let valid_name = literal_name
            .as_deref()
            .is_none_or(|name| FUNCTION_NAME.check(&node, name));
        check_environment(&node, &self.environment);
        if self.log_group.is_some()
            && (self.log_retention.is_some() || self.log_removal_policy.is_some())
        {
            error(
                "log retention or removal policy set together with an explicit log group".into(),
                "set retention and removal policy on the LogGroup you pass to .log_group()",
            );
        }
        if let Some(alias) = alias {
            ALIAS_NAME.check(&node, alias);
        }

        self.check_settings(&node);
        self.check_image(&node);

        // -- role, code ----------------------------------------------------------------------
        let role = match &self.role {
            Some(role) => role.clone(),
            None => Role::new(
                &self.scope,
                SERVICE_ROLE_ID,
                Principal::service("lambda.amazonaws.com"),
            )
            .managed_policy(ManagedPolicy::aws(
                "service-role/AWSLambdaBasicExecutionRole",
            ))
            .build(),
        };
        let code = self.code_model(&node);
        let architecture = self.architecture.or(match self.code.0 {
            CodeKind::CargoLambda(_) => Some(Architecture::Arm64),
            _ => None,
        });

        // -- the model, and its two renderings ------------------------------------------------
        let model = Rc::new(Model {
            runtime: self.runtime,
            handler: self.handler,
            code,
            role_arn: role.arn(),
            architecture,
            dead_letter_queue_arn: self.dead_letter_queue.as_ref().map(Queue::arn),
            description: self.description,
            environment: RefCell::new(self.environment),
            ephemeral_storage_mib: self.ephemeral_storage_mib,
            function_name: self.function_name,
            layers: self.layers,
            log_group_name: self.log_group.as_ref().map(LogGroup::log_group_name),
            memory_size: self.memory_size,
            reserved_concurrent_executions: self.reserved_concurrent_executions,
            timeout_secs,
            tracing: self.tracing,
            async_invoke: self.async_invoke.check(&node),
            snap_start: self.snap_start,
            log_format: self.log_format,
            application_log_level: self.application_log_level,
            system_log_level: self.system_log_level,
            environment_key_arn: self.environment_key_arn.clone(),
            vpc: self.vpc.clone(),
            file_system: self.file_system.clone(),
            code_signing_config_arn: self.code_signing_config_arn.clone(),
            recursive_loop: self.recursive_loop,
            provisioned_concurrency: self.provisioned_concurrency.filter(|n| *n >= 1),
        });
        let plain = render::plain_function(&self.scope, &model);
        let resource = plain.resource().clone();
        let fn_id = resource.logical_id();
        let sam = render::sam_function(&self.scope, &model, &fn_id, alias);
        let sam_resource = sam.resource().clone();
        // No `aws:cdk:path` on the SAM resource: SAM CLI would then treat the template as a
        // CDK app's and name the function by its construct id; by its logical ID (the same in
        // both templates) `sam build` and `sam local invoke <LogicalId>` find it.
        if let CodeModel::DockerBuild {
            context,
            dockerfile,
            tag,
        } = &model.code
        {
            // What `sam build` builds the image from (for either function type).
            for r in [&resource, &sam_resource] {
                r.add_metadata("Dockerfile", dockerfile.as_str());
                r.add_metadata("DockerContext", context.clone());
                r.add_metadata("DockerTag", tag.as_str());
            }
        }
        if let CodeModel::Local { build_method, .. } = &model.code {
            if let Some(method) = build_method {
                resource.add_metadata("BuildMethod", *method);
                sam_resource.add_metadata("BuildMethod", *method);
            }
            // `Code` is a local path that `sam deploy` / `aws cloudformation package` replace
            // with the uploaded S3 location; cfn-lint warns (W3002) that such a template only
            // works after packaging, which is exactly how this template is deployed.
            resource.add_metadata(
                "cfn-lint",
                Value::map_of_names([(
                    "config",
                    Value::map_of_names([(
                        "ignore_checks",
                        Value::list([Str::from_static("W3002")]),
                    )]),
                )]),
            );
        }

        // -- names SAM generates for this function: never ours --------------------------------
        let stack = node.stack();
        stack.reserve_logical_id(
            Flavor::Sam,
            &format!("{fn_id}Role"),
            "SAM's execution role of a function without `Role`",
        );

        // -- permissions: the function waits for everything granted to its role -------------
        role.add_dependent(&resource);
        role.add_dependent(&sam_resource);
        if model.tracing.is_some() {
            role.add_to_policy(
                PolicyStatement::allow()
                    .actions(["xray:PutTelemetryRecords", "xray:PutTraceSegments"])
                    .resources(["*"]),
            );
        }
        if let Some(key) = &self.environment_key_arn {
            role.add_to_policy(
                PolicyStatement::allow()
                    .actions(["kms:Decrypt"])
                    .resources([key.clone()]),
            );
        }
        if self.vpc.is_some() {
            role.add_managed_policy(ManagedPolicy::aws(
                "service-role/AWSLambdaVPCAccessExecutionRole",
            ));
        }
        if let Some(fs) = &self.file_system {
            role.add_to_policy(
                PolicyStatement::allow()
                    .actions([
                        "elasticfilesystem:ClientMount",
                        "elasticfilesystem:ClientWrite",
                    ])
                    .resources([fs.file_system_arn.clone()])
                    .condition(
                        "StringEquals",
                        "elasticfilesystem:AccessPointArn",
                        fs.access_point_arn.clone(),
                    ),
            );
        }
        if let Some(q) = &self.dead_letter_queue {
            role.add_to_policy(
                PolicyStatement::allow()
                    .actions(["sqs:SendMessage"])
                    .resources([q.arn()]),
            );
        }

        // -- logs -----------------------------------------------------------------------------
        let function_name: Str = Flavor::either(plain.ref_(), sam.ref_());
        let log_group = match self.log_group {
            Some(group) => Some(group),
            None => {
                // Lambda's own log group name, so `sam logs`, the console and every tool find
                // it; and the same shape (and logical ID) as AWS CDK's function log group.
                // (An invalid name is reported above, not again as a bad log group name.)
                let known_name = literal_name.as_ref().filter(|_| valid_name);
                let name: Str = match known_name {
                    Some(n) => format!("/aws/lambda/{n}").into(),
                    None => fns::join("", [Str::from("/aws/lambda/"), function_name]),
                };
                let group = LogGroup::new(&self.scope, LOG_GROUP_ID)
                    .log_group_name(name)
                    .retention(self.log_retention.unwrap_or(RetentionDays::TwoYears))
                    .removal_policy(self.log_removal_policy.unwrap_or(RemovalPolicy::Retain))
                    .build();
                if known_name.is_some() {
                    // The name is known up front: create the group first, so no invocation
                    // can make Lambda create it (which would fail the group's creation).
                    resource.add_dependency(group.resource());
                    sam_resource.add_dependency(group.resource());
                }
                Some(group)
            }
        };
        let trigger = Trigger::new(&node.path(), log_group.as_ref());
        // SAM configures asynchronous invocation of the alias when there is one.
        let event_invoke_config = render::plain_event_invoke_config(
            &self.scope,
            &model,
            &plain,
            alias.unwrap_or("$LATEST"),
        );
        let function = Function {
            scope: self.scope,
            model,
            plain,
            sam,
            role,
            log_group,
            trigger,
            published: None,
            sam_events: Rc::default(),
            event_invoke_config,
            url: Rc::default(),
        };
        self.async_invoke.grant(&function);
        function
    }

    /// Checks the runtime settings (SnapStart, logging, VPC, file system, provisioned
    /// concurrency), one diagnostic per broken rule.
    fn check_settings(&self, node: &Node) {
        let error = |message: String, hint: &str| node.add_error(message, hint);
        if self.snap_start {
            match &self.runtime {
                None => error(
                    "SnapStart does not support container images".into(),
                    "remove .snap_start(), or deploy the code as a .zip on a Java 11+, Python 3.12+ or .NET 8+ runtime",
                ),
                Some(r) if !r.supports_snap_start() => error(
                    format!("SnapStart does not support the runtime `{r}`"),
                    "SnapStart works with Java 11+, Python 3.12+ and .NET 8+; remove .snap_start() or change the runtime",
                ),
                Some(_) => {}
            }
            if self.provisioned_concurrency.is_some() {
                error(
                    "SnapStart and provisioned concurrency are set together; Lambda supports only one of them".into(),
                    "remove .snap_start() or .provisioned_concurrency(..)",
                );
            }
            if self.file_system.is_some() {
                error(
                    "SnapStart and an EFS file system are set together; SnapStart does not support EFS".into(),
                    "remove .snap_start() or .file_system(..)",
                );
            }
            if self.ephemeral_storage_mib.is_some_and(|mb| mb > 512) {
                error(
                    "SnapStart with more than 512 MB of ephemeral storage; SnapStart supports only 512 MB".into(),
                    "remove .snap_start() or the ephemeral_storage_mib setting",
                );
            }
        }
        if self.log_format != Some(LogFormat::Json) {
            let levels: Vec<&str> = [
                self.application_log_level.map(|_| "application"),
                self.system_log_level.map(|_| "system"),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !levels.is_empty() {
                error(
                    format!(
                        "a {} log level is set, but log levels work only with JSON logs",
                        levels.join(" and a ")
                    ),
                    "add .log_format(LogFormat::Json)",
                );
            }
        }
        if let Some(vpc) = &self.vpc {
            let subnets = vpc.subnet_ids.len();
            let groups = vpc.security_group_ids.len();
            if !(1..=MAX_SUBNETS).contains(&subnets) {
                error(
                    format!("the VPC configuration has {subnets} subnets; Lambda takes 1 to {MAX_SUBNETS}"),
                    "list the private subnets the function's network interfaces go in",
                );
            }
            if !(1..=MAX_SECURITY_GROUPS).contains(&groups) {
                error(
                    format!("the VPC configuration has {groups} security groups; Lambda takes 1 to {MAX_SECURITY_GROUPS}"),
                    "list the security groups of the function's network interfaces",
                );
            }
        }
        if let Some(fs) = &self.file_system {
            if self.vpc.is_none() {
                error(
                    "an EFS file system is mounted, but the function is not in a VPC".into(),
                    "add .vpc(VpcConfig::new(subnets, security_groups)) with subnets that reach the file system's mount targets",
                );
            }
            if let Some(problem) = fs.mount_path_problem() {
                error(
                    format!("the mount path `{}` is not valid: {problem}", fs.mount_path),
                    "Lambda mounts file systems at /mnt/<name>, the name of letters, digits, `-`, `_` and `.`",
                );
            }
        }
        if let Some(n) = self.provisioned_concurrency {
            if n == 0 {
                error(
                    "provisioned concurrency of 0; Lambda needs at least 1".into(),
                    "remove .provisioned_concurrency(..) for none",
                );
            } else if let Some(reserved) = self.reserved_concurrent_executions {
                if n > reserved {
                    error(
                        format!("provisioned concurrency {n} is more than the reserved concurrency {reserved}"),
                        "provision at most as many environments as the function may run",
                    );
                }
            }
        }
    }

    /// The runtime's identifier, for messages (empty for an image, which has no runtime).
    fn runtime_name(&self) -> &str {
        self.runtime.as_ref().map_or("", Runtime::name)
    }

    /// Checks what a container image rules out: layers and code signing.
    fn check_image(&self, node: &Node) {
        if !self.code.0.is_image() {
            return;
        }
        if !self.layers.is_empty() {
            node.add_error(
                "layers are given for a container image function; Lambda does not add layers to images",
                "copy what the layers hold into the image (COPY in the Dockerfile)",
            );
        }
        if self.code_signing_config_arn.is_some() {
            node.add_error(
                "a code signing configuration is given for a container image function; Lambda signs only .zip code",
                "sign the image with AWS Signer and ECR instead, or remove .code_signing_config_arn(..)",
            );
        }
    }

    /// The code, as both templates need it.
    fn code_model(&self, node: &Node) -> CodeModel {
        match &self.code.0 {
            CodeKind::ImageUri(uri) => CodeModel::Image(uri.clone()),
            CodeKind::DockerBuild {
                dir,
                dockerfile,
                tag,
            } => {
                if !docker_tag_is_valid(tag) {
                    node.add_error(
                        format!("`{tag}` is not a valid Docker tag"),
                        "a tag is 1-128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`",
                    );
                }
                if dockerfile.is_empty() || Path::new(dockerfile).is_absolute() {
                    node.add_error(
                        format!("the Dockerfile `{dockerfile}` is not a path relative to the build context"),
                        "name the Dockerfile relative to the folder given to Code::from_docker_build",
                    );
                }
                CodeModel::DockerBuild {
                    context: Asset::from_source_dir(&self.scope, CODE_ID, dir.clone()).path(),
                    dockerfile: dockerfile.clone(),
                    tag: tag.clone(),
                }
            }
            CodeKind::Asset(dir) => CodeModel::Local {
                path: Asset::from_dir(&self.scope, CODE_ID, dir.clone()).path(),
                build_method: None,
            },
            CodeKind::CargoLambda(dir) => {
                if self
                    .runtime
                    .as_ref()
                    .is_some_and(|r| r.family() != super::RuntimeFamily::Provided)
                {
                    node.add_error(
                        format!(
                            "a cargo-lambda crate runs on an OS-only runtime, not `{}`",
                            self.runtime_name()
                        ),
                        "use Runtime::PROVIDED_AL2023 (RustFunction::new sets it)",
                    );
                }
                if self.handler.as_deref().is_some_and(|h| h != "bootstrap") {
                    node.add_error(
                        format!(
                            "cargo-lambda builds an executable named `bootstrap`, but the handler is `{}`",
                            self.handler.as_deref().unwrap_or_default()
                        ),
                        "use the handler `bootstrap` (RustFunction::new sets it)",
                    );
                }
                CodeModel::Local {
                    path: Asset::from_source_dir(&self.scope, CODE_ID, dir.clone()).path(),
                    build_method: Some("rust-cargolambda"),
                }
            }
            CodeKind::Inline(source) => {
                if self
                    .runtime
                    .as_ref()
                    .is_some_and(|r| !r.supports_inline_code())
                {
                    node.add_error(
                        format!(
                            "inline code works only with Python and Node.js runtimes, not `{}`",
                            self.runtime_name()
                        ),
                        "use Code::from_asset with a folder of built code",
                    );
                }
                if source.trim().is_empty() {
                    node.add_error("inline code is empty", "pass the handler's source code");
                } else if source.len() > MAX_INLINE_CODE_BYTES {
                    node.add_error(
                        format!(
                            "inline code is {} bytes, more than CloudFormation's {MAX_INLINE_CODE_BYTES}",
                            source.len()
                        ),
                        "use Code::from_asset with a folder instead",
                    );
                }
                CodeModel::Inline(source.clone())
            }
            CodeKind::Bucket { bucket, key } => {
                if key.is_empty() {
                    node.add_error(
                        "the code's S3 key is empty",
                        "pass the object key of the .zip",
                    );
                }
                CodeModel::Bucket {
                    bucket: bucket.clone(),
                    key: key.clone(),
                }
            }
        }
    }
}

/// Docker's tag rule: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
fn docker_tag_is_valid(tag: &str) -> bool {
    let mut chars = tag.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    first_ok
        && tag.len() <= 128
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// Checks an environment variable name: Lambda's pattern and reserved names, one diagnostic.
fn check_environment_name(node: &Node, key: &str) {
    let problems = ENVIRONMENT_VARIABLE_NAME.problems(key);
    if problems == [NameProblem::Reserved] {
        node.add_error(
            format!("environment variable `{key}` is reserved by Lambda"),
            "Lambda sets it itself; choose another name",
        );
    } else if !problems.is_empty() {
        node.add_error(
            format!(
                "environment variable name `{key}` is not valid: {}",
                ENVIRONMENT_VARIABLE_NAME.describe_all(&problems)
            ),
            ENVIRONMENT_VARIABLE_NAME.hint,
        );
    }
}

/// The bytes of names and literal values, as Lambda counts them against its 4 KB.
fn environment_size(environment: &IndexMap<String, Str>) -> usize {
    environment
        .iter()
        .map(|(key, value)| key.len() + literal(value).map_or(0, |v| v.len()))
        .sum()
}

/// Checks every environment variable name and the total size.
fn check_environment(node: &Node, environment: &IndexMap<String, Str>) {
    for key in environment.keys() {
        check_environment_name(node, key);
    }
    check_environment_size(node, environment_size(environment));
}

fn check_environment_size(node: &Node, size: usize) {
    if size > MAX_ENVIRONMENT_BYTES {
        node.add_error(
            format!("environment variables take {size} bytes, more than Lambda's 4 KB"),
            "move large values to SSM Parameter Store or Secrets Manager and pass their names",
        );
    }
}

impl Function {
    /// Starts a function named `id` in `scope` running `handler` (e.g. `index.handler`:
    /// function `handler` in `index.py`) from `code` on `runtime`. See [`FunctionBuilder`]
    /// for the optional settings and their defaults.
    #[allow(clippy::new_ret_no_self)] // a builder, as everywhere in this crate
    pub fn new(
        scope: &impl Construct,
        id: &str,
        runtime: Runtime,
        code: Code,
        handler: &str,
    ) -> FunctionBuilder {
        FunctionBuilder {
            s: Settings {
                scope: Scope::new(scope, id),
                runtime: Some(runtime),
                code,
                handler: Some(handler.to_string()),
                role: None,
                environment: IndexMap::new(),
                memory_size: None,
                timeout: None,
                architecture: None,
                layers: Vec::new(),
                tracing: None,
                reserved_concurrent_executions: None,
                description: None,
                function_name: None,
                ephemeral_storage_mib: None,
                dead_letter_queue: None,
                log_retention: None,
                log_removal_policy: None,
                log_group: None,
                deployment: None,
                async_invoke: AsyncInvokeSettings::default(),
                snap_start: false,
                log_format: None,
                application_log_level: None,
                system_log_level: None,
                environment_key_arn: None,
                vpc: None,
                file_system: None,
                code_signing_config_arn: None,
                recursive_loop: None,
                provisioned_concurrency: None,
            },
            state: NoAlias,
        }
    }

    /// Starts a function named `id` in `scope` whose code is a container image
    /// ([`Code::from_image_uri`] or [`Code::from_docker_build`]): `PackageType: Image`, no
    /// `Runtime` and no `Handler` (the image's `ENTRYPOINT` and `CMD` decide). See
    /// [`FunctionBuilder`] for the optional settings; layers, code signing and SnapStart do
    /// not work with images (synth errors).
    pub fn from_image(
        scope: &impl Construct,
        id: &str,
        code: impl Into<super::ImageCode>,
    ) -> FunctionBuilder {
        let mut builder =
            Function::new(scope, id, Runtime::PROVIDED_AL2023, Code(code.into().0), "");
        builder.s.runtime = None;
        builder.s.handler = None;
        builder
    }

    /// The function's name (`Ref` of the function in either template).
    pub fn function_name(&self) -> Str {
        Flavor::either(self.plain.ref_(), self.sam.ref_())
    }

    /// The function's ARN (`Fn::GetAtt Arn`), unqualified: invoking it runs `$LATEST`.
    pub fn arn(&self) -> Str {
        Flavor::either(self.plain.attr_arn(), self.sam.attr_arn())
    }

    /// The role the function runs as.
    pub fn role(&self) -> Role {
        self.role.clone()
    }

    /// The log group the function writes to: its own `<id>/LogGroup`, or the one given to
    /// [`FunctionBuilder::log_group`].
    pub fn log_group(&self) -> Option<LogGroup> {
        self.log_group.clone()
    }

    /// The runtime (`None` for a function made from a container image, which holds its own).
    pub fn runtime(&self) -> Option<&Runtime> {
        self.model.runtime.as_ref()
    }

    /// The timeout in seconds (Lambda's default of 3 when none was set).
    pub fn timeout_secs(&self) -> u32 {
        self.model.timeout_secs.unwrap_or(DEFAULT_TIMEOUT_SECS)
    }

    /// The underlying `AWS::Lambda::Function` resource of the plain template (escape hatch).
    pub fn resource(&self) -> &CfnResource {
        self.plain.resource()
    }

    /// The underlying `AWS::Serverless::Function` resource of the SAM template (escape
    /// hatch), with the same logical ID.
    pub fn sam_resource(&self) -> &CfnResource {
        self.sam.resource()
    }

    /// The typed L1 resource of the plain template ([`cfn_l1`]): typed changes after creation
    /// through [`props()`](lambda::CfnFunction::props), for what this construct does not
    /// offer. A change here reaches the plain template only; make the same one on
    /// [`sam_cfn`](Self::sam_cfn) for the SAM template.
    pub fn cfn(&self) -> &lambda::CfnFunction {
        &self.plain
    }

    /// The typed L1 resource of the SAM template (`AWS::Serverless::Function`), like
    /// [`cfn`](Self::cfn) for the plain one.
    pub fn sam_cfn(&self) -> &sam::CfnFunction {
        &self.sam
    }

    /// The alias, when the function publishes one (see [`AliasedFunction::alias`]).
    pub fn alias(&self) -> Option<Alias> {
        self.published.as_ref().map(|(alias, _)| alias.clone())
    }

    /// The version behind the alias, when the function publishes one (see
    /// [`AliasedFunction::current_version`]).
    pub fn current_version(&self) -> Option<Version> {
        self.published.as_ref().map(|(_, version)| version.clone())
    }

    fn metrics(&self) -> Metrics {
        Metrics {
            function_name: self.function_name(),
            qualified: None,
        }
    }

    /// The function's `Errors` metric (`AWS/Lambda`, dimension `FunctionName`; sum per
    /// minute): invocations that failed, across all versions.
    pub fn metric_errors(&self) -> Metric<Count> {
        self.metrics().errors()
    }

    /// The function's `Throttles` metric (sum per minute).
    pub fn metric_throttles(&self) -> Metric<Count> {
        self.metrics().throttles()
    }

    /// The function's `Invocations` metric (sum per minute).
    pub fn metric_invocations(&self) -> Metric<Count> {
        self.metrics().invocations()
    }

    /// The function's `Duration` metric (average per minute, in milliseconds).
    pub fn metric_duration(&self) -> Metric<Milliseconds> {
        self.metrics().duration()
    }

    /// Sets environment variable `key` after the function was built (as
    /// [`FunctionBuilder::env`], with the same checks), e.g. to give a deployment hook the
    /// version it tests, which exists only once the tested function does. Setting a key
    /// again replaces its value.
    pub fn add_environment(&self, key: &str, value: impl Into<Str>) {
        let value = value.into();
        {
            let mut env = self.model.environment.borrow_mut();
            // An environment already too large was reported; report the size only when this
            // variable makes it cross the limit, so it is one diagnostic however many follow.
            let before = environment_size(&env);
            env.insert(key.to_string(), value.clone());
            check_environment_name(self.node(), key);
            if before <= MAX_ENVIRONMENT_BYTES {
                check_environment_size(self.node(), environment_size(&env));
            }
        }
        render::set_variable(&self.plain, &self.sam, key, &value);
    }

    /// Gives the function an HTTPS endpoint, `https://<id>.lambda-url.<region>.on.aws/`
    /// ([`FunctionUrl::url`]), invoking the alias when the function has one. SAM's
    /// `FunctionUrlConfig` in the SAM template; in the plain one what SAM generates: the
    /// `AWS::Lambda::Url` `<Fn>Url` and, for [`FunctionUrlAuthType::None`](super::FunctionUrlAuthType::None),
    /// the two permissions AWS requires of a public URL since October 2025: `<Fn>UrlPublicPermissions`
    /// (`lambda:InvokeFunctionUrl` for anyone, `FunctionUrlAuthType: NONE`) and
    /// `<Fn>URLInvokeAllowPublicAccess` (`lambda:InvokeFunction` for anyone, only through a
    /// function URL: `InvokedViaFunctionUrl`). An IAM URL gets no permission; grant callers
    /// with [`FunctionUrl::grant_invoke_url`]. CORS limits are checked at synth.
    ///
    /// A function has one URL: a second call is a synth error and returns the first.
    pub fn add_function_url(&self, options: FunctionUrlOptions) -> FunctionUrl {
        if let Some(existing) = self.url.borrow().as_ref() {
            self.node().add_error(
                "a second function URL was added; a function (or alias) has at most one",
                "call add_function_url once and share the FunctionUrl it returns",
            );
            return existing.clone();
        }
        let made = url::create(
            self,
            &self.scope,
            self.trigger_function_name(),
            self.trigger_arn(),
            options,
        );
        *self.url.borrow_mut() = Some(made.clone());
        made
    }

    /// Adds a statement to the role's default policy.
    pub fn add_to_role_policy(&self, statement: PolicyStatement) {
        self.role.add_to_policy(statement);
    }

    /// Lets `grantee` invoke this function (`lambda:InvokeFunction` on the function and all
    /// its versions and aliases: `[arn, arn:*]`, as AWS CDK's `grantInvoke`).
    pub fn grant_invoke(&self, grantee: &impl Grantable) -> Grant {
        Grant::add_to_principal(
            grantee,
            &["lambda:InvokeFunction"],
            [self.arn(), fns::join("", [self.arn(), Str::from(":*")])],
        )
    }

    /// Adds an `AWS::Lambda::Permission` (a statement of the function's resource policy)
    /// named `id` under the function, e.g. to let a service invoke it. Returns the resource.
    pub fn add_permission(&self, id: &str, permission: Permission) -> CfnResource {
        self.add_permission_in(&self.scope, id, permission)
    }

    /// [`Function::add_permission`] with the resource placed in `scope`, e.g. beside the
    /// rule or bucket that invokes the function, so the two stay in one stack.
    pub fn add_permission_in(
        &self,
        scope: &impl Construct,
        id: &str,
        permission: Permission,
    ) -> CfnResource {
        permission.create(scope, id, self.arn()).resource().clone()
    }

    /// Makes `source` invoke this function: an SQS queue, an SNS topic, a schedule, …. With
    /// an alias, the source invokes the alias.
    pub fn add_event_source(&self, source: impl EventSource) {
        source.bind(self);
    }

    /// Registers `trigger`, a resource that makes Lambda invoke this function (an event
    /// source mapping, a subscription, a rule): it gets `DependsOn` the function's own log
    /// group, so the first invocation cannot make Lambda create that group before
    /// CloudFormation does (which would fail the deployment). Event sources call this.
    pub fn register_trigger(&self, trigger: &CfnResource) {
        self.trigger.register(trigger);
    }

    /// What invoking this function waits for (see [`Function::register_trigger`]).
    pub(super) fn trigger(&self) -> &Trigger {
        &self.trigger
    }

    /// The literal function name, when one was given.
    pub(crate) fn literal_function_name(&self) -> Option<String> {
        self.model.function_name.as_ref().and_then(literal)
    }

    /// Whether a function name (literal or expression) was given.
    pub(crate) fn has_function_name(&self) -> bool {
        self.model.function_name.is_some()
    }

    // ---- what event sources need ------------------------------------------------------------

    /// The ARN a trigger invokes: the alias's when the function has one, else the function's.
    pub(crate) fn trigger_arn(&self) -> Str {
        match &self.published {
            Some((alias, _)) => alias.arn(),
            None => self.arn(),
        }
    }

    /// What a trigger's `FunctionName` names: the alias's ARN when the function has one,
    /// else the function's name.
    pub(crate) fn trigger_function_name(&self) -> Str {
        match &self.published {
            Some((alias, _)) => alias.arn(),
            None => self.function_name(),
        }
    }

    /// [`Function::add_permission_in`] for the alias when the function has one.
    pub(crate) fn add_trigger_permission(
        &self,
        scope: &impl Construct,
        id: &str,
        permission: Permission,
    ) -> CfnResource {
        permission
            .create(scope, id, self.trigger_arn())
            .resource()
            .clone()
    }

    /// Adds entry `name` to the SAM function's `Events` and reserves the names SAM generates
    /// for it (`<Fn><name>`, `<Fn><name>Permission`). `name` is made alphanumeric; a name
    /// used twice is suffixed with a number.
    pub(crate) fn add_sam_event(
        &self,
        name: &str,
        event: impl Into<sam::function::EventsValue>,
    ) -> String {
        let base: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
        let base = if base.is_empty() {
            // Only for a name without letters or digits (a schedule's own id).
            "Event".to_string()
        } else {
            base
        };
        let unique = {
            let mut names = self.sam_events.borrow_mut();
            let mut unique = base.clone();
            let mut n = 2;
            while names.contains(&unique) {
                unique = format!("{base}{n}");
                n += 1;
            }
            names.insert(unique.clone());
            unique
        };
        self.sam.props().events().insert(unique.as_str(), event);
        let fn_id = self.sam.resource().logical_id();
        let stack = self.node().stack();
        let reason = "SAM generates it for an event of a function";
        stack.reserve_logical_id(Flavor::Sam, &format!("{fn_id}{unique}"), reason);
        stack.reserve_logical_id(Flavor::Sam, &format!("{fn_id}{unique}Permission"), reason);
        unique
    }
}
