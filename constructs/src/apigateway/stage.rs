//! The `Stage` construct (`AWS::ApiGateway::Stage`): a named, invokable snapshot of the API,
//! with its settings: variables, method settings (throttling, logging, metrics, caching),
//! the cache cluster, access logs, X-Ray tracing and a canary.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use cdk_core::{CfnResource, Construct, Flavor, RemovalPolicy, Scope, Str};
use cfn_l1::apigateway::stage::{AccessLogSetting, CanarySetting, MethodSetting};
use cfn_l1::apigateway::{CfnAccount, CfnAccountProps, CfnStage, CfnStageProps};
use cfn_l1::sam::api as serverless;

use super::deployment::Deployment;
use super::method::{HttpMethod, Method};
use super::resource::valid_part;
use super::sam::SamApi;
use crate::iam::{ManagedPolicy, Principal, Role};
use crate::logs::LogGroup;
use crate::util::literal;

/// The largest cache TTL API Gateway takes, in seconds.
const MAX_CACHE_TTL: u64 = 3600;

/// How much API Gateway writes to CloudWatch Logs per request (execution logging).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoggingLevel {
    /// No execution logs (`OFF`).
    Off,
    /// Errors only (`ERROR`).
    Error,
    /// Errors and informational events (`INFO`).
    Info,
}

impl LoggingLevel {
    /// The value as API Gateway spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            LoggingLevel::Off => "OFF",
            LoggingLevel::Error => "ERROR",
            LoggingLevel::Info => "INFO",
        }
    }
}

/// The size of a stage's cache cluster: exactly the sizes API Gateway offers, so another
/// size does not compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheClusterSize {
    /// 0.5 GB.
    Gb0_5,
    /// 1.6 GB.
    Gb1_6,
    /// 6.1 GB.
    Gb6_1,
    /// 13.5 GB.
    Gb13_5,
    /// 28.4 GB.
    Gb28_4,
    /// 58.2 GB.
    Gb58_2,
    /// 118 GB.
    Gb118,
    /// 237 GB.
    Gb237,
}

impl CacheClusterSize {
    /// Every size, smallest first.
    pub const ALL: [CacheClusterSize; 8] = [
        CacheClusterSize::Gb0_5,
        CacheClusterSize::Gb1_6,
        CacheClusterSize::Gb6_1,
        CacheClusterSize::Gb13_5,
        CacheClusterSize::Gb28_4,
        CacheClusterSize::Gb58_2,
        CacheClusterSize::Gb118,
        CacheClusterSize::Gb237,
    ];

    /// The value as API Gateway spells it (`0.5`, …, `237`).
    pub fn as_str(self) -> &'static str {
        match self {
            CacheClusterSize::Gb0_5 => "0.5",
            CacheClusterSize::Gb1_6 => "1.6",
            CacheClusterSize::Gb6_1 => "6.1",
            CacheClusterSize::Gb13_5 => "13.5",
            CacheClusterSize::Gb28_4 => "28.4",
            CacheClusterSize::Gb58_2 => "58.2",
            CacheClusterSize::Gb118 => "118",
            CacheClusterSize::Gb237 => "237",
        }
    }

    /// The size of `gb` gigabytes, when API Gateway offers it (`None` otherwise).
    pub fn from_gb(gb: f64) -> Option<CacheClusterSize> {
        CacheClusterSize::ALL
            .into_iter()
            .find(|s| s.as_str().parse::<f64>().ok() == Some(gb))
    }
}

/// Settings of a stage's methods: for all of them ([`StageOptions::method_defaults`], written
/// as `ResourcePath: /*`, `HttpMethod: *`) or for one ([`StageOptions::method_settings`],
/// [`Stage::add_method_settings`], its path written `~1`-encoded as API Gateway requires:
/// `/items/{id}` is `/~1items~1{id}`). Unset fields take API Gateway's defaults (and, for one
/// method, the stage-wide settings).
#[derive(Clone, Debug, Default)]
pub struct MethodSettings {
    throttle: Option<(f64, u32)>,
    logging_level: Option<LoggingLevel>,
    data_trace: Option<bool>,
    metrics: Option<bool>,
    caching: Option<bool>,
    cache_ttl: Option<Duration>,
    cache_encrypted: Option<bool>,
}

impl MethodSettings {
    /// No setting: API Gateway's defaults.
    pub fn new() -> MethodSettings {
        MethodSettings::default()
    }

    /// Steady-state requests per second and the burst above it (default: the account's
    /// limits). The rate may not be negative.
    pub fn throttle(mut self, rate_limit: f64, burst_limit: u32) -> Self {
        self.throttle = Some((rate_limit, burst_limit));
        self
    }

    /// Execution logging to CloudWatch Logs (default: off). Needs the account's CloudWatch
    /// role, which the API creates (see [`RestApiBuilder::cloud_watch_role`](super::RestApiBuilder::cloud_watch_role)).
    pub fn logging_level(mut self, level: LoggingLevel) -> Self {
        self.logging_level = Some(level);
        self
    }

    /// Logs full requests and responses (default: no). They may hold secrets; for debugging.
    pub fn data_trace(mut self, enabled: bool) -> Self {
        self.data_trace = Some(enabled);
        self
    }

    /// Detailed CloudWatch metrics per method (default: no; charged).
    pub fn metrics(mut self, enabled: bool) -> Self {
        self.metrics = Some(enabled);
        self
    }

    /// Caches responses in the stage's cache cluster (default: no). The stage needs a
    /// cluster ([`StageOptions::cache_cluster`]); a client may bypass the cache with
    /// `Cache-Control: max-age=0` when its IAM identity is allowed
    /// `execute-api:InvalidateCache`.
    pub fn caching(mut self, enabled: bool) -> Self {
        self.caching = Some(enabled);
        self
    }

    /// How long a cached response lives, 0 to 3600 s (API Gateway's default: 300 s).
    pub fn cache_ttl(mut self, ttl: Duration) -> Self {
        self.cache_ttl = Some(ttl);
        self
    }

    /// Encrypts cached responses (default: no).
    pub fn cache_data_encrypted(mut self, encrypted: bool) -> Self {
        self.cache_encrypted = Some(encrypted);
        self
    }

    fn is_empty(&self) -> bool {
        self.throttle.is_none()
            && self.logging_level.is_none()
            && self.data_trace.is_none()
            && self.metrics.is_none()
            && self.caching.is_none()
            && self.cache_ttl.is_none()
            && self.cache_encrypted.is_none()
    }

    /// Whether these settings turn execution logging on.
    fn logs(&self) -> bool {
        self.logging_level.is_some_and(|l| l != LoggingLevel::Off) || self.data_trace == Some(true)
    }

    /// Records the mistakes on `node`; `what` names the settings in messages.
    fn validate(&self, node: &cdk_core::Node, what: &str) {
        if let Some((rate, _)) = self.throttle {
            if !rate.is_finite() || rate < 0.0 {
                node.add_error(
                    format!(
                        "the throttle rate limit {rate} of {what} is not a non-negative number"
                    ),
                    "give requests per second, 0 or more",
                );
            }
        }
        if let Some(ttl) = self.cache_ttl {
            if ttl.as_secs() > MAX_CACHE_TTL || ttl.subsec_nanos() != 0 {
                node.add_error(
                    format!(
                        "the cache TTL of {what} is {} s; API Gateway takes whole seconds from 0 to 3600",
                        ttl.as_secs_f64()
                    ),
                    "use .cache_ttl(Duration::from_secs(0..=3600)) (API Gateway's default is 300 s)",
                );
            }
        }
    }

    fn render(&self, path: &str, http_method: &str) -> MethodSetting {
        MethodSetting::builder()
            .maybe_cache_data_encrypted(self.cache_encrypted)
            .maybe_cache_ttl_in_seconds(self.cache_ttl.map(|t| t.as_secs()))
            .maybe_caching_enabled(self.caching)
            .maybe_data_trace_enabled(self.data_trace)
            .http_method(http_method)
            .maybe_logging_level(self.logging_level.map(LoggingLevel::as_str))
            .maybe_metrics_enabled(self.metrics)
            .resource_path(path)
            .maybe_throttling_burst_limit(self.throttle.map(|(_, b)| b))
            .maybe_throttling_rate_limit(self.throttle.map(|(r, _)| r))
            .build()
    }

    /// [`render`](Self::render) as the SAM API's `MethodSettings` entry (same fields).
    fn render_sam(&self, path: &str, http_method: &str) -> serverless::MethodSetting {
        serverless::MethodSetting::builder()
            .maybe_cache_data_encrypted(self.cache_encrypted)
            .maybe_cache_ttl_in_seconds(self.cache_ttl.map(|t| t.as_secs()))
            .maybe_caching_enabled(self.caching)
            .maybe_data_trace_enabled(self.data_trace)
            .http_method(http_method)
            .maybe_logging_level(self.logging_level.map(LoggingLevel::as_str))
            .maybe_metrics_enabled(self.metrics)
            .resource_path(path)
            .maybe_throttling_burst_limit(self.throttle.map(|(_, b)| b))
            .maybe_throttling_rate_limit(self.throttle.map(|(r, _)| r))
            .build()
    }
}

/// The format of a stage's access log lines.
#[derive(Clone, Debug)]
pub struct AccessLogFormat(String);

impl AccessLogFormat {
    /// One JSON object per request with the standard fields (AWS CDK's
    /// `jsonWithStandardFields`): request id, source IP, caller, user, time, method, resource
    /// path, status, protocol and response length.
    pub fn json_with_standard_fields() -> AccessLogFormat {
        AccessLogFormat(
            "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\",\"caller\":\"$context.identity.caller\",\"user\":\"$context.identity.user\",\"requestTime\":\"$context.requestTime\",\"httpMethod\":\"$context.httpMethod\",\"resourcePath\":\"$context.resourcePath\",\"status\":\"$context.status\",\"protocol\":\"$context.protocol\",\"responseLength\":\"$context.responseLength\"}"
                .to_string(),
        )
    }

    /// Common Log Format (AWS CDK's `clf`), with the request id at the end.
    pub fn clf() -> AccessLogFormat {
        AccessLogFormat(
            "$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] \"$context.httpMethod $context.resourcePath $context.protocol\" $context.status $context.responseLength $context.requestId"
                .to_string(),
        )
    }

    /// Your own format of `$context` variables. API Gateway requires `$context.requestId`
    /// (or `$context.extendedRequestId`) in it; without, it is a synth error.
    pub fn custom(format: &str) -> AccessLogFormat {
        AccessLogFormat(format.to_string())
    }

    /// The format's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A canary on the stage: a percentage of the stage's traffic goes to the newest deployment
/// with its own stage-variable overrides, logs and metrics (`<stage>/Canary`), the rest to
/// the base deployment.
///
/// **How a canary release goes with CloudFormation.** The deployment's logical ID follows the
/// API's definition, so a changed API is a new deployment. With a canary:
///
/// 1. Deploy the change with [`base_deployment_id`](Self::base_deployment_id) set to the
///    deployment the stage serves now (the `DeploymentId` of the stage, or the previous
///    synthesis' `<api>/Deployment` id in the stack's resources). The stage keeps serving it
///    to the rest of the traffic, and the new deployment gets `percent` %. Deployments are
///    kept when replaced (`DeletionPolicy: Retain`) while a canary is set, so the base one
///    survives the update.
/// 2. Watch the canary's metrics and logs (`API-Gateway-Execution-Logs_<api>/<stage>/Canary`).
/// 3. **Promote** by removing the canary from the stage options and deploying again: the
///    stage then serves the new deployment to all traffic (the same deployment resource, so
///    nothing is redeployed). To roll back instead, revert the change and remove the canary.
///
/// Without a base deployment id the stage and its canary serve the same (newest) deployment:
/// the stage-variable overrides still apply to the canary's share.
#[derive(Clone, Debug)]
pub struct Canary {
    percent: f64,
    overrides: Vec<(String, String)>,
    use_stage_cache: Option<bool>,
    base: Option<String>,
}

impl Canary {
    /// `percent` (0–100) of the stage's traffic to the canary.
    pub fn new(percent: f64) -> Canary {
        Canary {
            percent,
            overrides: Vec::new(),
            use_stage_cache: None,
            base: None,
        }
    }

    /// A stage variable the canary sees with another value (e.g. the canary's backend).
    pub fn stage_variable_override(mut self, name: &str, value: &str) -> Self {
        match self.overrides.iter_mut().find(|(n, _)| n == name) {
            Some(e) => e.1 = value.to_string(),
            None => self.overrides.push((name.to_string(), value.to_string())),
        }
        self
    }

    /// Whether the canary answers from the stage's cache (default: no, API Gateway's).
    pub fn use_stage_cache(mut self, use_cache: bool) -> Self {
        self.use_stage_cache = Some(use_cache);
        self
    }

    /// The deployment the rest of the traffic stays on (its id, e.g. `a1b2c3`); the new
    /// deployment is the canary. See [`Canary`] for the release steps.
    pub fn base_deployment_id(mut self, id: &str) -> Self {
        self.base = Some(id.to_string());
        self
    }
}

/// How the API's stage is configured ([`RestApiBuilder::deploy_options`](super::RestApiBuilder::deploy_options)).
#[derive(Clone, Debug, Default)]
pub struct StageOptions {
    defaults: MethodSettings,
    methods: Vec<(String, HttpMethod, MethodSettings)>,
    cache_cluster: Option<CacheClusterSize>,
    access_log: Option<(LogGroup, AccessLogFormat)>,
    tracing: bool,
    canary: Option<Canary>,
}

impl StageOptions {
    /// No settings: no cache cluster, no access logs, no tracing, no canary, API Gateway's
    /// method defaults.
    pub fn new() -> StageOptions {
        StageOptions::default()
    }

    /// Settings of every method (`ResourcePath: /*`, `HttpMethod: *`).
    pub fn method_defaults(mut self, settings: MethodSettings) -> Self {
        self.defaults = settings;
        self
    }

    /// Settings of the method `http_method` on the resource `path` (`/items/{id}`, as the
    /// API's tree spells it), over the defaults. The same method twice is a synth error. For a
    /// method you hold, [`Stage::add_method_settings`] takes it directly.
    pub fn method_settings(
        mut self,
        path: &str,
        http_method: HttpMethod,
        settings: MethodSettings,
    ) -> Self {
        self.methods.push((path.to_string(), http_method, settings));
        self
    }

    /// A cache cluster of `size` for the stage (default: none; billed per hour). Methods
    /// cache with [`MethodSettings::caching`].
    pub fn cache_cluster(mut self, size: CacheClusterSize) -> Self {
        self.cache_cluster = Some(size);
        self
    }

    /// One access log line per request in `group`, in `format` (default: no access logs).
    /// Needs the account's CloudWatch role, which the API creates.
    pub fn access_log(mut self, group: &LogGroup, format: AccessLogFormat) -> Self {
        self.access_log = Some((group.clone(), format));
        self
    }

    /// X-Ray tracing of requests (default: off).
    pub fn tracing(mut self, enabled: bool) -> Self {
        self.tracing = enabled;
        self
    }

    /// A canary on the stage (default: none); see [`Canary`] for releasing and promoting.
    pub fn canary(mut self, canary: Canary) -> Self {
        self.canary = Some(canary);
        self
    }
}

/// The stage a [`RestApi`](super::RestApi) publishes its [`Deployment`] to
/// (`<api>/DeploymentStage.<name>/Resource`, AWS CDK's path). Cheap to clone.
#[derive(Clone)]
pub struct Stage {
    scope: Scope,
    cfn: CfnStage,
    state: Rc<StageState>,
}

crate::util::construct_handle!(Stage);

struct StageState {
    api: Scope,
    api_resource: CfnResource,
    cloud_watch_role: bool,
    defaults: MethodSettings,
    cache_cluster: bool,
    methods: RefCell<Vec<(String, String, MethodSettings)>>,
    account: RefCell<Option<CfnAccount>>,
    /// The SAM API that renders the stage in the SAM template, when SAM-native.
    sam: Option<Rc<SamApi>>,
}

/// Checks stage variable names and literal values on `node`.
fn check_variables<'a>(
    node: &cdk_core::Node,
    variables: impl Iterator<Item = (&'a str, Option<String>)>,
) {
    for (key, value) in variables {
        let key_ok = (1..=64).contains(&key.len())
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !key_ok {
            node.add_error(
                format!("`{key}` is not a valid stage variable name"),
                "use 1-64 letters, digits and `_`",
            );
        }
        if let Some(v) = value {
            let value_ok = (1..=512).contains(&v.len())
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-._~:/?#&=,".contains(c));
            if !value_ok {
                node.add_error(
                    format!("the value `{v}` of stage variable `{key}` is not valid"),
                    "use 1-512 letters, digits and `-._~:/?#&=,`",
                );
            }
        }
    }
}

/// `path` as a method setting's `ResourcePath`: `/` stays, `/items/{id}` is `/~1items~1{id}`.
pub(super) fn encode_resource_path(path: &str) -> String {
    if path == "/" {
        return "/".to_string();
    }
    format!("/{}", path.replace('~', "~0").replace('/', "~1"))
}

/// What [`Stage::create`] needs besides the options.
pub(super) struct StageArgs<'a> {
    pub(super) api: &'a Scope,
    pub(super) api_resource: &'a CfnResource,
    pub(super) rest_api_id: Str,
    pub(super) deployment: &'a Deployment,
    pub(super) name: &'a str,
    pub(super) description: Option<Str>,
    pub(super) variables: Vec<(String, Str)>,
    pub(super) cloud_watch_role: bool,
    pub(super) sam: Option<Rc<SamApi>>,
}

impl Stage {
    /// The stage `args.name` of the API, pointing at `args.deployment`, configured by
    /// `options`.
    pub(super) fn create(args: StageArgs<'_>, options: StageOptions) -> Stage {
        let name = args.name;
        let scope = Scope::new(args.api, &format!("DeploymentStage.{name}"));
        let node = scope.node().clone();
        let valid_name = |n: &str| {
            (1..=128).contains(&n.len())
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        if !valid_name(name) {
            node.add_error(
                format!("`{name}` is not a valid stage name"),
                "use 1-128 letters, digits, `-` and `_` (e.g. `prod`)",
            );
        }
        check_variables(
            &node,
            args.variables.iter().map(|(k, v)| (k.as_str(), literal(v))),
        );
        options.defaults.validate(&node, "the stage's methods");
        let access_log = options.access_log.as_ref().map(|(group, format)| {
            let f = format.as_str();
            if !f.contains("$context.requestId") && !f.contains("$context.extendedRequestId") {
                node.add_error(
                    "the access log format has no `$context.requestId`",
                    "API Gateway refuses an access log format without $context.requestId (or $context.extendedRequestId): add it, or use AccessLogFormat::json_with_standard_fields()",
                );
            }
            AccessLogSetting::builder()
                .destination_arn(group.arn())
                .format(f)
                .build()
        });
        let canary = options.canary.as_ref().map(|c| {
            if !c.percent.is_finite() || !(0.0..=100.0).contains(&c.percent) {
                node.add_error(
                    format!("a canary percent of {} is outside 0-100", c.percent),
                    "give the canary's share of the traffic in percent, e.g. Canary::new(10.0)",
                );
            }
            check_variables(
                &node,
                c.overrides
                    .iter()
                    .map(|(k, v)| (k.as_str(), Some(v.clone()))),
            );
            CanarySetting::builder()
                .maybe_deployment_id(c.base.as_ref().map(|_| args.deployment.deployment_id()))
                .percent_traffic(c.percent)
                .maybe_stage_variable_overrides(
                    (!c.overrides.is_empty()).then(|| c.overrides.clone()),
                )
                .maybe_use_stage_cache(c.use_stage_cache)
                .build()
        });
        // With a canary on a base deployment, the stage serves the base and the new
        // deployment is the canary; replaced deployments are kept so the base survives.
        let base = options.canary.as_ref().and_then(|c| c.base.clone());
        let deployment_id = match &base {
            Some(id) => Str::from(id.as_str()),
            None => args.deployment.deployment_id(),
        };
        // (A SAM-native API has no base deployment to keep: SAM's canary shares the stage's.)
        if options.canary.is_some() && args.sam.is_none() {
            args.deployment
                .resource()
                .apply_removal_policy(RemovalPolicy::Retain);
        }
        let props = CfnStageProps::builder()
            .maybe_access_log_setting(access_log)
            .maybe_cache_cluster_enabled(options.cache_cluster.map(|_| true))
            .maybe_cache_cluster_size(options.cache_cluster.map(CacheClusterSize::as_str))
            .maybe_canary_setting(canary)
            .deployment_id(deployment_id)
            .maybe_description(args.description)
            .rest_api_id(args.rest_api_id)
            .stage_name(name)
            .maybe_tracing_enabled(options.tracing.then_some(true))
            .maybe_variables((!args.variables.is_empty()).then(|| args.variables.clone()))
            .build();
        let cfn = CfnStage::new(&scope, "Resource", props);
        if let Some(sam) = &args.sam {
            cfn.resource().only_in(Flavor::Cfn);
            args.deployment.resource().only_in(Flavor::Cfn);
            render_sam_stage(sam, &node, &args.variables, &options);
        }
        let stage = Stage {
            scope,
            cfn,
            state: Rc::new(StageState {
                api: args.api.clone(),
                api_resource: args.api_resource.clone(),
                cloud_watch_role: args.cloud_watch_role,
                defaults: options.defaults.clone(),
                cache_cluster: options.cache_cluster.is_some(),
                methods: RefCell::new(Vec::new()),
                account: RefCell::new(None),
                sam: args.sam.clone(),
            }),
        };
        if options.defaults.caching == Some(true) {
            stage.no_cluster_error("the stage's methods");
        }
        for (path, method, settings) in options.methods {
            let valid = path == "/"
                || path
                    .strip_prefix('/')
                    .is_some_and(|p| p.split('/').all(valid_part));
            if !valid {
                node.add_error(
                    format!("`{path}` is not a resource path of method settings"),
                    "give the resource's path as the API's tree spells it, e.g. `/items/{id}`",
                );
                continue;
            }
            stage.add_settings(&path, method, settings);
        }
        if options.access_log.is_some() || options.defaults.logs() {
            stage.ensure_account();
        }
        stage.render_method_settings();
        stage
    }

    /// Settings of `method` over the stage-wide ones (its path `~1`-encoded). A method with
    /// settings already is a synth error.
    pub fn add_method_settings(&self, method: &Method, settings: MethodSettings) {
        self.add_settings(method.path(), method.http_method(), settings);
        self.render_method_settings();
    }

    fn add_settings(&self, path: &str, method: HttpMethod, settings: MethodSettings) {
        let node = self.scope.node();
        let what = format!("{} {path}", method.as_str());
        settings.validate(node, &what);
        if settings.caching == Some(true) {
            self.no_cluster_error(&what);
        }
        let encoded = encode_resource_path(path);
        let http_method = method.as_str().to_string();
        if self
            .state
            .methods
            .borrow()
            .iter()
            .any(|(p, m, _)| *p == encoded && *m == http_method)
        {
            node.add_error(
                format!("the method settings of {what} are given twice"),
                "give each method's settings once",
            );
            return;
        }
        if settings.logs() {
            self.ensure_account();
        }
        self.state
            .methods
            .borrow_mut()
            .push((encoded, http_method, settings));
    }

    fn no_cluster_error(&self, what: &str) {
        if !self.state.cache_cluster {
            self.scope.node().add_error(
                format!("caching is on for {what}, but the stage has no cache cluster"),
                "add StageOptions::cache_cluster(CacheClusterSize::Gb0_5) (or larger) to the deploy options",
            );
        }
    }

    fn render_method_settings(&self) {
        let mut list = Vec::new();
        if !self.state.defaults.is_empty() {
            list.push(self.state.defaults.render("/*", "*"));
        }
        for (path, method, settings) in self.state.methods.borrow().iter() {
            list.push(settings.render(path, method));
        }
        if list.is_empty() {
            self.cfn.props().method_settings().clear();
        } else {
            self.cfn.props().method_settings().set(list);
        }
        if let Some(sam) = &self.state.sam {
            let mut list = Vec::new();
            if !self.state.defaults.is_empty() {
                list.push(self.state.defaults.render_sam("/*", "*"));
            }
            for (path, method, settings) in self.state.methods.borrow().iter() {
                list.push(settings.render_sam(path, method));
            }
            let props = sam.cfn().props();
            if list.is_empty() {
                props.method_settings().clear();
            } else {
                props.method_settings().set(list);
            }
        }
    }

    /// The account-level CloudWatch role API Gateway logs with (`<api>/CloudWatchRole`,
    /// `<api>/Account`, AWS CDK's paths, both retained on delete), created once, when logging
    /// needs it; the stage waits for it.
    fn ensure_account(&self) {
        if !self.state.cloud_watch_role || self.state.account.borrow().is_some() {
            return;
        }
        // The setting is one per account and Region: a second API of the stack shares the
        // first one's (or the program's own `AWS::ApiGateway::Account`) and waits for it.
        if let Some(account) = stack_account(&self.state.api.node().stack()) {
            match &self.state.sam {
                Some(sam) => {
                    sam.resource().add_dependency(account.resource());
                    self.state.api_resource.add_dependency(account.resource());
                }
                None => {
                    self.cfn.resource().add_dependency(account.resource());
                }
            }
            *self.state.account.borrow_mut() = Some(account);
            return;
        }
        let role = Role::new(
            &self.state.api,
            "CloudWatchRole",
            Principal::service("apigateway.amazonaws.com"),
        )
        .managed_policy(ManagedPolicy::aws(
            "service-role/AmazonAPIGatewayPushToCloudWatchLogs",
        ))
        .build();
        role.resource().apply_removal_policy(RemovalPolicy::Retain);
        let props = CfnAccountProps::builder()
            .cloud_watch_role_arn(role.arn())
            .build();
        let account = CfnAccount::new(&self.state.api, "Account", props);
        account
            .resource()
            .apply_removal_policy(RemovalPolicy::Retain);
        match &self.state.sam {
            // SAM gives the API's `DependsOn` to the RestApi it generates (not to the stage,
            // which waits for the API through its deployment), so the plain template's
            // RestApi waits for the account as SAM's does.
            Some(sam) => {
                sam.resource().add_dependency(account.resource());
                self.state.api_resource.add_dependency(account.resource());
            }
            None => {
                account.resource().add_dependency(&self.state.api_resource);
                self.cfn.resource().add_dependency(account.resource());
            }
        }
        *self.state.account.borrow_mut() = Some(account);
    }

    /// The stage's name (`Ref`, which is the name): referencing it makes a resource wait
    /// for the stage, as a usage plan must.
    pub fn stage_name(&self) -> Str {
        match &self.state.sam {
            Some(sam) => Flavor::either(self.cfn.ref_(), sam.stage_ref()),
            None => self.cfn.ref_(),
        }
    }

    /// The account-level CloudWatch settings resource (`AWS::ApiGateway::Account`), when
    /// logging made the API create it or share the stack's.
    pub fn account(&self) -> Option<CfnAccount> {
        self.state.account.borrow().clone()
    }

    /// The stage's typed L1 resource (`CfnStage`), for settings this construct lacks.
    pub fn cfn(&self) -> &CfnStage {
        &self.cfn
    }

    /// The underlying resource: overrides, dependencies, metadata.
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }
}

/// The stage's settings on the SAM API (`Variables`, `AccessLogSetting`, the cache cluster,
/// `CanarySetting`, `TracingEnabled`); method settings follow in `render_method_settings`.
fn render_sam_stage(
    sam: &SamApi,
    node: &cdk_core::Node,
    variables: &[(String, Str)],
    options: &StageOptions,
) {
    let props = sam.cfn().props();
    if !variables.is_empty() {
        props.variables().set(variables.iter().cloned());
    }
    if let Some((group, format)) = &options.access_log {
        props.access_log_setting().set(
            serverless::AccessLogSetting::builder()
                .destination_arn(group.arn())
                .format(format.as_str())
                .build(),
        );
    }
    if let Some(size) = options.cache_cluster {
        props.cache_cluster_enabled().set(true);
        props.cache_cluster_size().set(size.as_str());
    }
    if let Some(c) = &options.canary {
        if c.base.is_some() {
            node.add_error(
                "a canary on a base deployment cannot be expressed by a SAM-native REST API",
                "SAM's CanarySetting shares the stage's deployment: drop .base_deployment_id, or build the API with .sam_native(false)",
            );
        }
        props.canary_setting().set(
            serverless::CanarySetting::builder()
                .percent_traffic(c.percent)
                .maybe_stage_variable_overrides(
                    (!c.overrides.is_empty()).then(|| c.overrides.clone()),
                )
                .maybe_use_stage_cache(c.use_stage_cache)
                .build(),
        );
    }
    if options.tracing {
        props.tracing_enabled().set(true);
    }
}

/// The `AWS::ApiGateway::Account` already in `stack` (another API's, or one the program
/// made), if any.
fn stack_account(stack: &cdk_core::Stack) -> Option<CfnAccount> {
    let mut todo = stack.node().children();
    todo.reverse();
    while let Some(node) = todo.pop() {
        if let Some(account) =
            CfnResource::from_node(&node).and_then(|r| CfnAccount::from_resource(&r))
        {
            return Some(account);
        }
        let mut children = node.children();
        children.reverse();
        todo.extend(children);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_paths_are_tilde_encoded() {
        assert_eq!(encode_resource_path("/"), "/");
        assert_eq!(encode_resource_path("/items"), "/~1items");
        assert_eq!(encode_resource_path("/items/{id}"), "/~1items~1{id}");
    }

    #[test]
    fn only_api_gateways_cache_sizes_exist() {
        let sizes: Vec<&str> = CacheClusterSize::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            sizes,
            ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"]
        );
        assert_eq!(
            CacheClusterSize::from_gb(0.5),
            Some(CacheClusterSize::Gb0_5)
        );
        assert_eq!(
            CacheClusterSize::from_gb(237.0),
            Some(CacheClusterSize::Gb237)
        );
        assert_eq!(CacheClusterSize::from_gb(1.0), None);
        assert_eq!(CacheClusterSize::from_gb(500.0), None);
    }
}
