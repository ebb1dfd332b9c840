//! Assertions over a synthesized CloudFormation template, for use in tests.
//!
//! A [`Template`] wraps the template JSON (an object with `Resources`,
//! `Outputs`, `Parameters`, `Conditions`, `Mappings`, ... sections) and offers
//! assertions in the style of AWS CDK's `assertions` module:
//!
//! * [`Template::resource_count_is`] checks how many resources of a type exist;
//! * [`Template::has_resource_properties`] and [`Template::has_resource`] check
//!   that at least one resource of a type matches an expected JSON pattern;
//! * [`Template::has_output`], [`Template::has_parameter`],
//!   [`Template::has_condition`] and [`Template::has_mapping`] do the same for
//!   the other sections;
//! * the `find_*` methods return the matching entries instead of asserting.
//!
//! Every `has_*` method panics with a descriptive message when nothing
//! matches, like `assert_eq!`; its `try_has_*` twin returns the same message
//! as an [`AssertionError`] instead.
//!
//! # Matching rules
//!
//! Expected patterns are matched the way CDK's `Match.objectLike` does:
//!
//! * an expected **object** must be a subset of the actual object,
//!   recursively: each expected key must exist in the actual object and its
//!   value must match; extra actual keys are ignored;
//! * an expected **array** must have exactly as many elements as the actual
//!   array, and the elements are matched pairwise with the same rules (so
//!   objects inside arrays are matched partially too);
//! * **scalars** (strings, numbers, booleans, `null`) must be equal (numbers
//!   compare by value, so `1` equals `1.0`).
//!
//! [`Match`] builds special values that can be embedded anywhere in an
//! expected pattern to change these rules locally: [`Match::absent`],
//! [`Match::any_value`], [`Match::array_with`], [`Match::object_like`],
//! [`Match::object_equals`] and [`Match::exact`].
//!
//! # Failure messages
//!
//! When nothing matches, the message names the closest candidate (the one
//! with the fewest mismatching expected values) and lists its differences,
//! one per line, each with a path into the JSON, for example:
//!
//! ```text
//! Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm: expected "aws:kms", found "AES256"
//! Properties.VersioningConfiguration: missing (expected {"Status":"Enabled"})
//! Properties.Tags: expected array of 2, found array of 3
//! ```
//!
//! If no resource of the asked type exists, the message lists the types that
//! do exist, closest spelling first ("did you mean AWS::S3::Bucket?").
//!
//! # Example
//!
//! ```
//! use cdk_core::assertions::{Match, Template};
//! use serde_json::json;
//!
//! let template = Template::from_json(json!({
//!     "Resources": {
//!         "LogsBucket": {
//!             "Type": "AWS::S3::Bucket",
//!             "DeletionPolicy": "Retain",
//!             "Properties": {
//!                 "BucketName": "logs",
//!                 "Tags": [
//!                     { "Key": "team", "Value": "infra" },
//!                     { "Key": "env", "Value": "prod" }
//!                 ]
//!             }
//!         }
//!     },
//!     "Outputs": {
//!         "BucketNameOutput": { "Value": { "Ref": "LogsBucket" } }
//!     }
//! }));
//!
//! template.resource_count_is("AWS::S3::Bucket", 1);
//! template.has_resource_properties("AWS::S3::Bucket", json!({
//!     "BucketName": "logs",
//!     "Tags": Match::array_with(json!([{ "Key": "env" }])),
//!     "VersioningConfiguration": Match::absent(),
//! }));
//! template.has_resource("AWS::S3::Bucket", json!({ "DeletionPolicy": "Retain" }));
//! template.has_output("*", json!({ "Value": { "Ref": "LogsBucket" } }));
//!
//! // The non-panicking variants return the failure message.
//! let err = template
//!     .try_has_resource_properties("AWS::S3::Bucket", json!({ "BucketName": "data" }))
//!     .unwrap_err();
//! assert!(err
//!     .to_string()
//!     .contains(r#"Properties.BucketName: expected "data", found "logs""#));
//! ```

mod diff;
mod matcher;
mod message;

use indexmap::IndexMap;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;

use diff::*;
pub use matcher::Match;
use matcher::*;
use message::*;

/// The key that marks a JSON object as a matcher built by [`Match`].
pub(super) const MATCH_KEY: &str = "$cdk:match";
/// The key holding a matcher's argument.
pub(super) const PATTERN_KEY: &str = "pattern";

/// Longest compact rendering of a value inside a message, in characters.
pub(super) const MAX_RENDER_CHARS: usize = 100;
/// Most pretty-printed lines of a candidate shown in a message.
pub(super) const MAX_PRETTY_LINES: usize = 40;
/// Most difference lines shown for the closest candidate.
pub(super) const MAX_DIFF_LINES: usize = 20;
/// Most ids or types listed in a message.
pub(super) const MAX_LISTED: usize = 10;

// ---- the template under test -------------------------------------------------

/// A synthesized CloudFormation template under test.
///
/// Build one with [`Template::from_json`]; then call its assertion methods.
/// A malformed template (not an object, sections that are not objects,
/// resources without a `Type`) never causes a panic other than an assertion
/// failure: malformed parts are simply ignored.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    json: serde_json::Value,
}

/// The description of one template section, used for messages.
struct Section {
    key: &'static str,
    singular: &'static str,
    plural: &'static str,
}

const OUTPUTS: Section = Section {
    key: "Outputs",
    singular: "output",
    plural: "outputs",
};
const PARAMETERS: Section = Section {
    key: "Parameters",
    singular: "parameter",
    plural: "parameters",
};
const CONDITIONS: Section = Section {
    key: "Conditions",
    singular: "condition",
    plural: "conditions",
};
const MAPPINGS: Section = Section {
    key: "Mappings",
    singular: "mapping",
    plural: "mappings",
};

impl Template {
    /// Wraps a template given as JSON.
    pub fn from_json(json: serde_json::Value) -> Template {
        Template { json }
    }

    /// The template JSON.
    pub fn to_json(&self) -> &serde_json::Value {
        &self.json
    }

    // -- resources ----------------------------------------------------------

    /// Asserts that the template has exactly `count` resources of type
    /// `type_`.
    ///
    /// # Panics
    ///
    /// Panics with the [`AssertionError`] message of
    /// [`Template::try_resource_count_is`] when the count differs.
    #[track_caller]
    pub fn resource_count_is(&self, type_: &str, count: usize) {
        or_panic(self.try_resource_count_is(type_, count));
    }

    /// Checks that the template has exactly `count` resources of type
    /// `type_`; on mismatch the error lists the logical ids found, e.g.
    /// `expected 2 resources of type AWS::S3::Bucket, found 1: [LogicalIdA]`.
    pub fn try_resource_count_is(&self, type_: &str, count: usize) -> Result<(), AssertionError> {
        let found = self.resources_of_type(type_);
        if found.len() == count {
            return Ok(());
        }
        let ids: Vec<&str> = found.iter().map(|(id, _)| *id).collect();
        let mut msg = format!(
            "expected {count} {} of type {type_}, found {}: [{}]",
            plural(count, "resource", "resources"),
            found.len(),
            list(&ids)
        );
        if found.is_empty() {
            msg.push('\n');
            msg.push_str(&self.missing_type_hint(type_));
        }
        Err(AssertionError::new(msg))
    }

    /// Asserts that at least one resource of type `type_` has `Properties`
    /// matching `props` (deep partial match, see the [module
    /// docs](self#matching-rules)). A resource without `Properties` is
    /// treated as having empty ones.
    ///
    /// # Panics
    ///
    /// Panics with the message of
    /// [`Template::try_has_resource_properties`] when no resource matches.
    #[track_caller]
    pub fn has_resource_properties(&self, type_: &str, props: serde_json::Value) {
        or_panic(self.try_has_resource_properties(type_, props));
    }

    /// Checks that at least one resource of type `type_` has `Properties`
    /// matching `props`; the error shows the closest resource and its
    /// differences, or the resource types that do exist.
    pub fn try_has_resource_properties(
        &self,
        type_: &str,
        props: serde_json::Value,
    ) -> Result<(), AssertionError> {
        let mut expected = Map::new();
        expected.insert("Properties".to_owned(), props);
        self.check_resource(type_, &Value::Object(expected), "properties", true)
    }

    /// Asserts that at least one resource of type `type_` matches `partial`
    /// as a whole (`Type`, `Properties`, `DependsOn`, `DeletionPolicy`,
    /// `Condition`, `Metadata`, ...), with a deep partial match.
    ///
    /// # Panics
    ///
    /// Panics with the message of [`Template::try_has_resource`] when no
    /// resource matches.
    #[track_caller]
    pub fn has_resource(&self, type_: &str, partial: serde_json::Value) {
        or_panic(self.try_has_resource(type_, partial));
    }

    /// Checks that at least one resource of type `type_` matches `partial`
    /// as a whole; the error shows the closest resource and its differences,
    /// or the resource types that do exist.
    pub fn try_has_resource(
        &self,
        type_: &str,
        partial: serde_json::Value,
    ) -> Result<(), AssertionError> {
        self.check_resource(type_, &partial, "definition", false)
    }

    /// Returns the resources of type `type_` that match `partial` as a whole
    /// (logical id → resource, in template order). `json!({})` matches every
    /// resource of the type.
    pub fn find_resources(
        &self,
        type_: &str,
        partial: serde_json::Value,
    ) -> IndexMap<String, serde_json::Value> {
        self.resources_of_type(type_)
            .into_iter()
            .filter(|(_, resource)| matches(&partial, resource))
            .map(|(id, resource)| (id.to_owned(), resource.clone()))
            .collect()
    }

    // -- outputs, parameters, conditions, mappings ---------------------------

    /// Asserts that the output `logical_id` (or, with `"*"`, any output)
    /// matches `partial` (deep partial match on the output definition, e.g.
    /// `{"Value": ..., "Export": {"Name": ...}}`).
    ///
    /// # Panics
    ///
    /// Panics with the message of [`Template::try_has_output`] when no output
    /// matches.
    #[track_caller]
    pub fn has_output(&self, logical_id: &str, partial: serde_json::Value) {
        or_panic(self.try_has_output(logical_id, partial));
    }

    /// Checks that the output `logical_id` (or, with `"*"`, any output)
    /// matches `partial`; the error shows the closest output and its
    /// differences, or the output ids that do exist.
    pub fn try_has_output(
        &self,
        logical_id: &str,
        partial: serde_json::Value,
    ) -> Result<(), AssertionError> {
        self.check_section(&OUTPUTS, logical_id, &partial)
    }

    /// Returns the outputs named `logical_id` (or all, with `"*"`) that match
    /// `partial` (logical id → output, in template order).
    pub fn find_outputs(
        &self,
        logical_id: &str,
        partial: serde_json::Value,
    ) -> IndexMap<String, serde_json::Value> {
        self.find_in_section(&OUTPUTS, logical_id, &partial)
    }

    /// Asserts that the parameter `logical_id` (or, with `"*"`, any
    /// parameter) matches `partial`, e.g. `{"Type": "String"}`.
    ///
    /// # Panics
    ///
    /// Panics with the message of [`Template::try_has_parameter`] when no
    /// parameter matches.
    #[track_caller]
    pub fn has_parameter(&self, logical_id: &str, partial: serde_json::Value) {
        or_panic(self.try_has_parameter(logical_id, partial));
    }

    /// Checks that the parameter `logical_id` (or, with `"*"`, any
    /// parameter) matches `partial`.
    pub fn try_has_parameter(
        &self,
        logical_id: &str,
        partial: serde_json::Value,
    ) -> Result<(), AssertionError> {
        self.check_section(&PARAMETERS, logical_id, &partial)
    }

    /// Returns the parameters named `logical_id` (or all, with `"*"`) that
    /// match `partial`.
    pub fn find_parameters(
        &self,
        logical_id: &str,
        partial: serde_json::Value,
    ) -> IndexMap<String, serde_json::Value> {
        self.find_in_section(&PARAMETERS, logical_id, &partial)
    }

    /// Asserts that the condition `logical_id` (or, with `"*"`, any
    /// condition) matches `partial`, e.g.
    /// `{"Fn::Equals": [{"Ref": "Env"}, "prod"]}`.
    ///
    /// # Panics
    ///
    /// Panics with the message of [`Template::try_has_condition`] when no
    /// condition matches.
    #[track_caller]
    pub fn has_condition(&self, logical_id: &str, partial: serde_json::Value) {
        or_panic(self.try_has_condition(logical_id, partial));
    }

    /// Checks that the condition `logical_id` (or, with `"*"`, any
    /// condition) matches `partial`.
    pub fn try_has_condition(
        &self,
        logical_id: &str,
        partial: serde_json::Value,
    ) -> Result<(), AssertionError> {
        self.check_section(&CONDITIONS, logical_id, &partial)
    }

    /// Returns the conditions named `logical_id` (or all, with `"*"`) that
    /// match `partial`.
    pub fn find_conditions(
        &self,
        logical_id: &str,
        partial: serde_json::Value,
    ) -> IndexMap<String, serde_json::Value> {
        self.find_in_section(&CONDITIONS, logical_id, &partial)
    }

    /// Asserts that the mapping `logical_id` (or, with `"*"`, any mapping)
    /// matches `partial`, e.g. `{"us-east-1": {"Ami": "ami-123"}}`.
    ///
    /// # Panics
    ///
    /// Panics with the message of [`Template::try_has_mapping`] when no
    /// mapping matches.
    #[track_caller]
    pub fn has_mapping(&self, logical_id: &str, partial: serde_json::Value) {
        or_panic(self.try_has_mapping(logical_id, partial));
    }

    /// Checks that the mapping `logical_id` (or, with `"*"`, any mapping)
    /// matches `partial`.
    pub fn try_has_mapping(
        &self,
        logical_id: &str,
        partial: serde_json::Value,
    ) -> Result<(), AssertionError> {
        self.check_section(&MAPPINGS, logical_id, &partial)
    }

    /// Returns the mappings named `logical_id` (or all, with `"*"`) that
    /// match `partial`.
    pub fn find_mappings(
        &self,
        logical_id: &str,
        partial: serde_json::Value,
    ) -> IndexMap<String, serde_json::Value> {
        self.find_in_section(&MAPPINGS, logical_id, &partial)
    }

    // -- whole template --------------------------------------------------------

    /// Asserts that the whole template matches `partial` (deep partial
    /// match), e.g. `{"Description": "my stack"}`.
    ///
    /// # Panics
    ///
    /// Panics with the message of [`Template::try_template_matches`] when the
    /// template does not match.
    #[track_caller]
    pub fn template_matches(&self, partial: serde_json::Value) {
        or_panic(self.try_template_matches(partial));
    }

    /// Checks that the whole template matches `partial`; the error lists the
    /// differences.
    pub fn try_template_matches(&self, partial: serde_json::Value) -> Result<(), AssertionError> {
        let diffs = diff(&partial, &self.json);
        if diffs.is_empty() {
            return Ok(());
        }
        let mut msg = format!(
            "the template does not match ({}):\n",
            plural_count(diffs.len(), "difference", "differences")
        );
        push_diff_lines(&mut msg, &diffs);
        Err(AssertionError::new(msg.trim_end().to_owned()))
    }

    // -- internals -------------------------------------------------------------

    fn section(&self, key: &str) -> Option<&Map<String, Value>> {
        self.json.get(key).and_then(Value::as_object)
    }

    /// All `(logical id, resource)` pairs whose `Type` is `type_`, in order.
    fn resources_of_type(&self, type_: &str) -> Vec<(&str, &Value)> {
        self.section("Resources")
            .into_iter()
            .flatten()
            .filter(|(_, resource)| resource_type(resource) == Some(type_))
            .map(|(id, resource)| (id.as_str(), resource))
            .collect()
    }

    /// Resource types present in the template with their counts, in order of
    /// first appearance.
    fn resource_types(&self) -> IndexMap<&str, usize> {
        let mut types = IndexMap::new();
        for resource in self.section("Resources").into_iter().flat_map(Map::values) {
            if let Some(t) = resource_type(resource) {
                *types.entry(t).or_insert(0) += 1;
            }
        }
        types
    }

    /// Explains which resource types exist when `type_` does not.
    fn missing_type_hint(&self, type_: &str) -> String {
        let types = self.resource_types();
        if types.is_empty() {
            return "the template has no resources at all".to_owned();
        }
        let names: Vec<&str> = types.keys().copied().collect();
        let ranked = rank_by_distance(type_, &names);
        let mut msg = String::new();
        if let Some(best) = suggestion(type_, &ranked) {
            msg.push_str(&format!("did you mean {best}?\n"));
        }
        let listed: Vec<String> = ranked
            .iter()
            .map(|t| format!("{t} ({})", types[*t]))
            .collect();
        msg.push_str(&format!(
            "resource types in the template (closest first): {}",
            list(&listed)
        ));
        msg
    }

    fn check_resource(
        &self,
        type_: &str,
        expected: &Value,
        what: &str,
        amend_properties: bool,
    ) -> Result<(), AssertionError> {
        let candidates = self.resources_of_type(type_);
        if candidates.is_empty() {
            return Err(AssertionError::new(format!(
                "expected a resource of type {type_} with matching {what}, but the template has no resources of that type\n{}",
                self.missing_type_hint(type_)
            )));
        }
        let ranked = rank_candidates(&candidates, |resource| {
            if amend_properties {
                diff(expected, &with_properties(resource))
            } else {
                diff(expected, resource)
            }
        });
        let Some(ranked) = ranked else {
            return Ok(());
        };
        let mut msg = format!(
            "expected a resource of type {type_} with matching {what}, but {}\n",
            none_match(candidates.len(), "resource", "resources", "of that type ")
        );
        push_candidates(&mut msg, &ranked, &candidates);
        Err(AssertionError::new(msg.trim_end().to_owned()))
    }

    fn check_section(
        &self,
        section: &Section,
        logical_id: &str,
        expected: &Value,
    ) -> Result<(), AssertionError> {
        let entries: Vec<(&str, &Value)> = self
            .section(section.key)
            .into_iter()
            .flatten()
            .map(|(id, v)| (id.as_str(), v))
            .collect();
        let singular = section.singular;
        if logical_id != "*" {
            let Some((_, value)) = entries.iter().find(|(id, _)| *id == logical_id) else {
                let mut msg = format!(
                    "expected {} {singular} named {logical_id}, but the template has no {singular} with that logical id\n",
                    article(singular)
                );
                if entries.is_empty() {
                    msg.push_str(&format!("the template has no {}", section.plural));
                } else {
                    let ids: Vec<&str> = entries.iter().map(|(id, _)| *id).collect();
                    let ranked = rank_by_distance(logical_id, &ids);
                    if let Some(best) = suggestion(logical_id, &ranked) {
                        msg.push_str(&format!("did you mean {best}?\n"));
                    }
                    msg.push_str(&format!(
                        "{} in the template (closest first): {}",
                        section.plural,
                        list(&ranked)
                    ));
                }
                return Err(AssertionError::new(msg));
            };
            let diffs = diff(expected, value);
            if diffs.is_empty() {
                return Ok(());
            }
            let mut msg = format!(
                "{singular} {logical_id} does not match ({}):\n",
                plural_count(diffs.len(), "difference", "differences")
            );
            push_diff_lines(&mut msg, &diffs);
            push_pretty(&mut msg, logical_id, value);
            return Err(AssertionError::new(msg.trim_end().to_owned()));
        }
        if entries.is_empty() {
            return Err(AssertionError::new(format!(
                "expected {} {singular} matching the pattern, but the template has no {}",
                article(singular),
                section.plural
            )));
        }
        let Some(ranked) = rank_candidates(&entries, |value| diff(expected, value)) else {
            return Ok(());
        };
        let mut msg = format!(
            "expected {} {singular} matching the pattern, but {}\n",
            article(singular),
            none_match(entries.len(), singular, section.plural, "")
        );
        push_candidates(&mut msg, &ranked, &entries);
        Err(AssertionError::new(msg.trim_end().to_owned()))
    }

    fn find_in_section(
        &self,
        section: &Section,
        logical_id: &str,
        partial: &Value,
    ) -> IndexMap<String, serde_json::Value> {
        self.section(section.key)
            .into_iter()
            .flatten()
            .filter(|(id, value)| {
                (logical_id == "*" || *id == logical_id) && matches(partial, value)
            })
            .map(|(id, value)| (id.clone(), value.clone()))
            .collect()
    }
}

fn resource_type(resource: &Value) -> Option<&str> {
    resource.get("Type").and_then(Value::as_str)
}

/// The resource with an empty `Properties` object added if it has none.
fn with_properties(resource: &Value) -> Cow<'_, Value> {
    match resource {
        Value::Object(map) if !map.contains_key("Properties") => {
            let mut map = map.clone();
            map.insert("Properties".to_owned(), Value::Object(Map::new()));
            Cow::Owned(Value::Object(map))
        }
        _ => Cow::Borrowed(resource),
    }
}

#[track_caller]
fn or_panic(result: Result<(), AssertionError>) {
    if let Err(err) = result {
        panic!("{err}");
    }
}

// ---- the error ------------------------------------------------------------------

/// A failed template assertion. Its `Display` (and `Debug`, so that
/// `.unwrap()` stays readable) is the multi-line failure message.
#[derive(Clone, PartialEq, Eq)]
pub struct AssertionError {
    message: String,
}

impl AssertionError {
    /// An assertion error with the given message.
    pub fn new(message: impl Into<String>) -> AssertionError {
        AssertionError {
            message: message.into(),
        }
    }

    /// The failure message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for AssertionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for AssertionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AssertionError {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    /// Differences rendered as `path: message` lines.
    fn diff_lines(expected: &Value, actual: &Value) -> Vec<String> {
        diff(expected, actual).iter().map(Diff::to_string).collect()
    }

    /// A call to a panicking assertion method.
    type PanickingCall = Box<dyn Fn()>;

    fn panic_message(f: impl FnOnce()) -> String {
        let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("expected a panic");
        if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_owned()
        } else {
            panic!("non-string panic payload")
        }
    }

    fn assert_contains(haystack: &str, needles: &[&str]) {
        for needle in needles {
            assert!(
                haystack.contains(needle),
                "expected message to contain {needle:?}; message was:\n{haystack}"
            );
        }
    }

    fn buckets_template() -> Template {
        Template::from_json(json!({
            "Resources": {
                "BucketA": {
                    "Type": "AWS::S3::Bucket",
                    "Properties": {
                        "BucketName": "alpha",
                        "VersioningConfiguration": { "Status": "Suspended" },
                        "Tags": [{ "Key": "env", "Value": "dev" }]
                    }
                },
                "BucketB": {
                    "Type": "AWS::S3::Bucket",
                    "DeletionPolicy": "Retain",
                    "UpdateReplacePolicy": "Retain",
                    "DependsOn": ["Role"],
                    "Properties": {
                        "BucketName": "beta",
                        "BucketEncryption": {
                            "ServerSideEncryptionConfiguration": [{
                                "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" }
                            }]
                        },
                        "VersioningConfiguration": { "Status": "Enabled" },
                        "Tags": [
                            { "Key": "env", "Value": "prod" },
                            { "Key": "team", "Value": "infra" },
                            { "Key": "cost", "Value": "42" }
                        ]
                    }
                },
                "BucketC": { "Type": "AWS::S3::Bucket" },
                "Role": {
                    "Type": "AWS::IAM::Role",
                    "Properties": { "AssumeRolePolicyDocument": { "Version": "2012-10-17" } }
                },
                "Queue": { "Type": "AWS::SQS::Queue", "Properties": {} }
            },
            "Outputs": {
                "BucketArn": {
                    "Value": { "Fn::GetAtt": ["BucketB", "Arn"] },
                    "Export": { "Name": "bucket-arn" }
                },
                "QueueUrl": { "Value": { "Ref": "Queue" }, "Description": "the queue" }
            },
            "Parameters": {
                "Env": { "Type": "String", "Default": "dev", "AllowedValues": ["dev", "prod"] }
            },
            "Conditions": {
                "IsProd": { "Fn::Equals": [{ "Ref": "Env" }, "prod"] }
            },
            "Mappings": {
                "RegionMap": { "us-east-1": { "Ami": "ami-123" } }
            }
        }))
    }

    // -- matching engine ------------------------------------------------------

    #[test]
    fn match_table() {
        // (name, expected, actual, expected difference lines; empty = match)
        let cases: Vec<(&str, Value, Value, Vec<&str>)> = vec![
            ("equal scalars", json!("a"), json!("a"), vec![]),
            (
                "different strings",
                json!("a"),
                json!("b"),
                vec![r#"expected "a", found "b""#],
            ),
            ("int equals float", json!(1), json!(1.0), vec![]),
            (
                "number vs string",
                json!(1),
                json!("1"),
                vec![r#"expected 1, found "1""#],
            ),
            (
                "bool",
                json!(true),
                json!(false),
                vec!["expected true, found false"],
            ),
            ("null", json!(null), json!(null), vec![]),
            (
                "empty object matches any object",
                json!({}),
                json!({"a": 1}),
                vec![],
            ),
            (
                "extra actual keys ignored",
                json!({"a": 1}),
                json!({"a": 1, "b": 2}),
                vec![],
            ),
            (
                "nested partial match",
                json!({"a": {"b": {"c": 1}}}),
                json!({"a": {"b": {"c": 1, "d": 2}, "e": 3}, "f": 4}),
                vec![],
            ),
            (
                "nested mismatch has full path",
                json!({"a": {"b": [{"c": 1}]}}),
                json!({"a": {"b": [{"c": 2, "d": 3}]}}),
                vec!["a.b[0].c: expected 1, found 2"],
            ),
            (
                "missing key",
                json!({"a": {"b": "x"}}),
                json!({"a": {}}),
                vec![r#"a.b: missing (expected "x")"#],
            ),
            (
                "several differences in order",
                json!({"a": 1, "b": 2, "c": 3}),
                json!({"a": 9, "c": 3}),
                vec!["a: expected 1, found 9", "b: missing (expected 2)"],
            ),
            (
                "wrong type: expected object",
                json!({"a": {"b": 1}}),
                json!({"a": "str"}),
                vec![r#"a: expected object, found "str""#],
            ),
            (
                "wrong type: expected array",
                json!({"a": [1]}),
                json!({"a": {"x": 1}}),
                vec![r#"a: expected array of 1, found {"x":1}"#],
            ),
            (
                "wrong type: expected scalar",
                json!({"a": "s"}),
                json!({"a": [1, 2]}),
                vec![r#"a: expected "s", found [1,2]"#],
            ),
            (
                "array length mismatch",
                json!({"Tags": [{"Key": "a"}, {"Key": "b"}]}),
                json!({"Tags": [{"Key": "a"}, {"Key": "b"}, {"Key": "c"}]}),
                vec!["Tags: expected array of 2, found array of 3"],
            ),
            (
                "array elements matched partially",
                json!([{"Key": "a"}, {"Key": "b"}]),
                json!([{"Key": "a", "Value": 1}, {"Key": "b", "Value": 2}]),
                vec![],
            ),
            (
                "array order matters",
                json!([1, 2]),
                json!([2, 1]),
                vec!["[0]: expected 1, found 2", "[1]: expected 2, found 1"],
            ),
            (
                "root mismatch has no path",
                json!("x"),
                json!({"a": 1}),
                vec![r#"expected "x", found {"a":1}"#],
            ),
            (
                "keys needing quotes",
                json!({"a.b": {"c d": 1}}),
                json!({"a.b": {"c d": 2}}),
                vec![r#"["a.b"]["c d"]: expected 1, found 2"#],
            ),
            (
                "colon keys stay plain",
                json!({"Condition": {"StringEquals": {"aws:SourceAccount": "1"}}}),
                json!({"Condition": {"StringEquals": {"aws:SourceAccount": "2"}}}),
                vec![r#"Condition.StringEquals.aws:SourceAccount: expected "1", found "2""#],
            ),
        ];
        for (name, expected, actual, want) in cases {
            assert_eq!(diff_lines(&expected, &actual), want, "case: {name}");
        }
    }

    #[test]
    fn matcher_table() {
        let cases: Vec<(&str, Value, Value, Vec<&str>)> = vec![
            (
                "absent and missing",
                json!({"a": Match::absent()}),
                json!({}),
                vec![],
            ),
            (
                "absent but present",
                json!({"a": Match::absent()}),
                json!({"a": 5}),
                vec!["a: expected absent, found 5"],
            ),
            (
                "absent inside array never matches",
                json!([Match::absent()]),
                json!([1]),
                vec!["[0]: expected absent, found 1"],
            ),
            (
                "any value present",
                json!({"a": Match::any_value()}),
                json!({"a": [1]}),
                vec![],
            ),
            (
                "any value missing",
                json!({"a": Match::any_value()}),
                json!({}),
                vec!["a: missing (expected any value)"],
            ),
            (
                "any value null",
                json!({"a": Match::any_value()}),
                json!({"a": null}),
                vec!["a: expected any non-null value, found null"],
            ),
            (
                "array_with subset in order",
                json!({"T": Match::array_with(json!([{"Key": "a"}, {"Key": "c"}]))}),
                json!({"T": [{"Key": "a"}, {"Key": "b"}, {"Key": "c"}]}),
                vec![],
            ),
            (
                "array_with single value",
                json!(Match::array_with(json!("x"))),
                json!(["w", "x"]),
                vec![],
            ),
            (
                "array_with empty",
                json!(Match::array_with(json!([]))),
                json!([]),
                vec![],
            ),
            (
                "array_with out of order",
                json!({"T": Match::array_with(json!(["c", "a"]))}),
                json!({"T": ["a", "b", "c"]}),
                vec![
                    r#"T: array has no element matching array_with element [1] "a" after index 2 (elements must appear in order); found array of 3"#,
                ],
            ),
            (
                "array_with missing element shows closest",
                json!({"T": Match::array_with(json!([{"Key": "env", "Value": "prod"}]))}),
                json!({"T": [{"Key": "team", "Value": "x"}, {"Key": "env", "Value": "dev"}]}),
                vec![
                    r#"T: array has no element matching array_with element [0] {"Key":"env","Value":"prod"}; closest is T[1]: Value: expected "prod", found "dev""#,
                ],
            ),
            (
                "array_with on non-array",
                json!({"T": Match::array_with(json!([1]))}),
                json!({"T": 1}),
                vec!["T: expected array, found 1"],
            ),
            (
                "array_with missing key",
                json!({"T": Match::array_with(json!([1]))}),
                json!({}),
                vec!["T: missing (expected array with [1])"],
            ),
            (
                "object_equals exact",
                json!(Match::object_equals(json!({"a": 1}))),
                json!({"a": 1}),
                vec![],
            ),
            (
                "object_equals extra key",
                json!({"o": Match::object_equals(json!({"a": 1}))}),
                json!({"o": {"a": 1, "b": 2}}),
                vec!["o.b: unexpected key (found 2)"],
            ),
            (
                "exact is deep",
                json!(Match::exact(json!({"a": {"b": 1}}))),
                json!({"a": {"b": 1, "c": 2}}),
                vec!["a.c: unexpected key (found 2)"],
            ),
            (
                "object_like relaxes exact",
                json!(Match::exact(
                    json!({"a": Match::object_like(json!({"b": 1}))})
                )),
                json!({"a": {"b": 1, "c": 2}}),
                vec![],
            ),
            (
                "absent inside exact",
                json!(Match::exact(json!({"a": 1, "b": Match::absent()}))),
                json!({"a": 1}),
                vec![],
            ),
            (
                "exact scalar",
                json!({"a": Match::exact(json!("x"))}),
                json!({"a": "y"}),
                vec![r#"a: expected "x", found "y""#],
            ),
            (
                "unknown matcher",
                json!({"a": {"$cdk:match": "stringLike"}}),
                json!({"a": "x"}),
                vec![r#"a: invalid matcher: unknown matcher kind "stringLike""#],
            ),
            (
                "object_like with non-object pattern",
                json!({"a": Match::object_like(json!(3))}),
                json!({"a": 3}),
                vec!["a: invalid matcher: objectLike matcher needs an object pattern"],
            ),
        ];
        for (name, expected, actual, want) in cases {
            let got = diff_lines(&expected, &actual);
            assert_eq!(got.len(), want.len(), "case: {name}: {got:?}");
            for (g, w) in got.iter().zip(&want) {
                assert!(
                    g.starts_with(w),
                    "case: {name}: got {g:?}, want prefix {w:?}"
                );
            }
        }
    }

    #[test]
    fn matcher_values_have_stable_shape() {
        assert_eq!(Match::absent(), json!({"$cdk:match": "absent"}));
        assert_eq!(Match::any_value(), json!({"$cdk:match": "anyValue"}));
        assert_eq!(
            Match::array_with(json!([1])),
            json!({"$cdk:match": "arrayWith", "pattern": [1]})
        );
        assert_eq!(
            Match::object_equals(json!({})),
            json!({"$cdk:match": "objectEquals", "pattern": {}})
        );
    }

    #[test]
    fn huge_values_are_truncated() {
        let big = "x".repeat(500);
        let lines = diff_lines(&json!({"a": "y"}), &json!({"a": big}));
        assert_eq!(lines.len(), 1);
        assert!(lines[0].ends_with("xx..."), "{}", lines[0]);
        assert!(lines[0].len() < 150, "{}", lines[0]);
    }

    #[test]
    fn edit_distance_table() {
        for (a, b, d) in [
            ("", "", 0),
            ("abc", "", 3),
            ("kitten", "sitting", 3),
            ("AWS::S3::Buckt", "AWS::S3::Bucket", 1),
            ("aws::s3::bucket", "AWS::S3::Bucket", 0),
        ] {
            assert_eq!(edit_distance(a, b), d, "{a} vs {b}");
        }
    }

    // -- resources ------------------------------------------------------------

    #[test]
    fn resource_count_is_passes() {
        let t = buckets_template();
        t.resource_count_is("AWS::S3::Bucket", 3);
        t.resource_count_is("AWS::IAM::Role", 1);
        t.resource_count_is("AWS::Lambda::Function", 0);
    }

    #[test]
    fn resource_count_is_message() {
        let t = Template::from_json(json!({
            "Resources": { "LogicalIdA": { "Type": "AWS::S3::Bucket" } }
        }));
        let err = t.try_resource_count_is("AWS::S3::Bucket", 2).unwrap_err();
        assert_eq!(
            err.message(),
            "expected 2 resources of type AWS::S3::Bucket, found 1: [LogicalIdA]"
        );
        let err = t.try_resource_count_is("AWS::S3::Bucket", 0).unwrap_err();
        assert_eq!(
            err.message(),
            "expected 0 resources of type AWS::S3::Bucket, found 1: [LogicalIdA]"
        );
        let err = t.try_resource_count_is("AWS::S3::Buckets", 1).unwrap_err();
        assert_eq!(
            err.message(),
            "expected 1 resource of type AWS::S3::Buckets, found 0: []\n\
             did you mean AWS::S3::Bucket?\n\
             resource types in the template (closest first): AWS::S3::Bucket (1)"
        );
    }

    #[test]
    fn panics_with_exactly_the_error_message() {
        let t = buckets_template();
        let cases: Vec<(PanickingCall, Result<(), AssertionError>)> = vec![
            (
                Box::new(|| buckets_template().resource_count_is("AWS::S3::Bucket", 1)),
                t.try_resource_count_is("AWS::S3::Bucket", 1),
            ),
            (
                Box::new(|| {
                    buckets_template().has_resource_properties("AWS::S3::Bucket", json!({"X": 1}))
                }),
                t.try_has_resource_properties("AWS::S3::Bucket", json!({"X": 1})),
            ),
            (
                Box::new(|| buckets_template().has_resource("AWS::S3::Bucket", json!({"X": 1}))),
                t.try_has_resource("AWS::S3::Bucket", json!({"X": 1})),
            ),
            (
                Box::new(|| buckets_template().has_output("*", json!({"X": 1}))),
                t.try_has_output("*", json!({"X": 1})),
            ),
            (
                Box::new(|| buckets_template().has_parameter("Env", json!({"X": 1}))),
                t.try_has_parameter("Env", json!({"X": 1})),
            ),
            (
                Box::new(|| buckets_template().has_condition("Nope", json!({}))),
                t.try_has_condition("Nope", json!({})),
            ),
            (
                Box::new(|| buckets_template().has_mapping("*", json!({"X": 1}))),
                t.try_has_mapping("*", json!({"X": 1})),
            ),
            (
                Box::new(|| buckets_template().template_matches(json!({"X": 1}))),
                t.try_template_matches(json!({"X": 1})),
            ),
        ];
        for (i, (f, result)) in cases.into_iter().enumerate() {
            let err = result.expect_err("case should fail");
            assert_eq!(panic_message(f), err.message(), "case {i}");
        }
    }

    #[test]
    fn has_resource_properties_passes() {
        let t = buckets_template();
        t.has_resource_properties("AWS::S3::Bucket", json!({"BucketName": "beta"}));
        t.has_resource_properties(
            "AWS::S3::Bucket",
            json!({
                "BucketEncryption": {
                    "ServerSideEncryptionConfiguration": [{
                        "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" }
                    }]
                },
                "Tags": Match::array_with(json!([{ "Key": "team" }])),
            }),
        );
        t.has_resource_properties(
            "AWS::S3::Bucket",
            json!({"BucketName": "alpha", "BucketEncryption": Match::absent()}),
        );
        // A resource without Properties matches an empty pattern.
        Template::from_json(json!({"Resources": {"C": {"Type": "AWS::S3::Bucket"}}}))
            .has_resource_properties("AWS::S3::Bucket", json!({}));
    }

    #[test]
    fn has_resource_properties_reports_closest_of_three() {
        let t = buckets_template();
        let err = t
            .try_has_resource_properties(
                "AWS::S3::Bucket",
                json!({
                    "BucketEncryption": {
                        "ServerSideEncryptionConfiguration": [{
                            "ServerSideEncryptionByDefault": { "SSEAlgorithm": "aws:kms" }
                        }]
                    },
                    "VersioningConfiguration": { "Status": "Enabled" },
                    "Tags": [{ "Key": "env" }, { "Key": "team" }],
                    "ObjectLockEnabled": true,
                }),
            )
            .unwrap_err();
        let msg = err.message();
        assert_contains(
            msg,
            &[
                "expected a resource of type AWS::S3::Bucket with matching properties, but none of the template's 3 resources of that type match\n",
                "closest candidate: BucketB (3 differences):\n",
                "  Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm: expected \"aws:kms\", found \"AES256\"\n",
                "  Properties.Tags: expected array of 2, found array of 3\n",
                "  Properties.ObjectLockEnabled: missing (expected true)\n",
                "other candidates: BucketA (4 differences), BucketC (4 differences)\n",
                "BucketB is:\n  {\n    \"Type\": \"AWS::S3::Bucket\",",
            ],
        );
        assert!(!msg.contains("VersioningConfiguration: expected"), "{msg}");
    }

    #[test]
    fn closest_candidate_selection_table() {
        let t = Template::from_json(json!({
            "Resources": {
                "One": { "Type": "T", "Properties": { "A": 1, "B": 1, "C": 1 } },
                "Two": { "Type": "T", "Properties": { "A": 2, "B": 2, "C": 2 } },
                "Three": { "Type": "T", "Properties": { "A": 3, "B": 3, "C": 3 } },
            }
        }));
        let cases = [
            (json!({"A": 2, "B": 2, "C": 9}), "Two (1 difference)"),
            (json!({"A": 3, "B": 0, "C": 3}), "Three (1 difference)"),
            (json!({"A": 1, "B": 1, "D": 1}), "One (1 difference)"),
            // Ties keep template order.
            (json!({"A": 9}), "One (1 difference)"),
            // A missing subtree counts each expected leaf, so partial agreement wins.
            (
                json!({"A": 3, "Z": {"p": 1, "q": 2}}),
                "Three (1 difference)",
            ),
        ];
        for (props, want) in cases {
            let err = t
                .try_has_resource_properties("T", props.clone())
                .unwrap_err();
            assert_contains(err.message(), &[&format!("closest candidate: {want}")]);
        }
    }

    #[test]
    fn array_with_near_miss_ranks_closer() {
        let t = Template::from_json(json!({
            "Resources": {
                "Far": { "Type": "T", "Properties": { "Tags": [{ "Key": "x", "Value": "y" }] } },
                "Near": { "Type": "T", "Properties": { "Tags": [{ "Key": "env", "Value": "dev" }] } },
            }
        }));
        let err = t
            .try_has_resource_properties(
                "T",
                json!({"Tags": Match::array_with(json!([{"Key": "env", "Value": "prod"}]))}),
            )
            .unwrap_err();
        assert_contains(
            err.message(),
            &[
                "closest candidate: Near (1 difference):\n",
                "closest is Properties.Tags[0]: Value: expected \"prod\", found \"dev\"",
                "other candidates: Far (1 difference)",
            ],
        );
    }

    #[test]
    fn properties_pattern_may_be_a_matcher() {
        let t = buckets_template();
        t.has_resource_properties("AWS::SQS::Queue", Match::object_equals(json!({})));
        t.has_resource_properties(
            "AWS::IAM::Role",
            Match::exact(json!({"AssumeRolePolicyDocument": {"Version": "2012-10-17"}})),
        );
        let err = t
            .try_has_resource_properties("AWS::IAM::Role", Match::object_equals(json!({})))
            .unwrap_err();
        assert_contains(
            err.message(),
            &["  Properties.AssumeRolePolicyDocument: unexpected key (found {\"Version\":\"2012-10-17\"})\n"],
        );
    }

    #[test]
    fn has_resource_properties_single_candidate_message() {
        let t = Template::from_json(json!({
            "Resources": { "Q": { "Type": "AWS::SQS::Queue", "Properties": { "Fifo": false } } }
        }));
        let err = t
            .try_has_resource_properties("AWS::SQS::Queue", json!({"Fifo": true}))
            .unwrap_err();
        assert_eq!(
            err.message(),
            "expected a resource of type AWS::SQS::Queue with matching properties, but the template's only resource of that type does not match\n\
             closest candidate: Q (1 difference):\n\
             \x20 Properties.Fifo: expected true, found false\n\
             Q is:\n\
             \x20 {\n\
             \x20   \"Type\": \"AWS::SQS::Queue\",\n\
             \x20   \"Properties\": {\n\
             \x20     \"Fifo\": false\n\
             \x20   }\n\
             \x20 }"
        );
    }

    #[test]
    fn unknown_type_suggests_existing_types() {
        let t = buckets_template();
        let cases = [
            (
                "AWS::S3::Buckt",
                vec![
                    "but the template has no resources of that type\n",
                    "did you mean AWS::S3::Bucket?\n",
                    "resource types in the template (closest first): AWS::S3::Bucket (3), ",
                ],
            ),
            (
                "aws::iam::role",
                vec![
                    "did you mean AWS::IAM::Role?\n",
                    "closest first): AWS::IAM::Role (1), ",
                ],
            ),
            (
                "Custom::Thing",
                vec!["resource types in the template (closest first): "],
            ),
        ];
        for (type_, needles) in cases {
            let err = t.try_has_resource_properties(type_, json!({})).unwrap_err();
            assert_contains(err.message(), &needles);
            let err = t.try_has_resource(type_, json!({})).unwrap_err();
            assert_contains(err.message(), &needles);
        }
        let err = t.try_has_resource("Custom::Thing", json!({})).unwrap_err();
        assert!(!err.message().contains("did you mean"), "{err}");
    }

    #[test]
    fn empty_template_says_so() {
        let t = Template::from_json(json!({}));
        let err = t
            .try_has_resource_properties("AWS::S3::Bucket", json!({}))
            .unwrap_err();
        assert_contains(
            err.message(),
            &["no resources of that type\nthe template has no resources at all"],
        );
    }

    #[test]
    fn has_resource_matches_whole_definition() {
        let t = buckets_template();
        t.has_resource(
            "AWS::S3::Bucket",
            json!({"DeletionPolicy": "Retain", "DependsOn": ["Role"]}),
        );
        t.has_resource("AWS::S3::Bucket", json!({"Type": "AWS::S3::Bucket"}));
        t.has_resource(
            "AWS::S3::Bucket",
            json!({"Properties": Match::absent(), "DeletionPolicy": Match::absent()}),
        );
        let err = t
            .try_has_resource(
                "AWS::S3::Bucket",
                json!({"DeletionPolicy": "Delete", "DependsOn": Match::array_with(json!(["Role"]))}),
            )
            .unwrap_err();
        assert_contains(
            err.message(),
            &[
                "with matching definition",
                "closest candidate: BucketB (1 difference):\n  DeletionPolicy: expected \"Delete\", found \"Retain\"\n",
            ],
        );
    }

    #[test]
    fn find_resources_filters_by_type_and_pattern() {
        let t = buckets_template();
        let all = t.find_resources("AWS::S3::Bucket", json!({}));
        assert_eq!(
            all.keys().collect::<Vec<_>>(),
            ["BucketA", "BucketB", "BucketC"]
        );
        let retained = t.find_resources("AWS::S3::Bucket", json!({"DeletionPolicy": "Retain"}));
        assert_eq!(retained.keys().collect::<Vec<_>>(), ["BucketB"]);
        assert_eq!(retained["BucketB"]["Properties"]["BucketName"], "beta");
        let with_props = t.find_resources(
            "AWS::S3::Bucket",
            json!({"Properties": {"Tags": Match::array_with(json!([{"Value": "dev"}]))}}),
        );
        assert_eq!(with_props.keys().collect::<Vec<_>>(), ["BucketA"]);
        assert!(t.find_resources("AWS::Nope", json!({})).is_empty());
    }

    // -- other sections -------------------------------------------------------

    #[test]
    fn outputs() {
        let t = buckets_template();
        t.has_output("BucketArn", json!({"Export": {"Name": "bucket-arn"}}));
        t.has_output("*", json!({"Value": {"Ref": "Queue"}}));
        assert_eq!(
            t.find_outputs("*", json!({})).keys().collect::<Vec<_>>(),
            ["BucketArn", "QueueUrl"]
        );
        assert_eq!(
            t.find_outputs("*", json!({"Description": Match::any_value()}))
                .keys()
                .collect::<Vec<_>>(),
            ["QueueUrl"]
        );
        assert!(t
            .find_outputs("BucketArn", json!({"Description": "x"}))
            .is_empty());
        assert_eq!(t.find_outputs("QueueUrl", json!({})).len(), 1);
    }

    #[test]
    fn output_messages() {
        let t = buckets_template();
        let cases: Vec<(&str, Value, Vec<&str>)> = vec![
            (
                "BucketArn",
                json!({"Export": {"Name": "other"}}),
                vec![
                    "output BucketArn does not match (1 difference):\n",
                    "  Export.Name: expected \"other\", found \"bucket-arn\"\n",
                    "BucketArn is:\n",
                ],
            ),
            (
                "BucketArm",
                json!({}),
                vec![
                    "expected an output named BucketArm, but the template has no output with that logical id\n",
                    "did you mean BucketArn?\n",
                    "outputs in the template (closest first): BucketArn, QueueUrl",
                ],
            ),
            (
                "*",
                json!({"Value": {"Ref": "Queues"}}),
                vec![
                    "expected an output matching the pattern, but none of the template's 2 outputs match\n",
                    "closest candidate: QueueUrl (1 difference):\n",
                    "  Value.Ref: expected \"Queues\", found \"Queue\"\n",
                    "other candidates: BucketArn (1 difference)\n",
                ],
            ),
        ];
        for (id, pattern, needles) in cases {
            let err = t.try_has_output(id, pattern).unwrap_err();
            assert_contains(err.message(), &needles);
        }
        let empty = Template::from_json(json!({"Resources": {}}));
        assert_eq!(
            empty.try_has_output("*", json!({})).unwrap_err().message(),
            "expected an output matching the pattern, but the template has no outputs"
        );
        assert_eq!(
            empty.try_has_output("X", json!({})).unwrap_err().message(),
            "expected an output named X, but the template has no output with that logical id\n\
             the template has no outputs"
        );
    }

    #[test]
    fn parameters_conditions_mappings() {
        let t = buckets_template();
        t.has_parameter(
            "Env",
            json!({"Type": "String", "AllowedValues": ["dev", "prod"]}),
        );
        t.has_parameter("*", json!({"Default": "dev"}));
        t.has_condition("IsProd", json!({"Fn::Equals": [{"Ref": "Env"}, "prod"]}));
        t.has_mapping("RegionMap", json!({"us-east-1": {"Ami": "ami-123"}}));
        assert_eq!(t.find_parameters("*", json!({})).len(), 1);
        assert_eq!(t.find_conditions("*", json!({})).len(), 1);
        assert_eq!(t.find_mappings("RegionMap", json!({})).len(), 1);

        let err = t
            .try_has_parameter("Env", json!({"AllowedValues": ["dev"]}))
            .unwrap_err();
        assert_contains(
            err.message(),
            &[
                "parameter Env does not match",
                "AllowedValues: expected array of 1, found array of 2",
            ],
        );
        let err = t
            .try_has_condition("IsProd", json!({"Fn::Equals": [{"Ref": "Env"}, "dev"]}))
            .unwrap_err();
        assert_contains(
            err.message(),
            &[r#"  Fn::Equals[1]: expected "dev", found "prod""#],
        );
        let err = t.try_has_mapping("Regions", json!({})).unwrap_err();
        assert_contains(
            err.message(),
            &[
                "expected a mapping named Regions",
                "mappings in the template (closest first): RegionMap",
            ],
        );
    }

    #[test]
    fn template_matches_whole_template() {
        let t = buckets_template();
        t.template_matches(json!({"Parameters": {"Env": {"Type": "String"}}}));
        let err = t
            .try_template_matches(json!({"Description": "d", "Transform": Match::absent()}))
            .unwrap_err();
        assert_eq!(
            err.message(),
            "the template does not match (1 difference):\n  Description: missing (expected \"d\")"
        );
    }

    // -- robustness -----------------------------------------------------------

    #[test]
    fn malformed_templates_only_fail_assertions() {
        let templates = [
            json!(null),
            json!("not a template"),
            json!([1, 2]),
            json!({"Resources": "oops", "Outputs": [1]}),
            json!({"Resources": {"A": 1, "B": {"Type": 7}, "C": {"Properties": {}}}}),
        ];
        for json in templates {
            let t = Template::from_json(json.clone());
            assert_eq!(t.to_json(), &json);
            t.resource_count_is("AWS::S3::Bucket", 0);
            assert!(t.try_resource_count_is("AWS::S3::Bucket", 1).is_err());
            assert!(t
                .try_has_resource_properties("AWS::S3::Bucket", json!({}))
                .is_err());
            assert!(t.try_has_resource("AWS::S3::Bucket", json!({})).is_err());
            assert!(t.find_resources("AWS::S3::Bucket", json!({})).is_empty());
            assert!(t.try_has_output("*", json!({})).is_err());
            assert!(t.try_has_output("A", json!({})).is_err());
            assert!(t.find_outputs("*", json!({})).is_empty());
            assert!(t.try_has_parameter("*", json!({})).is_err());
            assert!(t.try_has_condition("*", json!({})).is_err());
            assert!(t.try_has_mapping("*", json!({})).is_err());
        }
    }

    #[test]
    fn long_messages_are_capped() {
        let mut props = Map::new();
        let mut expected = Map::new();
        for i in 0..50 {
            props.insert(format!("P{i:02}"), json!(i));
            expected.insert(format!("P{i:02}"), json!(-1));
        }
        let mut resources = Map::new();
        for i in 0..15 {
            resources.insert(
                format!("R{i:02}"),
                json!({"Type": "T", "Properties": props.clone()}),
            );
        }
        let t = Template::from_json(json!({ "Resources": resources }));
        let err = t
            .try_has_resource_properties("T", Value::Object(expected))
            .unwrap_err();
        let msg = err.message();
        assert_contains(
            msg,
            &[
                "closest candidate: R00 (50 differences)",
                "  ... and 30 more\n",
                "other candidates: R01 (50 differences), ",
                ", ... and 4 more\n",
                "more lines)",
            ],
        );
        assert!(msg.lines().count() < 80, "{msg}");
        let err = t.try_resource_count_is("T", 1).unwrap_err();
        assert_contains(
            err.message(),
            &["found 15: [R00, R01, ", ", ... and 5 more]"],
        );
    }

    #[test]
    fn assertion_error_formats() {
        let err = AssertionError::new("line 1\nline 2");
        assert_eq!(err.to_string(), "line 1\nline 2");
        assert_eq!(format!("{err:?}"), "line 1\nline 2");
        assert_eq!(err.message(), "line 1\nline 2");
        let boxed: Box<dyn std::error::Error> = Box::new(err.clone());
        assert_eq!(boxed.to_string(), err.to_string());
    }
}
