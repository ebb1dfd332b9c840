//! State machines as EventBridge Scheduler targets: this module implements
//! [`scheduler::ScheduleTarget`](crate::scheduler::ScheduleTarget), so `scheduler` does not
//! know Step Functions.

use cdk_core::Node;

use super::StateMachine;
use crate::iam::{Grant, Role};
use crate::scheduler::{ScheduleTarget, ScheduleTargetConfig};

/// The schedule starts an execution of the machine with the schedule's input: its role may
/// `states:StartExecution` on what it starts only. A machine with an alias
/// ([`auto_publish_alias`](super::StateMachineBuilder::auto_publish_alias)) is started
/// through its alias, as every trigger of a machine is ([`StateMachine::trigger_arn`]).
impl ScheduleTarget for StateMachine {
    fn bind(&self, _schedule: &Node, role: &Role) -> ScheduleTargetConfig {
        let target = self.trigger_arn();
        Grant::add_to_principal(role, &["states:StartExecution"], [target.clone()]);
        ScheduleTargetConfig::new(target)
    }
}
