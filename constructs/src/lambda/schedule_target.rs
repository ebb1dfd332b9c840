//! Functions and aliases as EventBridge Scheduler targets: this module implements
//! [`scheduler::ScheduleTarget`](crate::scheduler::ScheduleTarget), so `scheduler` does not
//! know Lambda.

use cdk_core::{CfnResource, Node};

use super::{Alias, Function};
use crate::iam::{Grant, Role};
use crate::scheduler::{ScheduleTarget, ScheduleTargetConfig};

/// The action Scheduler's role needs on what it invokes.
const INVOKE: &[&str] = &["lambda:InvokeFunction"];

/// The schedule invokes the function (its unqualified ARN): the schedule's role may
/// `lambda:InvokeFunction` on that ARN only (Scheduler invokes through the role, so the
/// function needs no resource policy). The schedule waits for the function's own log group
/// (see [`Function::register_trigger`]).
impl ScheduleTarget for Function {
    fn bind(&self, _schedule: &Node, role: &Role) -> ScheduleTargetConfig {
        Grant::add_to_principal(role, INVOKE, [self.arn()]);
        ScheduleTargetConfig::new(self.arn())
    }

    fn bound(&self, schedule: &CfnResource) {
        self.register_trigger(schedule);
    }
}

/// The schedule invokes the alias, with `lambda:InvokeFunction` on the alias's ARN only.
impl ScheduleTarget for Alias {
    fn bind(&self, _schedule: &Node, role: &Role) -> ScheduleTargetConfig {
        Grant::add_to_principal(role, INVOKE, [self.arn()]);
        ScheduleTargetConfig::new(self.arn())
    }

    fn bound(&self, schedule: &CfnResource) {
        self.trigger.register(schedule);
    }
}
