//! State machines as EventBridge Scheduler targets: this module implements
//! [`scheduler::ScheduleTarget`](crate::scheduler::ScheduleTarget), so `scheduler` does not
//! know Step Functions.

use cdk_core::Node;

use super::StateMachine;
use crate::iam::Role;
use crate::scheduler::{ScheduleTarget, ScheduleTargetConfig};

/// The schedule starts an execution of the machine with the schedule's input: its role may
/// `states:StartExecution` on this machine only.
impl ScheduleTarget for StateMachine {
    fn bind(&self, _schedule: &Node, role: &Role) -> ScheduleTargetConfig {
        self.grant_start_execution(role);
        ScheduleTargetConfig::new(self.arn())
    }
}
