//! `DeploymentPreference`: how CodeDeploy shifts an alias to a new version (SAM's
//! `DeploymentPreference`).

use crate::cloudwatch::Alarm;
use crate::codedeploy::LambdaDeploymentConfig;
use crate::iam::Role;

use super::Function;

/// How new versions of a function reach its alias: a CodeDeploy deployment configuration
/// (canary, linear, all at once), alarms that roll it back, and hook functions that test the
/// new version before and after the traffic shift. SAM's `DeploymentPreference`.
///
/// Given to [`FunctionBuilder::deployment_preference`](super::FunctionBuilder::deployment_preference),
/// which only exists after [`auto_publish_alias`](super::FunctionBuilder::auto_publish_alias):
/// a deployment preference without an alias does not compile.
///
/// Defaults: enabled, no alarms, no hooks, the CodeDeploy service role SAM creates
/// (`CodeDeployServiceRole`, with the AWS managed policy `AWSCodeDeployRoleForLambda`).
///
/// **Hook names.** That managed policy lets CodeDeploy invoke only functions whose name
/// starts with `CodeDeployHook_`, so with the default role a hook must have a
/// [`function_name`](super::FunctionBuilder::function_name) with that prefix (checked at
/// synth for literal names; an expression such as
/// `fns::sub("CodeDeployHook_${AWS::StackName}-pre", [])` is trusted). With your own
/// [`role`](Self::role) any name works: the role is granted `lambda:InvokeFunction` on the
/// hooks.
///
/// ```
/// use cdk_core::{App, Stack};
/// use constructs::lambda::{Code, DeploymentPreference, Function, Runtime};
///
/// let app = App::new();
/// let stack = Stack::new(&app, "Api");
/// let code = || Code::from_inline("def handler(event, context):\n    return None\n");
/// let check = Function::new(&stack, "PreTraffic", Runtime::PYTHON_3_13, code(), "index.handler")
///     .function_name("CodeDeployHook_ApiPreTraffic")
///     .build();
/// let func = Function::new(&stack, "Handler", Runtime::PYTHON_3_13, code(), "index.handler")
///     .auto_publish_alias("live")
///     .deployment_preference(DeploymentPreference::canary_10_percent_5_minutes().pre_traffic(&check))
///     .build();
/// let sam = stack.sam_template().unwrap();
/// let props = &sam["Resources"][func.resource().logical_id()]["Properties"];
/// assert_eq!(props["AutoPublishAlias"], "live");
/// assert_eq!(props["DeploymentPreference"]["Type"], "Canary10Percent5Minutes");
/// ```
#[derive(Clone, Debug)]
pub struct DeploymentPreference {
    pub(crate) config: LambdaDeploymentConfig,
    pub(crate) alarms: Vec<Alarm>,
    pub(crate) pre_traffic: Option<Function>,
    pub(crate) post_traffic: Option<Function>,
    pub(crate) enabled: bool,
    pub(crate) role: Option<Role>,
}

macro_rules! predefined {
    ($($(#[$doc:meta])* $fn_name:ident => $variant:ident;)*) => {
        $(
            $(#[$doc])*
            pub fn $fn_name() -> DeploymentPreference {
                DeploymentPreference::new(LambdaDeploymentConfig::$variant)
            }
        )*
    };
}

impl DeploymentPreference {
    /// A preference that deploys with `config`, enabled, without alarms or hooks.
    pub fn new(config: LambdaDeploymentConfig) -> DeploymentPreference {
        DeploymentPreference {
            config,
            alarms: Vec::new(),
            pre_traffic: None,
            post_traffic: None,
            enabled: true,
            role: None,
        }
    }

    predefined! {
        /// `AllAtOnce`: all traffic at once (still with hooks and alarms).
        all_at_once => AllAtOnce;
        /// `Canary10Percent5Minutes`: 10 % first, the rest after 5 minutes.
        canary_10_percent_5_minutes => Canary10Percent5Minutes;
        /// `Canary10Percent10Minutes`: 10 % first, the rest after 10 minutes.
        canary_10_percent_10_minutes => Canary10Percent10Minutes;
        /// `Canary10Percent15Minutes`: 10 % first, the rest after 15 minutes.
        canary_10_percent_15_minutes => Canary10Percent15Minutes;
        /// `Canary10Percent30Minutes`: 10 % first, the rest after 30 minutes.
        canary_10_percent_30_minutes => Canary10Percent30Minutes;
        /// `Linear10PercentEvery1Minute`: 10 % more every minute.
        linear_10_percent_every_1_minute => Linear10PercentEvery1Minute;
        /// `Linear10PercentEvery2Minutes`: 10 % more every 2 minutes.
        linear_10_percent_every_2_minutes => Linear10PercentEvery2Minutes;
        /// `Linear10PercentEvery3Minutes`: 10 % more every 3 minutes.
        linear_10_percent_every_3_minutes => Linear10PercentEvery3Minutes;
        /// `Linear10PercentEvery10Minutes`: 10 % more every 10 minutes.
        linear_10_percent_every_10_minutes => Linear10PercentEvery10Minutes;
    }

    /// Rolls the deployment back when `alarm` fires (default: no alarms). Alarms on the
    /// function's own alias can only be made after the function: add those with
    /// [`AliasedFunction::add_deployment_alarm`](super::AliasedFunction::add_deployment_alarm).
    pub fn alarm(mut self, alarm: &Alarm) -> Self {
        self.alarms.push(alarm.clone());
        self
    }

    /// Runs `hook` before traffic shifts to the new version (default: none). The hook is
    /// granted `codedeploy:PutLifecycleEventHookExecutionStatus` on this deployment group
    /// and `lambda:InvokeFunction` on the version being deployed, so it can test it and
    /// report the result.
    pub fn pre_traffic(mut self, hook: &Function) -> Self {
        self.pre_traffic = Some(hook.clone());
        self
    }

    /// Runs `hook` after all traffic has shifted (default: none); granted like
    /// [`pre_traffic`](Self::pre_traffic).
    pub fn post_traffic(mut self, hook: &Function) -> Self {
        self.post_traffic = Some(hook.clone());
        self
    }

    /// Whether CodeDeploy manages deployments (default: yes). Disabled, new versions
    /// reach the alias at once and no CodeDeploy resources are created, as with SAM's
    /// `Enabled: false`.
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// The service role CodeDeploy deploys with (default: SAM's `CodeDeployServiceRole`,
    /// shared by every function of the stack, with `AWSCodeDeployRoleForLambda`). Your role
    /// must trust `codedeploy.amazonaws.com` and carry the deployment permissions (e.g. the
    /// managed policy `service-role/AWSCodeDeployRoleForLambdaLimited`); it is granted
    /// `lambda:InvokeFunction` on the hooks.
    pub fn role(mut self, role: &Role) -> Self {
        self.role = Some(role.clone());
        self
    }

    /// The deployment configuration.
    pub fn config(&self) -> &LambdaDeploymentConfig {
        &self.config
    }
}
