//! Unit tests of the generator on tiny hand-written inputs: `check(input, expect)` generates a
//! service from a few lines of spec (or SAM schema) and asserts that each expected snippet
//! appears in the output, whitespace-insensitively. (The real output is covered by the
//! staleness test and by `cfn-l1`'s own tests.)

use serde_json::{json, Value as J};

use crate::emit;
use crate::names::{pascal, snake, summary, variant};
use crate::sam_overrides::{apply, Change, Override, RESOURCE};

/// A service database with one service `demo` (`AWS::Demo`) and one resource type
/// `AWS::Demo::Thing` with `resource` merged into its entity and `types` as its property types
/// (`{"$id": …, "name": …, "properties": …}`).
fn spec(resource: J, types: J) -> J {
    let mut r = json!({
        "$id": "r1",
        "cloudFormationType": "AWS::Demo::Thing",
        "name": "Thing",
        "documentation": "A thing.",
        "properties": {},
    });
    for (k, v) in resource.as_object().into_iter().flatten() {
        r[k] = v.clone();
    }
    let type_ids: Vec<J> = types
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| json!({"$id": t["$id"]}))
        .collect();
    json!({"schema": {
        "service": {"entities": [
            {"$id": "s1", "shortName": "demo", "cloudFormationNamespace": "AWS::Demo"}
        ]},
        "resource": {"entities": [r]},
        "typeDefinition": {"entities": types},
        "hasResource": {"forward": {"s1": [{"$id": "r1"}]}},
        "usesType": {"forward": {"r1": type_ids}},
    }})
}

/// The generated file of the one service in `db`.
fn generate(db: &J) -> String {
    let services = crate::spec::from_db(db, "test");
    assert_eq!(services.len(), 1, "one service expected");
    emit::service(&services[0], true)
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Asserts that every snippet of `expect` is in `output` (whitespace-insensitive).
#[track_caller]
fn contains_all(output: &str, expect: &[&str]) {
    let out = normalize(output);
    let missing: Vec<&&str> = expect
        .iter()
        .filter(|e| !out.contains(&normalize(e)))
        .collect();
    assert!(
        missing.is_empty(),
        "missing from the generated code:\n  {}\n--- generated ---\n{output}",
        missing
            .iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

/// Generates the service of `input` (a service database) and checks `expect`.
#[track_caller]
fn check(input: J, expect: &[&str]) {
    contains_all(&generate(&input), expect);
}

/// Asserts that no snippet of `absent` is in the service generated from `input`.
#[track_caller]
fn check_absent(input: J, absent: &[&str]) {
    let out = normalize(&generate(&input));
    for a in absent {
        assert!(!out.contains(&normalize(a)), "unexpected `{a}` in:\n{out}");
    }
}

fn string() -> J {
    json!({"type": "string"})
}

#[test]
fn rust_names_from_cloudformation_names() {
    // (CloudFormation name, field/method ident)
    for (cfn, ident) in [
        ("BucketName", "bucket_name"),
        ("KMSMasterKeyID", "kms_master_key_id"),
        ("SSESpecification", "sse_specification"),
        ("IPv6Address", "i_pv6_address"),
        ("Type", "r#type"),
        ("Match", "r#match"),
        ("Self", "self_"),
        ("3DSettings", "p_3d_settings"),
        ("Foo.Bar", "foo_bar"),
        ("", "value"),
    ] {
        assert_eq!(snake(cfn), ident, "snake({cfn:?})");
    }
    // (CloudFormation name, type name)
    for (cfn, ty) in [
        ("SSESpecification", "SSESpecification"),
        ("KeySchema", "KeySchema"),
        ("cors_rule", "CorsRule"),
        ("AWS::Lambda::Function.Code", "AwsLambdaFunctionCode"),
        ("Self", "Self_"),
        ("2Factor", "V2factor"),
    ] {
        assert_eq!(pascal(cfn), ty, "pascal({cfn:?})");
    }
    // (string value, enum variant)
    for (value, v) in [
        ("PAY_PER_REQUEST", "PayPerRequest"),
        ("OFF", "Off"),
        ("nodejs20.x", "Nodejs20X"),
        ("1.0", "V10"),
        ("Self", "Self_"),
    ] {
        assert_eq!(variant(value), v, "variant({value:?})");
    }
}

#[test]
fn doc_summaries_stop_at_the_first_sentence() {
    for (text, short) in [
        ("Sets the name. More text.", "Sets the name."),
        ("Use e.g. this. Next.", "Use e.g. this."),
        // AWS writes "… *Guide* ."; the space before the full stop goes.
        ("Read the *Guide* . Next.", "Read the *Guide*."),
        ("One line", "One line"),
    ] {
        assert_eq!(summary(text, false), short, "summary({text:?})");
    }
}

#[test]
fn field_names_avoid_keywords_and_the_builders_own_methods() {
    check(
        spec(
            json!({"properties": {
                "Type": {"type": string()},
                "Build": {"type": string()},
                "Set": {"type": string()},
            }}),
            json!([]),
        ),
        &[
            r#"pub fn r#type(self, value: impl Into<rt::Str>) -> Self { self.set("Type", value.into()) }"#,
            r#"maybe_build build_(impl Into<rt::Str>);"#,
            r#"build_ "Build" Opt One<rt::Str>;"#,
            r#"maybe_set set_(impl Into<rt::Str>);"#,
            r#"set_ "Set" Opt One<rt::Str>;"#,
            r#"maybe_type r#type(impl Into<rt::Str>);"#,
            r#"r#type "Type" Opt One<rt::Str>;"#,
        ],
    );
}

#[test]
fn required_properties_are_typestate_and_get_no_maybe() {
    let input = spec(
        json!({"properties": {
            "Name": {"type": string(), "required": true},
            "Size": {"type": {"type": "integer"}},
        }}),
        json!([]),
    );
    check(
        input.clone(),
        &[
            "CfnThingProps, CfnThingPropsBuilder<S0>",
            "/// Required: `name`.",
            r#"pub fn size(self, value: impl Into<rt::Num>) -> Self { self.set("Size", value.into()) }"#,
            r#"impl CfnThingPropsBuilder<rt::Unset> {"#,
            r#"pub fn name(self, value: impl Into<rt::Str>) -> CfnThingPropsBuilder<rt::Set> { CfnThingPropsBuilder(self.0.with("Name", value.into())) }"#,
            "pub fn build(self) -> CfnThingProps where S0: required::name, {",
            r#"#[diagnostic::on_unimplemented(message = "the required property `name` is not set""#,
            "rt::fields! { CfnThingProps, CfnThingPropsBuilder<S0>; maybe {",
            r#"name "Name" Req One<rt::Str>;"#,
            r#"maybe { maybe_size size(impl Into<rt::Num>); } value { } edit { name "Name" Req One<rt::Str>; size "Size" Opt One<rt::Num>; }"#,
        ],
    );
    check_absent(input, &["maybe_name", "name(impl Into<rt::Str>);"]);
}

#[test]
fn string_sets_become_enums_with_unknown() {
    check(
        spec(
            json!({"properties": {
                "BillingMode": {"type": {"type": "string", "allowedValues": ["PAY_PER_REQUEST", "PROVISIONED"]}},
                "Modes": {"type": {"type": "array", "element": {"type": "string", "allowedValues": ["A"]}}},
            }}),
            json!([]),
        ),
        &[
            r#"rt::str_enum!(BillingMode for "BillingMode" { PayPerRequest = "PAY_PER_REQUEST", Provisioned = "PROVISIONED", });"#,
            r#"rt::str_enum!(Modes for "Modes" { A = "A", });"#,
            "/// CloudFormation: `BillingMode`. Known values: [`BillingMode`].",
            // The setter still takes any string: values newer than the spec stay possible.
            "pub fn billing_mode(self, value: impl Into<rt::Str>) -> Self",
            r#"maybe_modes modes(impl Into<rt::StrList>);"#,
            r#"modes "Modes" Opt Strs;"#,
        ],
    );
    // `Unknown(String)` itself is written once, by `rt::str_enum!` (l1/src/lib.rs).
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../l1/src/lib.rs"))
        .expect("l1/src/lib.rs");
    assert!(lib.contains("Unknown(::std::string::String),"));
}

#[test]
fn nested_property_types_lists_maps_and_json() {
    let input = spec(
        json!({"properties": {
            "Config": {"type": {"type": "ref", "reference": {"$ref": "t1"}}},
            "Items": {"type": {"type": "array", "element": {"type": "ref", "reference": {"$ref": "t1"}}}},
            "Labels": {"type": {"type": "map", "element": string()}},
            "Policy": {"type": {"type": "json"}},
            "Names": {"type": {"type": "array", "element": string()}},
            "Tags": {"type": {"type": "array", "element": {"type": "tag"}}},
        }}),
        json!([{"$id": "t1", "name": "Inner", "documentation": "An inner object.", "properties": {
            "Key": {"type": string(), "required": true},
            "Depth": {"type": {"type": "number"}},
        }}]),
    );
    check(
        input.clone(),
        &[
            // The property type: a value, a builder with its own typestate, its own fields.
            "rt::object! { type /// An inner object. /// /// Required: `key`. Inner, InnerBuilder<S0> }",
            "pub fn key(self, value: impl Into<rt::Str>) -> InnerBuilder<rt::Set>",
            "rt::fields! { Inner, InnerBuilder<S0>; maybe {",
            r#"maybe_depth depth(impl Into<rt::Num>);"#,
            r#"depth "Depth" Opt One<rt::Num>;"#,
            r#"key "Key" Req One<rt::Str>;"#,
            // The resource's fields: structured ones get a `_value` escape hatch.
            "pub fn config(self, value: impl Into<Inner>) -> Self",
            r#"maybe_config config(impl Into<Inner>);"#,
            r#"config_value "Config";"#,
            r#"config "Config" Opt Obj<Inner>;"#,
            "pub fn items(self, value: impl IntoIterator<Item = Inner>) -> Self",
            r#"maybe_items items(impl IntoIterator<Item = Inner>);"#,
            r#"items_value "Items";"#,
            r#"items "Items" Opt List<Inner>;"#,
            "pub fn labels<K: Into<String>, V: Into<rt::Str>>(self, value: impl IntoIterator<Item = (K, V)>) -> Self",
            r#"maybe_labels labels(impl IntoIterator<Item = (impl Into<String>, impl Into<rt::Str>)>);"#,
            r#"labels "Labels" Opt Map<rt::Str>;"#,
            // `Json` takes a `Value` already: no second escape hatch.
            "pub fn policy(self, value: impl Into<rt::Value>) -> Self",
            r#"maybe_policy policy(impl Into<rt::Value>);"#,
            r#"policy "Policy" Opt One<rt::Value>;"#,
            "pub fn names(self, value: impl Into<rt::StrList>) -> Self",
            r#"names "Names" Opt Strs;"#,
            r#"maybe_tags tags(impl IntoIterator<Item = rt::Tag>);"#,
            r#"tags "Tags" Opt List<rt::Tag>;"#,
        ],
    );
    check_absent(
        input,
        &["policy_value", "labels_value", "names_value", "tags_value"],
    );
}

#[test]
fn a_required_structured_property_gets_its_escape_hatch_beside_its_setter() {
    check(
        spec(
            json!({"properties": {
                "Config": {"type": {"type": "ref", "reference": {"$ref": "t1"}}, "required": true},
            }}),
            json!([{"$id": "t1", "name": "Inner", "properties": {"A": {"type": string()}}}]),
        ),
        &[
            "pub fn config(self, value: impl Into<Inner>) -> CfnThingPropsBuilder<rt::Set>",
            r#"pub fn config_value(self, value: impl Into<rt::Value>) -> CfnThingPropsBuilder<rt::Set> { CfnThingPropsBuilder(self.0.with("Config", value.into())) }"#,
            r#"maybe { } value { } edit { config "Config" Req Obj<Inner>; }"#,
        ],
    );
}

#[test]
fn derived_names_that_collide_get_a_suffix() {
    // `Default` is an object, so it gets `default_value`; but `DefaultValue` is a property.
    check(
        spec(
            json!({"properties": {
                "Default": {"type": {"type": "ref", "reference": {"$ref": "t1"}}},
                "DefaultValue": {"type": string()},
            }}),
            json!([{"$id": "t1", "name": "Inner", "properties": {"A": {"type": string()}}}]),
        ),
        &[
            r#"value { default_value2 "Default"; }"#,
            r#"default "Default" Opt Obj<Inner>;"#,
            r#"maybe_default_value default_value(impl Into<rt::Str>);"#,
            r#"default_value "DefaultValue" Opt One<rt::Str>;"#,
        ],
    );
}

#[test]
fn unions_and_deprecated_properties() {
    check(
        spec(
            json!({"properties": {
                "Code": {"type": {"type": "union", "types": [string(), {"type": "ref", "reference": {"$ref": "t1"}}]}},
                "Old": {"type": string(), "deprecated": "WARN"},
            }}),
            json!([{"$id": "t1", "name": "Location", "properties": {"Bucket": {"type": string()}}}]),
        ),
        &[
            "pub enum Code { /// A string. String(rt::Str), /// A [`Location`]. Location(Location), }",
            r#"maybe_code code(impl Into<Code>);"#,
            r#"code_value "Code";"#,
            r#"code "Code" Opt One<Code>;"#,
            r#"#[deprecated(note = "deprecated in the CloudFormation spec")] pub fn old("#,
            r#"#[deprecated(note = "deprecated in the CloudFormation spec")] maybe_old old(impl Into<rt::Str>);"#,
            r#"#[deprecated(note = "deprecated in the CloudFormation spec")] old "Old" Opt One<rt::Str>;"#,
        ],
    );
}

#[test]
fn attributes_are_typed_accessors() {
    check(
        spec(
            json!({
                "attributes": {
                    "Arn": {"type": string()},
                    "Ports": {"type": {"type": "array", "element": string()}},
                    "Count": {"type": {"type": "integer"}},
                },
                "primaryIdentifier": ["Name"],
            }),
            json!([]),
        ),
        &[
            "/// `Ref` of this resource: its `Name`.",
            r#"pub fn attr_arn(&self) -> rt::Str { self.resource.get_att("Arn") }"#,
            r#"pub fn attr_ports(&self) -> rt::StrList { self.resource.get_att_list("Ports") }"#,
            r#"pub fn attr_count(&self) -> rt::Num { self.resource.get_att_num("Count") }"#,
        ],
    );
}

#[test]
fn the_transform_flag_is_passed_to_the_construct() {
    let with = spec(
        json!({"cloudFormationTransform": "AWS::Serverless-2016-10-31"}),
        json!([]),
    );
    check(
        with,
        &[
            "/// Requires the `AWS::Serverless-2016-10-31` transform of the templates it appears in.",
            r#"CfnThing(CfnThingProps) = "AWS::Demo::Thing", transform "AWS::Serverless-2016-10-31" }"#,
        ],
    );
    check(
        spec(json!({}), json!([])),
        &[r#"CfnThing(CfnThingProps) = "AWS::Demo::Thing" }"#],
    );
    check_absent(spec(json!({}), json!([])), &["transform \""]);
}

/// A SAM schema (cfn-lint's format) of `AWS::Serverless::Thing`.
fn sam_schema(properties: J, required: J, definitions: J) -> J {
    json!({
        "typeName": "AWS::Serverless::Thing",
        "properties": properties,
        "required": required,
        "definitions": definitions,
    })
}

fn generate_sam(schema: &J) -> String {
    let service = crate::model::Service {
        module: "sam".into(),
        namespace: "AWS::Serverless".into(),
        resources: vec![crate::sam::resource(schema)],
        source: "test".into(),
    };
    emit::service(&service, true)
}

#[test]
fn sam_types_require_the_transform_and_read_json_schema() {
    let schema = sam_schema(
        json!({
            "Handler": {"type": "string"},
            "Timeout": {"anyOf": [{"type": "integer"}, {"type": "object"}]},
            "Events": {"type": "object", "additionalProperties": {"$ref": "#/definitions/Event"}},
            "Tags": {"type": "object"},
        }),
        json!(["Handler"]),
        json!({"Event": {"type": "object", "required": ["Type"], "properties": {
            "Type": {"type": "string", "enum": ["SQS"]},
            "Queue": {"type": "string"},
        }}}),
    );
    contains_all(
        &generate_sam(&schema),
        &[
            r#"CfnThing(CfnThingProps) = "AWS::Serverless::Thing", transform "AWS::Serverless-2016-10-31""#,
            // `anyOf: [integer, object]`: the object stands for an intrinsic; a `Num` carries it.
            r#"timeout "Timeout" Opt One<rt::Num>;"#,
            r#"handler "Handler" Req One<rt::Str>;"#,
            r#"events_value "Events";"#,
            r#"events "Events" Opt Map<Event>;"#,
            // SAM's bare-object `Tags` is a map of strings.
            r#"tags "Tags" Opt Map<rt::Str>;"#,
            // A one-value required `Type` is a constant the builder starts with, not a field.
            r#"Event, EventBuilder<>, "Type" = "SQS""#,
            r#"queue "Queue" Opt One<rt::Str>;"#,
        ],
    );
}

#[test]
fn the_tag_table_has_each_taggable_type_in_its_form_sorted_and_nothing_else() {
    let mut services = crate::spec::from_db(
        &spec(
            json!({"tagInformation": {"tagPropertyName": "UserPoolTags", "variant": "map"}}),
            json!([]),
        ),
        "test",
    );
    let mut asg = crate::spec::from_db(
        &spec(
            json!({"cloudFormationType": "AWS::Demo::Group",
                   "tagInformation": {"tagPropertyName": "Tags", "variant": "asg"}}),
            json!([]),
        ),
        "test",
    );
    let mut plain = crate::spec::from_db(
        &spec(json!({"cloudFormationType": "AWS::Demo::Bare"}), json!([])),
        "test",
    );
    services.append(&mut asg);
    services.append(&mut plain);
    let sam = |props: J| crate::sam::resource(&sam_schema(props, json!([]), json!({})));
    let mut with_propagate = sam(json!({
        "Tags": {"type": "object"},
        "PropagateTags": {"type": "boolean"},
    }));
    with_propagate.cfn_type = "AWS::Serverless::Fn".into();
    let mut map_only = sam(json!({"Tags": {"type": "object"}}));
    map_only.cfn_type = "AWS::Serverless::Table".into();
    let mut untagged = sam(json!({"Name": {"type": "string"}}));
    untagged.cfn_type = "AWS::Serverless::Untagged".into();
    services.push(crate::model::Service {
        module: "sam".into(),
        namespace: "AWS::Serverless".into(),
        resources: vec![with_propagate, map_only, untagged],
        source: "test".into(),
    });
    let out = crate::tags::table(&services);
    contains_all(
        &out,
        &[
            r#"("AWS::Demo::Group", t("Tags", TagForm::AutoScalingGroup)),
               ("AWS::Demo::Thing", t("UserPoolTags", TagForm::Map)),
               ("AWS::Serverless::Fn", Tagging { propagate: Some("PropagateTags"), ..MAP }),
               ("AWS::Serverless::Table", MAP),
            ];"#,
        ],
    );
    assert!(!out.contains("Bare"));
    assert!(!out.contains("Untagged"));
}

/// A SAM schema with an event-like definition whose `Pattern` is a string or an object (as
/// cfn-lint writes it), a pass-through `Preference` and a bare-object `Responses`.
fn sam_schema_to_override() -> J {
    let mut schema = sam_schema(
        json!({
            "Events": {"type": "object", "additionalProperties": {"$ref": "#/definitions/RuleEvent"}},
            "Preference": {"$ref": "#/definitions/PassThroughProp"},
            "Responses": {"type": "object"},
        }),
        json!([]),
        json!({
            "PassThroughProp": {},
            "RuleEvent": {"type": "object", "required": ["Type", "Properties"], "properties": {
                "Type": {"type": "string", "enum": ["Rule"]},
                "Properties": {"$ref": "#/definitions/RuleEventProperties"},
            }},
            "RuleEventProperties": {"type": "object", "properties": {
                "Pattern": {"description": "The pattern.", "type": ["string", "object"]},
            }},
        }),
    );
    schema["typeName"] = json!("AWS::Serverless::Thing");
    schema
}

const THING: &str = "AWS::Serverless::Thing";

fn retype(
    definition: &'static str,
    property: &'static str,
    was: &'static str,
    schema: &'static str,
) -> Override {
    Override {
        resource: THING,
        change: Change::Retype {
            definition,
            property,
            was,
            schema,
        },
    }
}

fn add(definition: &'static str, property: &'static str, schema: &'static str) -> Override {
    Override {
        resource: THING,
        change: Change::Add {
            definition,
            property,
            schema,
        },
    }
}

fn define(name: &'static str, schema: &'static str) -> Override {
    Override {
        resource: THING,
        change: Change::Define { name, schema },
    }
}

#[test]
fn sam_overrides_retype_add_and_define_before_the_schema_is_read() {
    let plain = generate_sam(&sam_schema_to_override());
    // Without the overrides: the string-or-object pattern is a string, the rest Json.
    contains_all(
        &plain,
        &[
            r#"pattern "Pattern" Opt One<rt::Str>;"#,
            r#"preference "Preference" Opt One<rt::Value>;"#,
            r#"responses "Responses" Opt One<rt::Value>;"#,
        ],
    );
    let mut schemas = [sam_schema_to_override()];
    apply(
        &mut schemas,
        &[
            retype("RuleEventProperties", "Pattern", r#"{"type": ["string", "object"]}"#, r#"{"type": "object"}"#),
            add("RuleEventProperties", "State", r#"{"type": "string", "enum": ["ENABLED", "DISABLED"]}"#),
            retype(
                RESOURCE,
                "Preference",
                r##"{"$ref": "#/definitions/PassThroughProp"}"##,
                r#"{"type": "object", "description": "How.", "required": ["Type"], "properties": {
                    "Type": {"type": "string"}, "Percentage": {"type": "integer"}}}"#,
            ),
            define(
                "Response",
                r#"{"type": "object", "properties": {"StatusCode": {"type": "string"}}}"#,
            ),
            retype(
                RESOURCE,
                "Responses",
                r#"{"type": "object"}"#,
                r##"{"type": "object", "additionalProperties": {"$ref": "#/definitions/Response"}}"##,
            ),
        ],
    )
    .expect("the overrides fit the schema");
    contains_all(
        &generate_sam(&schemas[0]),
        &[
            // The pattern is free-form JSON; it keeps its description.
            r#"/// The pattern. /// /// CloudFormation: `Pattern`.
               pub fn pattern(self, value: impl Into<rt::Value>) -> Self"#,
            r#"pattern "Pattern" Opt One<rt::Value>;"#,
            // The added property, with its enum.
            r#"state "State" Opt One<rt::Str>;"#,
            r#"rt::str_enum!(State for "State" { Enabled = "ENABLED", Disabled = "DISABLED", });"#,
            // The pass-through is a property type with a required `Type`.
            r#"preference "Preference" Opt Obj<Preference>;"#,
            "/// How. /// /// Required: `type`. Preference, PreferenceBuilder<S0>",
            r#"percentage "Percentage" Opt One<rt::Num>;"#,
            // The defined type is what the map holds.
            r#"responses "Responses" Opt Map<Response>;"#,
            r#"status_code "StatusCode" Opt One<rt::Str>;"#,
        ],
    );
}

#[test]
fn a_sam_override_that_no_longer_fits_the_schema_is_an_error() {
    let json_object = r#"{"type": "object"}"#;
    let string_or_object = r#"{"type": ["string", "object"]}"#;
    for (o, expect) in [
        (
            Override {
                resource: "AWS::Serverless::Gone",
                change: Change::Add {
                    definition: RESOURCE,
                    property: "State",
                    schema: json_object,
                },
            },
            "no schema has this type",
        ),
        (
            add("GoneProperties", "State", json_object),
            "the schema has no definition `GoneProperties`",
        ),
        (
            retype("RuleEventProperties", "Gone", string_or_object, json_object),
            "the definition `RuleEventProperties` has no property `Gone` to retype",
        ),
        (
            retype(RESOURCE, "Gone", json_object, json_object),
            "the resource has no property `Gone` to retype",
        ),
        // The schema changed the property since the override was written.
        (
            retype("RuleEventProperties", "Pattern", r#"{"type": "string"}"#, json_object),
            "is now {\"description\":\"The pattern.\",\"type\":[\"string\",\"object\"]}, not the {\"type\":\"string\"} the override replaces",
        ),
        // The schema caught up.
        (
            add("RuleEventProperties", "Pattern", json_object),
            "the definition `RuleEventProperties` has `Pattern` already: the schema has caught up",
        ),
        (
            define("RuleEvent", json_object),
            "the definition `RuleEvent` exists already",
        ),
        (
            add(RESOURCE, "State", "{not json"),
            "its schema is not JSON",
        ),
    ] {
        let mut schemas = [sam_schema_to_override()];
        let err = apply(&mut schemas, &[o]).expect_err(expect);
        assert!(err.contains(expect), "{o:?}: expected `{expect}` in:\n{err}");
        assert!(err.contains("SAM override of AWS::Serverless::"), "{err}");
    }
    // Every entry that does not fit is reported, one a line, and the good ones still apply.
    let mut schemas = [sam_schema_to_override()];
    let err = apply(
        &mut schemas,
        &[
            add("GoneProperties", "State", json_object),
            add("RuleEventProperties", "State", json_object),
            retype(RESOURCE, "Gone", json_object, json_object),
        ],
    )
    .unwrap_err();
    assert_eq!(
        err.lines()
            .filter(|l| l.starts_with("SAM override"))
            .count(),
        2,
        "{err}"
    );
}

#[test]
fn the_sam_override_table_fits_the_vendored_schemas() {
    // `sam::read` applies the table (an entry that does not fit fails the whole read, so
    // `generate` and the staleness test fail with it); what it changed:
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("vendor/cfn-lint-sam");
    let service = crate::sam::read(&dir, "vendored").expect("the SAM table applies");
    let out = emit::service(&service, true);
    let module = |name: &str| -> String {
        let start = out.find(&format!("pub mod {name} {{")).expect(name);
        let rest = &out[start + 1..];
        rest[..rest.find("\npub mod ").unwrap_or(rest.len())].to_string()
    };
    let function = module("function");
    let state_machine = module("state_machine");
    let api = module("api");
    // The EventBridgeRule and CloudWatchEvent events' fields: the pattern object and the state.
    for (m, expect) in [
        (
            &function,
            "EventBridgeRuleEventProperties, EventBridgeRuleEventPropertiesBuilder<S0>;",
        ),
        (
            &function,
            "CloudWatchEventProperties, CloudWatchEventPropertiesBuilder<>;",
        ),
        (
            &state_machine,
            "EventBridgeRuleEventProperties, EventBridgeRuleEventPropertiesBuilder<>;",
        ),
        (
            &state_machine,
            "CloudWatchEventProperties, CloudWatchEventPropertiesBuilder<>;",
        ),
    ] {
        let fields = &m[m.find(&format!("rt::fields! {{ {expect}")).expect(expect)..];
        let fields = &fields[..fields.find("\n    }\n").unwrap()];
        contains_all(
            fields,
            &[
                r#"pattern "Pattern""#,
                r#"One<rt::Value>;"#,
                r#"state "State" Opt One<rt::Str>;"#,
            ],
        );
    }
    contains_all(
        &function,
        &[r#"filter_policy "FilterPolicy" Opt One<rt::Value>;"#],
    );
    contains_all(
        &state_machine,
        &[
            r#"deployment_preference "DeploymentPreference" Opt Obj<DeploymentPreference>;"#,
            r#"r#type "Type" Req One<rt::Str>;"#,
            r#"alarms "Alarms" Opt Strs;"#,
        ],
    );
    contains_all(
        &api,
        &[
            r#"gateway_responses "GatewayResponses" Opt Map<GatewayResponse>;"#,
            r#"response_parameters "ResponseParameters" Opt Obj<GatewayResponseParameters>;"#,
            r#"headers "Headers" Opt Map<rt::Str>;"#,
        ],
    );
}
