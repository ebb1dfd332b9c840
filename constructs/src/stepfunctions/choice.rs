//! The Choice state and its typed rules ([`Condition`]).

use serde_json::{json, Map, Value as Json};

use super::asl;
use super::retry::number;
use super::state::{assign_methods, path_methods, state_handle, Kind, StateRef};
use super::IntoChain;

/// A Choice rule's test: a comparison of the value at a path, or `And`/`Or`/`Not` of
/// others. `Condition::string_matches("$", "*Stephane*")`.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// `{"Variable": path, operator: value}`.
    Compare {
        /// The path compared (`Variable`).
        variable: String,
        /// The operator (`StringEquals`, `NumericGreaterThanPath`, `IsPresent`, …).
        operator: &'static str,
        /// What it is compared with.
        value: Json,
    },
    /// `And`: all of them.
    And(Vec<Condition>),
    /// `Or`: any of them.
    Or(Vec<Condition>),
    /// `Not`.
    Not(Box<Condition>),
    /// A JSONata rule, `{"Condition": "{% … %}"}`: JSONata states only, and not inside
    /// `And`/`Or`/`Not` (JSONata has `and`, `or` and `$not`).
    Jsonata(String),
}

macro_rules! comparisons {
    ($($(#[$doc:meta])* $fn:ident($arg:ty) $op:literal => $conv:expr;)*) => {
        impl Condition {
            $(
                $(#[$doc])*
                pub fn $fn(variable: &str, value: $arg) -> Condition {
                    let conv: fn($arg) -> Json = $conv;
                    Condition::Compare { variable: variable.to_string(), operator: $op, value: conv(value) }
                }
            )*
        }
    };
}

comparisons! {
    /// `StringEquals`.
    string_equals(&str) "StringEquals" => |v| json!(v);
    /// `StringEqualsPath`: equal to the string at another path.
    string_equals_path(&str) "StringEqualsPath" => |v| json!(v);
    /// `StringLessThan`.
    string_less_than(&str) "StringLessThan" => |v| json!(v);
    /// `StringLessThanPath`.
    string_less_than_path(&str) "StringLessThanPath" => |v| json!(v);
    /// `StringLessThanEquals`.
    string_less_than_equals(&str) "StringLessThanEquals" => |v| json!(v);
    /// `StringLessThanEqualsPath`.
    string_less_than_equals_path(&str) "StringLessThanEqualsPath" => |v| json!(v);
    /// `StringGreaterThan`.
    string_greater_than(&str) "StringGreaterThan" => |v| json!(v);
    /// `StringGreaterThanPath`.
    string_greater_than_path(&str) "StringGreaterThanPath" => |v| json!(v);
    /// `StringGreaterThanEquals`.
    string_greater_than_equals(&str) "StringGreaterThanEquals" => |v| json!(v);
    /// `StringGreaterThanEqualsPath`.
    string_greater_than_equals_path(&str) "StringGreaterThanEqualsPath" => |v| json!(v);
    /// `StringMatches`: a pattern with `*` wildcards (`\*` for a literal star).
    string_matches(&str) "StringMatches" => |v| json!(v);
    /// `NumericEquals`.
    numeric_equals(f64) "NumericEquals" => number;
    /// `NumericEqualsPath`.
    numeric_equals_path(&str) "NumericEqualsPath" => |v| json!(v);
    /// `NumericLessThan`.
    numeric_less_than(f64) "NumericLessThan" => number;
    /// `NumericLessThanPath`.
    numeric_less_than_path(&str) "NumericLessThanPath" => |v| json!(v);
    /// `NumericLessThanEquals`.
    numeric_less_than_equals(f64) "NumericLessThanEquals" => number;
    /// `NumericLessThanEqualsPath`.
    numeric_less_than_equals_path(&str) "NumericLessThanEqualsPath" => |v| json!(v);
    /// `NumericGreaterThan`.
    numeric_greater_than(f64) "NumericGreaterThan" => number;
    /// `NumericGreaterThanPath`.
    numeric_greater_than_path(&str) "NumericGreaterThanPath" => |v| json!(v);
    /// `NumericGreaterThanEquals`.
    numeric_greater_than_equals(f64) "NumericGreaterThanEquals" => number;
    /// `NumericGreaterThanEqualsPath`.
    numeric_greater_than_equals_path(&str) "NumericGreaterThanEqualsPath" => |v| json!(v);
    /// `TimestampEquals` (an RFC 3339 timestamp).
    timestamp_equals(&str) "TimestampEquals" => |v| json!(v);
    /// `TimestampEqualsPath`.
    timestamp_equals_path(&str) "TimestampEqualsPath" => |v| json!(v);
    /// `TimestampLessThan`.
    timestamp_less_than(&str) "TimestampLessThan" => |v| json!(v);
    /// `TimestampLessThanPath`.
    timestamp_less_than_path(&str) "TimestampLessThanPath" => |v| json!(v);
    /// `TimestampLessThanEquals`.
    timestamp_less_than_equals(&str) "TimestampLessThanEquals" => |v| json!(v);
    /// `TimestampLessThanEqualsPath`.
    timestamp_less_than_equals_path(&str) "TimestampLessThanEqualsPath" => |v| json!(v);
    /// `TimestampGreaterThan`.
    timestamp_greater_than(&str) "TimestampGreaterThan" => |v| json!(v);
    /// `TimestampGreaterThanPath`.
    timestamp_greater_than_path(&str) "TimestampGreaterThanPath" => |v| json!(v);
    /// `TimestampGreaterThanEquals`.
    timestamp_greater_than_equals(&str) "TimestampGreaterThanEquals" => |v| json!(v);
    /// `TimestampGreaterThanEqualsPath`.
    timestamp_greater_than_equals_path(&str) "TimestampGreaterThanEqualsPath" => |v| json!(v);
    /// `BooleanEquals`.
    boolean_equals(bool) "BooleanEquals" => |v| json!(v);
    /// `BooleanEqualsPath`.
    boolean_equals_path(&str) "BooleanEqualsPath" => |v| json!(v);
    /// `IsPresent`: whether the path exists (`false`: it does not).
    is_present(bool) "IsPresent" => |v| json!(v);
    /// `IsNull`.
    is_null(bool) "IsNull" => |v| json!(v);
    /// `IsString`.
    is_string(bool) "IsString" => |v| json!(v);
    /// `IsNumeric`.
    is_numeric(bool) "IsNumeric" => |v| json!(v);
    /// `IsBoolean`.
    is_boolean(bool) "IsBoolean" => |v| json!(v);
    /// `IsTimestamp`.
    is_timestamp(bool) "IsTimestamp" => |v| json!(v);
}

impl Condition {
    /// `And` of `conditions`.
    pub fn and(conditions: impl IntoIterator<Item = Condition>) -> Condition {
        Condition::And(conditions.into_iter().collect())
    }

    /// A JSONata `Condition`, an expression that yields a boolean:
    /// `Condition::jsonata("{% $states.input.amount > 100 %}")`.
    pub fn jsonata(expression: &str) -> Condition {
        Condition::Jsonata(expression.to_string())
    }

    /// Whether this is a JSONata rule ([`Condition::jsonata`]).
    pub(crate) fn is_jsonata(&self) -> bool {
        matches!(self, Condition::Jsonata(_))
    }

    /// Whether this rule is or contains a JSONata rule.
    pub(crate) fn mentions_jsonata(&self) -> bool {
        match self {
            Condition::Jsonata(_) => true,
            Condition::And(cs) | Condition::Or(cs) => cs.iter().any(Condition::mentions_jsonata),
            Condition::Not(c) => c.mentions_jsonata(),
            Condition::Compare { .. } => false,
        }
    }

    /// `Or` of `conditions`.
    pub fn or(conditions: impl IntoIterator<Item = Condition>) -> Condition {
        Condition::Or(conditions.into_iter().collect())
    }

    /// `Not` of `condition`. (Named like ASL's `Not`, beside [`and`](Self::and) and
    /// [`or`](Self::or); `!condition` works too.)
    #[allow(clippy::should_implement_trait)]
    pub fn not(condition: Condition) -> Condition {
        Condition::Not(Box::new(condition))
    }

    /// The rule's JSON without `Next`.
    pub(crate) fn to_json(&self) -> Map<String, Json> {
        let mut m = Map::new();
        match self {
            Condition::Compare {
                variable,
                operator,
                value,
            } => {
                m.insert(asl::VARIABLE.into(), json!(variable));
                m.insert((*operator).into(), value.clone());
            }
            Condition::And(cs) | Condition::Or(cs) => {
                let key = if matches!(self, Condition::And(_)) {
                    asl::AND
                } else {
                    asl::OR
                };
                let items = cs.iter().map(|c| Json::Object(c.to_json())).collect();
                m.insert(key.into(), Json::Array(items));
            }
            Condition::Not(c) => {
                m.insert(asl::NOT.into(), Json::Object(c.to_json()));
            }
            Condition::Jsonata(e) => {
                m.insert(asl::CONDITION.into(), json!(e));
            }
        }
        m
    }

    /// Mistakes in the rule: an empty `And`/`Or`, a variable that is not a path.
    pub(crate) fn problems(&self, out: &mut Vec<String>) {
        match self {
            Condition::Compare {
                variable,
                operator,
                value,
            } => {
                if !variable.starts_with('$') {
                    out.push(format!(
                        "Choice rule Variable `{variable}` is not a path (starts with `$`)"
                    ));
                }
                let text = value.as_str().unwrap_or_default();
                if operator.ends_with(asl::PATH_SUFFIX) && !text.starts_with('$') {
                    out.push(format!(
                        "Choice rule {operator} `{text}` is not a path (starts with `$`)"
                    ));
                } else if operator.starts_with(asl::TIMESTAMP)
                    && !operator.ends_with(asl::PATH_SUFFIX)
                    && !crate::util::is_timestamp(text)
                {
                    out.push(format!(
                        "Choice rule {operator} `{text}` is not an RFC 3339 timestamp (2026-12-01T16:00:00Z)"
                    ));
                }
            }
            Condition::And(cs) | Condition::Or(cs) => {
                if cs.is_empty() {
                    out.push("Choice rule And/Or has no conditions".to_string());
                }
                cs.iter().for_each(|c| c.nested_problems(out));
            }
            Condition::Not(c) => c.nested_problems(out),
            Condition::Jsonata(e) => {
                if !super::graph::is_jsonata_expression(e) {
                    out.push(format!(
                        "Choice rule Condition `{e}` is not a JSONata expression (`{{% … %}}`)"
                    ));
                }
            }
        }
    }

    /// [`problems`](Self::problems) of a rule inside `And`/`Or`/`Not`.
    fn nested_problems(&self, out: &mut Vec<String>) {
        if self.is_jsonata() {
            out.push("a JSONata Condition cannot be inside And/Or/Not: combine inside the expression (`and`, `or`, `$not(…)`)".into());
        } else {
            self.problems(out);
        }
    }
}

/// A Choice state: the first rule whose condition holds decides the next state, else the
/// `otherwise` state (`Default`); with neither, the execution fails with
/// `States.NoChoiceMatched`. A Choice has no `Next` and no `End`.
#[derive(Clone)]
pub struct Choice<L = super::lang::Any>(
    pub(crate) StateRef,
    pub(crate) std::marker::PhantomData<L>,
);

state_handle!(Choice);
path_methods!(Choice);
assign_methods!(Choice);

impl Choice {
    /// A Choice state named `name` (unique in the machine, at most 80 characters).
    pub fn new(name: &str) -> Choice {
        Choice(
            StateRef::new(
                name,
                Kind::Choice {
                    rules: Vec::new(),
                    default: None,
                },
            ),
            std::marker::PhantomData,
        )
    }
}

impl<L> Choice<L> {
    /// Adds a rule: when `condition` holds, continue at `next`.
    pub fn when(self, condition: Condition, next: &impl IntoChain) -> Self {
        let target = next.to_chain().start;
        target.add_incoming(&self.0);
        if let Kind::Choice { rules, .. } = &mut self.0 .0.borrow_mut().kind {
            rules.push((condition, target));
        }
        self
    }

    /// The `Default` state, when no rule holds. Setting it twice is reported at synth.
    pub fn otherwise(self, next: &impl IntoChain) -> Self {
        let target = next.to_chain().start;
        let previous = match &self.0 .0.borrow().kind {
            Kind::Choice { default, .. } => default.clone(),
            _ => None,
        };
        match previous {
            Some(p) if !p.same(&target) => self.0.error(
                format!(
                    "Default set twice: to `{}` and to `{}`",
                    p.name(),
                    target.name()
                ),
                "a Choice has one Default; add a rule with .when(…) instead",
            ),
            Some(_) => {}
            None => {
                target.add_incoming(&self.0);
                if let Kind::Choice { default, .. } = &mut self.0 .0.borrow_mut().kind {
                    *default = Some(target);
                }
            }
        }
        self
    }
}

impl std::ops::Not for Condition {
    type Output = Condition;

    fn not(self) -> Condition {
        Condition::Not(Box::new(self))
    }
}
