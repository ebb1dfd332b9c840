//! IAM roles and managed policies.

use std::cell::RefCell;
use std::rc::Rc;

use cdk_core::{fns, Aws, CfnResource, Construct, Scope, Str};
use cfn_l1::iam::{CfnPolicy, CfnPolicyProps, CfnRole, CfnRoleProps};

use super::policy::{
    grammar::STATEMENT as POLICY_STATEMENT, LazyPolicy, PolicyDocument, PolicyStatement, Principal,
};
use crate::names::{ROLE_NAME, ROLE_PATH};

/// A managed policy reference: an AWS managed policy by name, or any policy by ARN.
#[derive(Clone, Debug, PartialEq)]
pub struct ManagedPolicy {
    arn: Str,
}

impl ManagedPolicy {
    /// An AWS managed policy by name, e.g. `service-role/AWSLambdaBasicExecutionRole`; the ARN
    /// uses the deployment partition (`arn:${AWS::Partition}:iam::aws:policy/<name>`).
    pub fn aws(name: &str) -> ManagedPolicy {
        ManagedPolicy {
            arn: fns::join(
                "",
                [
                    Str::from("arn:"),
                    Aws::partition(),
                    Str::from(format!(":iam::aws:policy/{name}")),
                ],
            ),
        }
    }

    /// The same as [`ManagedPolicy::aws`], with CDK's name for it.
    pub fn from_aws_managed_policy_name(name: &str) -> ManagedPolicy {
        ManagedPolicy::aws(name)
    }

    /// Any managed policy by ARN.
    pub fn from_arn(arn: impl Into<Str>) -> ManagedPolicy {
        ManagedPolicy { arn: arn.into() }
    }

    /// The policy's ARN.
    pub fn arn(&self) -> Str {
        self.arn.clone()
    }
}

struct RoleState {
    managed: Vec<ManagedPolicy>,
    /// The default policy (`<Role>/DefaultPolicy`).
    default_policy: LazyPolicy<CfnPolicy>,
    dependents: Vec<CfnResource>,
}

/// An IAM role (`AWS::IAM::Role`), assumed by one principal. Cheap to clone; all clones share
/// the role's default policy.
#[derive(Clone)]
pub struct Role {
    scope: Scope,
    cfn: CfnRole,
    state: Rc<RefCell<RoleState>>,
}

crate::util::construct_handle!(Role);

/// Builds a [`Role`]; required arguments are taken by [`Role::new`].
#[must_use = "call .build() to create the role"]
pub struct RoleBuilder {
    scope: Scope,
    assumed_by: Principal,
    managed: Vec<ManagedPolicy>,
    description: Option<String>,
    role_name: Option<Str>,
    path: Option<String>,
    max_session_duration: Option<u32>,
}

impl RoleBuilder {
    /// Attaches a managed policy (default: none).
    pub fn managed_policy(mut self, policy: ManagedPolicy) -> Self {
        self.managed.push(policy);
        self
    }

    /// The role's description (default: none).
    pub fn description(mut self, description: &str) -> Self {
        self.description = Some(description.to_string());
        self
    }

    /// A fixed role name (default: CloudFormation generates one, which lets the role be
    /// replaced and the stack be deployed twice in one account). Naming a role requires
    /// `CAPABILITY_NAMED_IAM` at deploy time. A literal name must be 1-64 letters, digits and
    /// `_+=,.@-` (checked at synth).
    pub fn role_name(mut self, name: impl Into<Str>) -> Self {
        self.role_name = Some(name.into());
        self
    }

    /// The role's path (default: `/`): `/` or `/…/`, at most 512 printable ASCII characters
    /// without spaces (checked at synth).
    pub fn path(mut self, path: &str) -> Self {
        self.path = Some(path.to_string());
        self
    }

    /// Maximum session duration in seconds, 3600–43200 (default: 3600).
    pub fn max_session_duration(mut self, seconds: u32) -> Self {
        self.max_session_duration = Some(seconds);
        self
    }

    /// Creates the role.
    pub fn build(self) -> Role {
        let trust = PolicyDocument::new().statement(
            PolicyStatement::allow()
                .actions([self.assumed_by.assume_role_action()])
                .principal(self.assumed_by.clone()),
        );
        if let Some(n) = &self.role_name {
            ROLE_NAME.check_literal(self.scope.node(), n);
        }
        if let Some(p) = &self.path {
            ROLE_PATH.check(self.scope.node(), p);
        }
        if let Some(s) = self.max_session_duration {
            if !(3600..=43200).contains(&s) {
                self.scope.node().add_error(
                    format!("max session duration {s}s is outside 3600..=43200"),
                    "use a value between one and twelve hours",
                );
            }
        }
        let mut managed: Vec<ManagedPolicy> = Vec::new();
        for m in self.managed {
            if !managed.contains(&m) {
                managed.push(m);
            }
        }
        let arns: Vec<Str> = managed.iter().map(ManagedPolicy::arn).collect();
        let props = CfnRoleProps::builder()
            .assume_role_policy_document(trust.to_value())
            .maybe_description(self.description)
            .maybe_managed_policy_arns((!arns.is_empty()).then_some(arns))
            .maybe_max_session_duration(self.max_session_duration)
            .maybe_path(self.path)
            .maybe_role_name(self.role_name)
            .build();
        let cfn = CfnRole::new(&self.scope, "Resource", props);
        Role {
            scope: self.scope,
            cfn,
            state: Rc::new(RefCell::new(RoleState {
                managed,
                default_policy: LazyPolicy::default(),
                dependents: Vec::new(),
            })),
        }
    }
}

impl Role {
    /// Starts a role named `id` that `assumed_by` may assume.
    pub fn new(scope: &impl Construct, id: &str, assumed_by: Principal) -> RoleBuilder {
        RoleBuilder {
            scope: Scope::new(scope, id),
            assumed_by,
            managed: Vec::new(),
            description: None,
            role_name: None,
            path: None,
            max_session_duration: None,
        }
    }

    /// The typed L1 resource this construct wraps ([`cfn_l1`]): typed changes after creation
    /// through [`props()`](CfnRole::props), for what this construct does not offer.
    pub fn cfn(&self) -> &CfnRole {
        &self.cfn
    }

    /// The underlying `AWS::IAM::Role` resource (escape hatch).
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }

    /// The role's ARN.
    pub fn arn(&self) -> Str {
        self.cfn.attr_arn()
    }

    /// The role's name.
    pub fn role_name(&self) -> Str {
        self.cfn.ref_()
    }

    /// Attaches a managed policy (once, however often it is attached).
    pub fn add_managed_policy(&self, policy: ManagedPolicy) {
        let mut st = self.state.borrow_mut();
        if st.managed.contains(&policy) {
            return;
        }
        self.cfn
            .props()
            .managed_policy_arns()
            .append([policy.arn()]);
        st.managed.push(policy);
    }

    /// Adds a statement to the role's default policy (`<Role>/DefaultPolicy`), creating the
    /// policy on first use. Identical statements are added once. A statement without actions
    /// is reported at synth on the policy's path.
    pub fn add_to_policy(&self, statement: PolicyStatement) {
        let mut st = self.state.borrow_mut();
        let st = &mut *st;
        let create = |scope: &Scope, document| {
            let props = CfnPolicyProps::builder()
                .policy_document(document)
                // CDK names the policy after its own logical ID, known once it exists (below).
                .policy_name("")
                .roles([self.role_name()])
                .build();
            let policy = CfnPolicy::new(scope, "Resource", props);
            policy
                .props()
                .policy_name()
                .set(policy.resource().logical_id());
            for d in &st.dependents {
                d.add_dependency(&policy);
            }
            policy
        };
        st.default_policy.add(
            &self.scope,
            "DefaultPolicy",
            statement,
            create,
            |policy, statement| {
                policy
                    .props()
                    .policy_document()
                    .append_in(POLICY_STATEMENT, [statement])
            },
        );
    }

    /// The statements of the default policy so far.
    pub fn policy_statements(&self) -> Vec<PolicyStatement> {
        let st = self.state.borrow();
        st.default_policy.document().statements().to_vec()
    }

    /// The default policy resource, if any statement was added.
    pub fn default_policy(&self) -> Option<CfnResource> {
        let st = self.state.borrow();
        st.default_policy.resource().map(|p| p.resource().clone())
    }

    /// Makes `resource` wait for the role's default policy (`DependsOn`), now or whenever the
    /// policy is created, so it never runs without the permissions it was granted.
    pub fn add_dependent(&self, resource: &CfnResource) {
        let mut st = self.state.borrow_mut();
        if let Some(p) = st.default_policy.resource() {
            resource.add_dependency(p);
        }
        st.dependents.push(resource.clone());
    }
}
