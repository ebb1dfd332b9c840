//! Policy statements, documents and principals.

use cdk_core::{fns, Aws, Construct, Node, Scope, Str, Value};
use indexmap::IndexMap;
use std::rc::Rc;

/// The IAM policy grammar's element names and values this module writes, each spelled once.
/// Policy documents are `Json` in the CloudFormation spec, so the L1 has no type for them:
/// [`PolicyDocument`] and [`PolicyStatement`] are that type, and their
/// [`to_value`](PolicyDocument::to_value) is what the L1's `Value`-taking setters receive.
pub(super) mod grammar {
    pub const ACTION: &str = "Action";
    pub const ALLOW: &str = "Allow";
    pub const AWS: &str = "AWS";
    pub const CONDITION: &str = "Condition";
    pub const DENY: &str = "Deny";
    pub const EFFECT: &str = "Effect";
    pub const FEDERATED: &str = "Federated";
    pub const PRINCIPAL: &str = "Principal";
    pub const RESOURCE: &str = "Resource";
    pub const SERVICE: &str = "Service";
    pub const SID: &str = "Sid";
    pub const STATEMENT: &str = "Statement";
    pub const VERSION: &str = "Version";
    /// The current (and only useful) policy language version.
    pub const VERSION_2012_10_17: &str = "2012-10-17";
}
use grammar::*;

/// Whether a statement allows or denies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Effect {
    /// `Allow` (the default).
    #[default]
    Allow,
    /// `Deny`.
    Deny,
}

/// Who a resource policy or trust policy is about.
#[derive(Clone, Debug, PartialEq)]
pub enum Principal {
    /// An AWS service, e.g. `lambda.amazonaws.com`.
    Service(String),
    /// An AWS account (its root principal), by account id.
    Account(Str),
    /// An IAM role, user or other principal, by ARN.
    Arn(Str),
    /// Anyone (`"*"`); use with conditions.
    Any,
    /// A federated identity provider (`cognito-identity.amazonaws.com`, an OIDC provider ARN).
    Federated(Str),
}

impl Principal {
    /// An AWS service principal such as `lambda.amazonaws.com`.
    pub fn service(name: &str) -> Principal {
        Principal::Service(name.to_string())
    }

    /// The root principal of an account.
    pub fn account(account_id: impl Into<Str>) -> Principal {
        Principal::Account(account_id.into())
    }

    /// A principal by ARN.
    pub fn arn(arn: impl Into<Str>) -> Principal {
        Principal::Arn(arn.into())
    }

    /// A federated principal.
    pub fn federated(provider: impl Into<Str>) -> Principal {
        Principal::Federated(provider.into())
    }

    /// The action a trust policy allows this principal: `sts:AssumeRole`, or
    /// `sts:AssumeRoleWithWebIdentity` for federated principals.
    pub fn assume_role_action(&self) -> &'static str {
        match self {
            Principal::Federated(_) => "sts:AssumeRoleWithWebIdentity",
            _ => "sts:AssumeRole",
        }
    }

    /// The `Principal` element's key (`Service`, `AWS`, `Federated`) and value.
    fn entry(&self) -> (&'static str, Value) {
        match self {
            Principal::Service(s) => (SERVICE, Value::from(s.as_str())),
            Principal::Account(id) => (
                AWS,
                Value::from(fns::join(
                    "",
                    [
                        Str::from_static("arn:"),
                        Aws::partition(),
                        Str::from_static(":iam::"),
                        id.clone(),
                        Str::from_static(":root"),
                    ],
                )),
            ),
            Principal::Arn(a) => (AWS, Value::from(a.clone())),
            Principal::Any => (AWS, Value::from(Str::from_static("*"))),
            Principal::Federated(f) => (FEDERATED, Value::from(f.clone())),
        }
    }

    /// The `Principal` element of a policy statement.
    pub fn to_value(&self) -> Value {
        let (k, v) = self.entry();
        Value::map_of_names([(k, v)])
    }
}

/// One IAM policy statement: effect, actions, resources, optional principals and conditions.
///
/// ```
/// use constructs::iam::PolicyStatement;
/// let s = PolicyStatement::allow()
///     .actions(["s3:GetObject"])
///     .resources(["arn:aws:s3:::my-bucket/*"])
///     .condition("Bool", "aws:SecureTransport", "true");
/// assert_eq!(s.actions_list(), ["s3:GetObject"]);
/// ```
// Shared, copied on write: a grant keeps the statement it added to the role's document,
// and a clone is then a reference count, not a copy of every action and resource.
#[derive(Clone, PartialEq, Default)]
pub struct PolicyStatement(Rc<StatementData>);

#[derive(Clone, Debug, PartialEq, Default)]
struct StatementData {
    sid: Option<String>,
    effect: Effect,
    actions: Vec<String>,
    resources: Vec<Str>,
    principals: Vec<Principal>,
    conditions: IndexMap<String, IndexMap<String, Value>>,
}

/// As the fields of a plain struct.
impl std::fmt::Debug for PolicyStatement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = &*self.0;
        f.debug_struct("PolicyStatement")
            .field("sid", &d.sid)
            .field("effect", &d.effect)
            .field("actions", &d.actions)
            .field("resources", &d.resources)
            .field("principals", &d.principals)
            .field("conditions", &d.conditions)
            .finish()
    }
}

impl PolicyStatement {
    /// An empty `Allow` statement.
    pub fn allow() -> PolicyStatement {
        PolicyStatement::default()
    }

    /// An empty `Deny` statement.
    pub fn deny() -> PolicyStatement {
        PolicyStatement::default().effect(Effect::Deny)
    }

    /// Sets the effect.
    pub fn effect(mut self, effect: Effect) -> Self {
        Rc::make_mut(&mut self.0).effect = effect;
        self
    }

    /// Sets the statement id (`Sid`).
    pub fn sid(mut self, sid: &str) -> Self {
        Rc::make_mut(&mut self.0).sid = Some(sid.to_string());
        self
    }

    /// Adds actions, e.g. `s3:GetObject`; duplicates are dropped.
    pub fn actions<S: AsRef<str>>(mut self, actions: impl IntoIterator<Item = S>) -> Self {
        let d = Rc::make_mut(&mut self.0);
        for a in actions {
            let a = a.as_ref();
            if !d.actions.iter().any(|b| b == a) {
                d.actions.push(a.to_string());
            }
        }
        self
    }

    /// Adds resources (ARNs or `*`); duplicates are dropped.
    pub fn resources<S: Into<Str>>(mut self, resources: impl IntoIterator<Item = S>) -> Self {
        let d = Rc::make_mut(&mut self.0);
        for r in resources {
            let r = r.into();
            if !d.resources.contains(&r) {
                d.resources.push(r);
            }
        }
        self
    }

    /// Adds a principal (for resource policies and trust policies).
    pub fn principal(mut self, principal: Principal) -> Self {
        Rc::make_mut(&mut self.0).principals.push(principal);
        self
    }

    /// Adds a condition: `{"<operator>": {"<key>": value}}`.
    pub fn condition(mut self, operator: &str, key: &str, value: impl Into<Value>) -> Self {
        Rc::make_mut(&mut self.0)
            .conditions
            .entry(operator.to_string())
            .or_default()
            .insert(key.to_string(), value.into());
        self
    }

    /// The statement's actions.
    pub fn actions_list(&self) -> &[String] {
        &self.0.actions
    }

    /// The statement's resources.
    pub fn resources_list(&self) -> &[Str] {
        &self.0.resources
    }

    /// The statement's effect.
    pub fn effect_value(&self) -> Effect {
        self.0.effect
    }

    /// The statement id (`Sid`), when one was set.
    pub fn sid_value(&self) -> Option<&str> {
        self.0.sid.as_deref()
    }

    /// Whether the statement names at least one principal.
    pub fn has_principal(&self) -> bool {
        !self.0.principals.is_empty()
    }

    /// The statement as policy JSON, keys in AWS CDK's order (`Action`, `Condition`,
    /// `Effect`, `Principal`, `Resource`, `Sid`); actions sorted as CDK sorts them; a single
    /// action or resource is written as a string, several as a list.
    pub fn to_value(&self) -> Value {
        let d = &*self.0;
        // At most six keys: one allocation.
        let mut m: Vec<(&'static str, Value)> = Vec::with_capacity(6);
        match d.actions.as_slice() {
            [] => {}
            [one] => m.push((ACTION, Value::from(one.as_str()))),
            many => {
                // Sorted views of the actions, not sorted copies of them.
                let mut sorted: Vec<&str> = many.iter().map(String::as_str).collect();
                sorted.sort_unstable();
                m.push((ACTION, Value::list(sorted)));
            }
        }
        if !d.conditions.is_empty() {
            m.push((
                CONDITION,
                Value::map(d.conditions.iter().map(|(op, kv)| {
                    (
                        op.clone(),
                        Value::map(kv.iter().map(|(k, v)| (k.clone(), v.clone()))),
                    )
                })),
            ));
        }
        m.push((
            EFFECT,
            Value::from(Str::from_static(match d.effect {
                Effect::Allow => ALLOW,
                Effect::Deny => DENY,
            })),
        ));
        match d.principals.as_slice() {
            [] => {}
            [one] => m.push((PRINCIPAL, one.to_value())),
            many => {
                // Merge principals of the same kind into lists.
                let mut merged: IndexMap<&'static str, Vec<Value>> = IndexMap::new();
                for p in many {
                    let (key, v) = p.entry();
                    merged.entry(key).or_default().push(v);
                }
                m.push((
                    PRINCIPAL,
                    Value::map_of_names(merged.into_iter().map(|(k, vs)| {
                        let v = if vs.len() == 1 {
                            vs.into_iter().next().unwrap_or_else(Value::null)
                        } else {
                            Value::list(vs)
                        };
                        (k, v)
                    })),
                ));
            }
        }
        match d.resources.as_slice() {
            [] => {}
            [one] => m.push((RESOURCE, Value::from(one.clone()))),
            many => m.push((RESOURCE, Value::list(many.iter().cloned()))),
        }
        if let Some(sid) = &d.sid {
            m.push((SID, Value::from(sid.as_str())));
        }
        Value::map_of_names(m)
    }
}

/// A policy document: `{"Statement": [...], "Version": "2012-10-17"}`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PolicyDocument {
    statements: Vec<PolicyStatement>,
}

impl PolicyDocument {
    /// An empty document.
    pub fn new() -> PolicyDocument {
        PolicyDocument::default()
    }

    /// Adds a statement, unless an identical one is already there.
    pub fn add_statement(&mut self, statement: PolicyStatement) {
        if !self.statements.contains(&statement) {
            self.statements.push(statement);
        }
    }

    /// Adds `statement` as [`add_statement`](PolicyDocument::add_statement) does, and, when
    /// it is new, records on `policy` (the construct that holds the document) what IAM would
    /// reject in it: no actions (cfn-lint E3510). Returns the statement when it was new.
    fn add_checked(
        &mut self,
        statement: PolicyStatement,
        policy: &Node,
    ) -> Option<&PolicyStatement> {
        if self.statements.contains(&statement) {
            return None;
        }
        if statement.0.actions.is_empty() {
            let which = match &statement.0.sid {
                Some(sid) => format!("statement {} (`{sid}`)", self.statements.len() + 1),
                None => format!("statement {}", self.statements.len() + 1),
            };
            policy.add_error(
                format!("policy {which} has no actions"),
                "name the actions it allows or denies with .actions([\"service:Action\"]); IAM rejects a statement without `Action`",
            );
        }
        self.statements.push(statement);
        self.statements.last()
    }

    /// Adds a statement (builder form).
    pub fn statement(mut self, statement: PolicyStatement) -> Self {
        self.add_statement(statement);
        self
    }

    /// The statements.
    pub fn statements(&self) -> &[PolicyStatement] {
        &self.statements
    }

    /// Whether there are no statements.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// The document as policy JSON.
    pub fn to_value(&self) -> Value {
        Value::map_of_names([
            (
                STATEMENT,
                Value::list(self.statements.iter().map(PolicyStatement::to_value)),
            ),
            (VERSION, Value::from(Str::from_static(VERSION_2012_10_17))),
        ])
    }
}

/// A policy document and the resource that holds it, created with the first statement: a
/// role's default policy, a bucket policy. The one way this crate grows a policy: the
/// construct `<parent>/<id>` and its resource appear on first use, and each later new
/// statement is appended to the resource's document in place (rendered once, so a policy of
/// n statements costs n renders, not n²/2).
pub(crate) struct LazyPolicy<R> {
    document: PolicyDocument,
    created: Option<(Scope, R)>,
}

impl<R> Default for LazyPolicy<R> {
    fn default() -> Self {
        LazyPolicy {
            document: PolicyDocument::new(),
            created: None,
        }
    }
}

impl<R> LazyPolicy<R> {
    /// Adds `statement` (once; one without actions is reported on the policy's construct).
    /// The first call creates the construct `id` under `parent` and in it the resource
    /// `create(scope, document)`; a later new statement is handed, rendered, to `append`,
    /// which adds it to the `Statement` list of the resource's document (`append_in`).
    pub(crate) fn add(
        &mut self,
        parent: &Scope,
        id: &str,
        statement: PolicyStatement,
        create: impl FnOnce(&Scope, Value) -> R,
        append: impl FnOnce(&R, Value),
    ) {
        if let Some((scope, resource)) = &self.created {
            if let Some(new) = self.document.add_checked(statement, scope.node()) {
                append(resource, new.to_value());
            }
            return;
        }
        let scope = Scope::new(parent, id);
        self.document.add_checked(statement, scope.node());
        let resource = create(&scope, self.document.to_value());
        self.created = Some((scope, resource));
    }

    /// The resource, once a statement was added.
    pub(crate) fn resource(&self) -> Option<&R> {
        self.created.as_ref().map(|(_, r)| r)
    }

    /// The document so far.
    pub(crate) fn document(&self) -> &PolicyDocument {
        &self.document
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_is_shared_until_one_side_changes() {
        let a = PolicyStatement::allow()
            .actions(["s3:GetObject", "s3:GetObject"])
            .resources(["*"]);
        let b = a.clone();
        assert!(Rc::ptr_eq(&a.0, &b.0));
        let c = b.clone().actions(["s3:PutObject"]).sid("Write");
        // Changing the clone leaves the original (and the other clone) as they were.
        assert_eq!(a.actions_list(), ["s3:GetObject"]);
        assert_eq!(b, a);
        assert_eq!(c.actions_list(), ["s3:GetObject", "s3:PutObject"]);
        assert_eq!(c.sid_value(), Some("Write"));
        assert_ne!(c, a);
        assert_eq!(
            PolicyStatement::deny().effect_value(),
            Effect::Deny,
            "deny() is a Deny statement"
        );
    }

    #[test]
    fn debug_reads_as_the_statement_s_fields() {
        let s = PolicyStatement::allow().actions(["a:B"]);
        assert_eq!(
            format!("{s:?}"),
            "PolicyStatement { sid: None, effect: Allow, actions: [\"a:B\"], resources: [], principals: [], conditions: {} }"
        );
    }
}
