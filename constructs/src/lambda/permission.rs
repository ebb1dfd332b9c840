//! Resource-policy statements on a function (`AWS::Lambda::Permission`).

use cdk_core::Str;

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
