//! Typed SNS subscription filter policies.

use cdk_core::{Num, Value};
use indexmap::IndexMap;

/// What a filter policy is applied to (`FilterPolicyScope`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterPolicyScope {
    /// The message attributes (SNS's default; `FilterPolicyScope` is not written).
    MessageAttributes,
    /// The message body, a JSON object (`FilterPolicyScope: MessageBody`); keys may nest.
    MessageBody,
}

/// One condition on a value, an entry of a filter policy key's list. A key matches when any
/// of its conditions does.
///
/// ```
/// use constructs::sns::Filter;
/// let conditions = [Filter::exact("red"), Filter::prefix("bl"), Filter::between(0.0, 100.0)];
/// # let _ = conditions;
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Filter(Condition);

#[derive(Clone, Debug, PartialEq)]
enum Condition {
    Exact(String),
    EqualsIgnoreCase(String),
    Prefix(String),
    Suffix(String),
    AnythingBut(Vec<String>),
    AnythingButPrefix(String),
    /// `numeric` with one or two (operator, number) pairs.
    Numeric(Vec<(&'static str, f64)>),
    Exists(bool),
}

/// One end of a numeric range, for [`Filter::numeric_range`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bound {
    /// The number itself matches (`>=` / `<=`).
    Inclusive(f64),
    /// The number itself does not match (`>` / `<`).
    Exclusive(f64),
}

/// SNS compares numbers between −10⁹ and 10⁹ only.
const NUMERIC_LIMIT: f64 = 1e9;

impl Filter {
    /// The value is exactly `value` (a string match).
    pub fn exact(value: &str) -> Filter {
        Filter(Condition::Exact(value.to_string()))
    }

    /// The value equals `value`, ignoring case (`equals-ignore-case`).
    pub fn equals_ignore_case(value: &str) -> Filter {
        Filter(Condition::EqualsIgnoreCase(value.to_string()))
    }

    /// The value starts with `prefix` (`prefix`).
    pub fn prefix(prefix: &str) -> Filter {
        Filter(Condition::Prefix(prefix.to_string()))
    }

    /// The value ends with `suffix` (`suffix`).
    pub fn suffix(suffix: &str) -> Filter {
        Filter(Condition::Suffix(suffix.to_string()))
    }

    /// The value is none of `values` (`anything-but`).
    pub fn anything_but<S: AsRef<str>>(values: impl IntoIterator<Item = S>) -> Filter {
        Filter(Condition::AnythingBut(
            values.into_iter().map(|s| s.as_ref().to_string()).collect(),
        ))
    }

    /// The value does not start with `prefix` (`anything-but` of a `prefix`).
    pub fn anything_but_prefix(prefix: &str) -> Filter {
        Filter(Condition::AnythingButPrefix(prefix.to_string()))
    }

    /// The value is the number `n` (`numeric` `=`).
    pub fn number(n: f64) -> Filter {
        Filter(Condition::Numeric(vec![("=", n)]))
    }

    /// The value is a number greater than `n` (`numeric` `>`).
    pub fn greater_than(n: f64) -> Filter {
        Filter(Condition::Numeric(vec![(">", n)]))
    }

    /// The value is a number of at least `n` (`numeric` `>=`).
    pub fn at_least(n: f64) -> Filter {
        Filter(Condition::Numeric(vec![(">=", n)]))
    }

    /// The value is a number less than `n` (`numeric` `<`).
    pub fn less_than(n: f64) -> Filter {
        Filter(Condition::Numeric(vec![("<", n)]))
    }

    /// The value is a number of at most `n` (`numeric` `<=`).
    pub fn at_most(n: f64) -> Filter {
        Filter(Condition::Numeric(vec![("<=", n)]))
    }

    /// The value is a number in `low..=high` (`numeric` `>=`, `<=`).
    pub fn between(low: f64, high: f64) -> Filter {
        Filter::numeric_range(Bound::Inclusive(low), Bound::Inclusive(high))
    }

    /// The value is a number between `lower` and `upper`, each end inclusive or exclusive.
    pub fn numeric_range(lower: Bound, upper: Bound) -> Filter {
        let lower = match lower {
            Bound::Inclusive(n) => (">=", n),
            Bound::Exclusive(n) => (">", n),
        };
        let upper = match upper {
            Bound::Inclusive(n) => ("<=", n),
            Bound::Exclusive(n) => ("<", n),
        };
        Filter(Condition::Numeric(vec![lower, upper]))
    }

    /// The key is present (`exists: true`) or absent (`exists: false`).
    pub fn exists(present: bool) -> Filter {
        Filter(Condition::Exists(present))
    }

    /// The condition as filter policy JSON.
    fn to_value(&self) -> Value {
        let one = |op: &str, v: Value| Value::map([(op, v)]);
        match &self.0 {
            Condition::Exact(s) => Value::from(s.as_str()),
            Condition::EqualsIgnoreCase(s) => one("equals-ignore-case", Value::from(s.as_str())),
            Condition::Prefix(s) => one("prefix", Value::from(s.as_str())),
            Condition::Suffix(s) => one("suffix", Value::from(s.as_str())),
            Condition::AnythingBut(values) => one(
                "anything-but",
                Value::list(values.iter().map(|s| Value::from(s.as_str()))),
            ),
            Condition::AnythingButPrefix(s) => {
                one("anything-but", one("prefix", Value::from(s.as_str())))
            }
            Condition::Numeric(pairs) => one(
                "numeric",
                Value::list(
                    pairs
                        .iter()
                        .flat_map(|(op, n)| [Value::from(*op), number(*n)]),
                ),
            ),
            Condition::Exists(b) => one("exists", Value::from(*b)),
        }
    }

    /// What SNS would reject in this condition.
    fn problems(&self) -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        match &self.0 {
            Condition::Numeric(pairs) => {
                for (_, n) in pairs {
                    if !n.is_finite() || n.abs() > NUMERIC_LIMIT {
                        out.push((
                            format!("the number {n} is outside -1e9..=1e9"),
                            "SNS filter policies compare numbers between -1,000,000,000 and 1,000,000,000",
                        ));
                    }
                }
                if let [(_, low), (_, high)] = pairs.as_slice() {
                    if low >= high {
                        out.push((
                            format!("the numeric range {low}..{high} is empty"),
                            "give the lower bound first, smaller than the upper bound",
                        ));
                    }
                }
            }
            Condition::AnythingBut(values) if values.is_empty() => out.push((
                "`anything-but` names no values".to_string(),
                "name at least one value it must not be",
            )),
            _ => {}
        }
        out
    }
}

/// A number as JSON: whole numbers without a fraction (`5`, not `5.0`).
fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() <= NUMERIC_LIMIT {
        Value::from(n as i64)
    } else {
        Value::from(Num::from(n))
    }
}

/// A typed SNS filter policy: the keys a message must match, each with the conditions any
/// one of which matches (AWS CDK's `SubscriptionFilter` map).
///
/// ```
/// use constructs::sns::{Filter, FilterPolicy};
/// let on_attributes = FilterPolicy::message_attributes()
///     .key("color", [Filter::exact("red"), Filter::prefix("bl")])
///     .key("size", [Filter::between(1.0, 10.0)]);
/// let on_body = FilterPolicy::message_body()
///     .path(&["order", "status"], [Filter::anything_but(["cancelled"])])
///     .key("priority", [Filter::exists(true)]);
/// # let _ = (on_attributes, on_body);
/// ```
///
/// Checked at synth, on the subscription: at least one and at most 5 keys (for a message
/// body policy, nested keys count by their leaves), every key with at least one condition,
/// at most 150 combinations of values (the product of the keys' condition counts), nested
/// keys only for a message body policy, numbers within ±10⁹, non-empty numeric ranges.
#[derive(Clone, Debug, PartialEq)]
pub struct FilterPolicy {
    scope: FilterPolicyScope,
    keys: Vec<(Vec<String>, Vec<Filter>)>,
}

/// SNS's limits on a filter policy.
const MAX_KEYS: usize = 5;
const MAX_COMBINATIONS: usize = 150;

impl FilterPolicy {
    /// A policy on the message attributes (SNS's default scope).
    pub fn message_attributes() -> FilterPolicy {
        FilterPolicy {
            scope: FilterPolicyScope::MessageAttributes,
            keys: Vec::new(),
        }
    }

    /// A policy on the message body (`FilterPolicyScope: MessageBody`).
    pub fn message_body() -> FilterPolicy {
        FilterPolicy {
            scope: FilterPolicyScope::MessageBody,
            keys: Vec::new(),
        }
    }

    /// The key `name` (an attribute name, or a top-level body key) matches any of
    /// `conditions`.
    pub fn key(self, name: &str, conditions: impl IntoIterator<Item = Filter>) -> Self {
        self.path(&[name], conditions)
    }

    /// The nested body key at `path` (`["order", "status"]` is
    /// `{"order": {"status": […]}}`) matches any of `conditions`; message body policies only.
    pub fn path(mut self, path: &[&str], conditions: impl IntoIterator<Item = Filter>) -> Self {
        self.keys.push((
            path.iter().map(|s| s.to_string()).collect(),
            conditions.into_iter().collect(),
        ));
        self
    }

    /// What the policy is applied to.
    pub fn scope(&self) -> FilterPolicyScope {
        self.scope
    }

    /// The policy as filter policy JSON (keys in the order they were added; nested keys
    /// merged into one object per parent).
    pub fn to_value(&self) -> Value {
        #[derive(Default)]
        struct Tree(IndexMap<String, Node>);
        enum Node {
            Leaf(Vec<Filter>),
            Branch(Tree),
        }
        fn insert(tree: &mut Tree, path: &[String], filters: &[Filter]) {
            let Some((first, rest)) = path.split_first() else {
                return;
            };
            if rest.is_empty() {
                tree.0.insert(first.clone(), Node::Leaf(filters.to_vec()));
                return;
            }
            let node = tree
                .0
                .entry(first.clone())
                .or_insert_with(|| Node::Branch(Tree::default()));
            if let Node::Leaf(_) = node {
                *node = Node::Branch(Tree::default());
            }
            if let Node::Branch(sub) = node {
                insert(sub, rest, filters);
            }
        }
        fn render(tree: &Tree) -> Value {
            Value::map(tree.0.iter().map(|(k, node)| {
                let v = match node {
                    Node::Leaf(filters) => Value::list(filters.iter().map(Filter::to_value)),
                    Node::Branch(sub) => render(sub),
                };
                (k.clone(), v)
            }))
        }
        let mut tree = Tree::default();
        for (path, filters) in &self.keys {
            insert(&mut tree, path, filters);
        }
        render(&tree)
    }

    /// Every rule of SNS's the policy breaks, as (message, hint).
    pub(crate) fn problems(&self) -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        if self.keys.is_empty() {
            out.push((
                "the filter policy has no keys".to_string(),
                "add a key with .key(\"name\", [Filter::exact(\"value\")]), or drop the filter policy",
            ));
        }
        if self.keys.len() > MAX_KEYS {
            out.push((
                format!(
                    "the filter policy has {} keys, more than {MAX_KEYS}",
                    self.keys.len()
                ),
                "SNS allows at most 5 keys in a filter policy (nested keys count by their leaves)",
            ));
        }
        let mut combinations: usize = 1;
        for (path, filters) in &self.keys {
            let name = path.join(".");
            if path.is_empty() || path.iter().any(String::is_empty) {
                out.push((
                    format!("the filter policy key `{name}` is empty"),
                    "name the key",
                ));
            }
            if path.len() > 1 && self.scope == FilterPolicyScope::MessageAttributes {
                out.push((
                    format!("the filter policy key `{name}` is nested, but the policy is on message attributes"),
                    "use FilterPolicy::message_body() for nested keys; attributes are flat",
                ));
            }
            if filters.is_empty() {
                out.push((
                    format!("the filter policy key `{name}` has no conditions"),
                    "give the key at least one Filter, e.g. Filter::exists(true)",
                ));
            }
            combinations = combinations.saturating_mul(filters.len().max(1));
            for f in filters {
                out.extend(
                    f.problems()
                        .into_iter()
                        .map(|(m, h)| (format!("filter policy key `{name}`: {m}"), h)),
                );
            }
        }
        if combinations > MAX_COMBINATIONS {
            out.push((
                format!("the filter policy has {combinations} combinations of values, more than {MAX_COMBINATIONS}"),
                "SNS multiplies the number of conditions of every key; use fewer conditions (a prefix instead of many exact values)",
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn json_of(policy: &FilterPolicy) -> serde_json::Value {
        let app = cdk_core::App::new();
        let stack = cdk_core::Stack::new(&app, "S");
        cdk_core::CfnResource::new(&stack, "R", "Custom::Filter")
            .set_property("P", policy.to_value());
        stack.template().unwrap()["Resources"]["R"]["Properties"]["P"].clone()
    }

    #[test]
    fn every_condition_renders() {
        let p = FilterPolicy::message_body()
            .key(
                "a",
                [
                    Filter::exact("red"),
                    Filter::equals_ignore_case("Blue"),
                    Filter::prefix("gr"),
                    Filter::suffix(".jpg"),
                ],
            )
            .key(
                "b",
                [
                    Filter::anything_but(["x", "y"]),
                    Filter::anything_but_prefix("z"),
                ],
            )
            .path(
                &["c", "d"],
                [
                    Filter::number(5.0),
                    Filter::numeric_range(Bound::Exclusive(0.0), Bound::Inclusive(1.5)),
                ],
            )
            .path(&["c", "e"], [Filter::exists(false)]);
        assert_eq!(
            json_of(&p),
            json!({
                "a": ["red", {"equals-ignore-case": "Blue"}, {"prefix": "gr"}, {"suffix": ".jpg"}],
                "b": [{"anything-but": ["x", "y"]}, {"anything-but": {"prefix": "z"}}],
                "c": {
                    "d": [{"numeric": ["=", 5]}, {"numeric": [">", 0, "<=", 1.5]}],
                    "e": [{"exists": false}],
                },
            })
        );
        assert!(p.problems().is_empty(), "{:?}", p.problems());
    }

    #[test]
    fn limits_are_checked() {
        let many = (0..6).fold(FilterPolicy::message_attributes(), |p, i| {
            p.key(&format!("k{i}"), [Filter::exists(true)])
        });
        assert_eq!(many.problems().len(), 1);
        let wide = FilterPolicy::message_attributes()
            .key("a", (0..13).map(|i| Filter::exact(&i.to_string())))
            .key("b", (0..12).map(|i| Filter::exact(&i.to_string())));
        assert!(wide.problems()[0].0.contains("156 combinations"));
        let nested = FilterPolicy::message_attributes().path(&["a", "b"], [Filter::exists(true)]);
        assert!(nested.problems()[0].0.contains("is nested"));
        let empty_range = FilterPolicy::message_attributes().key("n", [Filter::between(5.0, 1.0)]);
        assert!(empty_range.problems()[0].0.contains("range 5..1 is empty"));
        let huge = FilterPolicy::message_attributes().key("n", [Filter::greater_than(2e9)]);
        assert!(huge.problems()[0].0.contains("outside -1e9..=1e9"));
        assert_eq!(FilterPolicy::message_body().problems().len(), 1);
    }
}
