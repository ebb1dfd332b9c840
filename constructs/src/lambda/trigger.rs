//! What a resource that makes Lambda invoke a function (an event source mapping, a
//! subscription, a rule) waits for: the function's own log group.

use cdk_core::{CfnResource, Construct};

use crate::logs::LogGroup;

/// The log group an invocation of the function writes to first, when the function created it
/// (`<id>/LogGroup`): a trigger waits for it, so the first invocation cannot make Lambda
/// create the group before CloudFormation does (which would fail the deployment). A shared
/// group given by the user is referenced by the function already, so it is not kept here.
#[derive(Clone, Debug, Default)]
pub(super) struct Trigger {
    own_log_group: Option<LogGroup>,
}

impl Trigger {
    /// The trigger rule of the function at `function_path` writing to `log_group`.
    pub(super) fn new(function_path: &str, log_group: Option<&LogGroup>) -> Trigger {
        let own = log_group.filter(|g| g.node().path().starts_with(&format!("{function_path}/")));
        Trigger {
            own_log_group: own.cloned(),
        }
    }

    /// Makes `trigger` wait for the function's own log group.
    pub(super) fn register(&self, trigger: &CfnResource) {
        if let Some(group) = &self.own_log_group {
            trigger.add_dependency(group.resource());
        }
    }
}
