//! AWS Identity and Access Management: roles, policy statements, principals and grants.
//!
//! ```
//! use cdk_core::{App, Stack};
//! use constructs::iam::{PolicyStatement, Principal, Role};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "S");
//! let role = Role::new(&stack, "Worker", Principal::service("lambda.amazonaws.com"))
//!     .managed_policy(constructs::iam::ManagedPolicy::aws("service-role/AWSLambdaBasicExecutionRole"))
//!     .build();
//! role.add_to_policy(PolicyStatement::allow().actions(["rekognition:DetectLabels"]).resources(["*"]));
//! ```
//!
//! Grants (`bucket.grant_read(&function)`) add least-privilege statements to the grantee
//! role's default policy (`<Role>/DefaultPolicy`, an `AWS::IAM::Policy`), created on first
//! use. Anything that has a role implements [`Grantable`]; resources that must not start
//! before their permissions exist (a function) register with [`Role::add_dependent`] and get
//! `DependsOn` the default policy.

mod grant;
mod policy;
mod role;
mod template_policies;

pub use grant::{Grant, Grantable, KEY_READ_ACTIONS, KEY_READ_WRITE_ACTIONS, KEY_WRITE_ACTIONS};
pub(crate) use policy::grammar::STATEMENT as POLICY_STATEMENT;
pub(crate) use policy::LazyPolicy;
pub use policy::{Effect, PolicyDocument, PolicyStatement, Principal};
pub use role::{ManagedPolicy, Role, RoleBuilder};
pub use template_policies::TemplatePolicies;
