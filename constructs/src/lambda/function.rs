//! The `Function` construct (`AWS::Lambda::Function`), with its role and log group.

use std::time::Duration;

use cdk_core::{fns, Asset, CfnResource, Construct, Node, RemovalPolicy, Scope, Str, Value};
use indexmap::IndexMap;

use super::code::{CodeKind, MAX_INLINE_CODE_BYTES};
use super::event_sources::EventSource;
use super::util::{checked_seconds, literal};
use super::{Architecture, Code, Permission, Runtime, Tracing};
use crate::iam::{Grant, Grantable, ManagedPolicy, PolicyStatement, Principal, Role};
use crate::logs::{LogGroup, RetentionDays};
use crate::sqs::Queue;

/// Lambda's timeout when none is set, in seconds.
const DEFAULT_TIMEOUT_SECS: u32 = 3;
/// Lambda's limit on the total size of environment variable names and values, in bytes.
pub const MAX_ENVIRONMENT_BYTES: usize = 4096;
/// At most this many layers per function.
pub const MAX_LAYERS: usize = 5;

/// Environment variables Lambda sets itself; a function may not set them.
pub const RESERVED_ENVIRONMENT_VARIABLES: &[&str] = &[
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_DEFAULT_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_LAMBDA_RUNTIME_API",
    "AWS_REGION",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "LAMBDA_RUNTIME_DIR",
    "LAMBDA_TASK_ROOT",
];

/// A Lambda function, with the IAM role it runs as and the log group it writes to. Cheap to
/// clone; all clones are the same function.
///
/// Tree layout, as in AWS CDK (so logical IDs match a TypeScript CDK stack):
///
/// | path                              | what                                    |
/// |-----------------------------------|-----------------------------------------|
/// | `<id>/Resource`                   | the `AWS::Lambda::Function`             |
/// | `<id>/ServiceRole`                | the role, unless one was given          |
/// | `<id>/ServiceRole/DefaultPolicy`  | grants, created on first use            |
/// | `<id>/LogGroup`                   | the function's log group                |
/// | `<id>/Code`                       | the code folder, for [`Code::from_asset`] |
///
/// A function is [`Grantable`]: `queue.grant_send_messages(&function)` adds the statement to
/// its role, and the function (and its event source mappings) wait for that policy with
/// `DependsOn`, so the first invocation already has its permissions.
#[derive(Clone)]
pub struct Function {
    scope: Scope,
    resource: CfnResource,
    role: Role,
    log_group: Option<LogGroup>,
    runtime: Runtime,
    timeout_secs: u32,
}

impl std::fmt::Debug for Function {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Function({})", self.scope.node().path())
    }
}

impl Construct for Function {
    fn node(&self) -> &Node {
        self.scope.node()
    }
}

impl Grantable for Function {
    fn grant_role(&self) -> Role {
        self.role.clone()
    }
}

/// Builds a [`Function`]; the required settings are taken by [`Function::new`], everything
/// else has a default named on its setter.
#[must_use = "call .build() to create the function"]
pub struct FunctionBuilder {
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
}

impl FunctionBuilder {
    /// The role the function runs as (default: a new `<id>/ServiceRole` that
    /// `lambda.amazonaws.com` assumes, with the AWS managed policy
    /// `service-role/AWSLambdaBasicExecutionRole`, exactly as AWS CDK creates it). Grants
    /// to the function go to this role.
    pub fn role(mut self, role: &Role) -> Self {
        self.role = Some(role.clone());
        self
    }

    /// Sets environment variable `key` (default: none). Setting a key again replaces its
    /// value. Keys match `[a-zA-Z][a-zA-Z0-9_]*` and may not be one Lambda reserves
    /// (`AWS_REGION`, …; see [`RESERVED_ENVIRONMENT_VARIABLES`]); names and literal values
    /// together must fit in 4 KB. All checked at synth.
    pub fn env(mut self, key: &str, value: impl Into<Str>) -> Self {
        self.environment.insert(key.to_string(), value.into());
        self
    }

    /// Memory in MB, 128–10240; CPU scales with it (default: Lambda's 128).
    pub fn memory_size(mut self, mb: u32) -> Self {
        self.memory_size = Some(mb);
        self
    }

    /// How long one invocation may run, 1–900 whole seconds (default: Lambda's 3 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The instruction set (default: Lambda's [`Architecture::X86_64`]; the property is
    /// written only when set).
    pub fn architecture(mut self, architecture: Architecture) -> Self {
        self.architecture = Some(architecture);
        self
    }

    /// Adds layers by version ARN (default: none); at most five, no duplicates.
    pub fn layers<S: Into<Str>>(mut self, layers: impl IntoIterator<Item = S>) -> Self {
        self.layers.extend(layers.into_iter().map(Into::into));
        self
    }

    /// X-Ray tracing (default: off, which is Lambda's `PassThrough` without the X-Ray
    /// permissions). Setting a mode also grants the role `xray:PutTelemetryRecords` and
    /// `xray:PutTraceSegments`.
    pub fn tracing(mut self, tracing: Tracing) -> Self {
        self.tracing = Some(tracing);
        self
    }

    /// Reserves this many concurrent executions for the function, which is also its maximum
    /// (default: none, it shares the account's pool). `0` stops all invocations.
    pub fn reserved_concurrent_executions(mut self, n: u32) -> Self {
        self.reserved_concurrent_executions = Some(n);
        self
    }

    /// A description, at most 256 characters (default: none).
    pub fn description(mut self, description: &str) -> Self {
        self.description = Some(description.to_string());
        self
    }

    /// A fixed function name (default: generated by CloudFormation, which lets the function
    /// be replaced and the stack be deployed twice). A literal name is 1–64 letters,
    /// digits, `-` and `_`. With a literal name the log group's name is literal too, and
    /// the function waits for its log group (no race with the first invocation).
    pub fn function_name(mut self, name: impl Into<Str>) -> Self {
        self.function_name = Some(name.into());
        self
    }

    /// Size of `/tmp` in MB, 512–10240 (default: Lambda's 512).
    pub fn ephemeral_storage_mib(mut self, mb: u32) -> Self {
        self.ephemeral_storage_mib = Some(mb);
        self
    }

    /// Sends events that failed asynchronous invocation to `queue` (default: none); grants
    /// the role `sqs:SendMessage` on it, as AWS CDK does.
    pub fn dead_letter_queue(mut self, queue: &Queue) -> Self {
        self.dead_letter_queue = Some(queue.clone());
        self
    }

    /// Retention of the function's log group `<id>/LogGroup` (default:
    /// [`RetentionDays::TwoYears`], AWS CDK's default: logs are kept long enough for an
    /// audit but never pile up forever). Not together with [`FunctionBuilder::log_group`].
    pub fn log_retention(mut self, retention: RetentionDays) -> Self {
        self.log_retention = Some(retention);
        self
    }

    /// What happens to the function's log group when it leaves the stack (default:
    /// [`RemovalPolicy::Retain`], as AWS CDK: the logs outlive the stack). Not together with
    /// [`FunctionBuilder::log_group`].
    pub fn log_removal_policy(mut self, policy: RemovalPolicy) -> Self {
        self.log_removal_policy = Some(policy);
        self
    }

    /// Writes logs to `group` (`LoggingConfig.LogGroup`) instead of creating
    /// `<id>/LogGroup` (default: the function's own log group, see [`Function`]). Several
    /// functions may share one group.
    pub fn log_group(mut self, group: &LogGroup) -> Self {
        self.log_group = Some(group.clone());
        self
    }

    /// Creates the function, its role (unless given) and its log group (unless given),
    /// validating every setting; errors are reported at synth with the function's path.
    pub fn build(self) -> Function {
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
        if let Some(name) = &literal_name {
            let valid = !name.is_empty()
                && name.len() <= 64
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                error(
                    format!("`{name}` is not a valid function name"),
                    "use 1-64 letters, digits, `-` and `_`",
                );
            }
        }
        self.check_environment(&node);
        if self.log_group.is_some()
            && (self.log_retention.is_some() || self.log_removal_policy.is_some())
        {
            error(
                "log retention or removal policy set together with an explicit log group".into(),
                "set retention and removal policy on the LogGroup you pass to .log_group()",
            );
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
        let (code, is_asset) = self.code_value(&node);

        // -- the resource, properties in CloudFormation's (and CDK's) alphabetical order -----
        let resource = CfnResource::new(&self.scope, "Resource", "AWS::Lambda::Function");
        if let Some(a) = self.architecture {
            resource.set_property("Architectures", Value::list([a.name()]));
        }
        resource.set_property("Code", code);
        if let Some(q) = &self.dead_letter_queue {
            resource.set_property(
                "DeadLetterConfig",
                Value::map([("TargetArn", Value::from(q.arn()))]),
            );
        }
        if let Some(d) = &self.description {
            resource.set_property("Description", d.as_str());
        }
        if !self.environment.is_empty() {
            let vars = Value::map(
                self.environment
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::from(v.clone()))),
            );
            resource.set_property("Environment", Value::map([("Variables", vars)]));
        }
        if let Some(mb) = self.ephemeral_storage_mib {
            resource.set_property("EphemeralStorage", Value::map([("Size", mb)]));
        }
        if let Some(name) = &self.function_name {
            resource.set_property("FunctionName", name.clone());
        }
        resource.set_property("Handler", self.handler.as_str());
        if !self.layers.is_empty() {
            resource.set_property("Layers", Value::list(self.layers.iter().cloned()));
        }
        if let Some(group) = &self.log_group {
            resource.set_property(
                "LoggingConfig",
                Value::map([("LogGroup", Value::from(group.log_group_name()))]),
            );
        }
        if let Some(mb) = self.memory_size {
            resource.set_property("MemorySize", mb);
        }
        if let Some(n) = self.reserved_concurrent_executions {
            resource.set_property("ReservedConcurrentExecutions", n);
        }
        resource.set_property("Role", role.arn());
        resource.set_property("Runtime", self.runtime.name());
        if let Some(s) = timeout_secs {
            resource.set_property("Timeout", s);
        }
        if let Some(t) = self.tracing {
            resource.set_property("TracingConfig", Value::map([("Mode", t.name())]));
        }
        if is_asset {
            // `Code` is a local path that `sam deploy` / `aws cloudformation package` replace
            // with the uploaded S3 location; cfn-lint warns (W3002) that such a template only
            // works after packaging, which is exactly how this template is deployed.
            resource.add_metadata(
                "cfn-lint",
                serde_json::json!({"config": {"ignore_checks": ["W3002"]}}),
            );
        }

        // -- permissions: the function waits for everything granted to its role -------------
        role.add_dependent(&resource);
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
        let log_group = match self.log_group {
            Some(group) => Some(group),
            None => {
                // Lambda's own log group name, so `sam logs`, the console and every tool find
                // it; and the same shape (and logical ID) as AWS CDK's function log group.
                let name: Str = match &literal_name {
                    Some(n) => format!("/aws/lambda/{n}").into(),
                    None => fns::join("", [Str::from("/aws/lambda/"), resource.ref_()]),
                };
                let group = LogGroup::new(&self.scope, "LogGroup")
                    .log_group_name(name)
                    .retention(self.log_retention.unwrap_or(RetentionDays::TwoYears))
                    .removal_policy(self.log_removal_policy.unwrap_or(RemovalPolicy::Retain))
                    .build();
                if literal_name.is_some() {
                    // The name is known up front: create the group first, so no invocation
                    // can make Lambda create it (which would fail the group's creation).
                    resource.add_dependency(group.resource());
                }
                Some(group)
            }
        };

        Function {
            scope: self.scope,
            resource,
            role,
            log_group,
            runtime: self.runtime,
            timeout_secs: timeout_secs.unwrap_or(DEFAULT_TIMEOUT_SECS),
        }
    }

    fn check_environment(&self, node: &Node) {
        let mut size = 0;
        for (key, value) in &self.environment {
            let well_formed = key.starts_with(|c: char| c.is_ascii_alphabetic())
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !well_formed {
                node.add_error(
                    format!("environment variable name `{key}` is not valid"),
                    "names start with a letter and have only letters, digits and `_`",
                );
            } else if RESERVED_ENVIRONMENT_VARIABLES.contains(&key.as_str()) {
                node.add_error(
                    format!("environment variable `{key}` is reserved by Lambda"),
                    "Lambda sets it itself; choose another name",
                );
            }
            size += key.len() + literal(value).map_or(0, |v| v.len());
        }
        if size > MAX_ENVIRONMENT_BYTES {
            node.add_error(
                format!("environment variables take {size} bytes, more than Lambda's 4 KB"),
                "move large values to SSM Parameter Store or Secrets Manager and pass their names",
            );
        }
    }

    /// The `Code` property, and whether it is a local asset path.
    fn code_value(&self, node: &Node) -> (Value, bool) {
        match &self.code.0 {
            CodeKind::Asset(dir) => {
                let asset = Asset::from_dir(&self.scope, "Code", dir.clone());
                (Value::from(asset.path()), true)
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
                (Value::map([("ZipFile", source.as_str())]), false)
            }
            CodeKind::Bucket { bucket, key } => {
                if key.is_empty() {
                    node.add_error(
                        "the code's S3 key is empty",
                        "pass the object key of the .zip",
                    );
                }
                (
                    Value::map([
                        ("S3Bucket", Value::from(bucket.clone())),
                        ("S3Key", Value::from(key.as_str())),
                    ]),
                    false,
                )
            }
        }
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
        }
    }

    /// The function's name (`Ref`).
    pub fn function_name(&self) -> Str {
        self.resource.ref_()
    }

    /// The function's ARN (`Fn::GetAtt Arn`).
    pub fn arn(&self) -> Str {
        self.resource.get_att("Arn")
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

    /// The underlying `AWS::Lambda::Function` resource (escape hatch).
    pub fn resource(&self) -> &CfnResource {
        &self.resource
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
            .set_property("FunctionName", self.arn())
            .set_property("Principal", principal);
        if let Some(account) = permission.source_account {
            resource.set_property("SourceAccount", account);
        }
        if let Some(arn) = permission.source_arn {
            resource.set_property("SourceArn", arn);
        }
        resource
    }

    /// Makes `source` invoke this function: an SQS queue, an SNS topic, a schedule, ….
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
}
