//! The tag table of `cfn-l1` (`l1/src/services/tags.rs`): how every resource type of the
//! spec and of SAM takes tags, for the `Tags` aspect of the constructs.

use std::fmt::Write as _;

use crate::model::{Service, TagForm};

/// The generated module: the types, then one entry per taggable type, sorted by type.
pub fn table(services: &[Service]) -> String {
    let mut entries: Vec<(String, String)> = Vec::new();
    for s in services {
        for r in &s.resources {
            let Some(t) = &r.tagging else { continue };
            let form = match t.form {
                TagForm::Standard => "TagForm::Standard",
                TagForm::Map => "TagForm::Map",
                TagForm::Asg => "TagForm::AutoScalingGroup",
            };
            let mut e = if t.property == "Tags" {
                match t.form {
                    TagForm::Standard => "STANDARD".to_string(),
                    TagForm::Map => "MAP".to_string(),
                    TagForm::Asg => format!("t(\"Tags\", {form})"),
                }
            } else {
                format!("t(\"{}\", {form})", t.property)
            };
            if let Some(p) = &t.propagate {
                e = format!("Tagging {{ propagate: Some(\"{p}\"), ..{e} }}");
            }
            entries.push((r.cfn_type.clone(), e));
        }
    }
    entries.sort();
    entries.dedup_by(|a, b| a.0 == b.0);
    let mut o = crate::emit::header("the service spec's tagInformation and the SAM schemas");
    o.push_str(
        r#"//! How each resource type takes tags: the property, its shape, and for SAM the property that
//! passes them on to the resources the transform generates. From the service spec's
//! `tagInformation` (CloudFormation types) and the `Tags` / `PropagateTags` properties of the
//! SAM schemas. Every type is here, whichever service features are on; a type that is not
//! here takes no tags.

/// The shape of a resource type's tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TagForm {
    /// A list of `{"Key": …, "Value": …}` objects (most types).
    Standard,
    /// An object of strings, `{"key": "value"}` (SAM's types, SSM parameters, …).
    Map,
    /// An auto scaling group's list of `{"Key", "Value", "PropagateAtLaunch"}` objects.
    AutoScalingGroup,
}

/// Where and how a resource type takes tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tagging {
    /// The property that holds the tags (`Tags`, `UserPoolTags`, …).
    pub property: &'static str,
    /// Its shape.
    pub form: TagForm,
    /// A boolean property that makes a transform pass the tags on to the resources it
    /// generates (SAM's `PropagateTags`), where the type has one.
    pub propagate: Option<&'static str>,
}

const fn t(property: &'static str, form: TagForm) -> Tagging {
    Tagging { property, form, propagate: None }
}

const STANDARD: Tagging = t("Tags", TagForm::Standard);
const MAP: Tagging = t("Tags", TagForm::Map);

/// How `resource_type` takes tags; `None` for a type without tags (or unknown).
pub fn tagging(resource_type: &str) -> Option<&'static Tagging> {
    TAGGABLE
        .binary_search_by(|(t, _)| (*t).cmp(resource_type))
        .ok()
        .map(|i| &TAGGABLE[i].1)
}

/// Every taggable resource type, sorted by type.
pub static TAGGABLE: &[(&str, Tagging)] = &[
"#,
    );
    for (ty, e) in &entries {
        let _ = writeln!(o, "    (\"{ty}\", {e}),");
    }
    o.push_str("];\n");
    o
}
