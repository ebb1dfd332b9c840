//! A function's alias and version (`AutoPublishAlias`), and the CodeDeploy resources of its
//! deployment preference in the plain template.

use cdk_core::{fns, CfnResource, Construct, Flavor, Scope, Str, Value};

use super::function::{Function, SAM_APPLICATION_ID, SAM_SERVICE_ROLE_ID};
use super::DeploymentPreference;
use crate::cloudwatch::{Count, Metric, Milliseconds, Statistic, Unit};
use crate::iam::{ManagedPolicy, PolicyStatement};

/// The plain template's version and alias of a function with `AutoPublishAlias`.
#[derive(Clone)]
pub(crate) struct AliasParts {
    pub(crate) name: String,
    pub(crate) alias: CfnResource,
    pub(crate) version: CfnResource,
}

impl AliasParts {
    /// Creates `<Fn>Version<hash>` and `<Fn>Alias<name>` (plain template only, with SAM's
    /// logical IDs) and reserves the alias's ID in the SAM template.
    pub(crate) fn create(
        scope: &Scope,
        function: &CfnResource,
        fn_id: &str,
        name: &str,
    ) -> AliasParts {
        // SAM: `<Fn>Version` + 10 hex digits of a hash of the function (with
        // `AutoPublishAliasAllProperties`, of all its properties). Ours hashes the plain
        // function's rendered properties: a new version exactly when code or configuration
        // change, the same bytes otherwise. Old versions are kept (`DeletionPolicy: Retain`,
        // as SAM does), so CodeDeploy can shift back to them.
        let version = CfnResource::new(scope, "Version", "AWS::Lambda::Version");
        version
            .only_in(Flavor::Cfn)
            .logical_id_from_content(&format!("{fn_id}Version"), function)
            .set_property("FunctionName", function.ref_())
            .set_deletion_policy(cdk_core::DeletionPolicy::Retain);
        let alias_id = format!("{fn_id}Alias{}", sam_alias_suffix(name));
        let alias = CfnResource::new(scope, "Alias", "AWS::Lambda::Alias");
        alias
            .only_in(Flavor::Cfn)
            .override_logical_id(&alias_id)
            .set_property("FunctionName", function.ref_())
            .set_property("FunctionVersion", version.get_att("Version"))
            .set_property("Name", name);
        scope.node().stack().reserve_logical_id(
            Flavor::Sam,
            &alias_id,
            "SAM's alias of a function with AutoPublishAlias",
        );
        AliasParts {
            name: name.to_string(),
            alias,
            version,
        }
    }

    pub(crate) fn alias(&self, function: &Function) -> Alias {
        Alias {
            name: self.name.clone(),
            arn: Flavor::either(
                self.alias.ref_(),
                function.sam_resource().transform_ref(".Alias"),
            ),
            function_name: function.function_name(),
            resource: self.alias.clone(),
            function: function.clone(),
        }
    }

    pub(crate) fn version(&self, sam: &CfnResource) -> Version {
        Version {
            arn: Flavor::either(self.version.ref_(), sam.transform_ref(".Version")),
            resource: self.version.clone(),
        }
    }
}

/// SAM's alias part of the alias's logical ID: `-` becomes `D`, `_` becomes `U`.
fn sam_alias_suffix(name: &str) -> String {
    // SAM's mapping for the characters an alias name may have; anything else is in an
    // invalid name, which is reported once (as the name), not again as the logical ID.
    name.replace('-', "D")
        .replace('_', "U")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// A function's alias (SAM's `AutoPublishAlias`), as a typed reference usable anywhere:
/// event sources, rule targets, alarms, outputs, policies. Its [`arn`](Self::arn) is `{"Ref":
/// "<Fn>.Alias"}` in the SAM template and `{"Ref": "<Fn>Alias<name>"}` in the plain one
/// (both the alias's ARN).
#[derive(Clone, Debug)]
pub struct Alias {
    name: String,
    arn: Str,
    function_name: Str,
    resource: CfnResource,
    /// The function it is an alias of (what a rule target's permission and trigger
    /// registration go through).
    pub(super) function: Function,
}

impl Alias {
    /// The alias's name (`live`).
    pub fn alias_name(&self) -> &str {
        &self.name
    }

    /// The alias's ARN (`arn:…:function:<name>:<alias>`).
    pub fn arn(&self) -> Str {
        self.arn.clone()
    }

    /// The function's name (not qualified by the alias).
    pub fn function_name(&self) -> Str {
        self.function_name.clone()
    }

    /// The plain template's `AWS::Lambda::Alias` (escape hatch; not in the SAM template).
    pub fn resource(&self) -> &CfnResource {
        &self.resource
    }

    /// The alias's `Errors` metric (`AWS/Lambda`, dimensions `FunctionName` and `Resource`
    /// `<function>:<alias>`; sum per minute): what a deployment alarm watches, since only
    /// the alias carries the traffic being shifted.
    pub fn metric_errors(&self) -> Metric<Count> {
        self.metric("Errors", Statistic::Sum)
    }

    /// The alias's `Throttles` metric (sum per minute).
    pub fn metric_throttles(&self) -> Metric<Count> {
        self.metric("Throttles", Statistic::Sum)
    }

    /// The alias's `Invocations` metric (sum per minute).
    pub fn metric_invocations(&self) -> Metric<Count> {
        self.metric("Invocations", Statistic::Sum)
    }

    /// The alias's `Duration` metric (average per minute, in milliseconds).
    pub fn metric_duration(&self) -> Metric<Milliseconds> {
        self.metric("Duration", Statistic::Average)
    }

    fn metric<U: Unit>(&self, name: &str, statistic: Statistic) -> Metric<U> {
        Metric::new("AWS/Lambda", name)
            .dimension("FunctionName", self.function_name.clone())
            .dimension(
                "Resource",
                fns::join(
                    ":",
                    [self.function_name.clone(), Str::from(self.name.as_str())],
                ),
            )
            .statistic(statistic)
    }
}

/// The version a function's alias points at after this deployment (SAM's `<Fn>.Version`),
/// as a typed reference. Its [`arn`](Self::arn) is `{"Ref": "<Fn>.Version"}` in the SAM
/// template and the `Ref` of the content-hashed `AWS::Lambda::Version` in the plain one.
#[derive(Clone, Debug)]
pub struct Version {
    arn: Str,
    resource: CfnResource,
}

impl Version {
    /// The version's ARN (`arn:…:function:<name>:<number>`).
    pub fn arn(&self) -> Str {
        self.arn.clone()
    }

    /// The plain template's `AWS::Lambda::Version` (escape hatch; not in the SAM template).
    pub fn resource(&self) -> &CfnResource {
        &self.resource
    }
}

/// The plain template's CodeDeploy resources for an enabled deployment preference, as SAM
/// generates them: the stack's `ServerlessDeploymentApplication` and `CodeDeployServiceRole`
/// (shared, created by the first function that needs them), the function's
/// `<Fn>DeploymentGroup`, and the alias's `UpdatePolicy`. Grants the hooks what they need.
/// Returns the deployment group.
pub(crate) fn create_deployment(
    function: &Function,
    alias: &AliasParts,
    preference: &DeploymentPreference,
) -> CfnResource {
    let node = function.node().clone();
    let stack = node.stack();
    let fn_id = function.sam_resource().logical_id();
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
        "AWS::CodeDeploy::Application",
        |r| {
            r.set_property("ComputePlatform", "Lambda");
        },
    );
    let service_role_arn: Str = match &preference.role {
        Some(role) => role.arn(),
        None => {
            reserve(
                SAM_SERVICE_ROLE_ID,
                "SAM's CodeDeploy service role for functions with a DeploymentPreference",
            );
            let role = shared(&stack, SAM_SERVICE_ROLE_ID, "AWS::IAM::Role", |r| {
                r.set_property(
                    "AssumeRolePolicyDocument",
                    serde_json::json!({
                        "Statement": [{
                            "Action": ["sts:AssumeRole"],
                            "Effect": "Allow",
                            "Principal": {"Service": ["codedeploy.amazonaws.com"]},
                        }],
                        "Version": "2012-10-17",
                    }),
                )
                .set_property(
                    "ManagedPolicyArns",
                    Value::list([
                        ManagedPolicy::aws("service-role/AWSCodeDeployRoleForLambda").arn(),
                    ]),
                );
            });
            role.get_att("Arn")
        }
    };

    let scope = Scope::new(function, "DeploymentGroup");
    let group = CfnResource::new(&scope, "Resource", "AWS::CodeDeploy::DeploymentGroup");
    group
        .only_in(Flavor::Cfn)
        .override_logical_id(&dg_id)
        .set_property("ApplicationName", application.ref_())
        .set_property(
            "AutoRollbackConfiguration",
            serde_json::json!({
                "Enabled": true,
                "Events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_STOP_ON_REQUEST"],
            }),
        )
        .set_property("DeploymentConfigName", preference.config.name())
        .set_property(
            "DeploymentStyle",
            serde_json::json!({"DeploymentOption": "WITH_TRAFFIC_CONTROL", "DeploymentType": "BLUE_GREEN"}),
        )
        .set_property("ServiceRoleArn", service_role_arn);

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
    alias.alias.set_update_policy(Value::map([(
        "CodeDeployLambdaAliasUpdate",
        Value::map(update),
    )]));

    // -- hooks: report their result, and test the new version -------------------------------
    let app_name: Str = Flavor::either(application.ref_(), fns::transform_ref(SAM_APPLICATION_ID));
    let group_name: Str = Flavor::either(
        group.ref_(),
        function.sam_resource().transform_ref("DeploymentGroup"),
    );
    let group_arn = fns::sub(
        "arn:${AWS::Partition}:codedeploy:${AWS::Region}:${AWS::AccountId}:deploymentgroup:${Application}/${DeploymentGroup}",
        [("Application", app_name), ("DeploymentGroup", group_name)],
    );
    let version_arn = alias.version(function.sam_resource()).arn();
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
                .resources([version_arn.clone()]),
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
/// template only), created by the first caller with `init`.
fn shared(
    stack: &cdk_core::Stack,
    id: &str,
    type_: &str,
    init: impl FnOnce(&CfnResource),
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
    let r = CfnResource::new(stack, id, type_);
    r.only_in(Flavor::Cfn);
    init(&r);
    r
}
