//! Helpers shared by the integration tests that include this module (`mod support;`).

use cdk_core::assertions::Template;

/// The property names of the resource `id` in `template`, in the order they are rendered.
#[allow(dead_code)] // not every test crate that includes this module uses every helper
pub fn property_order(template: &Template, id: &str) -> Vec<String> {
    let properties = &template.to_json()["Resources"][id]["Properties"];
    properties
        .as_object()
        .map_or_else(Vec::new, |p| p.keys().cloned().collect())
}

/// Asserts that `err` is exactly one diagnostic, whose message contains `expected`, whose
/// path starts with `path`, and which has a hint ("one mistake, one diagnostic").
#[allow(dead_code)]
#[track_caller]
pub fn assert_one_diagnostic(err: &cdk_core::Error, expected: &str, path: &str) {
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{expected}: {err}");
    assert!(
        d[0].message.contains(expected),
        "{expected}: {}",
        d[0].message
    );
    assert!(d[0].path.starts_with(path), "{expected}: {}", d[0].path);
    assert!(!d[0].hint.is_empty(), "{expected}");
}
