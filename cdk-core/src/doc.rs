//! The rendered-template model: JSON data in the order it was built, in an arena, borrowing
//! its strings from the construct tree and the synthesis context wherever it can.
//!
//! Synthesis renders every template into [`Doc`]s and writes its JSON and YAML text straight
//! from them. Building a `serde_json::Value` instead costs an allocation per string (a copy of
//! a string the tree already holds) and a SipHash per key (`serde_json::Map` hashes with the
//! standard library's `RandomState`). Here an object is a slice of entries (a template's
//! objects are small and their keys unique by construction), and every slice and the few
//! strings synthesis makes up live in one [`Bump`] arena per synthesis: building a list costs
//! a pointer bump instead of a `malloc`, and a `Doc` owns nothing, so dropping the rendered
//! templates costs nothing (the arena is freed in a few large blocks). The public in-memory
//! results (`App::assemble`, `Stack::template`) are converted to `serde_json::Value` at the
//! edge, only when asked for.
//!
//! A document is built bottom-up and then read: values are shared, immutable slices.
//! The few edits synthesis makes afterwards (resource overrides, exports added to a
//! producer's `Outputs`) copy the path they change ([`Thawed`] for overrides).

use bumpalo::collections::Vec as BumpVec;
pub(crate) use bumpalo::Bump;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map as JsonMap, Number, Value as Json};

/// A JSON value of a rendered template.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Doc<'a> {
    Null,
    Bool(bool),
    Number(Number),
    Str(&'a str),
    List(&'a [Doc<'a>]),
    Map(&'a [(&'a str, Doc<'a>)]),
}

/// A JSON object being built or edited (a template's top level, a section): entries in
/// order, keys unique. Frozen into a [`Doc::Map`] with [`freeze_map`].
pub(crate) type DocMap<'a> = Vec<(&'a str, Doc<'a>)>;

impl<'a> Doc<'a> {
    /// An object with one entry, e.g. `{"Ref": id}`.
    pub(crate) fn one(bump: &'a Bump, key: &'a str, value: Doc<'a>) -> Doc<'a> {
        Doc::Map(bump.alloc([(key, value)]))
    }

    /// A list of these items.
    pub(crate) fn list<const N: usize>(bump: &'a Bump, items: [Doc<'a>; N]) -> Doc<'a> {
        Doc::List(bump.alloc(items))
    }

    /// A string made up during synthesis, copied into the arena.
    pub(crate) fn owned(bump: &'a Bump, s: &str) -> Doc<'a> {
        Doc::Str(bump.alloc_str(s))
    }

    /// The string, if this is one.
    pub(crate) fn as_str(&self) -> Option<&'a str> {
        match self {
            Doc::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A view of `json` (tests).
    #[cfg(test)]
    pub(crate) fn from_json(bump: &'a Bump, json: &'a Json) -> Doc<'a> {
        match json {
            Json::Null => Doc::Null,
            Json::Bool(b) => Doc::Bool(*b),
            Json::Number(n) => Doc::Number(n.clone()),
            Json::String(s) => Doc::Str(s),
            Json::Array(items) => {
                Doc::List(bump.alloc_slice_fill_iter(items.iter().map(|i| Doc::from_json(bump, i))))
            }
            Json::Object(m) => Doc::Map(bump.alloc_slice_fill_iter(
                m.iter().map(|(k, v)| (k.as_str(), Doc::from_json(bump, v))),
            )),
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
pub(crate) fn map_to_json(m: &[(&str, Doc)]) -> JsonMap<String, Json> {
    m.iter()
        .map(|(k, v)| (k.to_string(), v.to_json()))
        .collect()
}

/// The value of `key` in `m`.
pub(crate) fn get<'m, 'a>(m: &'m [(&'a str, Doc<'a>)], key: &str) -> Option<&'m Doc<'a>> {
    m.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
}

/// `entries` as an object in the arena.
pub(crate) fn freeze_map<'a>(bump: &'a Bump, entries: DocMap<'a>) -> Doc<'a> {
    Doc::Map(bump.alloc_slice_fill_iter(entries))
}

/// An object builder in the arena, with room for `n` entries.
pub(crate) fn map_builder(bump: &Bump, n: usize) -> BumpVec<'_, (&str, Doc<'_>)> {
    BumpVec::with_capacity_in(n, bump)
}

/// `m` with `key` set to `value`: in place if `m` has it, else appended (a new object in the
/// arena; `m` is shared).
pub(crate) fn with_entry<'a>(
    bump: &'a Bump,
    m: &'a [(&'a str, Doc<'a>)],
    key: &'a str,
    value: Doc<'a>,
) -> Doc<'a> {
    let mut out = map_builder(bump, m.len() + 1);
    let mut value = Some(value);
    for (k, v) in m {
        if *k == key {
            out.push((k, value.take().unwrap_or(Doc::Null)));
        } else {
            out.push((k, v.clone()));
        }
    }
    if let Some(v) = value {
        out.push((key, v));
    }
    Doc::Map(out.into_bump_slice())
}

/// A document opened up for editing (resource overrides): containers are owned vectors,
/// leaves are shared. Built by [`Thawed::from`], turned back with [`Thawed::freeze`].
#[derive(Clone, Debug)]
pub(crate) enum Thawed<'a> {
    Leaf(Doc<'a>),
    List(Vec<Thawed<'a>>),
    Map(Vec<(&'a str, Thawed<'a>)>),
}

impl<'a> Thawed<'a> {
    /// `doc`, opened all the way down.
    pub(crate) fn from(doc: &Doc<'a>) -> Thawed<'a> {
        match doc {
            Doc::List(items) => Thawed::List(items.iter().map(Thawed::from).collect()),
            Doc::Map(m) => Thawed::Map(m.iter().map(|(k, v)| (*k, Thawed::from(v))).collect()),
            leaf => Thawed::Leaf(leaf.clone()),
        }
    }

    /// Back into the arena.
    pub(crate) fn freeze(self, bump: &'a Bump) -> Doc<'a> {
        match self {
            Thawed::Leaf(d) => d,
            Thawed::List(items) => {
                Doc::List(bump.alloc_slice_fill_iter(items.into_iter().map(|i| i.freeze(bump))))
            }
            Thawed::Map(m) => Doc::Map(
                bump.alloc_slice_fill_iter(m.into_iter().map(|(k, v)| (k, v.freeze(bump)))),
            ),
        }
    }
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
                for i in *items {
                    seq.serialize_element(i)?;
                }
                seq.end()
            }
            Doc::Map(m) => MapRef(m).serialize(s),
        }
    }
}

/// Entries as a serializable JSON object.
pub(crate) struct MapRef<'m, 'a>(pub(crate) &'m [(&'a str, Doc<'a>)]);

impl Serialize for MapRef<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Text one template's writer leaves for the other template's: the `Properties` of a
/// resource both templates share (the very same arena slice, see `render::Shared`) are
/// written once and copied into the second file. A slice of the arena never changes, and
/// the same slice at the same indentation is the same text.
pub(crate) enum Reuse<'m, T: Text> {
    /// Nothing to remember or copy.
    Off,
    /// Remember where each `Properties` object went in the text being written.
    Record(&'m mut ReuseMap),
    /// Copy what the first template's text `.1` holds for the same object.
    Replay(&'m ReuseMap, &'m T),
}

/// A text being written: JSON's bytes, YAML's `String`.
pub(crate) trait Text {
    /// Its bytes.
    fn bytes(&self) -> &[u8];
    /// Empties it, keeping its buffer.
    fn clear_text(&mut self);
    /// Appends `first[range]`; false if `range` is not a piece of `first`.
    fn copy_from(&mut self, first: &Self, range: std::ops::Range<usize>) -> bool;
}

impl Text for Vec<u8> {
    fn bytes(&self) -> &[u8] {
        self
    }
    fn clear_text(&mut self) {
        self.clear();
    }
    fn copy_from(&mut self, first: &Self, range: std::ops::Range<usize>) -> bool {
        first
            .get(range)
            .map(|piece| self.extend_from_slice(piece))
            .is_some()
    }
}

impl Text for String {
    fn bytes(&self) -> &[u8] {
        self.as_bytes()
    }
    fn clear_text(&mut self) {
        self.clear();
    }
    fn copy_from(&mut self, first: &Self, range: std::ops::Range<usize>) -> bool {
        first.get(range).map(|piece| self.push_str(piece)).is_some()
    }
}

/// (slice address, entries, indentation) of a `Properties` object -> its text's byte range.
pub(crate) type ReuseMap = crate::value::HashMap<ReuseKey, std::ops::Range<usize>>;

/// The key of `value` as the shared `Properties` object at `indent`, if it is one.
fn reuse_key(key: &str, value: &Doc, indent: usize) -> Option<ReuseKey> {
    match value {
        Doc::Map(m) if key == "Properties" && !m.is_empty() => {
            Some((m.as_ptr() as usize, m.len(), indent))
        }
        _ => None,
    }
}

/// Writes one file of a stack's pair into `bufs` with `write`: the first (`first`) into
/// `bufs[0]`, remembering its shared `Properties` in `seen` when a second follows (`pair`),
/// a later one into `bufs[1]`, copying them from the first. Returns the text written.
pub(crate) fn write_reusing<'b, T: Text>(
    bufs: &'b mut [T; 2],
    first: bool,
    pair: bool,
    seen: &mut ReuseMap,
    write: impl FnOnce(&mut T, &mut Reuse<T>),
) -> &'b [u8] {
    let [one, other] = bufs;
    if first {
        one.clear_text();
        let mut reuse = if pair {
            Reuse::Record(seen)
        } else {
            Reuse::Off
        };
        write(one, &mut reuse);
        one.bytes()
    } else {
        other.clear_text();
        write(other, &mut Reuse::Replay(seen, one));
        other.bytes()
    }
}

/// The identity of a shared `Properties` object at an indentation (see [`ReuseMap`]).
pub(crate) type ReuseKey = (usize, usize, usize);

impl<T: Text> Reuse<'_, T> {
    /// Copies the first template's text of object `value` at `key` (shared `Properties`)
    /// into `out`; false when there is none (the caller writes it).
    pub(crate) fn replay(&self, out: &mut T, key: &str, value: &Doc, indent: usize) -> bool {
        let Reuse::Replay(seen, first) = self else {
            return false;
        };
        reuse_key(key, value, indent)
            .and_then(|id| seen.get(&id))
            .is_some_and(|range| out.copy_from(first, range.clone()))
    }

    /// When recording: the key under which the text of `value` at `key` is to be
    /// remembered (the caller writes it and hands the range to [`Reuse::remember`]).
    pub(crate) fn to_record(&self, key: &str, value: &Doc, indent: usize) -> Option<ReuseKey> {
        match self {
            Reuse::Record(_) => reuse_key(key, value, indent),
            _ => None,
        }
    }

    /// Remembers that the text of `id` is `range` of the text being written.
    pub(crate) fn remember(&mut self, id: ReuseKey, range: std::ops::Range<usize>) {
        if let Reuse::Record(seen) = self {
            seen.insert(id, range);
        }
    }
}

/// `entries` as pretty JSON, byte for byte what `serde_json::to_writer_pretty` writes (2-space
/// indent, `": "`, serde_json's escapes), without its per-value dispatch: the template
/// writers' hot loop. Iterative, so no depth overflows the stack.
#[cfg(test)]
pub(crate) fn write_pretty(out: &mut Vec<u8>, entries: &[(&str, Doc)]) {
    write_pretty_reusing(out, entries, &mut Reuse::Off);
}

/// [`write_pretty`], remembering or reusing shared `Properties` (see [`Reuse`]).
pub(crate) fn write_pretty_reusing(
    out: &mut Vec<u8>,
    entries: &[(&str, Doc)],
    reuse: &mut Reuse<Vec<u8>>,
) {
    write_object(out, entries, reuse);
}

/// An open container of the JSON writer: its entries or items still to write, whether the
/// next is the first, and (an object whose text is being remembered for [`Reuse`]) where
/// its text started and under which key.
enum Frame<'f, 'a> {
    Map(
        std::slice::Iter<'f, (&'a str, Doc<'a>)>,
        bool,
        Option<(usize, ReuseKey)>,
    ),
    List(std::slice::Iter<'f, Doc<'a>>, bool),
}

/// Object `entries`, the document's top level.
fn write_object(out: &mut Vec<u8>, entries: &[(&str, Doc)], reuse: &mut Reuse<Vec<u8>>) {
    // Opens `doc` (a container gets a frame) or writes it (a scalar, `{}`, `[]`).
    fn open<'f, 'a>(out: &mut Vec<u8>, doc: &'f Doc<'a>, stack: &mut Vec<Frame<'f, 'a>>) {
        match doc {
            Doc::Map(m) if !m.is_empty() => {
                out.push(b'{');
                stack.push(Frame::Map(m.iter(), true, None));
            }
            Doc::List(l) if !l.is_empty() => {
                out.push(b'[');
                stack.push(Frame::List(l.iter(), true));
            }
            Doc::Map(_) => out.extend_from_slice(b"{}"),
            Doc::List(_) => out.extend_from_slice(b"[]"),
            Doc::Null => out.extend_from_slice(b"null"),
            Doc::Bool(true) => out.extend_from_slice(b"true"),
            Doc::Bool(false) => out.extend_from_slice(b"false"),
            Doc::Number(n) => {
                let _ = serde_json::to_writer(&mut *out, n);
            }
            Doc::Str(s) => write_json_str(out, s),
        }
    }
    fn indent(out: &mut Vec<u8>, depth: usize) {
        out.push(b'\n');
        spaces(depth * 2, |s| out.extend_from_slice(s.as_bytes()));
    }
    if entries.is_empty() {
        out.extend_from_slice(b"{}");
        return;
    }
    out.push(b'{');
    let mut stack: Vec<Frame> = Vec::with_capacity(16);
    stack.push(Frame::Map(entries.iter(), true, None));
    loop {
        let depth = stack.len();
        let Some(top) = stack.last_mut() else {
            break;
        };
        match top {
            Frame::Map(iter, first, _) => match iter.next() {
                Some((k, v)) => {
                    if !std::mem::take(first) {
                        out.push(b',');
                    }
                    indent(out, depth);
                    write_json_str(out, k);
                    out.extend_from_slice(b": ");
                    if reuse.replay(out, k, v, depth) {
                        continue;
                    }
                    let start = out.len();
                    open(out, v, &mut stack);
                    if let (Some(id), Some(Frame::Map(_, _, record))) =
                        (reuse.to_record(k, v, depth), stack.last_mut())
                    {
                        *record = Some((start, id));
                    }
                }
                None => {
                    let record = match stack.pop() {
                        Some(Frame::Map(_, _, record)) => record,
                        _ => None,
                    };
                    indent(out, depth - 1);
                    out.push(b'}');
                    if let Some((start, id)) = record {
                        reuse.remember(id, start..out.len());
                    }
                }
            },
            Frame::List(iter, first) => match iter.next() {
                Some(v) => {
                    if !std::mem::take(first) {
                        out.push(b',');
                    }
                    indent(out, depth);
                    open(out, v, &mut stack);
                }
                None => {
                    stack.pop();
                    indent(out, depth - 1);
                    out.push(b']');
                }
            },
        }
    }
}

/// `s` as a JSON string literal with serde_json's escapes: `\"`, `\\`, the short forms
/// `\b \f \n \r \t`, `\u00xx` for other control characters; everything else as is.
fn write_json_str(out: &mut Vec<u8>, s: &str) {
    const SHORT: [u8; 32] = {
        let mut t = [b'u'; 32];
        t[0x08] = b'b';
        t[0x0c] = b'f';
        t[b'\n' as usize] = b'n';
        t[b'\r' as usize] = b'r';
        t[b'\t' as usize] = b't';
        t
    };
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    if !needs_json_escape(bytes) {
        // Nearly every string of a template.
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut plain = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        out.extend_from_slice(&bytes[plain..i]);
        plain = i + 1;
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            _ => match SHORT[usize::from(b)] {
                b'u' => out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 15)],
                ]),
                c => out.extend_from_slice(&[b'\\', c]),
            },
        }
    }
    out.extend_from_slice(&bytes[plain..]);
    out.push(b'"');
}

/// The bytes JSON's escape of each byte adds (serde_json's escapes: `\"`, `\\`, the short
/// forms of `\n` `\r` `\t` `\b` `\f`, `\u00XX` for other control characters); zero for a
/// byte written as it is.
pub(crate) const JSON_ESCAPE_EXTRA: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = 5;
        b += 1;
    }
    t[b'"' as usize] = 1;
    t[b'\\' as usize] = 1;
    t[b'\n' as usize] = 1;
    t[b'\r' as usize] = 1;
    t[b'\t' as usize] = 1;
    t[0x08] = 1;
    t[0x0c] = 1;
    t
};

/// Whether `bytes` holds a byte JSON escapes (a control character, `"` or `\\`), eight bytes
/// at a time: for each 8-byte word, the classic "has a byte less than n" test
/// (`(w - n·0x01…) & !w & 0x80…` is non-zero exactly when some byte is below n, for n ≤ 0x80)
/// on the word, and on the word xor-ed with `"` and with `\\` (a zero byte: a match).
fn needs_json_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |w: u64, n: u64| w.wrapping_sub(n * ONES) & !w & HIGH != 0;
    let special = |w: u64| {
        below(w, 0x20)
            || below(w ^ (u64::from(b'"') * ONES), 1)
            || below(w ^ (u64::from(b'\\') * ONES), 1)
    };
    let word = |b: &[u8]| {
        let mut w = [0u8; 8];
        w.copy_from_slice(b);
        u64::from_le_bytes(w)
    };
    if bytes.len() < 8 {
        // Short strings (most keys): a table, one load and one `or` per byte, no branch.
        return bytes
            .iter()
            .fold(0, |e, &b| e | JSON_ESCAPE_EXTRA[usize::from(b)])
            != 0;
    }
    let mut words = bytes.chunks_exact(8);
    for w in words.by_ref() {
        if special(word(w)) {
            return true;
        }
    }
    // The last eight bytes (overlapping the words already tested) cover the remainder.
    !words.remainder().is_empty() && special(word(&bytes[bytes.len() - 8..]))
}

/// Hands `push` `n` spaces, in slices of a constant (indentation for the JSON and YAML
/// writers, without a loop per space or an allocation).
pub(crate) fn spaces(n: usize, mut push: impl FnMut(&'static str)) {
    const SPACES: &str = "                                                                ";
    let mut left = n;
    while left > 0 {
        let k = left.min(SPACES.len());
        push(&SPACES[..k]);
        left -= k;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_at_a_time_escape_test_agrees_with_the_byte_test() {
        let naive = |b: &[u8]| b.iter().any(|&c| c < 0x20 || c == b'"' || c == b'\\');
        for len in 0..20 {
            for at in 0..len {
                for c in 0..=255u8 {
                    let mut bytes = vec![b'a'; len];
                    // Neighbours that provoke borrows between bytes in the subtraction.
                    if at > 0 {
                        bytes[at - 1] = 0x21;
                    }
                    bytes[at] = c;
                    assert_eq!(needs_json_escape(&bytes), naive(&bytes), "{bytes:?}");
                }
            }
        }
    }

    /// Two templates sharing one `Properties` slice (at the same depth in both, and once
    /// more at another depth in the second), plus an equal but separate slice.
    fn two_templates<'a>(bump: &'a Bump) -> (Doc<'a>, Doc<'a>) {
        let props = Doc::from_json(
            bump,
            bump.alloc(serde_json::json!({"A": [1, {"B": "c"}], "D": {}})),
        );
        let equal = Doc::from_json(bump, bump.alloc(serde_json::json!({"A": 2})));
        let res = |p: Doc<'a>| Doc::Map(bump.alloc([("Type", Doc::Str("T")), ("Properties", p)]));
        let first = Doc::Map(bump.alloc([(
            "Resources",
            Doc::Map(bump.alloc([("X", res(props.clone())), ("Y", res(equal.clone()))])),
        )]));
        let deeper = Doc::Map(bump.alloc([("Inner", res(props.clone()))]));
        let second = Doc::Map(bump.alloc([(
            "Resources",
            Doc::Map(bump.alloc([
                ("X", res(props.clone())),
                (
                    "Z",
                    res(Doc::from_json(
                        bump,
                        bump.alloc(serde_json::json!({"A": 2})),
                    )),
                ),
                (
                    "W",
                    Doc::Map(bump.alloc([("Type", Doc::Str("T")), ("Properties", deeper)])),
                ),
            ])),
        )]));
        (first, second)
    }

    #[test]
    fn reused_properties_are_the_text_written_without_reuse() {
        let bump = Bump::new();
        let (Doc::Map(first), Doc::Map(second)) = two_templates(&bump) else {
            unreachable!()
        };
        let (mut plain1, mut plain2) = (Vec::new(), Vec::new());
        write_pretty(&mut plain1, first);
        write_pretty(&mut plain2, second);
        let mut seen = ReuseMap::default();
        let mut a = Vec::new();
        write_pretty_reusing(&mut a, first, &mut Reuse::Record(&mut seen));
        assert_eq!(
            seen.len(),
            2,
            "both Properties of the first template are remembered"
        );
        let mut b = Vec::new();
        write_pretty_reusing(&mut b, second, &mut Reuse::Replay(&seen, &a));
        assert_eq!(a, plain1);
        assert_eq!(
            String::from_utf8(b).unwrap(),
            String::from_utf8(plain2).unwrap()
        );
        // And the YAML writer.
        let mut seen = ReuseMap::default();
        let (mut a, mut b) = (String::new(), String::new());
        crate::yaml::write_doc(&mut a, first, &mut Reuse::Record(&mut seen));
        crate::yaml::write_doc(&mut b, second, &mut Reuse::Replay(&seen, &a));
        assert_eq!(a, crate::yaml::doc_to_string(first));
        assert_eq!(b, crate::yaml::doc_to_string(second));
    }

    #[test]
    fn round_trips_and_serializes_as_serde_json_does() {
        let v = serde_json::json!({
            "a": [1, -2, 3.5, null, true, {"b": "c\n\"d\""}],
            "e": {}, "f": [], "g": {"h": {"i": "é ✓"}}
        });
        let bump = Bump::new();
        let doc = Doc::from_json(&bump, &v);
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
    fn pretty_writer_is_serde_jsons() {
        let v = serde_json::json!({
            "a": [1, -2, 3.5, 1e300, u64::MAX, null, true, false, {"b": "c\n\"d\"\\"}],
            "ctl": "\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}\u{7f} é ✓ \t\r",
            "e": {}, "f": [], "g": {"h": {"i": [[], [{}], [[1]]]}}
        });
        let bump = Bump::new();
        let Doc::Map(m) = Doc::from_json(&bump, &v) else {
            unreachable!()
        };
        let mut out = Vec::new();
        write_pretty(&mut out, m);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string_pretty(&v).unwrap()
        );
        let mut empty = Vec::new();
        write_pretty(&mut empty, &[]);
        assert_eq!(empty, b"{}");
    }

    #[test]
    fn edits_copy_and_keep_order() {
        let bump = Bump::new();
        let json = serde_json::json!({"a": 1, "b": {"c": 2}});
        let doc = Doc::from_json(&bump, &json);
        let Doc::Map(m) = doc.clone() else {
            unreachable!()
        };
        let changed = with_entry(&bump, m, "a", Doc::Bool(true));
        let added = with_entry(&bump, m, "z", Doc::Null);
        assert_eq!(
            changed.to_json(),
            serde_json::json!({"a": true, "b": {"c": 2}})
        );
        assert_eq!(
            added.to_json(),
            serde_json::json!({"a": 1, "b": {"c": 2}, "z": null})
        );
        assert_eq!(doc.to_json(), json, "the original is shared, never changed");
        assert_eq!(Thawed::from(&doc).freeze(&bump), doc);
        assert_eq!(
            get(m, "b").map(Doc::to_json),
            Some(serde_json::json!({"c": 2}))
        );
    }
}
