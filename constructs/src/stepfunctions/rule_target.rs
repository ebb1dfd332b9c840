//! State machines as EventBridge rule targets: this module implements
//! [`events::RuleTarget`](crate::events::RuleTarget), so `events` does not know Step Functions.

use super::StateMachine;
use crate::events::{Rule, RuleTarget, RuleTargetConfig};
use crate::iam::{Principal, Role};

/// The construct id of the role EventBridge assumes (`<machine>/EventsRole`, AWS CDK's path).
const EVENTS_ROLE_ID: &str = "EventsRole";

/// The rule starts an execution of the machine with the matched event as input, as AWS
/// CDK's `targets.SfnStateMachine(machine)`: EventBridge assumes a role that may
/// `states:StartExecution` on this machine only, created once per machine
/// (`<machine>/EventsRole`) and shared by every rule that targets it.
impl RuleTarget for StateMachine {
    fn bind(&self, _rule: &Rule) -> RuleTargetConfig {
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
                self.grant_start_execution(&role);
                role
            })
            .clone();
        RuleTargetConfig::new(self.arn()).role_arn(role.arn())
    }
}
