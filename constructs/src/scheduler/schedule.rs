//! The `Schedule` construct (`AWS::Scheduler::Schedule`).

use cdk_core::{fns, Aws, CfnResource, Construct, Scope, Str};
use cfn_l1::scheduler::schedule as l1;
use cfn_l1::scheduler::{CfnSchedule, CfnScheduleProps};

use super::{ScheduleDeadLetterQueue, ScheduleExpression, ScheduleTarget};
use crate::iam::{PolicyDocument, PolicyStatement, Principal, Role};
use crate::names::SCHEDULE_NAME;
use crate::util::{construct_handle, is_timestamp};

/// The service that assumes a schedule's role.
const SCHEDULER_SERVICE: &str = "scheduler.amazonaws.com";

/// Whether Scheduler may invoke the target later than the scheduled time, to spread load.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FlexibleTimeWindow {
    /// On time (`OFF`). The default.
    #[default]
    Off,
    /// Within this many minutes after the scheduled time, 1–1440 (`FLEXIBLE`).
    Flexible(u32),
}

/// How long and how often Scheduler retries a failed invocation (default: Scheduler's,
/// 24 hours and 185 attempts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ScheduleRetryPolicy {
    max_event_age_secs: Option<u32>,
    max_retry_attempts: Option<u32>,
}

impl ScheduleRetryPolicy {
    /// Scheduler's defaults, to be narrowed.
    pub fn new() -> ScheduleRetryPolicy {
        ScheduleRetryPolicy::default()
    }

    /// Give up on an invocation after this many seconds, 60–86400.
    pub fn maximum_event_age_secs(mut self, seconds: u32) -> Self {
        self.max_event_age_secs = Some(seconds);
        self
    }

    /// Retry at most this often, 0–185.
    pub fn maximum_retry_attempts(mut self, attempts: u32) -> Self {
        self.max_retry_attempts = Some(attempts);
        self
    }
}

/// An EventBridge Scheduler schedule: invokes one target on a [`ScheduleExpression`].
/// Cheap to clone.
///
/// The resource is `<id>/Resource`; the role Scheduler assumes is `<id>/Role` (unless one is
/// given), trusted by `scheduler.amazonaws.com` only for schedules of this account
/// (`aws:SourceAccount`) in the default schedule group (`aws:SourceArn`), with only what the
/// target (and the dead-letter queue) need. The schedule waits for the role's policy. In both
/// templates it is the same plain resource (SAM passes it through).
#[derive(Clone)]
pub struct Schedule {
    scope: Scope,
    cfn: CfnSchedule,
    role: Role,
}

construct_handle!(Schedule);

/// Builds a [`Schedule`]; see [`Schedule::new`].
#[must_use = "call .build() to create the schedule"]
pub struct ScheduleBuilder<'t> {
    scope: Scope,
    expression: ScheduleExpression,
    target: Box<dyn ScheduleTarget + 't>,
    time_zone: Option<String>,
    window: FlexibleTimeWindow,
    start_date: Option<String>,
    end_date: Option<String>,
    enabled: bool,
    name: Option<Str>,
    description: Option<String>,
    input: Option<Str>,
    retry_policy: Option<ScheduleRetryPolicy>,
    dead_letter_queue: Option<Box<dyn ScheduleDeadLetterQueue + 't>>,
    role: Option<Role>,
}

impl<'t> ScheduleBuilder<'t> {
    /// The IANA time zone the expression is read in, e.g. `Europe/Berlin` (default: UTC).
    pub fn time_zone(mut self, zone: &str) -> Self {
        self.time_zone = Some(zone.to_string());
        self
    }

    /// Whether the target may be invoked later than scheduled (default:
    /// [`FlexibleTimeWindow::Off`]).
    pub fn flexible_time_window(mut self, window: FlexibleTimeWindow) -> Self {
        self.window = window;
        self
    }

    /// The schedule invokes nothing before this instant, RFC 3339
    /// (`2027-01-01T00:00:00Z`; default: from creation). Rate and cron schedules only.
    pub fn start_date(mut self, date: &str) -> Self {
        self.start_date = Some(date.to_string());
        self
    }

    /// The schedule invokes nothing after this instant, RFC 3339 (default: never ends).
    /// Rate and cron schedules only.
    pub fn end_date(mut self, date: &str) -> Self {
        self.end_date = Some(date.to_string());
        self
    }

    /// Whether the schedule runs (default: yes; `State: ENABLED`).
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// A fixed name, 1–64 letters, digits, `_`, `.` and `-` (default: generated).
    pub fn schedule_name(mut self, name: impl Into<Str>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// A description, at most 512 characters (default: none).
    pub fn description(mut self, description: &str) -> Self {
        self.description = Some(description.to_string());
        self
    }

    /// The text the target receives (JSON for a function or state machine; default:
    /// Scheduler's empty input).
    pub fn input(mut self, input: impl Into<Str>) -> Self {
        self.input = Some(input.into());
        self
    }

    /// How failed invocations are retried (default: Scheduler's, 24 hours and 185 attempts).
    pub fn retry_policy(mut self, policy: ScheduleRetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }

    /// Where invocations that failed for good go (default: nowhere, they are dropped); the
    /// role may send there.
    pub fn dead_letter_queue(mut self, queue: impl ScheduleDeadLetterQueue + 't) -> Self {
        self.dead_letter_queue = Some(Box::new(queue));
        self
    }

    /// The role Scheduler assumes, used as given (its trust is yours); the target's
    /// statements are added to it (default: `<id>/Role`, created).
    pub fn role(mut self, role: &Role) -> Self {
        self.role = Some(role.clone());
        self
    }

    /// Creates the schedule, its role and the target's grants.
    pub fn build(self) -> Schedule {
        let node = self.scope.node().clone();
        let add = |(message, hint): (String, &str)| node.add_error(message, hint);
        if let Some((message, hint)) = self.expression.problem() {
            add((message.clone(), hint));
        }
        if let Some(zone) = &self.time_zone {
            let ok = !zone.is_empty()
                && zone.starts_with(|c: char| c.is_ascii_alphabetic())
                && zone
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c));
            if !ok {
                add((
                    format!("`{zone}` is not an IANA time zone name"),
                    "use a name such as `UTC`, `Europe/Berlin` or `America/New_York`",
                ));
            }
        }
        if let FlexibleTimeWindow::Flexible(minutes) = self.window {
            if !(1..=1440).contains(&minutes) {
                add((
                    format!("a flexible time window of {minutes} minutes is outside 1..=1440"),
                    "use 1 to 1440 minutes (one day), or FlexibleTimeWindow::Off",
                ));
            }
        }
        for (what, date) in [("a start", &self.start_date), ("an end", &self.end_date)] {
            if let Some(date) = date {
                if !is_timestamp(date) {
                    add((
                        format!("{what} date `{date}` is not an RFC 3339 timestamp"),
                        "write e.g. 2027-01-01T00:00:00Z",
                    ));
                } else if self.expression.is_one_time() {
                    add((
                        format!("a one-time `at(...)` schedule has {what} date"),
                        "start and end dates bound rate and cron schedules; remove it",
                    ));
                }
            }
        }
        if let (Some(start), Some(end)) = (&self.start_date, &self.end_date) {
            // Comparable as text when both are UTC in the same form.
            if is_timestamp(start)
                && is_timestamp(end)
                && start.ends_with('Z')
                && end.ends_with('Z')
                && start.len() == end.len()
                && start >= end
            {
                add((
                    format!("the start date {start} is not before the end date {end}"),
                    "give an end date after the start date",
                ));
            }
        }
        if let Some(policy) = self.retry_policy {
            if let Some(age) = policy.max_event_age_secs {
                if !(60..=86_400).contains(&age) {
                    add((
                        format!("maximum event age {age} s is outside 60..=86400"),
                        "use 60 seconds to 86400 (one day)",
                    ));
                }
            }
            if let Some(n) = policy.max_retry_attempts {
                if n > 185 {
                    add((
                        format!("maximum retry attempts {n} is outside 0..=185"),
                        "use 0 to 185",
                    ));
                }
            }
        }
        if let Some(d) = &self.description {
            if d.chars().count() > 512 {
                add((
                    format!(
                        "the description has {} characters, more than 512",
                        d.chars().count()
                    ),
                    "shorten it to 512 characters",
                ));
            }
        }
        if let Some(name) = &self.name {
            SCHEDULE_NAME.check_literal(&node, name);
        }

        let role = match self.role {
            Some(role) => role,
            None => {
                let role =
                    Role::new(&self.scope, "Role", Principal::service(SCHEDULER_SERVICE)).build();
                role.cfn()
                    .props()
                    .assume_role_policy_document()
                    .set_value(trust_policy().to_value());
                role
            }
        };
        let config = self.target.bind(&node, &role);
        let dead_letter = self
            .dead_letter_queue
            .as_ref()
            .map(|q| q.bind_dead_letter_queue(&node, &role));
        let window = match self.window {
            FlexibleTimeWindow::Off => l1::FlexibleTimeWindow::builder()
                .mode(l1::Mode::Off)
                .build(),
            FlexibleTimeWindow::Flexible(minutes) => l1::FlexibleTimeWindow::builder()
                .maximum_window_in_minutes(minutes)
                .mode(l1::Mode::Flexible)
                .build(),
        };
        let retry = self.retry_policy.map(|p| {
            l1::RetryPolicy::builder()
                .maybe_maximum_event_age_in_seconds(p.max_event_age_secs)
                .maybe_maximum_retry_attempts(p.max_retry_attempts)
                .build()
        });
        let target = l1::Target::builder()
            .arn(config.arn.clone())
            .maybe_dead_letter_config(
                dead_letter.map(|arn| l1::DeadLetterConfig::builder().arn(arn).build()),
            )
            .maybe_input(self.input)
            .maybe_retry_policy(retry)
            .role_arn(role.arn())
            .maybe_sqs_parameters(
                config
                    .message_group_id
                    .clone()
                    .map(|g| l1::SqsParameters::builder().message_group_id(g).build()),
            )
            .build();
        let props = CfnScheduleProps::builder()
            .maybe_description(self.description)
            .maybe_end_date(self.end_date)
            .flexible_time_window(window)
            .maybe_name(self.name)
            .schedule_expression(self.expression.expression())
            .maybe_schedule_expression_timezone(self.time_zone)
            .maybe_start_date(self.start_date)
            .state(if self.enabled {
                l1::State::Enabled
            } else {
                l1::State::Disabled
            })
            .target(target)
            .build();
        let cfn = CfnSchedule::new(&self.scope, "Resource", props);
        role.add_dependent(cfn.resource());
        self.target.bound(cfn.resource());
        Schedule {
            scope: self.scope,
            cfn,
            role,
        }
    }
}

impl Schedule {
    /// Starts a schedule named `id` in `scope` that invokes `target` on `expression`.
    #[allow(clippy::new_ret_no_self)] // a builder, as everywhere in this crate
    pub fn new<'t>(
        scope: &impl Construct,
        id: &str,
        expression: ScheduleExpression,
        target: impl ScheduleTarget + 't,
    ) -> ScheduleBuilder<'t> {
        ScheduleBuilder {
            scope: Scope::new(scope, id),
            expression,
            target: Box::new(target),
            time_zone: None,
            window: FlexibleTimeWindow::Off,
            start_date: None,
            end_date: None,
            enabled: true,
            name: None,
            description: None,
            input: None,
            retry_policy: None,
            dead_letter_queue: None,
            role: None,
        }
    }

    /// The schedule's ARN (`Fn::GetAtt Arn`).
    pub fn arn(&self) -> Str {
        self.cfn.attr_arn()
    }

    /// The role Scheduler assumes to invoke the target.
    pub fn role(&self) -> &Role {
        &self.role
    }

    /// The typed L1 resource this construct wraps ([`cfn_l1`]): typed changes after creation
    /// through [`props()`](CfnSchedule::props), for what this construct does not offer.
    pub fn cfn(&self) -> &CfnSchedule {
        &self.cfn
    }

    /// The underlying `AWS::Scheduler::Schedule` resource (escape hatch).
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }
}

/// The trust policy of a created role: `scheduler.amazonaws.com`, for this account's
/// schedules in the default group only (AWS's guard against the confused deputy).
fn trust_policy() -> PolicyDocument {
    let source_arn = fns::join(
        "",
        [
            Str::from("arn:"),
            Aws::partition(),
            Str::from(":scheduler:"),
            Aws::region(),
            Str::from(":"),
            Aws::account_id(),
            Str::from(":schedule/default/*"),
        ],
    );
    PolicyDocument::new().statement(
        PolicyStatement::allow()
            .actions(["sts:AssumeRole"])
            .principal(Principal::service(SCHEDULER_SERVICE))
            .condition("StringEquals", "aws:SourceAccount", Aws::account_id())
            .condition("ArnLike", "aws:SourceArn", source_arn),
    )
}
