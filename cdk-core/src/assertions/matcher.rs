//! `Match`: matchers embedded in expected patterns, and how a pattern is recognised.

use serde_json::{Map, Value};

use super::*;

/// Builders for matchers that can be embedded in expected patterns.
///
/// Each function returns a plain [`serde_json::Value`] (a JSON object with a
/// `"$cdk:match"` key), so matchers nest inside `json!` literals:
///
/// ```
/// use cdk_core::assertions::Match;
/// use serde_json::json;
///
/// let pattern = json!({
///     "BucketName": Match::any_value(),
///     "Tags": Match::array_with(json!([{ "Key": "env" }])),
///     "WebsiteConfiguration": Match::absent(),
/// });
/// assert_eq!(pattern["WebsiteConfiguration"], json!({ "$cdk:match": "absent" }));
/// ```
///
/// A malformed matcher object (unknown kind, missing pattern) never matches;
/// the failure message says why.
pub enum Match {}

impl Match {
    /// Matches when the key is missing from the actual object. Inside an
    /// array (where every position has a value) it never matches.
    pub fn absent() -> serde_json::Value {
        matcher("absent", None)
    }

    /// Matches any present, non-null value.
    pub fn any_value() -> serde_json::Value {
        matcher("anyValue", None)
    }

    /// Matches an array that contains, in order but not necessarily
    /// adjacently, an element matching each element of `elements` (an
    /// array; any other value is taken as a one-element array). Elements are
    /// matched with the surrounding rules (partial objects by default).
    pub fn array_with(elements: serde_json::Value) -> serde_json::Value {
        let elements = match elements {
            Value::Array(items) => Value::Array(items),
            other => Value::Array(vec![other]),
        };
        matcher("arrayWith", Some(elements))
    }

    /// Matches `pattern` partially (the default rule for objects); useful to
    /// relax matching inside [`Match::exact`] or [`Match::object_equals`].
    pub fn object_like(pattern: serde_json::Value) -> serde_json::Value {
        matcher("objectLike", Some(pattern))
    }

    /// Matches an object with exactly the keys of `pattern` (an object);
    /// nested objects must match exactly too, unless relaxed with
    /// [`Match::object_like`].
    pub fn object_equals(pattern: serde_json::Value) -> serde_json::Value {
        matcher("objectEquals", Some(pattern))
    }

    /// Matches `pattern` exactly: objects at any depth must have exactly the
    /// expected keys (arrays and scalars already match exactly). Matchers
    /// nested in `pattern` still apply.
    pub fn exact(pattern: serde_json::Value) -> serde_json::Value {
        matcher("exact", Some(pattern))
    }
}

pub(super) fn matcher(kind: &str, pattern: Option<Value>) -> Value {
    let mut map = Map::new();
    map.insert(MATCH_KEY.to_owned(), Value::String(kind.to_owned()));
    if let Some(pattern) = pattern {
        map.insert(PATTERN_KEY.to_owned(), pattern);
    }
    Value::Object(map)
}

/// A parsed matcher object.
pub(super) enum Pattern<'a> {
    Absent,
    AnyValue,
    ArrayWith(&'a [Value]),
    ObjectLike(&'a Value),
    ObjectEquals(&'a Value),
    Exact(&'a Value),
    Invalid(String),
}

/// Parses `value` as a matcher if it is an object with the matcher key.
pub(super) fn parse_matcher(value: &Value) -> Option<Pattern<'_>> {
    let map = value.as_object()?;
    let kind = map.get(MATCH_KEY)?;
    let Some(kind) = kind.as_str() else {
        return Some(Pattern::Invalid(format!(
            "{MATCH_KEY} must be a string, found {}",
            render(kind)
        )));
    };
    if let Some(extra) = map.keys().find(|k| *k != MATCH_KEY && *k != PATTERN_KEY) {
        return Some(Pattern::Invalid(format!(
            "unexpected key {extra:?} in {kind} matcher"
        )));
    }
    let pattern = map.get(PATTERN_KEY);
    Some(match (kind, pattern) {
        ("absent", None) => Pattern::Absent,
        ("anyValue", None) => Pattern::AnyValue,
        ("absent" | "anyValue", Some(_)) => {
            Pattern::Invalid(format!("{kind} matcher takes no pattern"))
        }
        ("arrayWith", Some(Value::Array(items))) => Pattern::ArrayWith(items),
        ("objectLike", Some(p @ Value::Object(_))) => Pattern::ObjectLike(p),
        ("objectEquals", Some(p @ Value::Object(_))) => Pattern::ObjectEquals(p),
        ("exact", Some(p)) => Pattern::Exact(p),
        ("arrayWith", _) => Pattern::Invalid("arrayWith matcher needs an array pattern".to_owned()),
        ("objectLike" | "objectEquals", _) => {
            Pattern::Invalid(format!("{kind} matcher needs an object pattern"))
        }
        ("exact", None) => Pattern::Invalid("exact matcher needs a pattern".to_owned()),
        _ => Pattern::Invalid(format!(
            "unknown matcher kind {kind:?} (known: absent, anyValue, arrayWith, objectLike, objectEquals, exact)"
        )),
    })
}
