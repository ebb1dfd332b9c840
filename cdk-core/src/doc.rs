//! The rendered-template model: JSON data in the order it was built, borrowing its strings
//! from the construct tree and the synthesis context wherever it can.
//!
//! Synthesis renders every template into a [`Doc`] and writes its JSON and YAML text straight
//! from it. Building a `serde_json::Value` instead costs an allocation per string (a copy of a
//! string the tree already holds) and a SipHash per key (`serde_json::Map` hashes with the
//! standard library's `RandomState`); an object here is a plain vector of entries, because a
//! template's objects are small and their keys are unique by construction. The public
//! in-memory results (`App::assemble`, `Stack::template`) are converted to `serde_json::Value`
//! at the edge, only when asked for.

use std::borrow::Cow;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map as JsonMap, Number, Value as Json};

/// A JSON value of a rendered template.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Doc<'a> {
    Null,
    Bool(bool),
    Number(Number),
    Str(Cow<'a, str>),
    List(Vec<Doc<'a>>),
    Map(DocMap<'a>),
}

/// A JSON object of a rendered template: entries in order, keys unique.
pub(crate) type DocMap<'a> = Vec<(Cow<'a, str>, Doc<'a>)>;

impl<'a> Doc<'a> {
    /// A string borrowed for the document's lifetime.
    pub(crate) fn str(s: &'a str) -> Doc<'a> {
        Doc::Str(Cow::Borrowed(s))
    }

    /// An object with one entry, e.g. `{"Ref": id}`.
    pub(crate) fn one(key: &'static str, value: Doc<'a>) -> Doc<'a> {
        Doc::Map(vec![(Cow::Borrowed(key), value)])
    }

    /// The string, if this is one.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Doc::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A view of `json` (strings borrowed; tests).
    #[cfg(test)]
    pub(crate) fn from_json(json: &'a Json) -> Doc<'a> {
        match json {
            Json::Null => Doc::Null,
            Json::Bool(b) => Doc::Bool(*b),
            Json::Number(n) => Doc::Number(n.clone()),
            Json::String(s) => Doc::str(s),
            Json::Array(items) => Doc::List(items.iter().map(Doc::from_json).collect()),
            Json::Object(m) => Doc::Map(
                m.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Doc::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// The same value as a `serde_json::Value` (the public in-memory form).
    pub(crate) fn to_json(&self) -> Json {
        match self {
            Doc::Null => Json::Null,
            Doc::Bool(b) => Json::Bool(*b),
            Doc::Number(n) => Json::Number(n.clone()),
            Doc::Str(s) => Json::String(s.to_string()),
            Doc::List(items) => Json::Array(items.iter().map(Doc::to_json).collect()),
            Doc::Map(m) => Json::Object(map_to_json(m)),
        }
    }
}

/// `m` as a `serde_json::Map`.
pub(crate) fn map_to_json(m: &DocMap) -> JsonMap<String, Json> {
    m.iter()
        .map(|(k, v)| (k.to_string(), v.to_json()))
        .collect()
}

/// The value of `key` in `m`.
pub(crate) fn get<'m, 'a>(m: &'m DocMap<'a>, key: &str) -> Option<&'m Doc<'a>> {
    m.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// The value of `key` in `m`, to change it.
pub(crate) fn get_mut<'m, 'a>(m: &'m mut DocMap<'a>, key: &str) -> Option<&'m mut Doc<'a>> {
    m.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Sets `key` to `value`: in place if `m` has it, else appended.
pub(crate) fn insert<'a>(m: &mut DocMap<'a>, key: Cow<'a, str>, value: Doc<'a>) {
    match get_mut(m, &key) {
        Some(slot) => *slot = value,
        None => m.push((key, value)),
    }
}

/// The value of `key`, appended as `default()` first if `m` lacks it.
pub(crate) fn entry<'m, 'a>(
    m: &'m mut DocMap<'a>,
    key: &str,
    default: impl FnOnce() -> (Cow<'a, str>, Doc<'a>),
) -> &'m mut Doc<'a> {
    let i = match m.iter().position(|(k, _)| k == key) {
        Some(i) => i,
        None => {
            m.push(default());
            m.len() - 1
        }
    };
    &mut m[i].1
}

/// Removes `key` from `m`, keeping the order of the rest.
pub(crate) fn remove(m: &mut DocMap, key: &str) {
    m.retain(|(k, _)| k != key);
}

impl Serialize for Doc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Doc::Null => s.serialize_unit(),
            Doc::Bool(b) => s.serialize_bool(*b),
            Doc::Number(n) => n.serialize(s),
            Doc::Str(v) => s.serialize_str(v),
            Doc::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    seq.serialize_element(i)?;
                }
                seq.end()
            }
            Doc::Map(m) => MapRef(m).serialize(s),
        }
    }
}

/// A [`DocMap`] as a serializable JSON object.
pub(crate) struct MapRef<'m, 'a>(pub(crate) &'m DocMap<'a>);

impl Serialize for MapRef<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(&**k, v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_serializes_as_serde_json_does() {
        let v = serde_json::json!({
            "a": [1, -2, 3.5, null, true, {"b": "c\n\"d\""}],
            "e": {}, "f": [], "g": {"h": {"i": "é ✓"}}
        });
        let doc = Doc::from_json(&v);
        assert_eq!(doc.to_json(), v);
        assert_eq!(
            serde_json::to_string_pretty(&doc).unwrap(),
            serde_json::to_string_pretty(&v).unwrap()
        );
        assert_eq!(
            serde_json::to_string(&doc).unwrap(),
            serde_json::to_string(&v).unwrap()
        );
    }

    #[test]
    fn map_edits_keep_order() {
        let mut m: DocMap = vec![("a".into(), Doc::Null), ("b".into(), Doc::Null)];
        insert(&mut m, "a".into(), Doc::Bool(true));
        insert(&mut m, "c".into(), Doc::Bool(false));
        remove(&mut m, "b");
        *entry(&mut m, "d", || ("d".into(), Doc::Null)) = Doc::str("x");
        let keys: Vec<&str> = m.iter().map(|(k, _)| &**k).collect();
        assert_eq!(keys, ["a", "c", "d"]);
        assert_eq!(get(&m, "a"), Some(&Doc::Bool(true)));
    }
}
