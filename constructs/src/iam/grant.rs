//! Grants: the [`Grantable`] trait and [`Grant`], the one way every construct of this crate
//! grants (a statement on the resource, and one on its customer managed KMS key).

use cdk_core::{CfnResource, Str};

use super::policy::PolicyStatement;
use super::role::Role;

/// Key actions for reading what a customer managed KMS key encrypts (AWS CDK's
/// `KEY_READ_ACTIONS`, `aws-kms/lib/private/perms.ts`).
pub const KEY_READ_ACTIONS: &[&str] = &["kms:Decrypt", "kms:DescribeKey"];

/// Key actions for writing what a customer managed key encrypts: CDK's `KEY_WRITE_ACTIONS`,
/// sorted (`kms:Decrypt` is needed for S3 multipart uploads).
pub const KEY_WRITE_ACTIONS: &[&str] = &[
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey*",
    "kms:ReEncrypt*",
];

/// [`KEY_READ_ACTIONS`] and [`KEY_WRITE_ACTIONS`], sorted: what CDK grants on the key for
/// read-write access.
pub const KEY_READ_WRITE_ACTIONS: &[&str] = &[
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:GenerateDataKey*",
    "kms:ReEncrypt*",
];

/// Anything that acts through an IAM role and can therefore be granted permissions: a role,
/// a function. A construct without a role does not implement it, so passing one as a
/// grantee is a compile error.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot receive a grant: it has no IAM role",
    label = "this has no role to attach permissions to",
    note = "grantees are roles and constructs that run with a role, such as lambda::Function"
)]
pub trait Grantable {
    /// The role that receives granted statements.
    fn grant_role(&self) -> Role;
}

impl Grantable for Role {
    fn grant_role(&self) -> Role {
        self.clone()
    }
}

impl<T: Grantable> Grantable for &T {
    fn grant_role(&self) -> Role {
        (**self).grant_role()
    }
}

/// The result of a grant: the statement that was added, and the role it went to.
///
/// Every `grant_*` method of this crate is written with [`Grant::add_to_principal`] (the
/// resource's statement) and, for a resource encrypted with a customer managed KMS key,
/// [`Grant::and_key`] (the key's statement), so grants differ only in their actions and
/// resources.
#[derive(Clone, Debug)]
pub struct Grant {
    role: Role,
    statement: PolicyStatement,
}

impl Grant {
    /// Adds an `Allow` statement for `actions` on `resources` to `grantee`'s role.
    pub fn add_to_principal<S: Into<Str>>(
        grantee: &impl Grantable,
        actions: &[&str],
        resources: impl IntoIterator<Item = S>,
    ) -> Grant {
        Grant::add_to_role(grantee.grant_role(), actions, resources)
    }

    fn add_to_role<S: Into<Str>>(
        role: Role,
        actions: &[&str],
        resources: impl IntoIterator<Item = S>,
    ) -> Grant {
        let statement = PolicyStatement::allow()
            .actions(actions.iter().copied())
            .resources(resources);
        role.add_to_policy(statement.clone());
        Grant { role, statement }
    }

    /// Also allows `actions` on `key`, the ARN of the customer managed KMS key that encrypts
    /// the granted resource, in a second statement to the same role; nothing when `key` is
    /// `None` (SSE-S3, AWS owned or AWS managed keys need no grant). Returns `self`: the
    /// grant still describes the resource's statement.
    pub fn and_key(self, key: Option<Str>, actions: &[&str]) -> Grant {
        if let Some(key) = key {
            Grant::add_to_role(self.role.clone(), actions, [key]);
        }
        self
    }

    /// The statement that was added.
    pub fn statement(&self) -> &PolicyStatement {
        &self.statement
    }

    /// The role the statement went to.
    pub fn role(&self) -> &Role {
        &self.role
    }

    /// Makes `resource` wait until the grant's policy exists.
    pub fn apply_before(&self, resource: &CfnResource) {
        if let Some(p) = self.role.default_policy() {
            resource.add_dependency(&p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::sorted_union as sorted;

    #[test]
    fn key_actions_are_cdks_sorted() {
        // As `aws-kms/lib/private/perms.ts` lists them.
        let read = ["kms:Decrypt", "kms:DescribeKey"];
        let write = [
            "kms:Encrypt",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:Decrypt",
        ];
        assert_eq!(KEY_READ_ACTIONS, sorted(&[&read]));
        assert_eq!(KEY_WRITE_ACTIONS, sorted(&[&write]));
        assert_eq!(KEY_READ_WRITE_ACTIONS, sorted(&[&read, &write]));
    }
}
