//! The SAM-schema override table: where cfn-lint's SAM schemas (the input `sam.rs` reads)
//! type a property otherwise than SAM's translator takes it, or lack a property the translator
//! takes. Each entry cites the translator's source that accepts the shape: aws-sam-translator
//! at the version `tools/validators/requirements.txt` pins (1.115.0), paths under
//! `samtranslator/` of `aws/serverless-application-model`.
//!
//! The entries are applied to the JSON schemas before they are read, so the rest of the
//! generator sees one schema, and the overrides are written in the schemas' own language (JSON
//! Schema, as cfn-lint writes it). An entry that no longer fits its schema is an error of the
//! generator, never skipped: its resource type, definition or property is gone; a property it
//! adds, or a definition it defines, is there already (the schema caught up: drop the entry);
//! the property it retypes is no longer what the entry says it replaces (`was`; the
//! descriptions aside). So a schema bump cannot silently drop or outdate an override.

use serde_json::Value as J;

/// One change to one SAM resource type's schema.
#[derive(Clone, Copy, Debug)]
pub struct Override {
    /// The resource type (`AWS::Serverless::Function`).
    pub resource: &'static str,
    pub change: Change,
}

/// What an [`Override`] changes. `definition` names the schema definition (a property type)
/// holding the property, or is [`RESOURCE`] for the resource's own properties; schemas are JSON
/// text.
#[derive(Clone, Copy, Debug)]
pub enum Change {
    /// Replaces the schema of a property the type has, which must equal `was` (descriptions
    /// aside); the property keeps its description when `schema` has none.
    Retype {
        definition: &'static str,
        property: &'static str,
        was: &'static str,
        schema: &'static str,
    },
    /// Adds a property the definition (or the resource) does not have.
    Add {
        definition: &'static str,
        property: &'static str,
        schema: &'static str,
    },
    /// Adds a definition (a named property type, `$ref`-erable) the schema does not have.
    Define {
        name: &'static str,
        schema: &'static str,
    },
}

/// [`Change`]'s `definition` for a property of the resource itself.
pub const RESOURCE: &str = "";

const FUNCTION: &str = "AWS::Serverless::Function";
const STATE_MACHINE: &str = "AWS::Serverless::StateMachine";
const API: &str = "AWS::Serverless::Api";

/// What the schemas write for an event pattern (and SNS's filter policy): a string or an object,
/// which `sam.rs` reads as a string (a bare object beside a scalar stands for an intrinsic).
const STRING_OR_OBJECT: &str = r#"{"type": ["string", "object"]}"#;
const OBJECT_OR_STRING: &str = r#"{"type": ["object", "string"]}"#;
/// Free-form JSON (an event pattern, a filter policy): `Json`, a `Value` in the L1.
const JSON_OBJECT: &str = r#"{"type": "object"}"#;
/// An EventBridge rule's state, as the schemas write it for `Schedule` events (the values of
/// `AWS::Events::Rule`'s `State`).
const RULE_STATE: &str = r#"{
    "description": "The state of the rule.",
    "enum": ["DISABLED", "ENABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"],
    "type": "string"
}"#;

/// The overrides of the SAM schemas, applied by [`apply`] when `sam.rs` reads them.
pub const SAM: &[Override] = &[
    // `Pattern` of `EventBridgeRule` and `CloudWatchEvent` events is the pattern object:
    // model/eventsources/push.py, `class CloudWatchEvent` (`EventBridgeRule` subclasses it),
    // `"Pattern": PropertyType(False, IS_DICT)`; for state machines
    // model/stepfunctions/events.py, `class CloudWatchEvent` (and its `EventBridgeRule`), the same.
    pattern(FUNCTION, "EventBridgeRuleEventProperties"),
    pattern(FUNCTION, "CloudWatchEventProperties"),
    pattern(STATE_MACHINE, "EventBridgeRuleEventProperties"),
    pattern(STATE_MACHINE, "CloudWatchEventProperties"),
    // `State` of those events (ENABLED, DISABLED, …), copied onto the rule: push.py
    // `class CloudWatchEvent`, `"State": PropertyType(False, IS_STR)` and, in `to_cloudformation`,
    // `events_rule.State = self.State`; stepfunctions/events.py `class CloudWatchEvent`,
    // `"State": PropertyType(False, IS_STR)`. (The function's `CloudWatchEvent` schema has it;
    // `Schedule` events have it in both schemas, and no pattern.)
    state(FUNCTION, "EventBridgeRuleEventProperties"),
    state(STATE_MACHINE, "EventBridgeRuleEventProperties"),
    state(STATE_MACHINE, "CloudWatchEventProperties"),
    // `FilterPolicy` of `SNS` events is the policy object, passed to the subscription's
    // `FilterPolicy` (Json): push.py `class SNS`, `"FilterPolicy": PassThroughProperty(False)`,
    // typed `FilterPolicy: dict[str, Any] | None`.
    Override {
        resource: FUNCTION,
        change: Change::Retype {
            definition: "SNSEventProperties",
            property: "FilterPolicy",
            was: OBJECT_OR_STRING,
            schema: JSON_OBJECT,
        },
    },
    // A state machine's `DeploymentPreference` (a pass-through in the schema): the translator
    // copies it onto the `AWS::StepFunctions::StateMachineAlias` it generates and adds the
    // version: model/stepfunctions/generators.py `_construct_alias`,
    // `deployment_preference = self.deployment_preference` …
    // `deployment_preference["StateMachineVersionArn"] = state_machine_version_arn`. So its keys
    // are the alias's `DeploymentPreference` (`Type` required, LINEAR / ALL_AT_ONCE / CANARY,
    // `Percentage`, `Interval` in minutes, `Alarms` by name) less `StateMachineVersionArn`.
    Override {
        resource: STATE_MACHINE,
        change: Change::Retype {
            definition: RESOURCE,
            property: "DeploymentPreference",
            was: r##"{"$ref": "#/definitions/PassThroughProp"}"##,
            schema: r#"{
                "additionalProperties": false,
                "description": "How a new version reaches the alias (`AutoPublishAlias`): the generated alias's `DeploymentPreference`, whose `StateMachineVersionArn` the translator sets.",
                "properties": {
                    "Alarms": {
                        "description": "The CloudWatch alarms (by name) that roll the deployment back when they go into `ALARM`.",
                        "items": {"type": "string"},
                        "type": "array"
                    },
                    "Interval": {
                        "description": "The time in minutes between traffic shifting increments.",
                        "type": "integer"
                    },
                    "Percentage": {
                        "description": "The percentage of traffic to shift to the new version in each increment.",
                        "type": "integer"
                    },
                    "Type": {
                        "description": "The type of deployment: `LINEAR`, `ALL_AT_ONCE` or `CANARY`.",
                        "enum": ["LINEAR", "ALL_AT_ONCE", "CANARY"],
                        "type": "string"
                    }
                },
                "required": ["Type"],
                "type": "object"
            }"#,
        },
    },
    // An API's `GatewayResponses`: a map from response type to a response, whose keys
    // model/api/api_generator.py checks (`GatewayResponseProperties = ["ResponseParameters",
    // "ResponseTemplates", "StatusCode"]`, in `_add_gateway_responses`, which also rejects an
    // intrinsic function for an entry) and model/apigateway.py `class ApiGatewayResponse`
    // reads (`ResponseParameterProperties = ["Headers", "Paths", "QueryStrings"]`, each a map
    // of bare names prefixed in `_add_prefixes`; `StatusCode` must match `^[0-9]{1,3}$`).
    Override {
        resource: API,
        change: Change::Define {
            name: "GatewayResponse",
            schema: r##"{
                "additionalProperties": false,
                "description": "A gateway response of the API (an entry of `GatewayResponses`).",
                "properties": {
                    "ResponseParameters": {"$ref": "#/definitions/GatewayResponseParameters"},
                    "ResponseTemplates": {
                        "additionalProperties": {"type": "string"},
                        "description": "The response's body mapping templates, by content type.",
                        "type": "object"
                    },
                    "StatusCode": {
                        "description": "The HTTP status code of the response (digits).",
                        "type": "string"
                    }
                },
                "type": "object"
            }"##,
        },
    },
    Override {
        resource: API,
        change: Change::Define {
            name: "GatewayResponseParameters",
            schema: r#"{
                "additionalProperties": false,
                "description": "The parameters of a gateway response, by bare name (the translator adds `gatewayresponse.header.` and so on).",
                "properties": {
                    "Headers": {"additionalProperties": {"type": "string"}, "type": "object"},
                    "Paths": {"additionalProperties": {"type": "string"}, "type": "object"},
                    "QueryStrings": {"additionalProperties": {"type": "string"}, "type": "object"}
                },
                "type": "object"
            }"#,
        },
    },
    Override {
        resource: API,
        change: Change::Retype {
            definition: RESOURCE,
            property: "GatewayResponses",
            was: JSON_OBJECT,
            schema: r##"{
                "additionalProperties": {"$ref": "#/definitions/GatewayResponse"},
                "type": "object"
            }"##,
        },
    },
];

/// An event's `Pattern` in `definition`: the schemas' string-or-object as the object.
const fn pattern(resource: &'static str, definition: &'static str) -> Override {
    Override {
        resource,
        change: Change::Retype {
            definition,
            property: "Pattern",
            was: STRING_OR_OBJECT,
            schema: JSON_OBJECT,
        },
    }
}

/// The rule `State` an event's `definition` lacks.
const fn state(resource: &'static str, definition: &'static str) -> Override {
    Override {
        resource,
        change: Change::Add {
            definition,
            property: "State",
            schema: RULE_STATE,
        },
    }
}

/// Applies `overrides` to `schemas` (cfn-lint's SAM schemas, each with its `typeName`), in
/// order. Every entry must apply; the error lists each one that does not, one a line.
pub fn apply(schemas: &mut [J], overrides: &[Override]) -> Result<(), String> {
    let mut errors = Vec::new();
    for o in overrides {
        if let Err(e) = apply_one(schemas, o) {
            errors.push(format!("SAM override of {}: {e}", o.resource));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n(the override table is tools/codegen/src/sam_overrides.rs)",
            errors.join("\n")
        ))
    }
}

fn parse(text: &str) -> Result<J, String> {
    serde_json::from_str(text).map_err(|e| format!("its schema is not JSON ({e}): {text}"))
}

/// `v` without its `description`s, at any depth (what `was` is compared on).
fn undocumented(v: &J) -> J {
    match v {
        J::Object(m) => J::Object(
            m.iter()
                .filter(|(k, _)| *k != "description")
                .map(|(k, v)| (k.clone(), undocumented(v)))
                .collect(),
        ),
        J::Array(a) => J::Array(a.iter().map(undocumented).collect()),
        other => other.clone(),
    }
}

fn apply_one(schemas: &mut [J], o: &Override) -> Result<(), String> {
    let schema = schemas
        .iter_mut()
        .find(|s| s["typeName"] == o.resource)
        .ok_or("no schema has this type")?;
    match o.change {
        Change::Define { name, schema: text } => {
            let new = parse(text)?;
            let defs = schema
                .as_object_mut()
                .ok_or("the schema is not an object")?
                .entry("definitions")
                .or_insert_with(|| J::Object(Default::default()))
                .as_object_mut()
                .ok_or("its `definitions` is not an object")?;
            if defs.contains_key(name) {
                return Err(format!(
                    "the definition `{name}` exists already: the schema has caught up, drop the override (or rename it)"
                ));
            }
            defs.insert(name.to_string(), new);
        }
        Change::Add {
            definition,
            property,
            schema: text,
        } => {
            let new = parse(text)?;
            let props = properties(schema, definition)?;
            if props.contains_key(property) {
                return Err(format!(
                    "{} has `{property}` already: the schema has caught up, drop the override",
                    place(definition)
                ));
            }
            props.insert(property.to_string(), new);
        }
        Change::Retype {
            definition,
            property,
            was,
            schema: text,
        } => {
            let mut new = parse(text)?;
            let was = parse(was)?;
            let props = properties(schema, definition)?;
            let old = props.get_mut(property).ok_or_else(|| {
                format!(
                    "{} has no property `{property}` to retype",
                    place(definition)
                )
            })?;
            if undocumented(old) != undocumented(&was) {
                return Err(format!(
                    "`{property}` of {} is now {old}, not the {was} the override replaces: review the override",
                    place(definition)
                ));
            }
            if new.get("description").is_none() {
                if let (Some(doc), Some(m)) = (old.get("description"), new.as_object_mut()) {
                    m.insert("description".into(), doc.clone());
                }
            }
            *old = new;
        }
    }
    Ok(())
}

fn place(definition: &str) -> String {
    if definition == RESOURCE {
        "the resource".to_string()
    } else {
        format!("the definition `{definition}`")
    }
}

/// The `properties` of `definition` (or of the resource).
fn properties<'a>(
    schema: &'a mut J,
    definition: &str,
) -> Result<&'a mut serde_json::Map<String, J>, String> {
    let holder = if definition == RESOURCE {
        schema
    } else {
        schema
            .get_mut("definitions")
            .and_then(|d| d.get_mut(definition))
            .ok_or_else(|| format!("the schema has no definition `{definition}`"))?
    };
    holder
        .get_mut("properties")
        .and_then(J::as_object_mut)
        .ok_or_else(|| format!("{} has no `properties`", place(definition)))
}
