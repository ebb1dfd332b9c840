//! Helpers shared by the integration tests that include this module (`mod support;`).

use cdk_core::assertions::Template;

/// The property names of the resource `id` in `template`, in the order they are rendered.
pub fn property_order(template: &Template, id: &str) -> Vec<String> {
    let properties = &template.to_json()["Resources"][id]["Properties"];
    properties
        .as_object()
        .map_or_else(Vec::new, |p| p.keys().cloned().collect())
}
