//! Functions and aliases as SNS topic subscribers: this module implements
//! [`sns::SubscriptionFunction`](crate::sns::SubscriptionFunction), so `sns` does not know
//! Lambda.

use cdk_core::{CfnResource, Construct, Node, Str};

use super::{Alias, Function, Permission};
use crate::iam::Principal;
use crate::sns::SubscriptionFunction;

const SNS_PRINCIPAL: &str = "sns.amazonaws.com";

/// The topic invokes the function's unqualified ARN (for a function with an alias, pass
/// `&aliased.alias()` to invoke the alias); the subscription and the permission live under
/// the function.
impl SubscriptionFunction for Function {
    fn subscription_function_arn(&self) -> Str {
        self.arn()
    }

    fn subscription_scope(&self) -> Node {
        self.node().clone()
    }

    fn bind_subscription(&self, topic_arn: Str, permission_id: &str, subscription: &CfnResource) {
        self.add_permission(
            permission_id,
            Permission::new(Principal::service(SNS_PRINCIPAL)).source_arn(topic_arn),
        );
        self.register_trigger(subscription);
    }
}

/// The topic invokes the alias; the subscription and the permission live under the alias's
/// resource (`<function>/Alias/…`), so a function and its alias can both subscribe.
impl SubscriptionFunction for Alias {
    fn subscription_function_arn(&self) -> Str {
        self.arn()
    }

    fn subscription_scope(&self) -> Node {
        self.resource().node().clone()
    }

    fn bind_subscription(&self, topic_arn: Str, permission_id: &str, subscription: &CfnResource) {
        Permission::new(Principal::service(SNS_PRINCIPAL))
            .source_arn(topic_arn)
            .create(self.resource().node(), permission_id, self.arn());
        self.trigger.register(subscription);
    }
}
