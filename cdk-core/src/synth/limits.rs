//! CloudFormation quotas checked at synth.

use crate::doc::{self, Doc, DocMap};

use crate::error::Diagnostic;
use crate::tree::{NodeId, Tree};
use crate::value::Flavor;

/// Resources per template.
pub const RESOURCES: usize = 500;
/// Outputs per template.
pub const OUTPUTS: usize = 200;
/// Parameters per template.
pub const PARAMETERS: usize = 200;
/// Mappings per template.
pub const MAPPINGS: usize = 200;
/// Template body size when deployed from S3 (as `sam deploy` does), in bytes.
pub const TEMPLATE_BYTES: usize = 1_000_000;
/// Length of the template description, in bytes.
pub const DESCRIPTION_BYTES: usize = 1024;
/// Length of an export name, in characters.
pub const EXPORT_NAME_LENGTH: usize = 255;

/// When the template size quota is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Size {
    /// With the other quotas.
    Now,
    /// By the write path, which knows each template's pretty JSON length: an upper bound of
    /// the compact length the quota is about, so only a template whose file is over the
    /// quota needs measuring (see `write::write_into`).
    Deferred,
}

/// The quota problems of `stack`'s template of `flavor` (its size only with `Size::Now`).
pub(super) fn check(
    tree: &Tree,
    stack: NodeId,
    flavor: Flavor,
    template: &DocMap,
    size: Size,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let count = |k: &str| match doc::get(template, k) {
        Some(Doc::Map(m)) => m.len(),
        _ => 0,
    };
    let path = tree.path(stack);
    if count("Resources") == 0 {
        diags.push(Diagnostic::new(
            &path,
            "the stack has no resources; CloudFormation requires at least one",
            "add a resource, or remove the stack",
        ));
    }
    for (section, max) in [
        ("Resources", RESOURCES),
        ("Outputs", OUTPUTS),
        ("Parameters", PARAMETERS),
        ("Mappings", MAPPINGS),
    ] {
        let n = count(section);
        if n > max {
            diags.push(Diagnostic::new(
                &path,
                format!("the template has {n} {section}; CloudFormation allows at most {max}"),
                "split the stack into several stacks",
            ));
        }
    }
    if let Some(Doc::Str(d)) = doc::get(template, "Description") {
        if d.len() > DESCRIPTION_BYTES {
            diags.push(Diagnostic::new(
                &path,
                format!(
                    "the description is {} bytes; CloudFormation allows {}",
                    d.len(),
                    DESCRIPTION_BYTES
                ),
                "shorten it",
            ));
        }
    }
    if size == Size::Now {
        diags.extend(size_check(&path, flavor, template));
    }
    diags
}

/// The template size problem of a stack's (at `path`) template of `flavor`, if it has one.
pub(super) fn size_check(
    path: &str,
    flavor: Flavor,
    template: &[(&str, Doc)],
) -> Option<Diagnostic> {
    let size = compact_len_map(template);
    (size > TEMPLATE_BYTES).then(|| {
        Diagnostic::new(
            path,
            format!(
                "the {} template is {size} bytes; CloudFormation accepts at most {} bytes",
                flavor.label(),
                TEMPLATE_BYTES
            ),
            "split the stack into several stacks",
        )
    })
}

/// The length in bytes of `v` as compact JSON (what `serde_json::to_string` writes),
/// computed without writing it.
fn compact_len(v: &Doc) -> usize {
    match v {
        Doc::Null => 4,
        Doc::Bool(true) => 4,
        Doc::Bool(false) => 5,
        Doc::Number(n) => number_len(n),
        Doc::Str(s) => string_len(s),
        Doc::List(items) => {
            2 + items.iter().map(compact_len).sum::<usize>() + items.len().saturating_sub(1)
        }
        Doc::Map(m) => compact_len_map(m),
    }
}

fn compact_len_map(m: &[(&str, Doc)]) -> usize {
    // `{` `}`, a `:` per entry, a `,` between entries.
    2 + m
        .iter()
        .map(|(k, v)| string_len(k) + 1 + compact_len(v))
        .sum::<usize>()
        + m.len().saturating_sub(1)
}

fn number_len(n: &serde_json::Number) -> usize {
    if let Some(i) = n.as_i64() {
        let digits = i
            .unsigned_abs()
            .checked_ilog10()
            .map_or(1, |d| d as usize + 1);
        digits + usize::from(i < 0)
    } else if let Some(u) = n.as_u64() {
        u.checked_ilog10().map_or(1, |d| d as usize + 1)
    } else {
        n.to_string().len()
    }
}

/// A JSON string literal's length: quotes, and serde_json's escapes (`\"`, `\\`, the short
/// forms of `\n` `\r` `\t` `\b` `\f`, `\u00XX` for other control characters).
fn string_len(s: &str) -> usize {
    // Most strings need no escape; this test has no branch per byte, so it vectorizes.
    let escapes = s.bytes().fold(false, |any, b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if !escapes {
        return 2 + s.len();
    }
    2 + s.len()
        + s.bytes()
            .map(|b| usize::from(crate::doc::JSON_ESCAPE_EXTRA[usize::from(b)]))
            .sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_length_is_serde_jsons() {
        let v = serde_json::json!({
            "a": [1, -20, 3.5, 1e300, u64::MAX, i64::MIN, 0, null, true, false],
            "quote\"s": "tab\t nl\n cr\r bs\\ bell\u{7} ff\u{c} bsp\u{8} é ✓",
            "empty": {}, "list": [], "nested": {"x": [{"y": "z"}]}
        });
        let bump = crate::doc::Bump::new();
        let Doc::Map(m) = Doc::from_json(&bump, &v) else {
            unreachable!()
        };
        assert_eq!(compact_len_map(m), serde_json::to_string(&v).unwrap().len());
    }
}
