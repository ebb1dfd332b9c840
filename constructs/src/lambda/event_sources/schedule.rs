//! `ScheduleEventSource`: a function invoked on a schedule.

use cdk_core::Construct;
use cfn_l1::sam::function as serverless;

use super::{bind_rule, EventSource};
use crate::events::{Rule, Schedule};
use crate::lambda::Function;

/// The rule's construct id unless [`ScheduleEventSource::id`] names it.
const DEFAULT_ID: &str = "Schedule";

/// Invokes the function on `schedule` through an EventBridge rule created under the
/// function (`<function>/Schedule/Resource`; a second schedule on the same function is
/// `Schedule2`, and so on, unless [`ScheduleEventSource::id`] names it). The rule targets
/// the function and gets the permission for `events.amazonaws.com`, as
/// [`Rule::add_target`] with the function does.
#[derive(Clone, Debug)]
pub struct ScheduleEventSource {
    schedule: Schedule,
    id: Option<String>,
    description: Option<String>,
    enabled: bool,
}

impl ScheduleEventSource {
    /// Invokes the function on `schedule`, e.g. `Schedule::rate(5)` or
    /// `Schedule::cron("0 3 * * ? *")`.
    pub fn new(schedule: Schedule) -> ScheduleEventSource {
        ScheduleEventSource {
            schedule,
            id: None,
            description: None,
            enabled: true,
        }
    }

    /// The rule's construct id under the function (default: `Schedule`, then `Schedule2`,
    /// … for further schedules). Naming it keeps its logical ID stable when schedules are
    /// added or removed.
    pub fn id(mut self, id: &str) -> Self {
        self.id = Some(id.to_string());
        self
    }

    /// The rule's description (default: none).
    pub fn description(mut self, description: &str) -> Self {
        self.description = Some(description.to_string());
        self
    }

    /// Whether the rule is enabled (default: yes).
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }
}

impl EventSource for ScheduleEventSource {
    fn bind(&self, function: &Function) {
        let id = self.id.clone().unwrap_or_else(|| {
            let taken: Vec<String> = function.node().children().iter().map(|c| c.id()).collect();
            (1..)
                .map(|n| {
                    if n == 1 {
                        DEFAULT_ID.to_string()
                    } else {
                        format!("Schedule{n}")
                    }
                })
                .find(|candidate| !taken.contains(candidate))
                .unwrap_or_else(|| DEFAULT_ID.to_string())
        });
        let mut rule = Rule::new(function, &id)
            .schedule(self.schedule.clone())
            .enabled(self.enabled);
        if let Some(d) = &self.description {
            rule = rule.description(d);
        }
        // Plain template: the rule and permission SAM would generate. SAM template: a
        // `Schedule` event.
        bind_rule(&rule.build(), function);
        let state = if self.enabled { "ENABLED" } else { "DISABLED" };
        function.add_sam_event(
            &id,
            serverless::ScheduleEvent::builder()
                .properties(
                    serverless::EventsScheduleProperties::builder()
                        .maybe_description(self.description.as_deref())
                        .schedule(self.schedule.expression_string())
                        .state(state)
                        .build(),
                )
                .build(),
        );
    }
}
