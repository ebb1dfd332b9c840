//! A small, dependency-free YAML emitter for CloudFormation templates.
//!
//! [`to_string`] turns any [`serde_json::Value`] into block-style YAML (2-space indentation,
//! sequences indented under their key, key order = the map's insertion order) that reads back
//! to the *same* JSON value under both YAML 1.1 (PyYAML, which `sam`, `cfn-lint` and most
//! CloudFormation tooling use) and YAML 1.2 (core schema) parsers.
//!
//! # Why hand-rolled
//!
//! * `serde_yaml` is archived (unmaintained) and, emitting YAML 1.2, leaves strings such as
//!   `yes`, `on`, `y` or `2012-10-17` unquoted; a YAML 1.1 reader such as PyYAML then turns
//!   them into booleans or dates, silently changing the template (an IAM policy `Version`
//!   becoming a date is the classic failure).
//! * The libyaml-based forks are thin wrappers around C code (`unsafe`), and still need the
//!   same 1.1-vs-1.2 quoting care.
//! * The subset needed here is tiny: no anchors, no tags, no flow style (except `{}` / `[]`),
//!   no folded or literal block scalars. Long-form intrinsics (`Fn::GetAtt:` …) are ordinary
//!   mapping keys, so no `!Ref`-style tags are ever emitted.
//!
//! # Quoting rule
//!
//! A string (value or key) is written plain (unquoted) only when it is provably a string
//! under both YAML versions: it consists solely of ASCII letters, digits and
//! `_ . / : * @ - $ { } ( ) + , =`, with single spaces allowed between other characters
//! (no leading, trailing or doubled spaces); it starts with an ASCII letter, `/` or `$`
//! (so it can never be a number, timestamp, `.inf`/`.nan`, `~`, `<<`, `=`, or start with an
//! indicator character); it neither contains `": "` nor ends with `:`; and it is not one of
//! the YAML 1.1 / 1.2 boolean or null words (`y`, `n`, `yes`, `no`, `true`, `false`, `on`,
//! `off`, `null`) in any letter case. Everything else is double-quoted with JSON-compatible
//! escapes (`\"`, `\\`, `\n`, `\t`, `\r`, `\uXXXX`). Printable non-ASCII characters stay as
//! UTF-8; characters that YAML treats as line breaks or as non-printable (C0/C1 controls,
//! DEL, U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF) are escaped, so every quoted scalar is a
//! single line.
//!
//! # Numbers
//!
//! Numbers are written as `serde_json` prints them, except that a float printed with an
//! exponent is given a decimal point and an explicit exponent sign (`1e300` → `1.0e+300`):
//! YAML 1.1 only recognises `1.0e+300` as a float and would read `1e300` as a string.
//!
//! # Robustness
//!
//! The emitter never panics, and walks the value with an explicit stack rather than
//! recursion, so arbitrarily deep values cannot overflow the call stack. Mapping keys longer
//! than YAML's 1024-character limit for implicit keys are written as explicit `? key` entries.

use serde_json::Value;
use std::fmt::Write as _;

use crate::doc::{Doc, Reuse};

/// Rendered keys longer than this (in characters) are written as explicit `? key` entries.
/// YAML (and PyYAML's scanner) limit implicit keys to 1024 characters; stay well below.
const MAX_IMPLICIT_KEY_CHARS: usize = 512;

/// Renders `value` as a block-style YAML document ending in exactly one newline.
///
/// The output parses back to `value` with both YAML 1.1 (PyYAML `safe_load`) and YAML 1.2
/// parsers; see the module documentation for the quoting rule. Never panics.
///
/// ```
/// let v = serde_json::json!({"Version": "2012-10-17", "Type": "AWS::S3::Bucket"});
/// assert_eq!(
///     cdk_core::yaml::to_string(&v),
///     "Version: \"2012-10-17\"\nType: AWS::S3::Bucket\n"
/// );
/// ```
pub fn to_string(value: &Value) -> String {
    write_document(value, String::new())
}

/// A rendered template as YAML: the same text as [`to_string`] of its JSON value.
#[cfg(test)]
pub(crate) fn doc_to_string(template: &[(&str, Doc)]) -> String {
    // The YAML is a little smaller than the pretty JSON; start big enough for most.
    let mut out = String::with_capacity(64 * 1024);
    write_doc(&mut out, template, &mut Reuse::Off);
    out
}

/// Appends [`doc_to_string`] of `template` to `out`, remembering or reusing shared
/// `Properties` (see [`Reuse`]).
pub(crate) fn write_doc(out: &mut String, template: &[(&str, Doc)], reuse: &mut Reuse<String>) {
    if template.is_empty() {
        out.push_str("{}\n");
        return;
    }
    let entries: <Doc as YamlNode>::Entries<'_> = template.iter().map(doc_entry as fn(_) -> _);
    write_frames::<Doc>(
        out,
        Frame::Map {
            iter: entries,
            indent: 0,
            inline_first: false,
            record: None,
        },
        reuse,
    );
}

fn write_document<N: YamlNode>(root: &N, mut out: String) -> String {
    match shape(root) {
        Shape::Inline => {
            write_scalar(&mut out, root);
            out.push('\n');
        }
        Shape::Map(entries) => write_frames::<N>(
            &mut out,
            Frame::Map {
                iter: entries,
                indent: 0,
                inline_first: false,
                record: None,
            },
            &mut Reuse::Off,
        ),
        Shape::Seq(items) => write_frames::<N>(
            &mut out,
            Frame::Seq {
                iter: items,
                indent: 0,
                inline_first: false,
            },
            &mut Reuse::Off,
        ),
    }
    out
}

/// What the emitter needs of a JSON value: its kind, and its entries or items in order.
/// Implemented for `serde_json::Value` (the public API) and for the rendered-template
/// model synthesis writes from, so neither is converted into the other.
trait YamlNode: Sized {
    /// An object's entries.
    type Entries<'a>: Iterator<Item = (&'a str, &'a Self)>
    where
        Self: 'a;
    /// An array's items.
    type Items<'a>: Iterator<Item = &'a Self>
    where
        Self: 'a;
    fn view(&self) -> View<'_, Self>;
    /// The rendered document this is, if it is one (for [`Reuse`]).
    fn as_doc(&self) -> Option<&Doc<'_>> {
        None
    }
}

/// One value, seen through [`YamlNode`]; containers carry whether they are empty.
enum View<'a, N: YamlNode + 'a> {
    Null,
    Bool(bool),
    Number(&'a serde_json::Number),
    Str(&'a str),
    Map(bool, N::Entries<'a>),
    Seq(bool, N::Items<'a>),
}

impl YamlNode for Value {
    type Entries<'a> = std::iter::Map<
        serde_json::map::Iter<'a>,
        fn((&'a String, &'a Value)) -> (&'a str, &'a Value),
    >;
    type Items<'a> = std::slice::Iter<'a, Value>;
    fn view(&self) -> View<'_, Value> {
        match self {
            Value::Null => View::Null,
            Value::Bool(b) => View::Bool(*b),
            Value::Number(n) => View::Number(n),
            Value::String(s) => View::Str(s),
            Value::Array(items) => View::Seq(items.is_empty(), items.iter()),
            Value::Object(m) => View::Map(m.is_empty(), m.iter().map(json_entry as fn(_) -> _)),
        }
    }
}

/// A rendered value; entries are `(key, value)` pairs.
impl<'d> YamlNode for Doc<'d> {
    type Entries<'a>
        = std::iter::Map<
        std::slice::Iter<'a, (&'d str, Doc<'d>)>,
        fn(&'a (&'d str, Doc<'d>)) -> (&'a str, &'a Doc<'d>),
    >
    where
        Self: 'a;
    type Items<'a>
        = std::slice::Iter<'a, Doc<'d>>
    where
        Self: 'a;
    fn view(&self) -> View<'_, Self> {
        match self {
            Doc::Null => View::Null,
            Doc::Bool(b) => View::Bool(*b),
            Doc::Number(n) => View::Number(n),
            Doc::Str(s) => View::Str(s),
            Doc::List(items) => View::Seq(items.is_empty(), items.iter()),
            Doc::Map(m) => View::Map(m.is_empty(), m.iter().map(doc_entry as fn(_) -> _)),
        }
    }
    fn as_doc(&self) -> Option<&Doc<'_>> {
        Some(self)
    }
}

fn json_entry<'a>((k, v): (&'a String, &'a Value)) -> (&'a str, &'a Value) {
    (k, v)
}

fn doc_entry<'a, 'd>((k, v): &'a (&'d str, Doc<'d>)) -> (&'a str, &'a Doc<'d>) {
    (k, v)
}

/// One open block collection on the explicit stack.
enum Frame<'a, N: YamlNode + 'a> {
    Map {
        iter: N::Entries<'a>,
        indent: usize,
        /// The first entry goes on the current line (after a `- ` sequence marker).
        inline_first: bool,
        /// Where the text of this block started and under which key it is remembered
        /// ([`Reuse`]: a shared `Properties` object of the first template).
        record: Option<(usize, crate::doc::ReuseKey)>,
    },
    Seq {
        iter: N::Items<'a>,
        indent: usize,
        inline_first: bool,
    },
}

/// What a value needs after its key or `-` marker.
enum Shape<'a, N: YamlNode + 'a> {
    /// Written on the same line (scalars, `{}`, `[]`).
    Inline,
    Map(N::Entries<'a>),
    Seq(N::Items<'a>),
}

fn shape<N: YamlNode>(value: &N) -> Shape<'_, N> {
    match value.view() {
        View::Map(false, entries) => Shape::Map(entries),
        View::Seq(false, items) => Shape::Seq(items),
        _ => Shape::Inline,
    }
}

/// Writes the open collection `root` and everything in it.
fn write_frames<'a, N: YamlNode>(out: &mut String, root: Frame<'a, N>, reuse: &mut Reuse<String>) {
    let mut stack: Vec<Frame<'a, N>> = Vec::with_capacity(16);
    stack.push(root);
    while let Some(top) = stack.last_mut() {
        let child = match top {
            Frame::Map {
                iter,
                indent,
                inline_first,
                record,
            } => {
                let Some((key, value)) = iter.next() else {
                    if let Some((start, id)) = record.take() {
                        reuse.remember(id, start..out.len());
                    }
                    stack.pop();
                    continue;
                };
                let indent = *indent;
                if !std::mem::take(inline_first) {
                    push_indent(out, indent);
                }
                let start = out.len();
                push_string(out, key);
                // Bytes bound characters, so counting is only needed for long keys.
                if out.len() - start > MAX_IMPLICIT_KEY_CHARS
                    && out[start..].chars().count() > MAX_IMPLICIT_KEY_CHARS
                {
                    let key = out.split_off(start);
                    out.push_str("? ");
                    out.push_str(&key);
                    out.push('\n');
                    push_indent(out, indent);
                }
                out.push(':');
                // A shared `Properties` object: its text (from the `\n` on) copied from the
                // first template, or remembered for the next.
                let mut to_record = None;
                if let Some(doc) = value.as_doc() {
                    if reuse.replay(out, key, doc, indent) {
                        continue;
                    }
                    to_record = reuse.to_record(key, doc, indent).map(|id| (out.len(), id));
                }
                match shape(value) {
                    Shape::Inline => {
                        out.push(' ');
                        write_scalar(out, value);
                        out.push('\n');
                        None
                    }
                    Shape::Map(entries) => {
                        out.push('\n');
                        Some(Frame::Map {
                            iter: entries,
                            indent: indent + 2,
                            inline_first: false,
                            record: to_record,
                        })
                    }
                    Shape::Seq(items) => {
                        out.push('\n');
                        Some(Frame::Seq {
                            iter: items,
                            indent: indent + 2,
                            inline_first: false,
                        })
                    }
                }
            }
            Frame::Seq {
                iter,
                indent,
                inline_first,
            } => {
                let Some(value) = iter.next() else {
                    stack.pop();
                    continue;
                };
                let indent = *indent;
                if !std::mem::take(inline_first) {
                    push_indent(out, indent);
                }
                out.push_str("- ");
                match shape(value) {
                    Shape::Inline => {
                        write_scalar(out, value);
                        out.push('\n');
                        None
                    }
                    Shape::Map(entries) => Some(Frame::Map {
                        iter: entries,
                        indent: indent + 2,
                        inline_first: true,
                        record: None,
                    }),
                    Shape::Seq(items) => Some(Frame::Seq {
                        iter: items,
                        indent: indent + 2,
                        inline_first: true,
                    }),
                }
            }
        };
        if let Some(frame) = child {
            stack.push(frame);
        }
    }
}

fn push_indent(out: &mut String, indent: usize) {
    crate::doc::spaces(indent, |s| out.push_str(s));
}

/// Writes a value that fits on one line: a scalar, `{}` or `[]`.
fn write_scalar<N: YamlNode>(out: &mut String, value: &N) {
    match value.view() {
        View::Null => out.push_str("null"),
        View::Bool(true) => out.push_str("true"),
        View::Bool(false) => out.push_str("false"),
        View::Number(n) => write_number(out, &n.to_string()),
        View::Str(s) => push_string(out, s),
        // Only empty containers reach here; non-empty ones are written as blocks.
        View::Seq(..) => out.push_str("[]"),
        View::Map(..) => out.push_str("{}"),
    }
}

/// Writes a number as `serde_json` printed it, except that an exponent form gets a decimal
/// point and an explicit sign (`1e300` → `1.0e+300`, `5e-7` → `5.0e-7`), which YAML 1.1
/// requires for a float; YAML 1.2 reads both forms.
fn write_number(out: &mut String, printed: &str) {
    match printed.split_once(['e', 'E']) {
        None => out.push_str(printed),
        Some((mantissa, exponent)) => {
            out.push_str(mantissa);
            if !mantissa.contains('.') {
                out.push_str(".0");
            }
            out.push('e');
            if !exponent.starts_with(['+', '-']) {
                out.push('+');
            }
            out.push_str(exponent);
        }
    }
}

/// A string as it appears in the output (tests).
#[cfg(test)]
fn render_string(s: &str) -> String {
    let mut out = String::new();
    push_string(&mut out, s);
    out
}

/// Appends `s` as it appears in the output: plain when provably safe, else double-quoted.
fn push_string(out: &mut String, s: &str) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else {
        quote(out, s);
    }
}

/// Whether `s` can be written as a plain scalar and still read back as this exact string
/// under both YAML 1.1 and YAML 1.2, as a value or as a block mapping key.
fn is_plain_safe(s: &str) -> bool {
    let bytes = s.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false; // empty string
    };
    // A letter, `/` or `$` first rules out every number, timestamp, `.inf`/`.nan`, `~`,
    // `<<`, `=`, document markers and every indicator character.
    if !(first.is_ascii_alphabetic() || first == b'/' || first == b'$') {
        return false;
    }
    // The bytes' classes or-ed together: one load and one `or` per byte and no branch
    // (every plain string is read to its end anyway; most strings of a template are plain).
    let mut class = 0u8;
    let mut words = bytes.chunks_exact(8);
    for word in words.by_ref() {
        class |= word.iter().fold(0, |c, &b| c | PLAIN_CLASS[usize::from(b)]);
    }
    class |= words
        .remainder()
        .iter()
        .fold(0, |c, &b| c | PLAIN_CLASS[usize::from(b)]);
    if class & NEVER_PLAIN != 0 {
        return false;
    }
    // No trailing space or colon (`a:` at the end reads as a key in block context).
    if last == b':' || last == b' ' {
        return false;
    }
    // Single internal spaces only, and never `": "` (which would start a value).
    if class & SPACE != 0
        && bytes
            .windows(2)
            .any(|w| w[1] == b' ' && matches!(w[0], b' ' | b':'))
    {
        return false;
    }
    !is_reserved_word(bytes)
}

/// Whether `bytes` is a word that YAML 1.1 or 1.2 resolves to a boolean or null (`y`, `n`,
/// `yes`, `no`, `true`, `false`, `on`, `off`, `null`) in any letter case, which is stricter
/// than either spec. Compared only with the words of its length: keys such as `Type` or
/// `Ref` are that short.
fn is_reserved_word(bytes: &[u8]) -> bool {
    let is = |w: &str| bytes.eq_ignore_ascii_case(w.as_bytes());
    match bytes.len() {
        1 => is("y") || is("n"),
        2 => is("no") || is("on"),
        3 => is("yes") || is("off"),
        4 => is("true") || is("null"),
        5 => is("false"),
        _ => false,
    }
}

/// [`PLAIN_CLASS`] of a byte allowed anywhere in a plain scalar.
const ANYWHERE: u8 = 0;
/// [`PLAIN_CLASS`] of the space, allowed between other characters.
const SPACE: u8 = 1;
/// [`PLAIN_CLASS`] of a byte that is never plain.
const NEVER_PLAIN: u8 = 2;

/// Each byte's class for [`is_plain_safe`]: ASCII letters, digits and
/// `_ . / : * @ - $ { } ( ) + , =` anywhere, the space between other characters, nothing
/// else.
const PLAIN_CLASS: [u8; 256] = {
    let mut t = [NEVER_PLAIN; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'_' | b'.'
                    | b'/'
                    | b':'
                    | b'*'
                    | b'@'
                    | b'-'
                    | b'$'
                    | b'{'
                    | b'}'
                    | b'('
                    | b')'
                    | b'+'
                    | b','
                    | b'='
            )
        {
            t[b] = ANYWHERE;
        }
        b += 1;
    }
    t[b' ' as usize] = SPACE;
    t
};

/// Double-quotes `s` with JSON-compatible escapes, escaping everything YAML would treat as
/// a line break or reject as non-printable, so the result is always one line.
fn quote(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{feff}'
            | '\u{fffe}'
            | '\u{ffff}' => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Map};

    /// Parses `input_json` (preserving key order), emits it, and compares with `expected`.
    #[track_caller]
    fn check(input_json: &str, expected: &str) {
        let value: Value = match serde_json::from_str(input_json) {
            Ok(v) => v,
            Err(e) => panic!("bad test JSON {input_json:?}: {e}"),
        };
        assert_eq!(to_string(&value), expected, "input: {input_json}");
    }

    /// A string as a top-level scalar must render as `expected` (plus the newline).
    #[track_caller]
    fn check_str(s: &str, expected: &str) {
        assert_eq!(
            to_string(&json!(s)),
            format!("{expected}\n"),
            "string {s:?}"
        );
        // Keys follow the same rule.
        let mut map = Map::new();
        map.insert(s.to_string(), json!(1));
        assert_eq!(
            to_string(&Value::Object(map)),
            format!("{expected}: 1\n"),
            "key {s:?}"
        );
    }

    #[track_caller]
    fn check_quoted(s: &str) {
        let rendered = render_string(s);
        assert!(
            rendered.starts_with('"') && rendered.ends_with('"') && rendered.len() >= 2,
            "{s:?} should be quoted, got {rendered}"
        );
    }

    #[track_caller]
    fn check_plain(s: &str) {
        check_str(s, s);
    }

    #[test]
    fn scalars_at_top_level() {
        check("null", "null\n");
        check("true", "true\n");
        check("false", "false\n");
        check("0", "0\n");
        check("-17", "-17\n");
        check("18446744073709551615", "18446744073709551615\n");
        check("-9223372036854775808", "-9223372036854775808\n");
        check("1.5", "1.5\n");
        check("-0.25", "-0.25\n");
        check("100.0", "100.0\n");
        check("\"hello\"", "hello\n");
        check("\"\"", "\"\"\n");
    }

    #[test]
    fn floats_with_exponents_are_yaml_1_1_floats() {
        check("1e300", "1.0e+300\n");
        check("1.5e300", "1.5e+300\n");
        check("1e-7", "1.0e-7\n");
        check("-2.5e-10", "-2.5e-10\n");
        let mut out = String::new();
        write_number(&mut out, "1E+5");
        assert_eq!(out, "1.0e+5");
    }

    #[test]
    fn empty_containers() {
        check("{}", "{}\n");
        check("[]", "[]\n");
        check(r#"{"a": {}, "b": []}"#, "a: {}\nb: []\n");
        check("[{}, []]", "- {}\n- []\n");
        check(r#"{"a": [[], {}]}"#, "a:\n  - []\n  - {}\n");
    }

    #[test]
    fn mappings() {
        check(r#"{"a": 1}"#, "a: 1\n");
        check(r#"{"b": 1, "a": 2}"#, "b: 1\na: 2\n");
        check(
            r#"{"a": {"b": {"c": "d"}, "e": null}}"#,
            "a:\n  b:\n    c: d\n  e: null\n",
        );
    }

    #[test]
    fn sequences() {
        check(r#"["a", "b"]"#, "- a\n- b\n");
        check(r#"{"Key": ["a", "b"]}"#, "Key:\n  - a\n  - b\n");
        check(r#"[["a", "b"], "c"]"#, "- - a\n  - b\n- c\n");
        check(r#"[[["a"]]]"#, "- - - a\n");
        check(
            r#"{"k": [["a", "b"], ["c"]]}"#,
            "k:\n  - - a\n    - b\n  - - c\n",
        );
    }

    #[test]
    fn lists_of_maps() {
        check(r#"[{"Key": "v", "Other": "w"}]"#, "- Key: v\n  Other: w\n");
        check(
            r#"{"Tags": [{"Key": "v", "Value": "w"}, {"Key": "x", "Value": "y2"}]}"#,
            "Tags:\n  - Key: v\n    Value: w\n  - Key: x\n    Value: y2\n",
        );
        check(
            r#"[{"a": {"b": 1}, "c": [1, 2]}]"#,
            "- a:\n    b: 1\n  c:\n    - 1\n    - 2\n",
        );
        check(r#"[{"a": [{"b": 1}]}]"#, "- a:\n    - b: 1\n");
    }

    #[test]
    fn long_form_intrinsics_are_plain_keys() {
        check(
            r#"{"Fn::GetAtt": ["Bucket", "Arn"]}"#,
            "Fn::GetAtt:\n  - Bucket\n  - Arn\n",
        );
        check(r#"{"Ref": "AWS::Region"}"#, "Ref: AWS::Region\n");
        check(
            r#"{"Fn::Sub": "arn:aws:s3:::${Bucket}/*"}"#,
            "Fn::Sub: arn:aws:s3:::${Bucket}/*\n",
        );
        check(
            r#"{"Fn::Join": ["", ["a", {"Ref": "B"}]]}"#,
            "Fn::Join:\n  - \"\"\n  - - a\n    - Ref: B\n",
        );
    }

    #[test]
    fn nested_template() {
        check(
            r#"{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {
                "VersioningConfiguration": {"Status": "Enabled"},
                "Tags": [{"Key": "on", "Value": "yes"}]}}},
               "Outputs": {}}"#,
            "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      \
             VersioningConfiguration:\n        Status: Enabled\n      Tags:\n        \
             - Key: \"on\"\n          Value: \"yes\"\n\
             Outputs: {}\n",
        );
    }

    #[test]
    fn plain_safe_strings() {
        for s in [
            "AWS::S3::Bucket",
            "arn:aws:s3:::b/*",
            "index.handler",
            "s3:ObjectCreated:*",
            "Fn::GetAtt",
            "Hello world",
            "a b c",
            "/aws/lambda/fn",
            "$foo",
            "${AWS::StackName}-bucket",
            "https://example.com/x",
            "t3.micro",
            "python3.12",
            "user@example.com",
            "a:b",
            "a-",
            "yesterday",
            "nullable",
            "Only",
            "x",
            "f(x)+g,h=i",
        ] {
            check_plain(s);
        }
    }

    /// The words YAML 1.1 or 1.2 resolve to booleans or null.
    const RESERVED_WORDS: &[&str] = &["y", "n", "yes", "no", "true", "false", "on", "off", "null"];

    /// The rule of the module docs, byte by byte, as plainly as it can be written.
    fn plain_safe_by_the_rule(s: &str) -> bool {
        let b = s.as_bytes();
        let allowed = |c: u8| c.is_ascii_alphanumeric() || b"_./:*@-${}()+,=".contains(&c);
        !b.is_empty()
            && (b[0].is_ascii_alphabetic() || b[0] == b'/' || b[0] == b'$')
            && b.iter().all(|&c| allowed(c) || c == b' ')
            && !s.contains("  ")
            && !s.contains(": ")
            && !s.ends_with(' ')
            && !s.ends_with(':')
            && !RESERVED_WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
    }

    #[test]
    fn the_class_fold_agrees_with_the_rule() {
        // Every string of up to four bytes over an alphabet of each kind of byte.
        let alphabet = b"aYes:/ $#-\"\x01\x7f\xc3";
        let mut strings: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..4 {
            let longer: Vec<Vec<u8>> = strings
                .iter()
                .filter(|s| s.len() == strings.last().map_or(0, Vec::len))
                .flat_map(|s| {
                    alphabet.iter().map(move |&c| {
                        let mut t = s.clone();
                        t.push(c);
                        t
                    })
                })
                .collect();
            strings.extend(longer);
        }
        // Longer strings, with every byte value at every position (both the eight-byte
        // words and the remainder), and the words the rule quotes.
        for len in 1..20 {
            for at in 0..len {
                for c in 0..=255u8 {
                    let mut t = vec![b'x'; len];
                    t[at] = c;
                    strings.push(t);
                }
            }
        }
        for w in RESERVED_WORDS {
            strings.push(w.as_bytes().to_vec());
            strings.push(w.to_uppercase().into_bytes());
        }
        for bytes in strings {
            let Ok(s) = String::from_utf8(bytes) else {
                continue;
            };
            assert_eq!(is_plain_safe(&s), plain_safe_by_the_rule(&s), "{s:?}");
        }
    }

    #[test]
    fn reserved_words_are_quoted() {
        for s in [
            "y", "Y", "yes", "Yes", "YES", "yEs", "n", "N", "no", "No", "NO", "true", "True",
            "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null",
            "Null", "NULL", "~",
        ] {
            check_str(s, &format!("\"{s}\""));
        }
    }

    #[test]
    fn number_like_strings_are_quoted() {
        for s in [
            "0",
            "1",
            "-1",
            "+1",
            "0777",
            "0o17",
            "1e3",
            "1E3",
            "1_000",
            "0x1F",
            "0b101",
            "1:20",
            "190:20:30",
            ".5",
            "12.",
            "1.0",
            "-.inf",
            ".inf",
            ".Inf",
            ".NaN",
            ".nan",
            "+.5",
            "10.0.0.0/16",
        ] {
            check_str(s, &format!("\"{s}\""));
        }
    }

    #[test]
    fn date_like_strings_are_quoted() {
        for s in [
            "2012-10-17",
            "2001-12-14t21:59:43.10-05:00",
            "2001-12-14 21:59:43.10 -5",
            "2001-12-15T02:59:43.1Z",
        ] {
            check_str(s, &format!("\"{s}\""));
        }
    }

    #[test]
    fn whitespace_and_indicators_are_quoted() {
        for s in [
            " x", "x ", "a  b", "\tx", "-", "-x", "- x", "?", "?x", ":", ":x", ",", "[", "]", "{",
            "}", "#", "#x", "&a", "*a", "!a", "|", ">", "'", "\"", "%", "@", "`", "<<", "=",
            "a: b", "a #b", "a:", "a: ", "Key:", "---", "...", "a\tb", "a'b", "a#b", "a!b", "a&b",
            "a|b", "a>b", "a[0]", "a%b", "a~b", "a\"b", "a\\b",
        ] {
            check_quoted(s);
        }
    }

    #[test]
    fn escapes() {
        check_str("line1\nline2", r#""line1\nline2""#);
        check_str("a\"b", r#""a\"b""#);
        check_str("a\\b", r#""a\\b""#);
        check_str("a\tb", r#""a\tb""#);
        check_str("a\rb", r#""a\rb""#);
        check_str("\u{0}\u{1}\u{1b}\u{7f}", r#""\u0000\u0001\u001b\u007f""#);
        check_str("\u{85}\u{9f}", r#""\u0085\u009f""#);
        check_str("a\u{2028}b\u{2029}", r#""a\u2028b\u2029""#);
        check_str("\u{feff}\u{fffe}\u{ffff}", r#""\ufeff\ufffe\uffff""#);
        check_str("café ☃ 日本 🎉", "\"café ☃ 日本 🎉\"");
        check_str("\u{a0}", "\"\u{a0}\"");
    }

    #[test]
    fn long_keys_are_explicit() {
        let long = "k".repeat(MAX_IMPLICIT_KEY_CHARS + 1);
        let mut map = Map::new();
        map.insert(long.clone(), json!(["a"]));
        map.insert("short".into(), json!(1));
        assert_eq!(
            to_string(&Value::Object(map.clone())),
            format!("? {long}\n:\n  - a\nshort: 1\n")
        );
        assert_eq!(
            to_string(&json!([Value::Object(map)])),
            format!("- ? {long}\n  :\n    - a\n  short: 1\n")
        );
        let ok = "k".repeat(MAX_IMPLICIT_KEY_CHARS);
        assert_eq!(to_string(&json!({ ok.clone(): 1 })), format!("{ok}: 1\n"));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 20_000;
        let mut value = json!("leaf");
        for _ in 0..depth {
            value = Value::Array(vec![value]);
        }
        let out = to_string(&value);
        assert!(out.ends_with("- leaf\n"));
        assert_eq!(out.matches('-').count(), depth);
        // serde_json's Value drop is recursive; dismantle iteratively.
        let mut current = value;
        while let Value::Array(mut items) = current {
            current = items.pop().unwrap_or(Value::Null);
        }
    }

    #[test]
    fn output_ends_with_exactly_one_newline() {
        for v in [
            json!(null),
            json!({}),
            json!([]),
            json!({"a": {"b": [1]}}),
            json!([[[]]]),
            json!("x\n"),
        ] {
            let out = to_string(&v);
            assert!(out.ends_with('\n') && !out.ends_with("\n\n"), "{out:?}");
        }
    }
}
