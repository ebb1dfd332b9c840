//! A typed EventBridge event pattern: [`EventPattern`] and the [`Matcher`]s of its fields.

use cdk_core::{Num, Str, Value};

/// How one field of an event is matched (one item of the field's list in the pattern; a
/// field matches when any of its matchers does).
#[derive(Clone, Debug, PartialEq)]
pub enum Matcher {
    /// The value equals this string.
    Exact(Str),
    /// The value is this number.
    Number(f64),
    /// The value starts with this (`{"prefix": …}`).
    Prefix(String),
    /// The value ends with this (`{"suffix": …}`).
    Suffix(String),
    /// The value matches this pattern, `*` matching any characters (`{"wildcard": …}`).
    Wildcard(String),
    /// The value equals this string, ignoring case (`{"equals-ignore-case": …}`).
    EqualsIgnoreCase(String),
    /// The value is none of these strings (`{"anything-but": […]}`).
    AnythingBut(Vec<String>),
    /// The value does not start with this (`{"anything-but": {"prefix": …}}`).
    AnythingButPrefix(String),
    /// A number within the bounds (`{"numeric": [">=", 1, "<", 10]}`): each bound is
    /// `(inclusive, value)`; at least one.
    Numeric {
        /// The lower bound, if any.
        lower: Option<(bool, f64)>,
        /// The upper bound, if any.
        upper: Option<(bool, f64)>,
    },
    /// The field is present (`true`) or absent (`false`) (`{"exists": …}`).
    Exists(bool),
}

impl Matcher {
    /// [`Matcher::Exact`].
    pub fn exact(value: impl Into<Str>) -> Matcher {
        Matcher::Exact(value.into())
    }

    /// [`Matcher::Prefix`].
    pub fn prefix(prefix: &str) -> Matcher {
        Matcher::Prefix(prefix.to_string())
    }

    /// [`Matcher::Suffix`].
    pub fn suffix(suffix: &str) -> Matcher {
        Matcher::Suffix(suffix.to_string())
    }

    /// [`Matcher::Wildcard`].
    pub fn wildcard(pattern: &str) -> Matcher {
        Matcher::Wildcard(pattern.to_string())
    }

    /// [`Matcher::AnythingBut`].
    pub fn anything_but<S: Into<String>>(values: impl IntoIterator<Item = S>) -> Matcher {
        Matcher::AnythingBut(values.into_iter().map(Into::into).collect())
    }

    /// `lower ≤ value < upper` ([`Matcher::Numeric`]).
    pub fn between(lower: f64, upper: f64) -> Matcher {
        Matcher::Numeric {
            lower: Some((true, lower)),
            upper: Some((false, upper)),
        }
    }

    /// `value > n` ([`Matcher::Numeric`]).
    pub fn greater_than(n: f64) -> Matcher {
        Matcher::Numeric {
            lower: Some((false, n)),
            upper: None,
        }
    }

    /// `value < n` ([`Matcher::Numeric`]).
    pub fn less_than(n: f64) -> Matcher {
        Matcher::Numeric {
            lower: None,
            upper: Some((false, n)),
        }
    }

    /// [`Matcher::Exists`].
    pub fn exists(present: bool) -> Matcher {
        Matcher::Exists(present)
    }

    fn problem(&self) -> Option<&'static str> {
        match self {
            Matcher::Prefix(s) | Matcher::Suffix(s) | Matcher::AnythingButPrefix(s)
                if s.is_empty() =>
            {
                Some("an empty prefix or suffix matches everything")
            }
            Matcher::Wildcard(s) if s.contains("**") => {
                Some("a wildcard pattern has consecutive `*`s, which EventBridge rejects")
            }
            Matcher::AnythingBut(v) if v.is_empty() => Some("`anything-but` has no values"),
            Matcher::Numeric {
                lower: None,
                upper: None,
            } => Some("a numeric matcher has no bound"),
            Matcher::Numeric {
                lower: Some((_, l)),
                upper: Some((_, u)),
            } if l >= u => Some("a numeric range's lower bound is not below its upper bound"),
            Matcher::Number(n) if !n.is_finite() => Some("a number is not finite"),
            _ => None,
        }
    }

    fn to_value(&self) -> Value {
        let num = |n: f64| Value::from(Num::from(n));
        match self {
            Matcher::Exact(s) => Value::from(s.clone()),
            Matcher::Number(n) => num(*n),
            Matcher::Prefix(s) => Value::map([("prefix", s.as_str())]),
            Matcher::Suffix(s) => Value::map([("suffix", s.as_str())]),
            Matcher::Wildcard(s) => Value::map([("wildcard", s.as_str())]),
            Matcher::EqualsIgnoreCase(s) => Value::map([("equals-ignore-case", s.as_str())]),
            Matcher::AnythingBut(v) => {
                Value::map([("anything-but", Value::list(v.iter().map(String::as_str)))])
            }
            Matcher::AnythingButPrefix(s) => {
                Value::map([("anything-but", Value::map([("prefix", s.as_str())]))])
            }
            Matcher::Numeric { lower, upper } => {
                let mut items = Vec::new();
                if let Some((inclusive, n)) = lower {
                    items.push(Value::from(if *inclusive { ">=" } else { ">" }));
                    items.push(num(*n));
                }
                if let Some((inclusive, n)) = upper {
                    items.push(Value::from(if *inclusive { "<=" } else { "<" }));
                    items.push(num(*n));
                }
                Value::map([("numeric", Value::list(items))])
            }
            Matcher::Exists(b) => Value::map([("exists", Value::from(*b))]),
        }
    }
}

/// A field of the pattern: matchers, or an object of fields.
#[derive(Clone, Debug, PartialEq)]
enum Field {
    Leaf(Vec<Matcher>),
    Object(Vec<(String, Field)>),
}

impl Field {
    fn to_value(&self) -> Value {
        match self {
            Field::Leaf(m) => Value::list(m.iter().map(Matcher::to_value)),
            Field::Object(fields) => {
                Value::map(fields.iter().map(|(k, f)| (k.clone(), f.to_value())))
            }
        }
    }

    /// Adds `matchers` at `path` (dotted) in this object, merging with what is there.
    fn insert(fields: &mut Vec<(String, Field)>, path: &[&str], matchers: Vec<Matcher>) {
        let (first, rest) = (path[0], &path[1..]);
        let at = fields.iter().position(|(k, _)| k == first);
        if rest.is_empty() {
            match at.map(|i| &mut fields[i].1) {
                Some(Field::Leaf(existing)) => existing.extend(matchers),
                _ => {
                    if let Some(i) = at {
                        fields.remove(i);
                    }
                    fields.push((first.to_string(), Field::Leaf(matchers)));
                }
            }
            return;
        }
        let i = match at {
            Some(i) if matches!(fields[i].1, Field::Object(_)) => i,
            Some(i) => {
                fields[i].1 = Field::Object(Vec::new());
                i
            }
            None => {
                fields.push((first.to_string(), Field::Object(Vec::new())));
                fields.len() - 1
            }
        };
        if let Field::Object(inner) = &mut fields[i].1 {
            Field::insert(inner, rest, matchers);
        }
    }

    fn problems(&self, path: &str, out: &mut Vec<(String, String)>) {
        match self {
            Field::Leaf(m) if m.is_empty() => out.push((
                format!("event pattern field `{path}` has no matchers"),
                "give each field at least one value or matcher".to_string(),
            )),
            Field::Leaf(m) => {
                for problem in m.iter().filter_map(Matcher::problem) {
                    out.push((
                        format!("event pattern field `{path}`: {problem}"),
                        "see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html".to_string(),
                    ));
                }
            }
            Field::Object(fields) => {
                for (k, f) in fields {
                    f.problems(&format!("{path}.{k}"), out);
                }
            }
        }
    }
}

/// An EventBridge event pattern, typed: `source`, `detail-type`, `account`, `region` and
/// fields of `detail` by dotted path, each with [`Matcher`]s. Give it to
/// [`RuleBuilder::event_pattern`](super::RuleBuilder::event_pattern); its mistakes (an
/// empty field, `**` in a wildcard, an empty numeric range, …) are reported at synth on the
/// rule's path.
///
/// ```
/// use constructs::events::{EventPattern, Matcher};
///
/// let pattern = EventPattern::new()
///     .source(["shop.orders"])
///     .detail_type(["Order Placed"])
///     .detail("status", [Matcher::anything_but(["test"])])
///     .detail("customer.tier", [Matcher::prefix("gold")])
///     .detail("total", [Matcher::between(10.0, 1000.0)])
///     .detail("coupon", [Matcher::exists(false)]);
/// # let _ = pattern;
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventPattern {
    fields: Vec<(String, Field)>,
}

impl EventPattern {
    /// A pattern matching every event (add fields to narrow it).
    pub fn new() -> EventPattern {
        EventPattern::default()
    }

    fn top(mut self, key: &str, matchers: Vec<Matcher>) -> Self {
        Field::insert(&mut self.fields, &[key], matchers);
        self
    }

    /// Events from any of these sources (`source`, e.g. `aws.s3`).
    pub fn source<S: Into<Str>>(self, sources: impl IntoIterator<Item = S>) -> Self {
        self.top("source", sources.into_iter().map(Matcher::exact).collect())
    }

    /// Events of any of these detail types (`detail-type`).
    pub fn detail_type<S: Into<Str>>(self, types: impl IntoIterator<Item = S>) -> Self {
        self.top(
            "detail-type",
            types.into_iter().map(Matcher::exact).collect(),
        )
    }

    /// Events from any of these accounts (`account`).
    pub fn account<S: Into<Str>>(self, accounts: impl IntoIterator<Item = S>) -> Self {
        self.top(
            "account",
            accounts.into_iter().map(Matcher::exact).collect(),
        )
    }

    /// Events from any of these regions (`region`).
    pub fn region<S: Into<Str>>(self, regions: impl IntoIterator<Item = S>) -> Self {
        self.top("region", regions.into_iter().map(Matcher::exact).collect())
    }

    /// Events whose `detail` field at `path` (dotted: `customer.tier`) matches any of
    /// `matchers`; called again for the same path, the matchers are added.
    pub fn detail(mut self, path: &str, matchers: impl IntoIterator<Item = Matcher>) -> Self {
        let mut keys = vec!["detail"];
        keys.extend(path.split('.'));
        Field::insert(&mut self.fields, &keys, matchers.into_iter().collect());
        self
    }

    /// Every problem of the pattern, as (message, hint).
    pub(super) fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if self.fields.is_empty() {
            out.push((
                "the event pattern has no fields".to_string(),
                "add .source([...]), .detail_type([...]) or .detail(...)".to_string(),
            ));
        }
        for (k, f) in &self.fields {
            f.problems(k, &mut out);
        }
        out
    }

    /// The pattern as JSON.
    pub fn to_value(&self) -> Value {
        Value::map(self.fields.iter().map(|(k, f)| (k.clone(), f.to_value())))
    }
}

/// What [`RuleBuilder::event_pattern`](super::RuleBuilder::event_pattern) takes: an
/// [`EventPattern`], or any JSON value (`serde_json::json!`, a `Value`).
pub trait IntoEventPattern {
    /// The pattern as JSON and its problems, as (message, hint).
    fn into_event_pattern(self) -> (Value, Vec<(String, String)>);
}

impl<T: Into<Value>> IntoEventPattern for T {
    fn into_event_pattern(self) -> (Value, Vec<(String, String)>) {
        (self.into(), Vec::new())
    }
}

impl IntoEventPattern for EventPattern {
    fn into_event_pattern(self) -> (Value, Vec<(String, String)>) {
        (self.to_value(), self.problems())
    }
}
