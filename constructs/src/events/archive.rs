//! The `Archive` construct (`AWS::Events::Archive`): keeps the events a bus receives, so they
//! can be replayed.

use std::time::Duration;

use cdk_core::{CfnResource, Construct, Scope, Str, Value};
use cfn_l1::events::{CfnArchive, CfnArchiveProps};

use super::{EventBusLike, IntoEventPattern};
use crate::util::construct_handle;

/// An EventBridge archive of a bus's events (all of them, or those matching a pattern),
/// kept for a retention period or indefinitely. The resource is `<id>/Resource`.
///
/// ```
/// use std::time::Duration;
/// use cdk_core::{App, Stack};
/// use constructs::events::{Archive, EventBus, EventPattern};
///
/// let app = App::new();
/// let stack = Stack::new(&app, "Shop");
/// let bus = EventBus::new(&stack, "Orders").build();
/// Archive::new(&stack, "OrderArchive", &bus)
///     .retention(Duration::from_secs(30 * 86_400))
///     .event_pattern(EventPattern::new().source(["shop.orders"]))
///     .build();
/// assert!(stack.template().is_ok());
/// ```
#[derive(Clone)]
pub struct Archive {
    scope: Scope,
    cfn: CfnArchive,
}

construct_handle!(Archive);

/// Builds an [`Archive`]; see [`Archive::new`].
#[must_use = "call .build() to create the archive"]
pub struct ArchiveBuilder {
    scope: Scope,
    source_arn: Str,
    name: Option<String>,
    description: Option<String>,
    retention: Option<Duration>,
    pattern: Option<(Value, Vec<(String, String)>)>,
}

impl ArchiveBuilder {
    /// A fixed name, 1–48 letters, digits, `.`, `-` and `_` (default: generated).
    pub fn archive_name(mut self, name: &str) -> Self {
        self.name = Some(name.to_string());
        self
    }

    /// A description, at most 512 characters (default: none).
    pub fn description(mut self, description: &str) -> Self {
        self.description = Some(description.to_string());
        self
    }

    /// How long events are kept, in whole days, at least one (default: indefinitely).
    pub fn retention(mut self, retention: Duration) -> Self {
        self.retention = Some(retention);
        self
    }

    /// Archive only the events matching `pattern` (an [`EventPattern`](super::EventPattern),
    /// checked at synth, or JSON; default: every event of the bus).
    pub fn event_pattern(mut self, pattern: impl IntoEventPattern) -> Self {
        self.pattern = Some(pattern.into_event_pattern());
        self
    }

    /// Creates the archive.
    pub fn build(self) -> Archive {
        let node = self.scope.node().clone();
        let days = self.retention.and_then(|r| {
            let secs = r.as_secs();
            if r.subsec_nanos() == 0 && secs >= 86_400 && secs.is_multiple_of(86_400) {
                u32::try_from(secs / 86_400).ok()
            } else {
                node.add_error(
                    format!("an archive retention of {r:?} is not a whole number of days (at least one)"),
                    "give the retention in whole days, e.g. Duration::from_secs(30 * 86_400), or none to keep events indefinitely",
                );
                None
            }
        });
        if let Some(name) = &self.name {
            let ok = (1..=48).contains(&name.chars().count())
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
            if !ok {
                node.add_error(
                    format!("`{name}` is not a valid archive name"),
                    "archive names are 1-48 letters, digits, `.`, `-` and `_`; or omit archive_name",
                );
            }
        }
        if let Some(d) = &self.description {
            if d.chars().count() > 512 {
                node.add_error(
                    format!(
                        "description is {} characters, more than 512",
                        d.chars().count()
                    ),
                    "shorten the description",
                );
            }
        }
        let pattern = self.pattern.map(|(value, problems)| {
            for (message, hint) in problems {
                node.add_error(message, hint);
            }
            value
        });
        let props = CfnArchiveProps::builder()
            .maybe_archive_name(self.name)
            .maybe_description(self.description)
            .maybe_event_pattern(pattern)
            .maybe_retention_days(days)
            .source_arn(self.source_arn)
            .build();
        let cfn = CfnArchive::new(&self.scope, "Resource", props);
        Archive {
            scope: self.scope,
            cfn,
        }
    }
}

impl Archive {
    /// Starts an archive named `id` in `scope` of the events `bus` receives (a custom
    /// [`EventBus`](super::EventBus) or one by reference, such as the default bus).
    #[allow(clippy::new_ret_no_self)] // a builder, as everywhere in this crate
    pub fn new(scope: &impl Construct, id: &str, bus: &impl EventBusLike) -> ArchiveBuilder {
        ArchiveBuilder {
            scope: Scope::new(scope, id),
            source_arn: bus.event_bus_arn(),
            name: None,
            description: None,
            retention: None,
            pattern: None,
        }
    }

    /// The archive's name (`Ref`).
    pub fn archive_name(&self) -> Str {
        self.cfn.ref_()
    }

    /// The archive's ARN (`Fn::GetAtt Arn`).
    pub fn arn(&self) -> Str {
        self.cfn.attr_arn()
    }

    /// The typed L1 resource this construct wraps ([`cfn_l1`]).
    pub fn cfn(&self) -> &CfnArchive {
        &self.cfn
    }

    /// The underlying `AWS::Events::Archive` resource (escape hatch).
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }
}
