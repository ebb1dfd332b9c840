//! The `Function` construct (`AWS::Lambda::Function` / `AWS::Serverless::Function`), with its
//! role and log group, and what `AutoPublishAlias` / `DeploymentPreference` add to it.

use std::cell::RefCell;
use std::marker::PhantomData;
use std::rc::Rc;
use std::time::Duration;

use cdk_core::{
    fns, Asset, CfnResource, Construct, Flavor, Node, RemovalPolicy, Scope, Str, Value,
};
use indexmap::IndexMap;

use super::alias::{Alias, AliasParts, Version};
use super::code::{CodeKind, MAX_INLINE_CODE_BYTES};
use super::event_sources::EventSource;
use super::{Architecture, Code, DeploymentPreference, Permission, Runtime, Tracing};
use crate::cloudwatch::{Count, Metric, Milliseconds, Statistic};
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

/// The logical ID of the CodeDeploy application SAM creates once per template.
pub(crate) const SAM_APPLICATION_ID: &str = "ServerlessDeploymentApplication";
/// The logical ID of the CodeDeploy service role SAM creates once per template.
pub(crate) const SAM_SERVICE_ROLE_ID: &str = "CodeDeployServiceRole";

mod sealed {
    pub trait Sealed {}
}

/// The alias state of a [`FunctionBuilder`]: [`NoAlias`] or [`WithAlias`]. Sealed.
pub trait AliasState: sealed::Sealed {}

/// A [`FunctionBuilder`] without `auto_publish_alias` (the start state); builds a
/// [`Function`].
#[derive(Debug)]
pub struct NoAlias;

/// A [`FunctionBuilder`] after [`auto_publish_alias`](FunctionBuilder::auto_publish_alias);
/// builds an [`AliasedFunction`] and accepts a
/// [`deployment_preference`](FunctionBuilder::deployment_preference).
#[derive(Debug)]
pub struct WithAlias;

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
/// **Two templates.** In the SAM template the function is one `AWS::Serverless::Function`
/// (`CodeUri`, `Events`, `AutoPublishAlias`, `DeploymentPreference`, …); in the plain
/// template it is what SAM would expand it to: the `AWS::Lambda::Function`, and with an alias
/// a content-hashed `AWS::Lambda::Version`, the `AWS::Lambda::Alias` and, with a deployment
/// preference, CodeDeploy's application, deployment group and service role under SAM's
/// logical IDs. Event sources become SAM `Events` in the SAM template and the resources SAM
/// would generate in the plain one. The role, its policy and the log group are the same in
/// both. The names SAM generates (`<Fn>Role`, `<Fn>Alias<name>`, `<Fn>DeploymentGroup`,
/// `ServerlessDeploymentApplication`, `CodeDeployServiceRole`, `<Fn><Event>`,
/// `<Fn><Event>Permission`) are reserved in the SAM template, so a resource of ours with one
/// of them is a synth error. The function's logical ID is fixed when it is built: renaming
/// [`resource`](Self::resource) afterwards renames the plain resource only.
///
/// A function is [`Grantable`]: `queue.grant_send_messages(&function)` adds the statement to
/// its role, and the function (and its event source mappings) wait for that policy with
/// `DependsOn`, so the first invocation already has its permissions.
#[derive(Clone)]
pub struct Function {
    scope: Scope,
    resource: CfnResource,
    sam: CfnResource,
    role: Role,
    log_group: Option<LogGroup>,
    runtime: Runtime,
    timeout_secs: u32,
    function_name: Option<Str>,
    alias: Option<AliasParts>,
    state: Rc<RefCell<SamState>>,
}

/// What can change on a function after it is built and is rendered into the SAM resource.
#[derive(Default)]
struct SamState {
    environment: IndexMap<String, Str>,
    events: IndexMap<String, Value>,
    deployment: Option<Deployment>,
}

/// An enabled or disabled deployment preference, as built.
struct Deployment {
    preference: DeploymentPreference,
    /// The plain template's deployment group (only when enabled).
    group: Option<CfnResource>,
}

/// A function that publishes an alias
/// ([`FunctionBuilder::auto_publish_alias`]): everything a [`Function`] is (it dereferences
/// to one), plus the typed [`alias`](Self::alias) and [`current_version`](Self::current_version).
#[derive(Clone)]
pub struct AliasedFunction {
    function: Function,
}

impl std::ops::Deref for AliasedFunction {
    type Target = Function;
    fn deref(&self) -> &Function {
        &self.function
    }
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
        self.function
            .alias()
            .expect("an AliasedFunction is built with an alias")
    }

    /// The version the alias points at after this deployment: SAM's `<Fn>.Version` in the
    /// SAM template, the content-hashed `AWS::Lambda::Version` in the plain one.
    pub fn current_version(&self) -> Version {
        self.function
            .current_version()
            .expect("an AliasedFunction is built with an alias")
    }

    /// Rolls this function's deployments back when `alarm` fires, e.g. an errors alarm on
    /// [`alias`](Self::alias) (which can only be made once the function exists). Without a
    /// deployment preference there is no deployment to roll back: reported at synth.
    pub fn add_deployment_alarm(&self, alarm: &crate::cloudwatch::Alarm) {
        let added = {
            let mut st = self.function.state.borrow_mut();
            match &mut st.deployment {
                Some(d) => {
                    d.preference.alarms.push(alarm.clone());
                    true
                }
                None => false,
            }
        };
        if added {
            self.function.render_deployment();
        } else {
            self.function.node().add_error(
                "a deployment alarm was added, but the function has no deployment preference",
                "add .deployment_preference(DeploymentPreference::canary_10_percent_5_minutes()) to the builder",
            );
        }
    }

    /// The function itself (also available through `Deref`).
    pub fn function(&self) -> &Function {
        &self.function
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
    runtime: Runtime,
    code: Code,
    handler: String,
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
    alias: Option<String>,
    deployment: Option<DeploymentPreference>,
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
    state: PhantomData<A>,
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
    pub fn auto_publish_alias(mut self, name: &str) -> FunctionBuilder<WithAlias> {
        self.s.alias = Some(name.to_string());
        FunctionBuilder {
            s: self.s,
            state: PhantomData,
        }
    }

    /// Creates the function, its role (unless given) and its log group (unless given),
    /// validating every setting; errors are reported at synth with the function's path.
    pub fn build(self) -> Function {
        self.s.build()
    }
}

impl FunctionBuilder<WithAlias> {
    /// Creates the function with its alias (see [`FunctionBuilder::build`] for a function
    /// without one).
    pub fn build(self) -> AliasedFunction {
        AliasedFunction {
            function: self.s.build(),
        }
    }
}

/// The function's code in each template, and whether it is a local path.
struct CodeProps {
    cfn: Value,
    sam_key: &'static str,
    sam: Value,
    /// `Metadata.BuildMethod` for `sam build`.
    build_method: Option<&'static str>,
    local: bool,
}

impl Settings {
    fn build(self) -> Function {
        let node = self.scope.node().clone();
        let error = |message: String, hint: &str| node.add_error(message, hint);

        // -- validation of plain settings --------------------------------------------------
        let h = &self.handler;
        if h.is_empty() || h.len() > 128 || h.chars().any(char::is_whitespace) {
            error(
                format!("handler `{h}` is not valid"),
                "a handler is 1-128 characters without whitespace, e.g. `index.handler`",
            );
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
        if let Some(alias) = &self.alias {
            ALIAS_NAME.check(&node, alias);
        }

        // -- role, code ----------------------------------------------------------------------
        let role = match &self.role {
            Some(role) => role.clone(),
            None => Role::new(
                &self.scope,
                "ServiceRole",
                Principal::service("lambda.amazonaws.com"),
            )
            .managed_policy(ManagedPolicy::aws(
                "service-role/AWSLambdaBasicExecutionRole",
            ))
            .build(),
        };
        let code = self.code_props(&node);
        let architecture = self.architecture.or(match self.code.0 {
            CodeKind::CargoLambda(_) => Some(Architecture::Arm64),
            _ => None,
        });

        // -- the plain resource, properties in CloudFormation's (and CDK's) alphabetical
        //    order; the SAM resource gets the same values under SAM's names ----------------
        let resource = CfnResource::new(&self.scope, "Resource", "AWS::Lambda::Function");
        resource.only_in(Flavor::Cfn);
        let fn_id = resource.logical_id();
        let sam = CfnResource::new(&self.scope, "Serverless", "AWS::Serverless::Function");
        sam.only_in(Flavor::Sam).override_logical_id(&fn_id);
        // Tools that read `aws:cdk:path` (`sam local`, `sam build` on CDK templates) name the
        // function by it: the same path in both templates.
        sam.add_metadata("aws:cdk:path", resource.node().path());
        let both = |name: &str, value: Value| {
            resource.set_property(name, value.clone());
            sam.set_property(name, value);
        };

        if let Some(a) = architecture {
            both("Architectures", Value::list([a.name()]));
        }
        if let Some(alias) = &self.alias {
            sam.set_property("AutoPublishAlias", alias.as_str());
            sam.set_property("AutoPublishAliasAllProperties", true);
        }
        resource.set_property("Code", code.cfn.clone());
        if code.sam_key == "CodeUri" {
            sam.set_property("CodeUri", code.sam.clone());
        }
        if let Some(q) = &self.dead_letter_queue {
            resource.set_property(
                "DeadLetterConfig",
                Value::map([("TargetArn", Value::from(q.arn()))]),
            );
            sam.set_property(
                "DeadLetterQueue",
                Value::map([("TargetArn", Value::from(q.arn())), ("Type", "SQS".into())]),
            );
        }
        if let Some(d) = &self.description {
            both("Description", d.as_str().into());
        }
        if !self.environment.is_empty() {
            let vars = Value::map(
                self.environment
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::from(v.clone()))),
            );
            both("Environment", Value::map([("Variables", vars)]));
        }
        if let Some(mb) = self.ephemeral_storage_mib {
            both("EphemeralStorage", Value::map([("Size", mb)]));
        }
        if let Some(name) = &self.function_name {
            both("FunctionName", name.clone().into());
        }
        both("Handler", self.handler.as_str().into());
        if code.sam_key == "InlineCode" {
            sam.set_property("InlineCode", code.sam.clone());
        }
        if !self.layers.is_empty() {
            both("Layers", Value::list(self.layers.iter().cloned()));
        }
        if let Some(group) = &self.log_group {
            both(
                "LoggingConfig",
                Value::map([("LogGroup", Value::from(group.log_group_name()))]),
            );
        }
        if let Some(mb) = self.memory_size {
            both("MemorySize", mb.into());
        }
        if let Some(n) = self.reserved_concurrent_executions {
            both("ReservedConcurrentExecutions", n.into());
        }
        both("Role", role.arn().into());
        both("Runtime", self.runtime.name().into());
        if let Some(s) = timeout_secs {
            both("Timeout", s.into());
        }
        if let Some(t) = self.tracing {
            resource.set_property("TracingConfig", Value::map([("Mode", t.name())]));
            sam.set_property("Tracing", t.name());
        }
        if let Some(method) = code.build_method {
            resource.add_metadata("BuildMethod", method);
            sam.add_metadata("BuildMethod", method);
        }
        if code.local {
            // `Code` is a local path that `sam deploy` / `aws cloudformation package` replace
            // with the uploaded S3 location; cfn-lint warns (W3002) that such a template only
            // works after packaging, which is exactly how this template is deployed.
            resource.add_metadata(
                "cfn-lint",
                serde_json::json!({"config": {"ignore_checks": ["W3002"]}}),
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
        role.add_dependent(&sam);
        if self.tracing.is_some() {
            role.add_to_policy(
                PolicyStatement::allow()
                    .actions(["xray:PutTelemetryRecords", "xray:PutTraceSegments"])
                    .resources(["*"]),
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
        let function_name: Str = Flavor::either(resource.ref_(), sam.ref_());
        let log_group = match self.log_group {
            Some(group) => Some(group),
            None => {
                // Lambda's own log group name, so `sam logs`, the console and every tool find
                // it; and the same shape (and logical ID) as AWS CDK's function log group.
                // (An invalid name is reported above, not again as a bad log group name.)
                let known_name = literal_name.as_ref().filter(|_| valid_name);
                let name: Str = match known_name {
                    Some(n) => format!("/aws/lambda/{n}").into(),
                    None => fns::join("", [Str::from("/aws/lambda/"), function_name.clone()]),
                };
                let group = LogGroup::new(&self.scope, "LogGroup")
                    .log_group_name(name)
                    .retention(self.log_retention.unwrap_or(RetentionDays::TwoYears))
                    .removal_policy(self.log_removal_policy.unwrap_or(RemovalPolicy::Retain))
                    .build();
                if known_name.is_some() {
                    // The name is known up front: create the group first, so no invocation
                    // can make Lambda create it (which would fail the group's creation).
                    resource.add_dependency(group.resource());
                    sam.add_dependency(group.resource());
                }
                Some(group)
            }
        };

        // -- alias and version (plain template; SAM's AutoPublishAlias in the other) ----------
        let alias = self
            .alias
            .as_ref()
            .map(|name| AliasParts::create(&self.scope, &resource, &fn_id, name));

        let function = Function {
            scope: self.scope,
            resource,
            sam,
            role,
            log_group,
            runtime: self.runtime,
            timeout_secs: timeout_secs.unwrap_or(DEFAULT_TIMEOUT_SECS),
            function_name: self.function_name,
            alias,
            state: Rc::new(RefCell::new(SamState {
                environment: self.environment,
                ..SamState::default()
            })),
        };
        if let Some(preference) = self.deployment {
            function.set_deployment(preference);
        }
        function
    }

    /// The code in each template.
    fn code_props(&self, node: &Node) -> CodeProps {
        match &self.code.0 {
            CodeKind::Asset(dir) => {
                let path = Value::from(Asset::from_dir(&self.scope, "Code", dir.clone()).path());
                CodeProps {
                    cfn: path.clone(),
                    sam_key: "CodeUri",
                    sam: path,
                    build_method: None,
                    local: true,
                }
            }
            CodeKind::CargoLambda(dir) => {
                if self.runtime.family() != super::RuntimeFamily::Provided {
                    node.add_error(
                        format!(
                            "a cargo-lambda crate runs on an OS-only runtime, not `{}`",
                            self.runtime
                        ),
                        "use Runtime::PROVIDED_AL2023 (RustFunction::new sets it)",
                    );
                }
                if self.handler != "bootstrap" {
                    node.add_error(
                        format!(
                            "cargo-lambda builds an executable named `bootstrap`, but the handler is `{}`",
                            self.handler
                        ),
                        "use the handler `bootstrap` (RustFunction::new sets it)",
                    );
                }
                let path =
                    Value::from(Asset::from_source_dir(&self.scope, "Code", dir.clone()).path());
                CodeProps {
                    cfn: path.clone(),
                    sam_key: "CodeUri",
                    sam: path,
                    build_method: Some("rust-cargolambda"),
                    local: true,
                }
            }
            CodeKind::Inline(source) => {
                if !self.runtime.supports_inline_code() {
                    node.add_error(
                        format!(
                            "inline code works only with Python and Node.js runtimes, not `{}`",
                            self.runtime
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
                CodeProps {
                    cfn: Value::map([("ZipFile", source.as_str())]),
                    sam_key: "InlineCode",
                    sam: source.as_str().into(),
                    build_method: None,
                    local: false,
                }
            }
            CodeKind::Bucket { bucket, key } => {
                if key.is_empty() {
                    node.add_error(
                        "the code's S3 key is empty",
                        "pass the object key of the .zip",
                    );
                }
                CodeProps {
                    cfn: Value::map([
                        ("S3Bucket", Value::from(bucket.clone())),
                        ("S3Key", Value::from(key.as_str())),
                    ]),
                    sam_key: "CodeUri",
                    sam: Value::map([
                        ("Bucket", Value::from(bucket.clone())),
                        ("Key", Value::from(key.as_str())),
                    ]),
                    build_method: None,
                    local: false,
                }
            }
        }
    }
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
                runtime,
                code,
                handler: handler.to_string(),
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
                alias: None,
                deployment: None,
            },
            state: PhantomData,
        }
    }

    /// The function's name (`Ref` of the function in either template).
    pub fn function_name(&self) -> Str {
        Flavor::either(self.resource.ref_(), self.sam.ref_())
    }

    /// The function's ARN (`Fn::GetAtt Arn`), unqualified: invoking it runs `$LATEST`.
    pub fn arn(&self) -> Str {
        Flavor::either(self.resource.get_att("Arn"), self.sam.get_att("Arn"))
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

    /// The runtime.
    pub fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    /// The timeout in seconds (Lambda's default of 3 when none was set).
    pub fn timeout_secs(&self) -> u32 {
        self.timeout_secs
    }

    /// The underlying `AWS::Lambda::Function` resource of the plain template (escape hatch).
    pub fn resource(&self) -> &CfnResource {
        &self.resource
    }

    /// The underlying `AWS::Serverless::Function` resource of the SAM template (escape
    /// hatch), with the same logical ID.
    pub fn sam_resource(&self) -> &CfnResource {
        &self.sam
    }

    /// The alias, when the function publishes one (see [`AliasedFunction::alias`]).
    pub fn alias(&self) -> Option<Alias> {
        self.alias.as_ref().map(|a| a.alias(self))
    }

    /// The version behind the alias, when the function publishes one (see
    /// [`AliasedFunction::current_version`]).
    pub fn current_version(&self) -> Option<Version> {
        self.alias.as_ref().map(|a| a.version(&self.sam))
    }

    /// The function's `Errors` metric (`AWS/Lambda`, dimension `FunctionName`; sum per
    /// minute): invocations that failed, across all versions.
    pub fn metric_errors(&self) -> Metric<Count> {
        self.metric("Errors", Statistic::Sum)
    }

    /// The function's `Throttles` metric (sum per minute).
    pub fn metric_throttles(&self) -> Metric<Count> {
        self.metric("Throttles", Statistic::Sum)
    }

    /// The function's `Invocations` metric (sum per minute).
    pub fn metric_invocations(&self) -> Metric<Count> {
        self.metric("Invocations", Statistic::Sum)
    }

    /// The function's `Duration` metric (average per minute, in milliseconds).
    pub fn metric_duration(&self) -> Metric<Milliseconds> {
        self.metric("Duration", Statistic::Average)
    }

    fn metric<U: crate::cloudwatch::Unit>(&self, name: &str, statistic: Statistic) -> Metric<U> {
        Metric::new("AWS/Lambda", name)
            .dimension("FunctionName", self.function_name())
            .statistic(statistic)
    }

    /// Sets environment variable `key` after the function was built (as
    /// [`FunctionBuilder::env`], with the same checks), e.g. to give a deployment hook the
    /// version it tests, which exists only once the tested function does. Setting a key
    /// again replaces its value.
    pub fn add_environment(&self, key: &str, value: impl Into<Str>) {
        let vars = {
            let mut st = self.state.borrow_mut();
            // An environment already too large was reported; report the size only when this
            // variable makes it cross the limit, so it is one diagnostic however many follow.
            let before = environment_size(&st.environment);
            st.environment.insert(key.to_string(), value.into());
            check_environment_name(self.node(), key);
            if before <= MAX_ENVIRONMENT_BYTES {
                check_environment_size(self.node(), environment_size(&st.environment));
            }
            Value::map(
                st.environment
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::from(v.clone()))),
            )
        };
        let env = Value::map([("Variables", vars)]);
        self.resource.set_property("Environment", env.clone());
        self.sam.set_property("Environment", env);
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
        self.permission_on(scope, id, permission, self.arn())
    }

    /// An `AWS::Lambda::Permission` for `target` (the function, or its alias).
    pub(super) fn permission_on(
        &self,
        scope: &impl Construct,
        id: &str,
        permission: Permission,
        target: Str,
    ) -> CfnResource {
        let resource = CfnResource::new(scope, id, "AWS::Lambda::Permission");
        let node = resource.node().clone();
        let action = &permission.action;
        let valid_action = action == "*"
            || action.strip_prefix("lambda:").is_some_and(|a| {
                a == "*" || (!a.is_empty() && a.chars().all(|c| c.is_ascii_alphabetic()))
            });
        if !valid_action {
            node.add_error(
                format!("`{action}` is not a Lambda action"),
                "use `lambda:InvokeFunction`, another `lambda:<Action>`, `lambda:*` or `*`",
            );
        }
        let principal: Str = match &permission.principal {
            Principal::Service(s) => s.as_str().into(),
            Principal::Account(id) => id.clone(),
            Principal::Arn(arn) => arn.clone(),
            Principal::Any => "*".into(),
            Principal::Federated(_) => {
                node.add_error(
                    "a Lambda permission cannot name a federated principal",
                    "name a service, an account or an ARN",
                );
                "*".into()
            }
        };
        resource
            .set_property("Action", action.as_str())
            .set_property("FunctionName", target);
        resource.set_property("Principal", principal);
        if let Some(account) = permission.source_account {
            resource.set_property("SourceAccount", account);
        }
        if let Some(arn) = permission.source_arn {
            resource.set_property("SourceArn", arn);
        }
        resource
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
        if let Some(group) = &self.log_group {
            // Only this function's own group: a shared group given by the user is referenced
            // by the function already.
            if group
                .node()
                .path()
                .starts_with(&format!("{}/", self.node().path()))
            {
                trigger.add_dependency(group.resource());
            }
        }
    }

    /// The literal function name, when one was given.
    pub(crate) fn literal_function_name(&self) -> Option<String> {
        self.function_name.as_ref().and_then(literal)
    }

    /// Whether a function name (literal or expression) was given.
    pub(crate) fn has_function_name(&self) -> bool {
        self.function_name.is_some()
    }

    // ---- what event sources need ------------------------------------------------------------

    /// The ARN a trigger invokes: the alias's when the function has one, else the function's.
    pub(crate) fn trigger_arn(&self) -> Str {
        match &self.alias {
            Some(a) => a.alias(self).arn(),
            None => self.arn(),
        }
    }

    /// What a trigger's `FunctionName` names: the alias's ARN when the function has one,
    /// else the function's name.
    pub(crate) fn trigger_function_name(&self) -> Str {
        match &self.alias {
            Some(a) => a.alias(self).arn(),
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
        self.permission_on(scope, id, permission, self.trigger_arn())
    }

    /// Adds entry `name` to the SAM resource's `Events` and reserves the names SAM generates
    /// for it (`<Fn><name>`, `<Fn><name>Permission`). `name` is made alphanumeric; a name
    /// used twice is suffixed with a number.
    pub(crate) fn add_sam_event(&self, name: &str, event: Value) -> String {
        let base: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
        let base = if base.is_empty() {
            "Event".to_string()
        } else {
            base
        };
        let events = {
            let mut st = self.state.borrow_mut();
            let mut unique = base.clone();
            let mut n = 2;
            while st.events.contains_key(&unique) {
                unique = format!("{base}{n}");
                n += 1;
            }
            st.events.insert(unique.clone(), event);
            let events = Value::map(st.events.iter().map(|(k, v)| (k.clone(), v.clone())));
            (unique, events)
        };
        let (unique, value) = events;
        self.sam.set_property("Events", value);
        let fn_id = self.sam.logical_id();
        let stack = self.node().stack();
        for suffix in ["", "Permission"] {
            stack.reserve_logical_id(
                Flavor::Sam,
                &format!("{fn_id}{unique}{suffix}"),
                "SAM generates it for an event of a function",
            );
        }
        unique
    }

    // ---- deployment preference ---------------------------------------------------------------

    fn set_deployment(&self, preference: DeploymentPreference) {
        let Some(alias) = &self.alias else {
            // The builder's typestate makes this unreachable; keep it an error, not a panic.
            self.node().add_error(
                "a deployment preference needs an alias",
                "call .auto_publish_alias(\"live\") first",
            );
            return;
        };
        let group = preference
            .enabled
            .then(|| super::alias::create_deployment(self, alias, &preference));
        self.state.borrow_mut().deployment = Some(Deployment { preference, group });
        self.render_deployment();
    }

    /// Renders the deployment preference into the SAM resource and the plain deployment
    /// group (alarms may be added after build).
    fn render_deployment(&self) {
        let st = self.state.borrow();
        let Some(d) = &st.deployment else { return };
        let p = &d.preference;
        let mut entries: Vec<(&str, Value)> = Vec::new();
        if !p.alarms.is_empty() {
            // The transform moves the alarms onto the deployment group; a plain `Ref` here
            // would look like a cycle (the alarm watches this function).
            entries.push((
                "Alarms",
                Value::list(p.alarms.iter().map(|a| a.resource().transform_ref(""))),
            ));
        }
        if !p.enabled {
            entries.push(("Enabled", false.into()));
        }
        let mut hooks: Vec<(&str, Value)> = Vec::new();
        if let Some(h) = &p.post_traffic {
            hooks.push(("PostTraffic", h.function_name().into()));
        }
        if let Some(h) = &p.pre_traffic {
            hooks.push(("PreTraffic", h.function_name().into()));
        }
        if !hooks.is_empty() {
            entries.push(("Hooks", Value::map(hooks)));
        }
        if let Some(r) = &p.role {
            entries.push(("Role", r.arn().into()));
        }
        entries.push(("Type", p.config.sam_value().into()));
        self.sam
            .set_property("DeploymentPreference", Value::map(entries));
        if let Some(group) = &d.group {
            // Alarms are only ever added, so an empty list needs nothing removed.
            if !p.alarms.is_empty() {
                group.set_property(
                    "AlarmConfiguration",
                    Value::map([
                        (
                            "Alarms",
                            Value::list(
                                p.alarms
                                    .iter()
                                    .map(|a| Value::map([("Name", a.alarm_name())])),
                            ),
                        ),
                        ("Enabled", true.into()),
                    ]),
                );
            }
        }
    }
}
