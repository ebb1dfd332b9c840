//! The EventBridge integration (`arn:aws:states:::events:putEvents`): sends events to a bus
//! (request-response, or `.waitForTaskToken`), with `events:PutEvents` on exactly the buses
//! the entries name.

use cdk_core::{fns, Aws, Str};
use serde_json::{Map, Value as Json};

use super::asl;
use super::graph::is_jsonata_expression;
use super::lambda_invoke::integration_task;
use super::service_tasks::Message;
use super::state::{Integration, Seg};
use super::Task;
use crate::events::EventBusLike;
use crate::iam::PolicyStatement;
use crate::util::literal;

/// `arn:aws:states:::events:putEvents`.
pub const EVENTBRIDGE_PUT_EVENTS_ARN: &str = "arn:aws:states:::events:putEvents";

/// At most this many entries in one `PutEvents` call (EventBridge's limit).
pub const MAX_PUT_EVENTS_ENTRIES: usize = 10;

/// One event of a [`EventBridgePutEvents`] task: its `Source`, `DetailType`, `Detail` and
/// bus (default: the account's default bus).
#[derive(Clone)]
pub struct EventEntry {
    source: String,
    detail_type: String,
    detail: Message,
    /// `(EventBusName value, ARN granted)`; `None` is the default bus.
    bus: Option<(Str, Str)>,
}

impl std::fmt::Debug for EventEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EventEntry({}, {})", self.source, self.detail_type)
    }
}

impl EventEntry {
    /// An event from `source` (your application's name, e.g. `shop.orders`; `aws.…` is
    /// reserved for AWS services, a synth error) of type `detail_type`, with `detail` (a
    /// JSON object, or the object at a path of the state's input).
    pub fn new(source: &str, detail_type: &str, detail: Message) -> EventEntry {
        EventEntry {
            source: source.to_string(),
            detail_type: detail_type.to_string(),
            detail,
            bus: None,
        }
    }

    /// Sends to `bus` (default: the account's default bus, `EventBusName` not written). A bus
    /// by literal name is written by name, any other by its ARN.
    pub fn event_bus(mut self, bus: &impl EventBusLike) -> Self {
        self.bus = if bus.is_default_bus() {
            None
        } else {
            let name = bus.event_bus_name();
            let value = if literal(&name).is_some() {
                name
            } else {
                bus.event_bus_arn()
            };
            Some((value, bus.event_bus_arn()))
        };
        self
    }

    fn problems(&self, out: &mut Vec<String>) {
        let who = format!("event `{}`/`{}`", self.source, self.detail_type);
        if self.source.is_empty() || self.detail_type.is_empty() {
            out.push(format!("{who}: Source and DetailType are not empty"));
        }
        if self.source.starts_with("aws.") {
            out.push(format!(
                "{who}: the Source `{}` starts with `aws.`, which EventBridge reserves for AWS services",
                self.source
            ));
        }
        if let Message::Json(j) = &self.detail {
            let expression = j.as_str().is_some_and(is_jsonata_expression);
            if !j.is_object() && !expression {
                out.push(format!(
                    "{who}: the Detail is a JSON object (or a JSONata expression), not `{j}`"
                ));
            }
        }
    }
}

/// Builds a [`Task`] that sends events to EventBridge (`events:PutEvents`): `Entries` with
/// each event's `Detail`, `DetailType`, `Source` and `EventBusName`; the machine's role gets
/// `events:PutEvents` on each bus named (the default bus's ARN for entries without one).
///
/// ```
/// use cdk_core::{App, Stack};
/// use constructs::events::EventBus;
/// use constructs::stepfunctions::{EventBridgePutEvents, EventEntry, Message, StateMachine};
/// use serde_json::json;
///
/// let app = App::new();
/// let stack = Stack::new(&app, "Shop");
/// let bus = EventBus::new(&stack, "Orders").build();
/// let emit = EventBridgePutEvents::new("Emit", [
///     EventEntry::new("shop.orders", "OrderShipped", Message::path("$.order")).event_bus(&bus),
/// ])
/// .build();
/// let machine = StateMachine::new(&stack, "Ship", &emit).build();
/// assert_eq!(
///     machine.definition()["States"]["Emit"]["Resource"],
///     "arn:aws:states:::events:putEvents"
/// );
/// # stack.template().unwrap();
/// ```
#[must_use = "call .build() to get the Task"]
pub struct EventBridgePutEvents {
    name: String,
    entries: Vec<EventEntry>,
    wait_for_task_token: bool,
}

impl std::fmt::Debug for EventBridgePutEvents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EventBridgePutEvents({})", self.name)
    }
}

impl EventBridgePutEvents {
    /// Sends `entries` (1 to [`MAX_PUT_EVENTS_ENTRIES`], checked at synth) in a Task named
    /// `name`.
    pub fn new(name: &str, entries: impl IntoIterator<Item = EventEntry>) -> EventBridgePutEvents {
        EventBridgePutEvents {
            name: name.to_string(),
            entries: entries.into_iter().collect(),
            wait_for_task_token: false,
        }
    }

    /// Waits for a callback (`events:putEvents.waitForTaskToken`): the execution pauses
    /// until a consumer of the event calls `SendTaskSuccess`/`SendTaskFailure` with the token,
    /// which a `Detail` must carry (`"token.$": "$$.Task.Token"`; checked at synth).
    pub fn wait_for_task_token(mut self) -> Self {
        self.wait_for_task_token = true;
        self
    }

    /// The Task.
    pub fn build(self) -> Task {
        let mut problems = Vec::new();
        if self.entries.is_empty() || self.entries.len() > MAX_PUT_EVENTS_ENTRIES {
            problems.push(format!(
                "a PutEvents task sends 1 to {MAX_PUT_EVENTS_ENTRIES} entries, this one {}",
                self.entries.len()
            ));
        }
        let mut entries = Vec::new();
        let mut nested = Vec::new();
        let mut buses: Vec<Str> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            e.problems(&mut problems);
            let mut m = Map::new();
            match &e.detail {
                Message::Path(p) => m.insert(format!("{}.$", asl::DETAIL), Json::from(p.as_str())),
                Message::Json(j) => m.insert(asl::DETAIL.into(), j.clone()),
            };
            m.insert(asl::DETAIL_TYPE.into(), Json::from(e.detail_type.as_str()));
            m.insert(asl::SOURCE.into(), Json::from(e.source.as_str()));
            let arn = match &e.bus {
                Some((value, arn)) => {
                    m.insert(asl::EVENT_BUS_NAME.into(), Json::Null);
                    nested.push((
                        vec![
                            Seg::Key(asl::ENTRIES),
                            Seg::Index(i),
                            Seg::Key(asl::EVENT_BUS_NAME),
                        ],
                        "BusArn".to_string(),
                        value.clone(),
                    ));
                    arn.clone()
                }
                None => default_bus_arn(),
            };
            if !buses.contains(&arn) {
                buses.push(arn);
            }
            entries.push(Json::Object(m));
        }
        let mut base = Map::new();
        base.insert(asl::ENTRIES.into(), Json::Array(entries));
        let task = integration_task(
            &self.name,
            EVENTBRIDGE_PUT_EVENTS_ARN,
            Integration {
                base,
                refs: Vec::new(),
                nested,
            },
            vec![PolicyStatement::allow()
                .actions(["events:PutEvents"])
                .resources(buses)],
        );
        for p in problems {
            task.0.error(
                p,
                "see EventBridge's PutEvents: 1 to 10 entries, your own Source, a JSON object Detail",
            );
        }
        if self.wait_for_task_token {
            task.wait_for_task_token()
        } else {
            task
        }
    }
}

/// `arn:<partition>:events:<region>:<account>:event-bus/default`.
fn default_bus_arn() -> Str {
    fns::join(
        "",
        [
            Str::from("arn:"),
            Aws::partition(),
            Str::from(":events:"),
            Aws::region(),
            Str::from(":"),
            Aws::account_id(),
            Str::from(":event-bus/default"),
        ],
    )
}
