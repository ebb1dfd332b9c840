//! Event buses: the `EventBus` construct (`AWS::Events::EventBus`), the account's default bus
//! by reference, and the [`EventBusLike`] trait a rule's bus is given as.

use std::cell::RefCell;
use std::rc::Rc;

use cdk_core::{fns, Aws, CfnResource, Construct, Scope, Str};
use cfn_l1::events::{CfnEventBus, CfnEventBusPolicy, CfnEventBusPolicyProps, CfnEventBusProps};

use crate::iam::{Grant, Grantable, PolicyStatement};
use crate::util::literal;

/// An event bus a rule listens on ([`RuleBuilder::event_bus`](super::RuleBuilder::event_bus)):
/// an [`EventBus`] of this app, or a bus by reference ([`ImportedEventBus`], such as the
/// account's default bus).
pub trait EventBusLike {
    /// The bus's name (what a rule's `EventBusName` takes).
    fn event_bus_name(&self) -> Str;
    /// The bus's ARN.
    fn event_bus_arn(&self) -> Str;
    /// Whether this is the account's default bus (the only one scheduled rules run on).
    fn is_default_bus(&self) -> bool {
        false
    }
}

/// A custom event bus (`AWS::Events::EventBus`), AWS CDK's `EventBus`. The resource is the
/// child `Resource`.
///
/// ```
/// use cdk_core::{App, Stack};
/// use constructs::events::{EventBus, EventPattern, Rule};
///
/// let app = App::new();
/// let stack = Stack::new(&app, "Shop");
/// let bus = EventBus::new(&stack, "Orders").event_bus_name("orders").build();
/// let rule = Rule::new(&stack, "Paid")
///     .event_bus(&bus)
///     .event_pattern(EventPattern::new().source(["shop.orders"]))
///     .build();
/// # let _ = rule;
/// # assert!(app.assemble().is_ok());
/// ```
#[derive(Clone)]
pub struct EventBus {
    scope: Scope,
    cfn: CfnEventBus,
    /// The statement ids of the bus policy so far (each an `AWS::Events::EventBusPolicy`).
    statement_ids: Rc<RefCell<Vec<String>>>,
}

crate::util::construct_handle!(EventBus);

/// Builds an [`EventBus`]; see [`EventBus::new`].
#[must_use = "call .build() to create the event bus"]
pub struct EventBusBuilder {
    scope: Scope,
    name: Option<Str>,
    description: Option<String>,
}

impl EventBusBuilder {
    /// The bus's name (default: the construct's unique id, as AWS CDK names buses). A literal
    /// name is 1–256 letters, digits, `.`, `-`, `_` and `/`, not `default` and not starting
    /// with `aws.`.
    pub fn event_bus_name(mut self, name: impl Into<Str>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// A description, at most 512 characters (default: none).
    pub fn description(mut self, description: &str) -> Self {
        self.description = Some(description.to_string());
        self
    }

    /// Creates the bus, validating its name (errors are reported at synth).
    pub fn build(self) -> EventBus {
        let node = self.scope.node().clone();
        let name = self
            .name
            .unwrap_or_else(|| Str::from(node.unique_id().chars().take(256).collect::<String>()));
        if let Some(text) = literal(&name) {
            let chars_ok = text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'));
            let problem = if text.is_empty() || text.chars().count() > 256 {
                Some("is not 1–256 characters long")
            } else if !chars_ok {
                Some("has characters other than letters, digits, `.`, `-`, `_` and `/`")
            } else if text == "default" {
                Some("is the name of the account's default bus")
            } else if text.starts_with("aws.") {
                Some("starts with `aws.`, which partner event buses use")
            } else {
                None
            };
            if let Some(problem) = problem {
                node.add_error(
                    format!("event bus name `{text}` {problem}"),
                    "name the bus with 1–256 letters, digits, `.`, `-`, `_` and `/` (not `default`); for the default bus use ImportedEventBus::default_bus()",
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
        let props = CfnEventBusProps::builder()
            .maybe_description(self.description)
            .name(name)
            .build();
        let cfn = CfnEventBus::new(&self.scope, "Resource", props);
        EventBus {
            scope: self.scope,
            cfn,
            statement_ids: Rc::default(),
        }
    }
}

impl EventBus {
    /// Starts a custom event bus named `id` in `scope`. Defaults: named after the construct's
    /// unique id, no description.
    #[allow(clippy::new_ret_no_self)] // a builder, as everywhere in this crate
    pub fn new(scope: &impl Construct, id: &str) -> EventBusBuilder {
        EventBusBuilder {
            scope: Scope::new(scope, id),
            name: None,
            description: None,
        }
    }

    /// The bus's name (`Ref`).
    pub fn event_bus_name(&self) -> Str {
        self.cfn.ref_()
    }

    /// The bus's ARN (`Fn::GetAtt Arn`).
    pub fn event_bus_arn(&self) -> Str {
        self.cfn.attr_arn()
    }

    /// Adds `statement` to the bus's resource policy, e.g. to let another account or an
    /// organization `events:PutEvents` here. Each statement is one
    /// `AWS::Events::EventBusPolicy` (`<bus>/Policy<sid>/Resource`), identified by its `Sid`
    /// (its `StatementId`), so a statement needs a sid of 1–64 letters, digits, `-` and `_`,
    /// unique on the bus, a principal and actions; a statement without resources applies to
    /// this bus (its ARN is added). Each mistake is reported at synth on the bus's path.
    ///
    /// ```
    /// use cdk_core::{App, Stack};
    /// use constructs::events::EventBus;
    /// use constructs::iam::{PolicyStatement, Principal};
    ///
    /// let app = App::new();
    /// let stack = Stack::new(&app, "Shop");
    /// let bus = EventBus::new(&stack, "Orders").build();
    /// bus.add_to_resource_policy(
    ///     PolicyStatement::allow()
    ///         .sid("PartnerPutEvents")
    ///         .principal(Principal::account("111122223333"))
    ///         .actions(["events:PutEvents"]),
    /// );
    /// assert!(stack.template().is_ok());
    /// ```
    pub fn add_to_resource_policy(&self, statement: PolicyStatement) {
        let node = self.scope.node();
        let hint = "give each bus policy statement .sid(\"...\"): 1-64 letters, digits, `-` and `_`, unique on the bus";
        let Some(sid) = statement.sid_value().map(str::to_string) else {
            node.add_error("an event bus policy statement has no sid", hint);
            return;
        };
        let sid_ok = (1..=64).contains(&sid.chars().count())
            && sid
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !sid_ok {
            node.add_error(
                format!("event bus policy statement id `{sid}` is not 1-64 letters, digits, `-` and `_`"),
                hint,
            );
            return;
        }
        if self.statement_ids.borrow().contains(&sid) {
            node.add_error(
                format!("the event bus policy has two statements with the id `{sid}`"),
                hint,
            );
            return;
        }
        if !statement.has_principal() || statement.actions_list().is_empty() {
            node.add_error(
                format!("event bus policy statement `{sid}` has no principal or no actions"),
                "a resource policy statement says who (.principal(...)) may do what (.actions([...]))",
            );
            return;
        }
        self.statement_ids.borrow_mut().push(sid.clone());
        let statement = if statement.resources_list().is_empty() {
            statement.resources([self.event_bus_arn()])
        } else {
            statement
        };
        let scope = Scope::new(&self.scope, &format!("Policy{sid}"));
        CfnEventBusPolicy::new(
            &scope,
            "Resource",
            CfnEventBusPolicyProps::builder()
                .event_bus_name(self.event_bus_name())
                .statement(statement.to_value())
                .statement_id(sid.as_str())
                .build(),
        );
    }

    /// Lets `grantee` put events on this bus (`events:PutEvents` on its ARN, AWS CDK's
    /// `grantPutEventsTo`).
    pub fn grant_put_events_to(&self, grantee: &impl Grantable) -> Grant {
        Grant::add_to_principal(grantee, &["events:PutEvents"], [self.event_bus_arn()])
    }

    /// The typed L1 resource this construct wraps ([`cfn_l1`]): typed changes after creation
    /// through [`props()`](CfnEventBus::props), for what this construct does not offer.
    pub fn cfn(&self) -> &CfnEventBus {
        &self.cfn
    }

    /// The underlying `AWS::Events::EventBus` resource (escape hatch).
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }
}

impl EventBusLike for EventBus {
    fn event_bus_name(&self) -> Str {
        EventBus::event_bus_name(self)
    }

    fn event_bus_arn(&self) -> Str {
        EventBus::event_bus_arn(self)
    }
}

/// An event bus by reference: the account's default bus, or another bus by name (in this
/// stack's account and region).
#[derive(Clone, Debug)]
pub struct ImportedEventBus {
    name: String,
}

impl ImportedEventBus {
    /// The account's default event bus (`default`), which AWS services send to.
    pub fn default_bus() -> ImportedEventBus {
        ImportedEventBus::from_name("default")
    }

    /// The bus named `name` in the stack's account and region.
    pub fn from_name(name: &str) -> ImportedEventBus {
        ImportedEventBus {
            name: name.to_string(),
        }
    }
}

impl EventBusLike for ImportedEventBus {
    fn event_bus_name(&self) -> Str {
        Str::from(self.name.as_str())
    }

    /// `arn:<partition>:events:<region>:<account>:event-bus/<name>`.
    fn event_bus_arn(&self) -> Str {
        fns::join(
            "",
            vec![
                Str::from("arn:"),
                Aws::partition(),
                Str::from(":events:"),
                Aws::region(),
                Str::from(":"),
                Aws::account_id(),
                Str::from(format!(":event-bus/{}", self.name)),
            ],
        )
    }

    fn is_default_bus(&self) -> bool {
        self.name == "default"
    }
}
