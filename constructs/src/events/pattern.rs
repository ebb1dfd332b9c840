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

/// Which service reads a pattern: EventBridge rules take every [`Matcher`]; Lambda's event
/// filters (the EventBridge Pipes engine) take all but the wildcard and anything-but-prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// An EventBridge rule's `EventPattern`.
    EventBridge,
    /// A Lambda event source mapping's `FilterCriteria` pattern.
    LambdaFilter,
}

impl Dialect {
    /// Why `matcher` is not available in this dialect, if it is not.
    fn refuses(self, matcher: &Matcher) -> Option<&'static str> {
        match (self, matcher) {
            (Dialect::LambdaFilter, Matcher::Wildcard(_)) => {
                Some("Lambda event filters have no `wildcard` matcher")
            }
            (Dialect::LambdaFilter, Matcher::AnythingButPrefix(_)) => {
                Some("Lambda event filters have no `anything-but` `prefix` matcher")
            }
            _ => None,
        }
    }

    fn docs(self) -> &'static str {
        match self {
            Dialect::EventBridge => {
                "see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html"
            }
            Dialect::LambdaFilter => {
                "see https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html#filtering-syntax"
            }
        }
    }
}

/// The key of an `$or` in a pattern object.
const OR: &str = "$or";

/// A field of the pattern: matchers, an object of fields, or the alternatives of an `$or`.
#[derive(Clone, Debug, PartialEq)]
enum Field {
    Leaf(Vec<Matcher>),
    Object(Vec<(String, Field)>),
    AnyOf(Vec<PatternFields>),
}

/// The fields of a pattern, in the order they were added: what EventBridge's
/// [`EventPattern`] and Lambda's filter pattern
/// ([`FilterPattern`](crate::lambda::event_sources::FilterPattern)) are made of, since the two
/// services read the same syntax (each [`Dialect`] refusing what its service lacks).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct PatternFields {
    fields: Vec<(String, Field)>,
    /// How many times `$or` was added at the top level (more than once is a mistake: one
    /// object has one `$or` key).
    or_count: usize,
}

impl PatternFields {
    /// Whether no field was added.
    pub(crate) fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Adds `matchers` at `path` (its keys from the top), merging with what is there.
    pub(crate) fn insert(&mut self, path: &[&str], matchers: Vec<Matcher>) {
        Field::insert(&mut self.fields, path, matchers);
    }

    /// Adds `$or` with these alternatives at the top level: the pattern matches when every
    /// other field does and at least one alternative does.
    pub(crate) fn any_of(&mut self, alternatives: Vec<PatternFields>) {
        self.or_count += 1;
        self.fields.retain(|(k, _)| k != OR);
        self.fields
            .push((OR.to_string(), Field::AnyOf(alternatives)));
    }

    /// Every problem of the fields, as (message, hint); `what` names the pattern in
    /// messages. An empty pattern is the caller's to report (its hint names its methods).
    pub(crate) fn problems(&self, dialect: Dialect, what: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.problems_at(dialect, what, "", &mut out);
        out
    }

    fn problems_at(
        &self,
        dialect: Dialect,
        what: &str,
        prefix: &str,
        out: &mut Vec<(String, String)>,
    ) {
        if self.or_count > 1 {
            out.push((
                format!("the {what} has {} `$or`s at the same level", self.or_count),
                "one object holds one `$or`: give all the alternatives to one .any_of([...])"
                    .to_string(),
            ));
        }
        for (k, f) in &self.fields {
            if k.is_empty() {
                out.push(empty_key(what, prefix.trim_end_matches('.')));
                continue;
            }
            f.problems(dialect, what, &format!("{prefix}{k}"), out);
        }
    }

    /// The pattern as JSON.
    pub(crate) fn to_value(&self) -> Value {
        Field::object_value(&self.fields)
    }

    /// The pattern as a JSON document in a string (what Lambda's `FilterCriteria` takes):
    /// a literal when every value is one, else an `Fn::Join` of the literal text and the
    /// references (each written inside quotes, as the string it resolves to).
    pub(crate) fn to_json_str(&self) -> Str {
        let mut text = JsonText::default();
        Field::object_json(&self.fields, &mut text);
        text.finish()
    }
}

/// The problem of a field path with an empty key (`a..b`, a leading or trailing `.`) under
/// `parent`.
fn empty_key(what: &str, parent: &str) -> (String, String) {
    let at = if parent.is_empty() {
        "at the top".to_string()
    } else {
        format!("under `{parent}`")
    };
    (
        format!("{what} has a field with an empty name {at}"),
        "write dotted paths without empty parts: `a.b`, not `a..b` or `a.`".to_string(),
    )
}

/// JSON text being written, with references kept apart from the literal text.
#[derive(Default)]
struct JsonText {
    parts: Vec<Str>,
    literal: String,
}

impl JsonText {
    fn push(&mut self, s: &str) {
        self.literal.push_str(s);
    }

    fn string(&mut self, s: &str) {
        self.literal
            .push_str(&serde_json::Value::from(s).to_string());
    }

    fn str(&mut self, s: &Str) {
        match s.as_literal() {
            Some(text) => self.string(text),
            None => {
                self.literal.push('"');
                self.parts
                    .push(Str::from(std::mem::take(&mut self.literal)));
                self.parts.push(s.clone());
                self.literal.push('"');
            }
        }
    }

    fn number(&mut self, n: f64) {
        if n.fract() == 0.0 && n.abs() < 1e15 {
            self.literal.push_str(&format!("{}", n as i64));
        } else {
            self.literal.push_str(&format!("{n}"));
        }
    }

    fn finish(mut self) -> Str {
        if self.parts.is_empty() {
            return Str::from(self.literal);
        }
        self.parts.push(Str::from(self.literal));
        let parts: Vec<Str> = self
            .parts
            .into_iter()
            .filter(|p| p.as_literal() != Some(""))
            .collect();
        cdk_core::fns::join("", parts)
    }
}

impl Matcher {
    fn write_json(&self, out: &mut JsonText) {
        let keyed = |out: &mut JsonText, key: &str, value: &str| {
            out.push("{");
            out.string(key);
            out.push(":");
            out.string(value);
            out.push("}");
        };
        match self {
            Matcher::Exact(s) => out.str(s),
            Matcher::Number(n) => out.number(*n),
            Matcher::Prefix(s) => keyed(out, "prefix", s),
            Matcher::Suffix(s) => keyed(out, "suffix", s),
            Matcher::Wildcard(s) => keyed(out, "wildcard", s),
            Matcher::EqualsIgnoreCase(s) => keyed(out, "equals-ignore-case", s),
            Matcher::AnythingBut(v) => {
                out.push("{\"anything-but\":[");
                for (i, s) in v.iter().enumerate() {
                    if i > 0 {
                        out.push(",");
                    }
                    out.string(s);
                }
                out.push("]}");
            }
            Matcher::AnythingButPrefix(s) => {
                out.push("{\"anything-but\":");
                keyed(out, "prefix", s);
                out.push("}");
            }
            Matcher::Numeric { lower, upper } => {
                out.push("{\"numeric\":[");
                let mut first = true;
                for (op, bound) in [
                    (
                        if matches!(lower, Some((true, _))) {
                            ">="
                        } else {
                            ">"
                        },
                        lower,
                    ),
                    (
                        if matches!(upper, Some((true, _))) {
                            "<="
                        } else {
                            "<"
                        },
                        upper,
                    ),
                ] {
                    if let Some((_, n)) = bound {
                        if !first {
                            out.push(",");
                        }
                        first = false;
                        out.string(op);
                        out.push(",");
                        out.number(*n);
                    }
                }
                out.push("]}");
            }
            Matcher::Exists(b) => out.push(if *b {
                "{\"exists\":true}"
            } else {
                "{\"exists\":false}"
            }),
        }
    }
}

impl Field {
    fn object_value(fields: &[(String, Field)]) -> Value {
        Value::map(fields.iter().map(|(k, f)| (k.clone(), f.to_value())))
    }

    fn to_value(&self) -> Value {
        match self {
            Field::Leaf(m) => Value::list(m.iter().map(Matcher::to_value)),
            Field::Object(fields) => Field::object_value(fields),
            Field::AnyOf(alternatives) => {
                Value::list(alternatives.iter().map(PatternFields::to_value))
            }
        }
    }

    fn object_json(fields: &[(String, Field)], out: &mut JsonText) {
        out.push("{");
        for (i, (k, f)) in fields.iter().enumerate() {
            if i > 0 {
                out.push(",");
            }
            out.string(k);
            out.push(":");
            f.write_json(out);
        }
        out.push("}");
    }

    fn write_json(&self, out: &mut JsonText) {
        match self {
            Field::Leaf(m) => {
                out.push("[");
                for (i, m) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(",");
                    }
                    m.write_json(out);
                }
                out.push("]");
            }
            Field::Object(fields) => Field::object_json(fields, out),
            Field::AnyOf(alternatives) => {
                out.push("[");
                for (i, a) in alternatives.iter().enumerate() {
                    if i > 0 {
                        out.push(",");
                    }
                    Field::object_json(&a.fields, out);
                }
                out.push("]");
            }
        }
    }

    /// Adds `matchers` at `path` in this object, merging with what is there.
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

    fn problems(&self, dialect: Dialect, what: &str, path: &str, out: &mut Vec<(String, String)>) {
        match self {
            Field::Leaf(m) if m.is_empty() => out.push((
                format!("{what} field `{path}` has no matchers"),
                "give each field at least one value or matcher".to_string(),
            )),
            Field::Leaf(m) => {
                let problems = m
                    .iter()
                    .filter_map(|m| dialect.refuses(m).or_else(|| m.problem()));
                for problem in problems {
                    out.push((
                        format!("{what} field `{path}`: {problem}"),
                        dialect.docs().to_string(),
                    ));
                }
            }
            Field::Object(fields) => {
                for (k, f) in fields {
                    if k.is_empty() {
                        out.push(empty_key(what, path));
                        continue;
                    }
                    f.problems(dialect, what, &format!("{path}.{k}"), out);
                }
            }
            Field::AnyOf(alternatives) => {
                if alternatives.len() < 2 {
                    out.push((
                        format!("{what} `{path}` has {} alternative(s)", alternatives.len()),
                        "`$or` needs at least two alternatives; for one, add its fields directly"
                            .to_string(),
                    ));
                }
                for (i, a) in alternatives.iter().enumerate() {
                    if a.is_empty() {
                        out.push((
                            format!("{what} `{path}[{i}]` has no fields"),
                            "an empty alternative matches every event; remove it or give it fields"
                                .to_string(),
                        ));
                    }
                    a.problems_at(dialect, what, &format!("{path}[{i}]."), out);
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
    fields: PatternFields,
}

impl EventPattern {
    /// A pattern matching every event (add fields to narrow it).
    pub fn new() -> EventPattern {
        EventPattern::default()
    }

    fn top(mut self, key: &str, matchers: Vec<Matcher>) -> Self {
        self.fields.insert(&[key], matchers);
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
        self.fields.insert(&keys, matchers.into_iter().collect());
        self
    }

    /// Events that match at least one of `alternatives` (EventBridge's `$or`), besides
    /// every other field of this pattern. Each alternative is a pattern of its own, written
    /// with the same methods (`EventPattern::new().detail("state", [...])`); at least two,
    /// none empty, and one `any_of` per pattern (checked at synth).
    ///
    /// ```
    /// use cdk_core::{App, Stack};
    /// use constructs::events::{EventPattern, Matcher, Rule};
    ///
    /// let app = App::new();
    /// let stack = Stack::new(&app, "Shop");
    /// // Orders that are either large or from a gold customer.
    /// let pattern = EventPattern::new()
    ///     .source(["shop.orders"])
    ///     .any_of([
    ///         EventPattern::new().detail("total", [Matcher::greater_than(1000.0)]),
    ///         EventPattern::new().detail("customer.tier", [Matcher::exact("gold")]),
    ///     ]);
    /// Rule::new(&stack, "Big").event_pattern(pattern).build();
    /// let t = stack.template().unwrap();
    /// let rule = t["Resources"].as_object().unwrap().values().next().unwrap();
    /// assert_eq!(
    ///     rule["Properties"]["EventPattern"]["$or"][1],
    ///     serde_json::json!({"detail": {"customer": {"tier": ["gold"]}}})
    /// );
    /// ```
    pub fn any_of(mut self, alternatives: impl IntoIterator<Item = EventPattern>) -> Self {
        self.fields
            .any_of(alternatives.into_iter().map(|p| p.fields).collect());
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
        out.extend(self.fields.problems(Dialect::EventBridge, "event pattern"));
        out
    }

    /// The pattern as JSON.
    pub fn to_value(&self) -> Value {
        self.fields.to_value()
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
