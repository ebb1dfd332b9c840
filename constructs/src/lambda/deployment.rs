//! `DeploymentPreference`: how CodeDeploy shifts an alias to a new version (SAM's
//! `DeploymentPreference`), and the wiring it needs: the SAM property in the SAM template,
//! CodeDeploy's application, deployment group and service role, the alias's update policy
//! and the hooks' grants in the plain one.

use std::cell::RefCell;
use std::rc::Rc;

use cdk_core::{fns, CfnResource, Construct, Flavor, Scope, Stack, Str, Value};
use cfn_l1::codedeploy::{
    deployment_group, CfnApplication, CfnApplicationProps, CfnDeploymentGroup,
    CfnDeploymentGroupProps,
};
use cfn_l1::iam::{CfnRole, CfnRoleProps};
use cfn_l1::sam::{self, function as serverless};

use super::{Alias, Function, Version, RESOURCE};
use crate::cloudwatch::Alarm;
use crate::codedeploy::LambdaDeploymentConfig;
use crate::iam::{ManagedPolicy, PolicyDocument, PolicyStatement, Principal, Role};

/// The logical ID of the CodeDeploy application SAM creates once per template.
const SAM_APPLICATION_ID: &str = "ServerlessDeploymentApplication";
/// The logical ID of the CodeDeploy service role SAM creates once per template.
const SAM_SERVICE_ROLE_ID: &str = "CodeDeployServiceRole";
/// The construct id of a function's deployment group (`<Fn>/DeploymentGroup/Resource`).
const DEPLOYMENT_GROUP_ID: &str = "DeploymentGroup";

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

/// A function's deployment preference as built: SAM's `DeploymentPreference` on the SAM
/// function and, when enabled, CodeDeploy's resources in the plain template. Alarms may be
/// added after build; both templates follow. Cheap to clone; clones share the preference.
#[derive(Clone, Debug)]
pub(super) struct Deployment {
    preference: Rc<RefCell<DeploymentPreference>>,
    sam: sam::CfnFunction,
    /// The plain template's deployment group (only when enabled).
    group: Option<CfnDeploymentGroup>,
}

impl Deployment {
    /// Wires `preference` for the function at `scope` (its SAM resource `sam`, its published
    /// `alias` and `version`): the plain template's CodeDeploy resources as SAM generates
    /// them when it is enabled (the stack's `ServerlessDeploymentApplication` and
    /// `CodeDeployServiceRole`, shared and created by the first function that needs them, the
    /// function's `<Fn>DeploymentGroup`, the alias's `UpdatePolicy`), the hooks' grants, and
    /// SAM's property.
    pub(super) fn create(
        scope: &Scope,
        sam: &sam::CfnFunction,
        alias: &Alias,
        version: &Version,
        preference: DeploymentPreference,
    ) -> Deployment {
        let group = preference
            .enabled
            .then(|| code_deploy(scope, sam, alias, version, &preference));
        let deployment = Deployment {
            preference: Rc::new(RefCell::new(preference)),
            sam: sam.clone(),
            group,
        };
        deployment.render();
        deployment
    }

    /// Rolls the deployments back when `alarm` fires too.
    pub(super) fn add_alarm(&self, alarm: &Alarm) {
        self.preference.borrow_mut().alarms.push(alarm.clone());
        self.render();
    }

    /// Renders the preference into the SAM function and the plain deployment group.
    fn render(&self) {
        let p = self.preference.borrow();
        // The transform moves the alarms onto the deployment group; a plain `Ref` here would
        // look like a cycle (the alarm watches this function).
        let alarms: Vec<Value> = p
            .alarms
            .iter()
            .map(|a| a.resource().transform_ref("").into())
            .collect();
        let hooks = (p.pre_traffic.is_some() || p.post_traffic.is_some()).then(|| {
            serverless::Hooks::builder()
                .maybe_post_traffic(p.post_traffic.as_ref().map(Function::function_name))
                .maybe_pre_traffic(p.pre_traffic.as_ref().map(Function::function_name))
                .build()
        });
        self.sam.props().deployment_preference().set(
            serverless::DeploymentPreference::builder()
                .maybe_alarms((!alarms.is_empty()).then_some(alarms))
                .maybe_enabled((!p.enabled).then_some(false))
                .maybe_hooks(hooks)
                .maybe_role(p.role.as_ref().map(Role::arn))
                .r#type(p.config.sam_value())
                .build(),
        );
        // Alarms are only ever added, so an empty list needs nothing removed.
        if let (Some(group), false) = (&self.group, p.alarms.is_empty()) {
            group.props().alarm_configuration().set(
                deployment_group::AlarmConfiguration::builder()
                    .alarms(p.alarms.iter().map(|a| {
                        deployment_group::Alarm::builder()
                            .name(a.alarm_name())
                            .build()
                    }))
                    .enabled(true)
                    .build(),
            );
        }
    }
}

/// The plain template's CodeDeploy resources and the hooks' grants (see
/// [`Deployment::create`]). Returns the deployment group.
fn code_deploy(
    scope: &Scope,
    sam: &sam::CfnFunction,
    alias: &Alias,
    version: &Version,
    preference: &DeploymentPreference,
) -> CfnDeploymentGroup {
    let node = scope.node().clone();
    let stack = node.stack();
    let fn_id = sam.resource().logical_id();
    let dg_id = format!("{fn_id}DeploymentGroup");
    let reserve = |id: &str, reason: &str| {
        stack.reserve_logical_id(Flavor::Sam, id, reason);
    };
    reserve(&dg_id, "SAM's deployment group of a function");
    reserve(
        SAM_APPLICATION_ID,
        "SAM's CodeDeploy application for functions with a DeploymentPreference",
    );

    let application = shared(
        &stack,
        SAM_APPLICATION_ID,
        CfnApplication::CFN_TYPE,
        |stack| {
            let props = CfnApplicationProps::builder()
                .compute_platform(cfn_l1::codedeploy::application::ComputePlatform::Lambda);
            CfnApplication::new(stack, SAM_APPLICATION_ID, props.build())
                .resource()
                .clone()
        },
    );
    let service_role_arn: Str = match &preference.role {
        Some(role) => role.arn(),
        None => {
            reserve(
                SAM_SERVICE_ROLE_ID,
                "SAM's CodeDeploy service role for functions with a DeploymentPreference",
            );
            let role = shared(&stack, SAM_SERVICE_ROLE_ID, CfnRole::CFN_TYPE, |stack| {
                let trust = PolicyStatement::allow()
                    .actions(["sts:AssumeRole"])
                    .principal(Principal::service("codedeploy.amazonaws.com"));
                let props = CfnRoleProps::builder()
                    .assume_role_policy_document(PolicyDocument::new().statement(trust).to_value())
                    .managed_policy_arns(vec![ManagedPolicy::aws(
                        "service-role/AWSCodeDeployRoleForLambda",
                    )
                    .arn()]);
                CfnRole::new(stack, SAM_SERVICE_ROLE_ID, props.build())
                    .resource()
                    .clone()
            });
            // The shared role may have been created by another function: found in the tree as
            // a plain resource, which `shared` checked is a role.
            match CfnRole::from_resource(&role) {
                Some(role) => role.attr_arn(),
                None => role.ref_(), // not reached: `shared` reported the wrong type
            }
        }
    };

    let group_scope = Scope::new(scope, DEPLOYMENT_GROUP_ID);
    let group = CfnDeploymentGroup::new(
        &group_scope,
        RESOURCE,
        CfnDeploymentGroupProps::builder()
            .application_name(application.ref_())
            .auto_rollback_configuration(
                deployment_group::AutoRollbackConfiguration::builder()
                    .enabled(true)
                    .events([
                        "DEPLOYMENT_FAILURE",
                        "DEPLOYMENT_STOP_ON_ALARM",
                        "DEPLOYMENT_STOP_ON_REQUEST",
                    ])
                    .build(),
            )
            .deployment_config_name(preference.config.name())
            .deployment_style(
                deployment_group::DeploymentStyle::builder()
                    .deployment_option("WITH_TRAFFIC_CONTROL")
                    .deployment_type("BLUE_GREEN")
                    .build(),
            )
            .service_role_arn(service_role_arn)
            .build(),
    );
    group
        .resource()
        .only_in(Flavor::Cfn)
        .override_logical_id(&dg_id);

    // `UpdatePolicy` is a resource attribute, which the L1 (properties only) does not type.
    let mut update: Vec<(&str, Value)> = vec![
        ("ApplicationName", application.ref_().into()),
        ("DeploymentGroupName", group.ref_().into()),
    ];
    if let Some(h) = &preference.pre_traffic {
        update.push(("BeforeAllowTrafficHook", h.function_name().into()));
    }
    if let Some(h) = &preference.post_traffic {
        update.push(("AfterAllowTrafficHook", h.function_name().into()));
    }
    alias.cfn().resource().set_update_policy(Value::map([(
        "CodeDeployLambdaAliasUpdate",
        Value::map(update),
    )]));

    // -- hooks: report their result, and test the new version -------------------------------
    let app_name: Str = Flavor::either(application.ref_(), fns::transform_ref(SAM_APPLICATION_ID));
    let group_name: Str = Flavor::either(
        group.ref_(),
        sam.resource().transform_ref(DEPLOYMENT_GROUP_ID),
    );
    let group_arn = fns::sub(
        "arn:${AWS::Partition}:codedeploy:${AWS::Region}:${AWS::AccountId}:deploymentgroup:${Application}/${DeploymentGroup}",
        [("Application", app_name), ("DeploymentGroup", group_name)],
    );
    for (hook, what) in [
        (&preference.pre_traffic, "pre-traffic"),
        (&preference.post_traffic, "post-traffic"),
    ] {
        let Some(hook) = hook else { continue };
        hook.add_to_role_policy(
            PolicyStatement::allow()
                .actions(["codedeploy:PutLifecycleEventHookExecutionStatus"])
                .resources([group_arn.clone()]),
        );
        hook.add_to_role_policy(
            PolicyStatement::allow()
                .actions(["lambda:InvokeFunction"])
                .resources([version.arn()]),
        );
        match &preference.role {
            Some(role) => role.add_to_policy(
                PolicyStatement::allow()
                    .actions(["lambda:InvokeFunction"])
                    .resources([hook.arn()]),
            ),
            None => check_hook_name(&node, hook, what),
        }
    }
    group
}

/// The default CodeDeploy role (`AWSCodeDeployRoleForLambda`) may invoke only functions
/// named `CodeDeployHook_*`.
fn check_hook_name(node: &cdk_core::Node, hook: &Function, what: &str) {
    let problem = match hook.literal_function_name() {
        Some(name) if name.starts_with("CodeDeployHook_") => return,
        Some(name) => format!("its name `{name}` does not start with `CodeDeployHook_`"),
        None if hook.has_function_name() => return, // an expression: trusted
        None => "it has no function name, so CloudFormation generates one".to_string(),
    };
    node.add_error(
        format!(
            "the {what} hook `{}` cannot be invoked by CodeDeploy: {problem}, and the default CodeDeploy role (AWSCodeDeployRoleForLambda) may only invoke functions named `CodeDeployHook_*`",
            hook.node().path()
        ),
        "give the hook .function_name(\"CodeDeployHook_<name>\") (or an fns::sub starting with that prefix), or give the deployment preference your own role with .role(&role)",
    );
}

/// The stack-level resource `id` of `type_` shared by every function of the stack (plain
/// template only), created by the first caller with `create`.
fn shared(
    stack: &Stack,
    id: &str,
    type_: &str,
    create: impl FnOnce(&Stack) -> CfnResource,
) -> CfnResource {
    let existing = stack.node().children().into_iter().find(|c| c.id() == id);
    if let Some(node) = existing {
        match CfnResource::from_node(&node) {
            Some(r) if r.resource_type() == type_ => return r,
            _ => {
                node.add_error(
                    format!("`{id}` is the name of SAM's shared {type_}, which this stack needs for a deployment preference"),
                    "rename this construct",
                );
            }
        }
    }
    let r = create(stack);
    r.only_in(Flavor::Cfn);
    r
}
