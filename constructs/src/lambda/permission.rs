//! Resource-policy statements on a function (`AWS::Lambda::Permission`).

use cdk_core::{Construct, Str};
use cfn_l1::lambda::{CfnPermission, CfnPermissionProps};

use crate::iam::Principal;

/// Who may invoke a function, and from where: one `AWS::Lambda::Permission`, made by
/// [`Function::add_permission`](super::Function::add_permission).
///
/// ```
/// use cdk_core::Aws;
/// use constructs::iam::Principal;
/// use constructs::lambda::Permission;
///
/// let p = Permission::new(Principal::service("s3.amazonaws.com"))
///     .source_arn("arn:aws:s3:::my-bucket")
///     .source_account(Aws::account_id());
/// # let _ = p;
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Permission {
    pub(crate) principal: Principal,
    pub(crate) action: String,
    pub(crate) source_arn: Option<Str>,
    pub(crate) source_account: Option<Str>,
}

impl Permission {
    /// Lets `principal` invoke the function: a service (`Principal::service`), an account
    /// (`Principal::account`), a role or user by ARN (`Principal::arn`), or anyone
    /// (`Principal::Any`, only sensible with a source ARN or account). Federated principals
    /// are not allowed (reported at synth).
    pub fn new(principal: Principal) -> Permission {
        Permission {
            principal,
            action: "lambda:InvokeFunction".to_string(),
            source_arn: None,
            source_account: None,
        }
    }

    /// The action allowed (default: `lambda:InvokeFunction`); must be `lambda:<Action>`,
    /// `lambda:*` or `*`.
    pub fn action(mut self, action: &str) -> Self {
        self.action = action.to_string();
        self
    }

    /// Only when the call comes from this resource, e.g. a rule's or topic's ARN (default:
    /// any). Service principals should always have one, or any account's resource of that
    /// service could invoke the function.
    pub fn source_arn(mut self, arn: impl Into<Str>) -> Self {
        self.source_arn = Some(arn.into());
        self
    }

    /// Only when the source resource belongs to this account (default: any). Needed with
    /// services whose ARNs carry no account, such as S3.
    pub fn source_account(mut self, account: impl Into<Str>) -> Self {
        self.source_account = Some(account.into());
        self
    }
}

impl Permission {
    /// The `AWS::Lambda::Permission` `id` in `scope` that allows this on `target` (a
    /// function's or an alias's name or ARN). An action that is not Lambda's and a federated
    /// principal are recorded as errors on the permission.
    pub(super) fn create(self, scope: &impl Construct, id: &str, target: Str) -> CfnPermission {
        let action = self.action;
        let valid_action = action == "*"
            || action.strip_prefix("lambda:").is_some_and(|a| {
                a == "*" || (!a.is_empty() && a.chars().all(|c| c.is_ascii_alphabetic()))
            });
        let principal: Result<Str, &str> = match self.principal {
            Principal::Service(s) => Ok(s.as_str().into()),
            Principal::Account(id) => Ok(id),
            Principal::Arn(arn) => Ok(arn),
            Principal::Any => Ok("*".into()),
            Principal::Federated(_) => Err("a Lambda permission cannot name a federated principal"),
        };
        let permission = CfnPermission::new(
            scope,
            id,
            CfnPermissionProps::builder()
                .action(action.as_str())
                .function_name(target)
                .principal(principal.clone().unwrap_or_else(|_| "*".into()))
                .maybe_source_account(self.source_account)
                .maybe_source_arn(self.source_arn)
                .build(),
        );
        let node = permission.node();
        if !valid_action {
            node.add_error(
                format!("`{action}` is not a Lambda action"),
                "use `lambda:InvokeFunction`, another `lambda:<Action>`, `lambda:*` or `*`",
            );
        }
        if let Err(message) = principal {
            node.add_error(message, "name a service, an account or an ARN");
        }
        permission
    }
}
