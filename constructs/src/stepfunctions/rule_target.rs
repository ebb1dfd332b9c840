//! State machines as EventBridge rule targets: this module implements
//! [`events::RuleTarget`](crate::events::RuleTarget), so `events` does not know Step Functions.

use super::StateMachine;
use crate::events::{Rule, RuleTarget, RuleTargetConfig};
use crate::iam::{Grant, Principal, Role};

/// The construct id of the role EventBridge assumes (`<machine>/EventsRole`, AWS CDK's path).
const EVENTS_ROLE_ID: &str = "EventsRole";

/// The rule starts an execution of the machine with the matched event as input, as AWS
/// CDK's `targets.SfnStateMachine(machine)`: EventBridge assumes a role that may
/// `states:StartExecution` on this machine only, created once per machine
/// (`<machine>/EventsRole`) and shared by every rule that targets it. A machine with an
/// alias ([`auto_publish_alias`](super::StateMachineBuilder::auto_publish_alias)) is started
/// through its alias, in both templates (what SAM's `UseAliasAsEventTarget` does), and the
/// role may start the alias only.
impl RuleTarget for StateMachine {
    fn bind(&self, _rule: &Rule) -> RuleTargetConfig {
        let target = self.trigger_arn();
        let role = self
            .events_role
            .borrow_mut()
            .get_or_insert_with(|| {
                let role = Role::new(
                    self,
                    EVENTS_ROLE_ID,
                    Principal::service("events.amazonaws.com"),
                )
                .build();
                Grant::add_to_principal(&role, &["states:StartExecution"], [target.clone()]);
                role
            })
            .clone();
        RuleTargetConfig::new(target).role_arn(role.arn())
    }
}
