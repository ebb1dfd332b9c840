//! The differential check: aws-sam-translator's translation of our SAM template against our
//! plain CloudFormation template, which must describe the same deployment.
//!
//! # Matching
//!
//! The two templates name SAM's generated resources differently (SAM: `<Fn>Role`,
//! `<Fn>Version<sha>`, `<Fn>Alias<name>`, `ServerlessDeploymentApplication`, …; ours: CDK-style
//! IDs with our own content hash), so resources are paired structurally, in this order:
//!
//! 1. Lambda functions by their `aws:cdk:path` metadata (the translator passes a SAM
//!    function's `Metadata` through onto the generated function; it also copies it onto the
//!    Version, Alias, Role and event resources it generates, so the path pairs functions only;
//!    the project's own SAM templates carry no path, since SAM CLI takes `aws:cdk:path` for a
//!    CDK app, so theirs pair by step 2: a SAM function keeps the plain function's ID);
//! 2. any resource by the same logical ID and type (resources SAM passes through unchanged);
//! 3. any resource by a `(type, aws:cdk:path)` pair unique on both sides;
//! 4. until nothing changes: functions by `Handler` + `Runtime` + code location when unique;
//!    from each function pair, its role (`Role`), its Version (when it has exactly one),
//!    its aliases (by name), each alias's deployment group and application
//!    (`UpdatePolicy.CodeDeployLambdaAliasUpdate`), each group's service role; from each
//!    state machine pair, its `StateMachineVersion` (when it has exactly one) and its
//!    `StateMachineAlias`es by name (an alias belongs to the machine whose version its
//!    deployment preference or routing names); then any
//!    remaining resources whose normalised type and properties are equal and unique
//!    (event source mappings, rules, permissions, …).
//!
//! # Normalisation
//!
//! Values are compared after rewriting every reference through the pairing (a SAM-side
//! resource without a counterpart renders as `<id>(SAM-only)`, so it never equals anything),
//! and after collapsing `Ref`, `Fn::GetAtt`, `Fn::Sub` and `Fn::Join` into one string form
//! (`${Id}`, `${Id.Attr}`), so that `{"Fn::Sub": "…table/${T}"}`, `{"Fn::Join": …}` and the
//! literal pieces they are built from compare equal. Known ARN attributes are spelled out
//! (`Fn::GetAtt [Table, Arn]` becomes
//! `arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}`, which is
//! what SAM's policy templates write), a literal `arn:aws:` becomes
//! `arn:${AWS::Partition}:` (the translator runs in `us-east-1`, so it writes managed policy
//! ARNs with the literal partition), and a code location in
//! [`LOCAL_ASSET_BUCKET`] becomes the local path it stands for.
//!
//! # What is compared
//!
//! * resource types and their counts;
//! * per Lambda function pair: all properties; its aliases (names, properties); its
//!   Versions (count, properties, `DeletionPolicy`); per alias, the deployment: deployment
//!   config name, alarms (as a set) and whether they are enabled, auto-rollback, deployment
//!   style, the pre- and post-traffic hook functions, the rest of the deployment group, the
//!   CodeDeploy application; its event wiring: every event source mapping, permission,
//!   subscription, rule (targets) and S3 notification that points at the function, one of its
//!   aliases or versions, with all their properties;
//! * per IAM role pair: trust policy, managed policies (by name), and the effective
//!   statements of its inline policies and of every `AWS::IAM::Policy`/`ManagedPolicy`
//!   attached to it, flattened into `Effect action on resource` lines;
//! * every other resource pair: properties (a state machine's definition as the JSON it
//!   stands for, after its `DefinitionSubstitutions`; a state machine version's and alias's
//!   properties, the alias's deployment preference included);
//! * per state machine pair: the number of its versions and the names of its aliases;
//! * per REST API whose translation has an OpenAPI `Body` (an `AWS::Serverless::Api`) and
//!   whose plain twin a tree of `Resource`s and `Method`s: routes, integrations and their
//!   targets, authorizers, stages and deployments (module `rest_api`, which says how);
//! * per HTTP API whose translation has an OpenAPI `Body` (an `AWS::Serverless::HttpApi`)
//!   and whose plain twin `Route`, `Integration` and `Authorizer` resources: the API's
//!   properties, routes, integrations and their targets, authorizers and stages (module
//!   `http_api`, which says how);
//! * for every pair except event resources: the attributes `DependsOn` (as a set),
//!   `DeletionPolicy`, `UpdateReplacePolicy`, `Condition`, `UpdatePolicy`, `CreationPolicy`;
//! * resources without a counterpart, and the top-level sections (`Outputs`, `Parameters`, …).
//!
//! # What is ignored on purpose
//!
//! Each is marked `IGNORED:` in the code with its reason: logical IDs (paired instead), the
//! `lambda:createdBy: SAM`, `stateMachine:createdBy: SAM`, `httpapi:createdBy: SAM` and
//! `websocketapi:createdBy: SAM` tags, a state machine definition's
//! formatting and key order, the order of any object's keys, `Metadata`, inline policy names and how statements are
//! grouped or ordered, action case, the order of alarms and rollback events, a rule
//! target's `Id`, the attributes of event resources (SAM orders them after the function
//! through their references; ours may also wait for the role's policy or the log group with
//! `DependsOn`, which only orders creation), the spelling of ARNs and managed-policy ARNs, a
//! function's name versus its
//! ARN in `FunctionName`, and the `Transform` (gone after translation, never in the plain
//! template). Nothing else: a property SAM sets and we do not (or the other way round), even
//! a default such as a rule's `State: ENABLED`, is a difference to remove or to add here with
//! its reason.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::{Map, Value};

use crate::sam::LOCAL_ASSET_BUCKET;

mod http_api;
mod openapi;
mod rest_api;

/// The outcome of [`differential`].
#[derive(Debug, Clone, Default)]
pub struct Differential {
    /// Every difference found, one human-readable line each, naming the resources involved
    /// (SAM-side logical ID first, then the plain template's). Empty when the templates agree.
    pub differences: Vec<String>,
    /// The Lambda function pairs found: (logical ID in the translation, logical ID in the
    /// plain template). Lets a caller check the comparison was not vacuous.
    pub matched_functions: Vec<(String, String)>,
}

impl Differential {
    /// Whether no difference was found.
    pub fn is_empty(&self) -> bool {
        self.differences.is_empty()
    }
}

impl fmt::Display for Differential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.differences.is_empty() {
            return write!(f, "no differences");
        }
        for d in &self.differences {
            writeln!(f, "- {d}")?;
        }
        Ok(())
    }
}

const FUNCTION: &str = "AWS::Lambda::Function";
const VERSION: &str = "AWS::Lambda::Version";
const ALIAS: &str = "AWS::Lambda::Alias";
const ROLE: &str = "AWS::IAM::Role";
const DEPLOYMENT_GROUP: &str = "AWS::CodeDeploy::DeploymentGroup";
const CODEDEPLOY_APPLICATION: &str = "AWS::CodeDeploy::Application";
const EVENT_SOURCE_MAPPING: &str = "AWS::Lambda::EventSourceMapping";
const PERMISSION: &str = "AWS::Lambda::Permission";
const SUBSCRIPTION: &str = "AWS::SNS::Subscription";
const RULE: &str = "AWS::Events::Rule";
const SCHEDULE: &str = "AWS::Scheduler::Schedule";
const BUCKET: &str = "AWS::S3::Bucket";
const STATE_MACHINE: &str = "AWS::StepFunctions::StateMachine";
const STATE_MACHINE_VERSION: &str = "AWS::StepFunctions::StateMachineVersion";
const STATE_MACHINE_ALIAS: &str = "AWS::StepFunctions::StateMachineAlias";
const POLICY_TYPES: [&str; 2] = ["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"];

/// Which template a value comes from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Side {
    Sam,
    Plain,
}

/// One template's resources, in template order.
struct Tpl<'a> {
    side: Side,
    resources: Vec<(&'a str, &'a Value)>,
    by_id: BTreeMap<&'a str, &'a Value>,
}

impl<'a> Tpl<'a> {
    fn new(side: Side, template: &'a Value) -> Tpl<'a> {
        let resources: Vec<(&str, &Value)> = template
            .get("Resources")
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.as_str(), v)).collect())
            .unwrap_or_default();
        let by_id = resources.iter().copied().collect();
        Tpl {
            side,
            resources,
            by_id,
        }
    }

    fn type_of(&self, id: &str) -> Option<&'a str> {
        self.by_id.get(id).and_then(|r| r.get("Type")?.as_str())
    }

    fn ids_of_type(&self, ty: &str) -> Vec<&'a str> {
        self.resources
            .iter()
            .filter(|(_, r)| r.get("Type").and_then(Value::as_str) == Some(ty))
            .map(|(id, _)| *id)
            .collect()
    }

    fn resource(&self, id: &str) -> &'a Value {
        self.by_id[id]
    }

    fn prop(&self, id: &str, name: &str) -> Option<&'a Value> {
        self.by_id.get(id)?.get("Properties")?.get(name)
    }

    fn cdk_path(&self, id: &str) -> Option<&'a str> {
        self.by_id
            .get(id)?
            .get("Metadata")?
            .get("aws:cdk:path")?
            .as_str()
    }
}

/// The pairing of SAM-side logical IDs with plain-side ones (one to one).
#[derive(Default)]
struct Pairing {
    sam_to_plain: BTreeMap<String, String>,
    plain_to_sam: BTreeMap<String, String>,
}

impl Pairing {
    fn link(&mut self, sam: &str, plain: &str) -> bool {
        if self.sam_to_plain.contains_key(sam) || self.plain_to_sam.contains_key(plain) {
            return false;
        }
        self.sam_to_plain.insert(sam.into(), plain.into());
        self.plain_to_sam.insert(plain.into(), sam.into());
        true
    }

    fn plain_of(&self, sam: &str) -> Option<&str> {
        self.sam_to_plain.get(sam).map(String::as_str)
    }

    fn has_sam(&self, id: &str) -> bool {
        self.sam_to_plain.contains_key(id)
    }

    fn has_plain(&self, id: &str) -> bool {
        self.plain_to_sam.contains_key(id)
    }
}

/// Renders values of one side into the canonical form described in the module docs.
struct Canon<'a, 'b> {
    tpl: &'b Tpl<'a>,
    pairing: &'b Pairing,
}

impl Canon<'_, '_> {
    /// The canonical name of a logical ID (or parameter, or pseudo parameter).
    fn id(&self, id: &str) -> String {
        if self.tpl.side == Side::Plain || !self.tpl.by_id.contains_key(id) {
            return id.to_string();
        }
        match self.pairing.plain_of(id) {
            Some(p) => p.to_string(),
            None => format!("{id}(SAM-only)"),
        }
    }

    fn ref_str(&self, target: &str) -> String {
        if target.starts_with("AWS::") {
            return format!("${{{target}}}");
        }
        format!("${{{}}}", self.id(target))
    }

    fn get_att_str(&self, target: &str, attr: &str) -> String {
        let c = self.id(target);
        // IGNORED: how an ARN is spelled. These attributes are spelled out into the form SAM's
        // policy templates and event sources write, or folded into `Ref` where `Ref` returns
        // the same value, so equal ARNs compare equal however they were written.
        match (self.tpl.type_of(target).unwrap_or(""), attr) {
            ("AWS::SNS::Topic", "TopicArn")
            | ("AWS::SQS::Queue", "QueueUrl")
            | ("AWS::Lambda::Alias", "AliasArn")
            | ("AWS::StepFunctions::StateMachine", "Arn") => format!("${{{c}}}"),
            ("AWS::SQS::Queue", "Arn") => format!(
                "arn:${{AWS::Partition}}:sqs:${{AWS::Region}}:${{AWS::AccountId}}:${{{c}.QueueName}}"
            ),
            ("AWS::DynamoDB::Table", "Arn") => format!(
                "arn:${{AWS::Partition}}:dynamodb:${{AWS::Region}}:${{AWS::AccountId}}:table/${{{c}}}"
            ),
            ("AWS::S3::Bucket", "Arn") => format!("arn:${{AWS::Partition}}:s3:::${{{c}}}"),
            ("AWS::Lambda::Function", "Arn") => format!(
                "arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:${{{c}}}"
            ),
            _ => format!("${{{c}.{attr}}}"),
        }
    }

    fn sub(&self, text: &str, vars: Option<&Map<String, Value>>) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                return partition(out);
            };
            let name = &after[..end];
            if name.starts_with('!') {
                // A literal `${...}`: kept as written so it cannot equal a reference.
                out.push_str(&rest[start..start + 2 + end + 1]);
            } else if let Some(value) = vars.and_then(|v| v.get(name)) {
                match self.norm(value) {
                    Value::String(s) => out.push_str(&s),
                    other => out.push_str(&other.to_string()),
                }
            } else if name.starts_with("AWS::") {
                out.push_str(&format!("${{{name}}}"));
            } else if let Some((target, attr)) = name.split_once('.') {
                out.push_str(&self.get_att_str(target, attr));
            } else {
                out.push_str(&self.ref_str(name));
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        partition(out)
    }

    /// The canonical form of a value.
    fn norm(&self, value: &Value) -> Value {
        match value {
            Value::String(s) => Value::String(partition(s.clone())),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.norm(v)).collect()),
            Value::Object(map) if map.len() == 1 => {
                let (key, arg) = map.iter().next().expect("one entry");
                match (key.as_str(), arg) {
                    ("Ref", Value::String(target)) => Value::String(self.ref_str(target)),
                    ("Fn::GetAtt", Value::Array(parts)) if parts.len() == 2 => {
                        match (parts[0].as_str(), parts[1].as_str()) {
                            (Some(t), Some(a)) => Value::String(self.get_att_str(t, a)),
                            _ => self.norm_object(map),
                        }
                    }
                    ("Fn::GetAtt", Value::String(dotted)) => match dotted.split_once('.') {
                        Some((t, a)) => Value::String(self.get_att_str(t, a)),
                        None => self.norm_object(map),
                    },
                    ("Fn::Sub", Value::String(text)) => Value::String(self.sub(text, None)),
                    ("Fn::Sub", Value::Array(parts)) if parts.len() == 2 => {
                        match (parts[0].as_str(), parts[1].as_object()) {
                            (Some(text), Some(vars)) => Value::String(self.sub(text, Some(vars))),
                            _ => self.norm_object(map),
                        }
                    }
                    ("Fn::Join", Value::Array(parts)) if parts.len() == 2 => {
                        let (Some(sep), Some(items)) = (parts[0].as_str(), parts[1].as_array())
                        else {
                            return self.norm_object(map);
                        };
                        let items: Vec<Value> = items.iter().map(|v| self.norm(v)).collect();
                        if items.iter().all(Value::is_string) {
                            let strs: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                            Value::String(partition(strs.join(sep)))
                        } else {
                            self.norm_object(map)
                        }
                    }
                    _ => self.norm_object(map),
                }
            }
            Value::Object(map) => self.norm_object(map),
            other => other.clone(),
        }
    }

    fn norm_object(&self, map: &Map<String, Value>) -> Value {
        // IGNORED: the order of an object's keys, which JSON does not give a meaning (the
        // translator writes a mapping's properties in its own order, ours are sorted): keys
        // are sorted, so values compared as text (event wiring) agree whatever the order.
        let sorted: BTreeMap<&String, &Value> = map.iter().collect();
        Value::Object(
            sorted
                .into_iter()
                .map(|(k, v)| (k.clone(), self.norm(v)))
                .collect(),
        )
    }

    /// A resource's properties, canonical, with the per-type adjustments of the module docs.
    fn props(&self, id: &str) -> Map<String, Value> {
        let resource = self.tpl.resource(id);
        let ty = resource.get("Type").and_then(Value::as_str).unwrap_or("");
        let mut props = match resource.get("Properties").map(|p| self.norm(p)) {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        };
        if self.tpl.side == Side::Sam {
            // IGNORED: SAM tags every function and role it generates with
            // `lambda:createdBy: SAM`; ours are not generated by SAM and say nothing.
            if let Some(Value::Array(tags)) = props.get_mut("Tags") {
                // IGNORED: likewise `stateMachine:createdBy: SAM` on every state machine.
                tags.retain(|t| {
                    let key = t.get("Key").and_then(Value::as_str);
                    !(matches!(key, Some("lambda:createdBy" | "stateMachine:createdBy"))
                        && t.get("Value") == Some(&Value::from("SAM")))
                });
                if tags.is_empty() {
                    props.remove("Tags");
                }
            }
            // IGNORED: likewise `httpapi:createdBy: SAM` and `websocketapi:createdBy: SAM`,
            // which SAM puts (as a map) on the APIs and stages it generates.
            if let Some(Value::Object(tags)) = props.get_mut("Tags") {
                for key in ["httpapi:createdBy", "websocketapi:createdBy"] {
                    if tags.get(key) == Some(&Value::from("SAM")) {
                        tags.remove(key);
                    }
                }
                if tags.is_empty() {
                    props.remove("Tags");
                }
            }
        }
        if ty == FUNCTION {
            if let Some(code) = props.get("Code") {
                if code.get("S3Bucket").and_then(Value::as_str) == Some(LOCAL_ASSET_BUCKET) {
                    // IGNORED: the dummy S3 location stands for the local path (see
                    // `LOCAL_ASSET_BUCKET`); the plain template names the path itself.
                    let key = code.get("S3Key").cloned().unwrap_or(Value::Null);
                    props.insert("Code".into(), key);
                }
            }
        }
        if [EVENT_SOURCE_MAPPING, PERMISSION, VERSION, ALIAS].contains(&ty) {
            if let Some(Value::String(name)) = props.get_mut("FunctionName") {
                // IGNORED: a function's name or its ARN in `FunctionName` (Lambda accepts
                // either; SAM writes `Ref`, CDK-style code often `Fn::GetAtt … Arn`).
                if let Some(id) = name
                    .strip_prefix(
                        "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${",
                    )
                    .and_then(|rest| rest.strip_suffix('}'))
                    .filter(|id| !id.contains(['$', '{', '}', ':']))
                {
                    *name = format!("${{{id}}}");
                }
            }
        }
        if ty == STATE_MACHINE {
            effective_definition(&mut props);
        }
        if ty == RULE {
            if let Some(Value::Array(targets)) = props.get_mut("Targets") {
                for t in targets.iter_mut() {
                    // IGNORED: a target's `Id` only names it within its rule (SAM writes
                    // `<Fn><Event>LambdaTarget`).
                    if let Value::Object(t) = t {
                        t.remove("Id");
                    }
                }
            }
        }
        props
    }

    /// The resource attributes compared for every pair, canonical.
    fn attributes(&self, id: &str) -> BTreeMap<&'static str, Value> {
        // IGNORED: `Metadata`. It is for tools, not CloudFormation, and the translator copies
        // a function's `Metadata` onto every resource it generates for it.
        let resource = self.tpl.resource(id);
        let mut out = BTreeMap::new();
        for key in [
            "DeletionPolicy",
            "UpdateReplacePolicy",
            "Condition",
            "UpdatePolicy",
            "CreationPolicy",
        ] {
            if let Some(v) = resource.get(key) {
                out.insert(key, self.norm(v));
            }
        }
        let mut depends: BTreeSet<String> = match resource.get("DependsOn") {
            Some(Value::String(s)) => [self.id(s)].into(),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(|s| self.id(s))
                .collect(),
            _ => BTreeSet::new(),
        };
        if resource.get("Type").and_then(Value::as_str) == Some("AWS::ApiGatewayV2::Route") {
            // IGNORED: a route's wait for its function's log group or role policy (ours: a
            // trigger waits so the first invocation can log; the route SAM generates for a
            // WebSocket API waits for nothing). It orders creation only, as for event
            // resources; a SAM-native HTTP API's routes are in a `Body`.
            depends.retain(|d| {
                !matches!(
                    self.tpl.type_of(d),
                    Some("AWS::Logs::LogGroup" | "AWS::IAM::Policy")
                )
            });
        }
        if !depends.is_empty() {
            out.insert(
                "DependsOn",
                Value::Array(depends.into_iter().map(Value::String).collect()),
            );
        }
        out
    }
}

/// `arn:aws:` → `arn:${AWS::Partition}:`.
fn partition(s: String) -> String {
    // IGNORED: the partition's spelling; the translator (region us-east-1) writes managed
    // policy ARNs with the literal `aws`, our templates use `${AWS::Partition}`.
    match s.strip_prefix("arn:aws:") {
        Some(rest) => format!("arn:${{AWS::Partition}}:{rest}"),
        None => s,
    }
}

/// Logical IDs a value refers to (`Ref`, `Fn::GetAtt`, `Fn::Sub` variables).
fn refs_in(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| refs_in(v, out)),
        Value::Object(map) => {
            for (key, arg) in map {
                match (key.as_str(), arg) {
                    ("Ref", Value::String(t)) => {
                        out.insert(t.clone());
                    }
                    ("Fn::GetAtt", Value::Array(parts)) => {
                        if let Some(t) = parts.first().and_then(Value::as_str) {
                            out.insert(t.to_string());
                        }
                    }
                    ("Fn::GetAtt", Value::String(dotted)) => {
                        out.insert(dotted.split('.').next().unwrap_or("").to_string());
                    }
                    ("Fn::Sub", arg) => {
                        let (text, vars) = match arg {
                            Value::String(t) => (t.as_str(), None),
                            Value::Array(p) => (
                                p.first().and_then(Value::as_str).unwrap_or(""),
                                p.get(1).and_then(Value::as_object),
                            ),
                            _ => ("", None),
                        };
                        let mut rest = text;
                        while let Some(start) = rest.find("${") {
                            let after = &rest[start + 2..];
                            let Some(end) = after.find('}') else { break };
                            let name = &after[..end];
                            let base = name.split('.').next().unwrap_or("");
                            if !name.starts_with('!')
                                && !name.starts_with("AWS::")
                                && !vars.is_some_and(|v| v.contains_key(name))
                            {
                                out.insert(base.to_string());
                            }
                            rest = &after[end + 1..];
                        }
                        if let Some(vars) = vars {
                            vars.values().for_each(|v| refs_in(v, out));
                        }
                    }
                    (_, v) => refs_in(v, out),
                }
            }
        }
        _ => {}
    }
}

fn refs_of(value: Option<&Value>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if let Some(v) = value {
        refs_in(v, &mut out);
    }
    out
}

/// The single logical ID a property refers to, if it refers to exactly one.
fn single_ref(value: Option<&Value>) -> Option<String> {
    let refs = refs_of(value);
    (refs.len() == 1).then(|| refs.into_iter().next().expect("one"))
}

/// What belongs to one Lambda function in one template.
#[derive(Default)]
struct FunctionView {
    /// Versions whose `FunctionName` refers to the function.
    versions: Vec<String>,
    /// Alias name → logical ID.
    aliases: BTreeMap<String, String>,
    /// Deployment groups named by the aliases' `UpdatePolicy`.
    deployment_groups: Vec<String>,
    /// CodeDeploy applications named by the aliases' `UpdatePolicy`.
    applications: Vec<String>,
    /// Event resources (mappings, permissions, subscriptions, rules, schedules) pointing at
    /// the function, an alias or a version.
    events: Vec<String>,
    /// Buckets with a `LambdaConfigurations` entry pointing at the function (or alias/version).
    buckets: Vec<String>,
}

impl FunctionView {
    fn new(tpl: &Tpl<'_>, function: &str) -> FunctionView {
        let mut view = FunctionView::default();
        let points_at = |v: Option<&Value>, targets: &BTreeSet<String>| {
            refs_of(v).iter().any(|r| targets.contains(r))
        };
        let only_fn: BTreeSet<String> = [function.to_string()].into();
        for (id, r) in &tpl.resources {
            let props = r.get("Properties");
            match r.get("Type").and_then(Value::as_str) {
                Some(VERSION) if points_at(props.and_then(|p| p.get("FunctionName")), &only_fn) => {
                    view.versions.push(id.to_string())
                }
                Some(ALIAS) if points_at(props.and_then(|p| p.get("FunctionName")), &only_fn) => {
                    let name = match props.and_then(|p| p.get("Name")) {
                        Some(Value::String(s)) => s.clone(),
                        Some(other) => other.to_string(),
                        None => String::new(),
                    };
                    view.aliases.insert(name, id.to_string());
                }
                _ => {}
            }
        }
        for alias in view.aliases.values() {
            let update = tpl
                .resource(alias)
                .get("UpdatePolicy")
                .and_then(|u| u.get("CodeDeployLambdaAliasUpdate"));
            if let Some(dg) = single_ref(update.and_then(|u| u.get("DeploymentGroupName"))) {
                if tpl.type_of(&dg) == Some(DEPLOYMENT_GROUP) {
                    view.deployment_groups.push(dg);
                }
            }
            if let Some(app) = single_ref(update.and_then(|u| u.get("ApplicationName"))) {
                if tpl.type_of(&app) == Some(CODEDEPLOY_APPLICATION) {
                    view.applications.push(app);
                }
            }
        }
        let mut targets = only_fn;
        targets.extend(view.versions.iter().cloned());
        targets.extend(view.aliases.values().cloned());
        for (id, r) in &tpl.resources {
            let props = r.get("Properties");
            let field = |name: &str| props.and_then(|p| p.get(name));
            let hit = match r.get("Type").and_then(Value::as_str) {
                Some(EVENT_SOURCE_MAPPING) | Some(PERMISSION) => {
                    points_at(field("FunctionName"), &targets)
                }
                Some(SUBSCRIPTION) => points_at(field("Endpoint"), &targets),
                Some(RULE) => field("Targets")
                    .and_then(Value::as_array)
                    .is_some_and(|ts| ts.iter().any(|t| points_at(t.get("Arn"), &targets))),
                Some(SCHEDULE) => points_at(field("Target").and_then(|t| t.get("Arn")), &targets),
                Some(BUCKET) => {
                    if lambda_configurations(r)
                        .iter()
                        .any(|c| points_at(c.get("Function"), &targets))
                    {
                        view.buckets.push(id.to_string());
                    }
                    false
                }
                _ => false,
            };
            if hit {
                view.events.push(id.to_string());
            }
        }
        view
    }

    /// Everything this view accounts for (reported through the function, not on its own).
    fn owned(&self) -> impl Iterator<Item = &String> {
        self.versions
            .iter()
            .chain(self.aliases.values())
            .chain(&self.deployment_groups)
            .chain(&self.applications)
            .chain(&self.events)
    }

    fn targets(&self, function: &str) -> BTreeSet<String> {
        let mut t: BTreeSet<String> = [function.to_string()].into();
        t.extend(self.versions.iter().cloned());
        t.extend(self.aliases.values().cloned());
        t
    }
}

fn lambda_configurations(bucket: &Value) -> Vec<&Value> {
    bucket
        .get("Properties")
        .and_then(|p| p.get("NotificationConfiguration"))
        .and_then(|n| n.get("LambdaConfigurations"))
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

/// Compares aws-sam-translator's translation of our SAM template (`translated_sam`, as
/// returned by [`crate::sam_translate`]) with our plain CloudFormation template (`plain`).
///
/// See the module documentation for how resources are paired, what is compared and what is
/// ignored on purpose (and why).
pub fn differential(translated_sam: &Value, plain: &Value) -> Differential {
    let sam = Tpl::new(Side::Sam, translated_sam);
    let pln = Tpl::new(Side::Plain, plain);
    let mut pairing = Pairing::default();
    pair_resources(&sam, &pln, &mut pairing);
    let mut report = Differential::default();
    let diffs = &mut report.differences;

    let mut expanded = rest_api::expanded_into_body(&sam, &pln, &pairing);
    expanded.extend(http_api::expanded_into_body(&sam, &pln, &pairing));
    compare_type_counts(&sam, &pln, &expanded, diffs);

    // Everything reported through a function, a role or an attached policy is not reported
    // again on its own.
    let mut covered_sam: BTreeSet<String> = BTreeSet::new();
    let mut covered_plain: BTreeSet<String> = BTreeSet::new();

    let sam_canon = Canon {
        tpl: &sam,
        pairing: &pairing,
    };
    let plain_canon = Canon {
        tpl: &pln,
        pairing: &pairing,
    };
    let both = Both {
        sam: &sam_canon,
        plain: &plain_canon,
    };

    for s_fn in sam.ids_of_type(FUNCTION) {
        let s_view = FunctionView::new(&sam, s_fn);
        covered_sam.insert(s_fn.to_string());
        covered_sam.extend(s_view.owned().cloned());
        let Some(p_fn) = pairing.plain_of(s_fn) else {
            diffs.push(format!(
                "function `{s_fn}` of the SAM translation has no counterpart in the plain template \
                 (paired by aws:cdk:path, logical ID, or Handler+Runtime+code)"
            ));
            continue;
        };
        let p_view = FunctionView::new(&pln, p_fn);
        covered_plain.insert(p_fn.to_string());
        covered_plain.extend(p_view.owned().cloned());
        report
            .matched_functions
            .push((s_fn.to_string(), p_fn.to_string()));
        let label = pair_label("function", s_fn, p_fn);
        both.compare_maps(
            &label,
            "property",
            &sam_canon.props(s_fn),
            &plain_canon.props(p_fn),
            diffs,
        );
        both.compare_attributes(&label, s_fn, p_fn, diffs);
        compare_function(&both, &label, (s_fn, &s_view), (p_fn, &p_view), diffs);
    }
    for p_fn in pln.ids_of_type(FUNCTION) {
        if !pairing.has_plain(p_fn) {
            let view = FunctionView::new(&pln, p_fn);
            covered_plain.insert(p_fn.to_string());
            covered_plain.extend(view.owned().cloned());
            diffs.push(format!(
                "function `{p_fn}` of the plain template has no counterpart in the SAM translation"
            ));
        }
    }

    for s_role in sam.ids_of_type(ROLE) {
        covered_sam.insert(s_role.to_string());
        covered_sam.extend(attached_policies(&sam, s_role));
        match pairing.plain_of(s_role) {
            Some(p_role) => {
                covered_plain.insert(p_role.to_string());
                covered_plain.extend(attached_policies(&pln, p_role));
                compare_role(&both, s_role, p_role, diffs);
            }
            None => diffs.push(format!(
                "IAM role `{s_role}` of the SAM translation has no counterpart in the plain template{}",
                grants_note(&sam_canon, s_role)
            )),
        }
    }
    for p_role in pln.ids_of_type(ROLE) {
        if !pairing.has_plain(p_role) {
            covered_plain.insert(p_role.to_string());
            covered_plain.extend(attached_policies(&pln, p_role));
            diffs.push(format!(
                "IAM role `{p_role}` of the plain template has no counterpart in the SAM translation{}",
                grants_note(&plain_canon, p_role)
            ));
        }
    }

    rest_api::compare(&both, &pairing, &mut covered_sam, &mut covered_plain, diffs);
    http_api::compare(&both, &pairing, &mut covered_sam, &mut covered_plain, diffs);

    for (s_id, _) in &sam.resources {
        if covered_sam.contains(*s_id) {
            continue;
        }
        let ty = sam.type_of(s_id).unwrap_or("?");
        match pairing.plain_of(s_id) {
            Some(p_id) if !covered_plain.contains(p_id) => {
                let label = pair_label(ty, s_id, p_id);
                both.compare_maps(
                    &label,
                    "property",
                    &sam_canon.props(s_id),
                    &plain_canon.props(p_id),
                    diffs,
                );
                both.compare_attributes(&label, s_id, p_id, diffs);
            }
            Some(_) => {}
            None => diffs.push(format!(
                "{ty} `{s_id}` of the SAM translation has no counterpart in the plain template: {}",
                Value::Object(sam_canon.props(s_id))
            )),
        }
    }
    for (p_id, _) in &pln.resources {
        if !covered_plain.contains(*p_id) && !pairing.has_plain(p_id) {
            let ty = pln.type_of(p_id).unwrap_or("?");
            diffs.push(format!(
                "{ty} `{p_id}` of the plain template has no counterpart in the SAM translation: {}",
                Value::Object(plain_canon.props(p_id))
            ));
        }
    }

    compare_state_machine_publishing(&sam, &pln, &pairing, diffs);
    compare_sections(&both, translated_sam, plain, diffs);
    report
}

/// `kind `sam` (plain `p`)`, or just `kind `id`` when the IDs agree.
fn pair_label(kind: &str, sam: &str, plain: &str) -> String {
    if sam == plain {
        format!("{kind} `{sam}`")
    } else {
        format!("{kind} `{sam}` (plain template: `{plain}`)")
    }
}

fn grants_note(canon: &Canon<'_, '_>, role: &str) -> String {
    let grants = role_grants(canon, role);
    if grants.is_empty() {
        String::new()
    } else {
        format!(
            " (grants: {})",
            grants.into_iter().collect::<Vec<_>>().join("; ")
        )
    }
}

/// Both sides' renderers, for comparisons.
struct Both<'x, 'a, 'b> {
    sam: &'x Canon<'a, 'b>,
    plain: &'x Canon<'a, 'b>,
}

impl Both<'_, '_, '_> {
    /// Compares two maps key by key, one line per differing key.
    fn compare_maps<K: Ord + fmt::Display + Clone>(
        &self,
        label: &str,
        what: &str,
        sam: &(impl MapLike<K> + ?Sized),
        plain: &(impl MapLike<K> + ?Sized),
        diffs: &mut Vec<String>,
    ) {
        let keys: BTreeSet<K> = sam.keys_vec().into_iter().chain(plain.keys_vec()).collect();
        for key in keys {
            let (s, p) = (sam.get_value(&key), plain.get_value(&key));
            if s != p {
                diffs.push(format!(
                    "{label}: {what} `{key}`: SAM translation has {}, plain template has {}",
                    show(s),
                    show(p)
                ));
            }
        }
    }

    fn compare_attributes(&self, label: &str, s: &str, p: &str, diffs: &mut Vec<String>) {
        let (mut sa, mut pa) = (self.sam.attributes(s), self.plain.attributes(p));
        if self.sam.tpl.type_of(s) == Some(ALIAS) {
            // Compared in detail by the deployment check.
            sa.remove("UpdatePolicy");
            pa.remove("UpdatePolicy");
        }
        self.compare_maps(label, "attribute", &sa, &pa, diffs);
    }

    fn compare_sets(
        &self,
        label: &str,
        what: &str,
        sam: &BTreeSet<String>,
        plain: &BTreeSet<String>,
        diffs: &mut Vec<String>,
    ) {
        let only_sam: Vec<&String> = sam.difference(plain).collect();
        let only_plain: Vec<&String> = plain.difference(sam).collect();
        if !only_sam.is_empty() || !only_plain.is_empty() {
            diffs.push(format!(
                "{label}: {what} differ; only in the SAM translation: [{}]; only in the plain template: [{}]",
                join(&only_sam),
                join(&only_plain)
            ));
        }
    }
}

fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

fn show(v: Option<&Value>) -> String {
    match v {
        None => "nothing".into(),
        Some(v) => v.to_string(),
    }
}

/// A map with displayable keys, for [`Both::compare_maps`].
trait MapLike<K> {
    fn keys_vec(&self) -> Vec<K>;
    fn get_value(&self, key: &K) -> Option<&Value>;
}

impl MapLike<String> for Map<String, Value> {
    fn keys_vec(&self) -> Vec<String> {
        self.keys().cloned().collect()
    }
    fn get_value(&self, key: &String) -> Option<&Value> {
        self.get(key)
    }
}

impl MapLike<&'static str> for BTreeMap<&'static str, Value> {
    fn keys_vec(&self) -> Vec<&'static str> {
        self.keys().copied().collect()
    }
    fn get_value(&self, key: &&'static str) -> Option<&Value> {
        self.get(key)
    }
}

/// Compares the number of resources of each type; `skip_plain` are plain resources that a
/// SAM-generated resource's property stands for (a REST API's `Body`).
fn compare_type_counts(
    sam: &Tpl<'_>,
    pln: &Tpl<'_>,
    skip_plain: &BTreeSet<String>,
    diffs: &mut Vec<String>,
) {
    let count = |t: &Tpl<'_>| {
        let mut m: BTreeMap<String, usize> = BTreeMap::new();
        for (id, r) in &t.resources {
            if t.side == Side::Plain && skip_plain.contains(*id) {
                continue;
            }
            let ty = r.get("Type").and_then(Value::as_str).unwrap_or("?");
            *m.entry(ty.to_string()).or_default() += 1;
        }
        m
    };
    let (s, p) = (count(sam), count(pln));
    let types: BTreeSet<&String> = s.keys().chain(p.keys()).collect();
    for ty in types {
        let (a, b) = (
            s.get(ty).copied().unwrap_or(0),
            p.get(ty).copied().unwrap_or(0),
        );
        if a != b {
            diffs.push(format!(
                "resource type {ty}: {a} in the SAM translation, {b} in the plain template"
            ));
        }
    }
}

/// Aliases, versions, deployments and event wiring of one function pair.
fn compare_function(
    both: &Both<'_, '_, '_>,
    label: &str,
    (s_fn, s): (&str, &FunctionView),
    (p_fn, p): (&str, &FunctionView),
    diffs: &mut Vec<String>,
) {
    let (sc, pc) = (both.sam, both.plain);

    // Aliases: names, then each pair's properties and deployment.
    let s_names: BTreeSet<String> = s.aliases.keys().cloned().collect();
    let p_names: BTreeSet<String> = p.aliases.keys().cloned().collect();
    both.compare_sets(label, "alias names", &s_names, &p_names, diffs);
    for (name, s_alias) in &s.aliases {
        let Some((p_name, p_alias)) = p
            .aliases
            .iter()
            .find(|(_, a)| sc.pairing.plain_of(s_alias) == Some(a.as_str()))
        else {
            continue;
        };
        let alias_label = if name == p_name {
            format!("{label}, alias `{name}`")
        } else {
            format!("{label}, alias `{name}` (plain template: `{p_name}`)")
        };
        both.compare_maps(
            &alias_label,
            "property",
            &sc.props(s_alias),
            &pc.props(p_alias),
            diffs,
        );
        both.compare_attributes(&alias_label, s_alias, p_alias, diffs);
        compare_deployment(both, &alias_label, s_alias, p_alias, diffs);
    }

    // Versions.
    if s.versions.len() != p.versions.len() {
        diffs.push(format!(
            "{label}: {} Version(s) in the SAM translation, {} in the plain template",
            s.versions.len(),
            p.versions.len()
        ));
    } else if let ([s_ver], [p_ver]) = (s.versions.as_slice(), p.versions.as_slice()) {
        let ver_label = format!("{label}, Version");
        both.compare_maps(
            &ver_label,
            "property",
            &sc.props(s_ver),
            &pc.props(p_ver),
            diffs,
        );
        both.compare_attributes(&ver_label, s_ver, p_ver, diffs);
    }

    // Event wiring.
    // IGNORED: the attributes of event resources (only their properties are compared). SAM
    // orders them after the function through their references; ours may also wait for the
    // role's policy or the log group with `DependsOn`, which only orders creation.
    let wiring = |canon: &Canon<'_, '_>, fn_id: &str, view: &FunctionView| {
        let targets = view.targets(fn_id);
        let mut out = BTreeSet::new();
        for id in &view.events {
            let ty = canon.tpl.type_of(id).unwrap_or("?");
            let mut props = canon.props(id);
            if ty == RULE {
                // Only the targets that are this function: a rule may also feed others.
                let raw_targets = canon.tpl.prop(id, "Targets").and_then(Value::as_array);
                if let (Some(Value::Array(targets_norm)), Some(raw)) =
                    (props.get_mut("Targets"), raw_targets)
                {
                    let keep: Vec<bool> = raw
                        .iter()
                        .map(|t| refs_of(t.get("Arn")).iter().any(|r| targets.contains(r)))
                        .collect();
                    let mut i = 0;
                    targets_norm.retain(|_| {
                        i += 1;
                        keep.get(i - 1).copied().unwrap_or(true)
                    });
                }
            }
            out.insert(format!("{ty} {}", Value::Object(props)));
        }
        for bucket in &view.buckets {
            for conf in lambda_configurations(canon.tpl.resource(bucket)) {
                if refs_of(conf.get("Function"))
                    .iter()
                    .any(|r| targets.contains(r))
                {
                    out.insert(format!(
                        "S3 notification of {} {}",
                        canon.ref_str(bucket),
                        canon.norm(conf)
                    ));
                }
            }
        }
        out
    };
    both.compare_sets(
        label,
        "event wiring (mappings, permissions, subscriptions, rules, S3 notifications)",
        &wiring(sc, s_fn, s),
        &wiring(pc, p_fn, p),
        diffs,
    );
}

/// One alias pair's CodeDeploy deployment: hooks, group, application.
fn compare_deployment(
    both: &Both<'_, '_, '_>,
    label: &str,
    s_alias: &str,
    p_alias: &str,
    diffs: &mut Vec<String>,
) {
    let (sc, pc) = (both.sam, both.plain);
    let update = |c: &Canon<'_, '_>, alias: &str| {
        c.tpl
            .resource(alias)
            .get("UpdatePolicy")
            .and_then(|u| u.get("CodeDeployLambdaAliasUpdate"))
            .and_then(Value::as_object)
            .cloned()
    };
    let (su, pu) = (update(sc, s_alias), update(pc, p_alias));
    let (su, pu) = match (su, pu) {
        (None, None) => return,
        (Some(s), Some(p)) => (s, p),
        (s, p) => {
            diffs.push(format!(
                "{label}: CodeDeploy traffic shifting (UpdatePolicy.CodeDeployLambdaAliasUpdate): \
                 SAM translation has {}, plain template has {}",
                if s.is_some() { "it" } else { "none" },
                if p.is_some() { "it" } else { "none" }
            ));
            return;
        }
    };
    for (key, what) in [
        ("BeforeAllowTrafficHook", "pre-traffic hook"),
        ("AfterAllowTrafficHook", "post-traffic hook"),
    ] {
        let (s, p) = (
            su.get(key).map(|v| sc.norm(v)),
            pu.get(key).map(|v| pc.norm(v)),
        );
        if s != p {
            diffs.push(format!(
                "{label}: {what} ({key}): SAM translation has {}, plain template has {}",
                show(s.as_ref()),
                show(p.as_ref())
            ));
        }
    }
    // The application and the group are compared through their own properties below; here
    // only that the alias names the paired ones.
    for key in ["ApplicationName", "DeploymentGroupName"] {
        let (s, p) = (
            su.get(key).map(|v| sc.norm(v)),
            pu.get(key).map(|v| pc.norm(v)),
        );
        if s != p {
            diffs.push(format!(
                "{label}: {key}: SAM translation has {}, plain template has {}",
                show(s.as_ref()),
                show(p.as_ref())
            ));
        }
    }
    let (Some(s_app), Some(p_app)) = (
        single_ref(su.get("ApplicationName")),
        single_ref(pu.get("ApplicationName")),
    ) else {
        return;
    };
    if sc.tpl.type_of(&s_app) == Some(CODEDEPLOY_APPLICATION)
        && pc.tpl.type_of(&p_app) == Some(CODEDEPLOY_APPLICATION)
    {
        let app_label = format!("{label}, CodeDeploy application");
        both.compare_maps(
            &app_label,
            "property",
            &sc.props(&s_app),
            &pc.props(&p_app),
            diffs,
        );
        both.compare_attributes(&app_label, &s_app, &p_app, diffs);
    }
    let (Some(s_dg), Some(p_dg)) = (
        single_ref(su.get("DeploymentGroupName")),
        single_ref(pu.get("DeploymentGroupName")),
    ) else {
        return;
    };
    if sc.tpl.type_of(&s_dg) != Some(DEPLOYMENT_GROUP)
        || pc.tpl.type_of(&p_dg) != Some(DEPLOYMENT_GROUP)
    {
        return;
    }
    let (mut sp, mut pp) = (deployment_group(sc, &s_dg), deployment_group(pc, &p_dg));
    for (key, what) in [
        ("DeploymentConfigName", "deployment config"),
        ("Alarms", "alarms"),
        ("AlarmsEnabled", "alarms enabled"),
        ("AutoRollbackConfiguration", "auto-rollback"),
        ("DeploymentStyle", "deployment style"),
    ] {
        let (s, p) = (sp.remove(key), pp.remove(key));
        if s != p {
            diffs.push(format!(
                "{label}: {what}: SAM translation has {}, plain template has {}",
                show(s.as_ref()),
                show(p.as_ref())
            ));
        }
    }
    let dg_label = format!("{label}, deployment group");
    both.compare_maps(&dg_label, "property", &sp, &pp, diffs);
    both.compare_attributes(&dg_label, &s_dg, &p_dg, diffs);
}

/// A deployment group's properties, canonical, with the alarm list and rollback events as
/// sorted sets (`Alarms`, `AlarmsEnabled` split out of `AlarmConfiguration`).
fn deployment_group(canon: &Canon<'_, '_>, id: &str) -> Map<String, Value> {
    let mut props = canon.props(id);
    if let Some(Value::Object(mut alarms)) = props.remove("AlarmConfiguration") {
        // IGNORED: the order of alarms; CodeDeploy watches them as a set.
        if let Some(Value::Array(list)) = alarms.remove("Alarms") {
            let names: BTreeSet<String> = list
                .iter()
                .map(|a| match a.get("Name") {
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => a.to_string(),
                })
                .collect();
            props.insert("Alarms".into(), names.into_iter().collect());
        }
        if let Some(enabled) = alarms.remove("Enabled") {
            props.insert("AlarmsEnabled".into(), enabled);
        }
        if !alarms.is_empty() {
            props.insert("AlarmConfiguration".into(), Value::Object(alarms));
        }
    }
    if let Some(Value::Object(rollback)) = props.get_mut("AutoRollbackConfiguration") {
        // IGNORED: the order of rollback events; they are a set.
        if let Some(Value::Array(events)) = rollback.get_mut("Events") {
            events.sort_by_key(|e| e.to_string());
        }
    }
    props
}

/// The `AWS::IAM::Policy` / `ManagedPolicy` resources whose `Roles` include `role`.
fn attached_policies(tpl: &Tpl<'_>, role: &str) -> Vec<String> {
    tpl.resources
        .iter()
        .filter(|(_, r)| {
            r.get("Type")
                .and_then(Value::as_str)
                .is_some_and(|t| POLICY_TYPES.contains(&t))
        })
        .filter(|(_, r)| refs_of(r.get("Properties").and_then(|p| p.get("Roles"))).contains(role))
        .map(|(id, _)| id.to_string())
        .collect()
}

/// Flattens a policy document into `Effect action on resource [principal] [if condition]`
/// lines.
///
/// IGNORED: how statements are grouped and ordered, their `Sid`s, the order of actions and
/// resources, and the case of actions (IAM matches actions case-insensitively): only the
/// effective grants count.
fn flatten_statements(canon: &Canon<'_, '_>, document: Option<&Value>, out: &mut BTreeSet<String>) {
    let statements: Vec<&Value> = match document.and_then(|d| d.get("Statement")) {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(single) => vec![single],
        None => return,
    };
    let strings = |v: Option<&Value>| -> Vec<String> {
        match v.map(|v| canon.norm(v)) {
            None => vec![],
            Some(Value::Array(items)) => items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect(),
            Some(Value::String(s)) => vec![s],
            Some(other) => vec![other.to_string()],
        }
    };
    for st in statements {
        let effect = st.get("Effect").and_then(Value::as_str).unwrap_or("?");
        let (actions, not_action) = match st.get("NotAction") {
            Some(na) => (strings(Some(na)), "not "),
            None => (strings(st.get("Action")), ""),
        };
        let (resources, not_resource) = match st.get("NotResource") {
            Some(nr) => (strings(Some(nr)), "not "),
            None => (strings(st.get("Resource")), ""),
        };
        let resources = if resources.is_empty() {
            vec![String::new()]
        } else {
            resources
        };
        let principals: Vec<String> = match st.get("Principal").map(|p| canon.norm(p)) {
            None => vec![String::new()],
            Some(Value::Object(map)) => map
                .iter()
                .flat_map(|(kind, v)| {
                    let vs: Vec<String> = match v {
                        Value::Array(items) => items.iter().map(value_str).collect(),
                        other => vec![value_str(other)],
                    };
                    vs.into_iter().map(move |v| format!(" to {kind} {v}"))
                })
                .collect(),
            Some(other) => vec![format!(" to {}", value_str(&other))],
        };
        let condition = st
            .get("Condition")
            .map(|c| format!(" if {}", canon.norm(c)))
            .unwrap_or_default();
        for a in &actions {
            for r in &resources {
                for p in &principals {
                    let on = if r.is_empty() {
                        String::new()
                    } else {
                        format!(" on {not_resource}{r}")
                    };
                    out.insert(format!(
                        "{effect} {not_action}{}{on}{p}{condition}",
                        a.to_ascii_lowercase()
                    ));
                }
            }
        }
    }
}

fn value_str(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

/// The effective grants of a role: its inline policies and attached policy resources.
fn role_grants(canon: &Canon<'_, '_>, role: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // IGNORED: inline policy names (SAM: `<Fn>RolePolicy<n>`) and whether a statement sits
    // inline in the role or in an attached policy resource.
    if let Some(Value::Array(policies)) = canon.tpl.prop(role, "Policies") {
        for p in policies {
            flatten_statements(canon, p.get("PolicyDocument"), &mut out);
        }
    }
    for policy in attached_policies(canon.tpl, role) {
        flatten_statements(canon, canon.tpl.prop(&policy, "PolicyDocument"), &mut out);
    }
    out
}

/// Managed policies of a role, AWS-managed ones by name.
fn managed_policies(canon: &Canon<'_, '_>, role: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if let Some(Value::Array(arns)) = canon.tpl.prop(role, "ManagedPolicyArns") {
        for arn in arns {
            let arn = value_str(&canon.norm(arn));
            // IGNORED: the ARN's spelling (`Fn::Sub`, `Fn::Join` with `AWS::Partition`, or
            // SAM's literal `arn:aws:`): AWS-managed policies are compared by name.
            out.insert(
                match arn.strip_prefix("arn:${AWS::Partition}:iam::aws:policy/") {
                    Some(name) => format!("AWS managed policy {name}"),
                    None => arn,
                },
            );
        }
    }
    out
}

fn compare_role(both: &Both<'_, '_, '_>, s_role: &str, p_role: &str, diffs: &mut Vec<String>) {
    let (sc, pc) = (both.sam, both.plain);
    let label = pair_label("IAM role", s_role, p_role);
    let trust = |c: &Canon<'_, '_>, id: &str| {
        let mut out = BTreeSet::new();
        flatten_statements(c, c.tpl.prop(id, "AssumeRolePolicyDocument"), &mut out);
        out
    };
    both.compare_sets(
        &label,
        "trust policy statements",
        &trust(sc, s_role),
        &trust(pc, p_role),
        diffs,
    );
    both.compare_sets(
        &label,
        "managed policies",
        &managed_policies(sc, s_role),
        &managed_policies(pc, p_role),
        diffs,
    );
    both.compare_sets(
        &label,
        "policy statements",
        &role_grants(sc, s_role),
        &role_grants(pc, p_role),
        diffs,
    );
    let rest = |c: &Canon<'_, '_>, id: &str| {
        let mut props = c.props(id);
        for key in ["AssumeRolePolicyDocument", "ManagedPolicyArns", "Policies"] {
            props.remove(key);
        }
        props
    };
    both.compare_maps(
        &label,
        "property",
        &rest(sc, s_role),
        &rest(pc, p_role),
        diffs,
    );
    both.compare_attributes(&label, s_role, p_role, diffs);
}

/// Top-level sections other than `Resources`.
fn compare_sections(both: &Both<'_, '_, '_>, sam: &Value, plain: &Value, diffs: &mut Vec<String>) {
    let empty = Map::new();
    let (s_top, p_top) = (
        sam.as_object().unwrap_or(&empty),
        plain.as_object().unwrap_or(&empty),
    );
    let keys: BTreeSet<&String> = s_top.keys().chain(p_top.keys()).collect();
    for key in keys {
        // IGNORED: `Resources` is compared above; a `Transform` is gone after translation and
        // a plain template has none (a plain template with one fails as "only in plain").
        if key == "Resources" || (key == "Transform" && !p_top.contains_key(key)) {
            continue;
        }
        let (s, p) = (s_top.get(key), p_top.get(key));
        match (s.map(|v| both.sam.norm(v)), p.map(|v| both.plain.norm(v))) {
            (Some(Value::Object(s)), Some(Value::Object(p))) => {
                both.compare_maps(&format!("section {key}"), "entry", &s, &p, diffs)
            }
            (s, p) if s != p => diffs.push(format!(
                "section {key}: SAM translation has {}, plain template has {}",
                show(s.as_ref()),
                show(p.as_ref())
            )),
            _ => {}
        }
    }
}

/// Pairs the resources of the two templates (see the module docs for the order).
fn pair_resources(sam: &Tpl<'_>, pln: &Tpl<'_>, pairing: &mut Pairing) {
    // 1. Functions by aws:cdk:path.
    let fn_by_path = |t: &Tpl<'_>| {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for id in t.ids_of_type(FUNCTION) {
            if let Some(p) = t.cdk_path(id) {
                m.entry(p.to_string()).or_default().push(id.to_string());
            }
        }
        m
    };
    let (s_paths, p_paths) = (fn_by_path(sam), fn_by_path(pln));
    for (path, s_ids) in &s_paths {
        if let (Some(p_ids), [s_id]) = (p_paths.get(path), s_ids.as_slice()) {
            if let [p_id] = p_ids.as_slice() {
                pairing.link(s_id, p_id);
            }
        }
    }
    // 2. Same logical ID and type.
    for (id, _) in &sam.resources {
        if sam.type_of(id).is_some() && sam.type_of(id) == pln.type_of(id) {
            pairing.link(id, id);
        }
    }
    // 3. Unique (type, aws:cdk:path).
    let by_type_path = |t: &Tpl<'_>| {
        let mut m: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for (id, _) in &t.resources {
            if let (Some(ty), Some(p)) = (t.type_of(id), t.cdk_path(id)) {
                m.entry((ty.to_string(), p.to_string()))
                    .or_default()
                    .push(id.to_string());
            }
        }
        m
    };
    let (s_tp, p_tp) = (by_type_path(sam), by_type_path(pln));
    for (key, s_ids) in &s_tp {
        if let (Some(p_ids), [s_id]) = (p_tp.get(key), s_ids.as_slice()) {
            if let [p_id] = p_ids.as_slice() {
                pairing.link(s_id, p_id);
            }
        }
    }
    // REST API stages by name, and the deployments they serve.
    rest_api::pair_stages(sam, pln, pairing);
    // HTTP API stages by name.
    http_api::pair_stages(sam, pln, pairing);
    // 4. Structural, to a fixed point.
    loop {
        let before = pairing.sam_to_plain.len();
        pair_functions_by_code(sam, pln, pairing);
        pair_from_functions(sam, pln, pairing);
        pair_from_state_machines(sam, pln, pairing);
        pair_by_signature(sam, pln, pairing);
        if pairing.sam_to_plain.len() == before {
            break;
        }
    }
}

fn pair_functions_by_code(sam: &Tpl<'_>, pln: &Tpl<'_>, pairing: &mut Pairing) {
    let key = |t: &Tpl<'_>, id: &str| {
        let code = match t.prop(id, "Code") {
            Some(c) if c.get("S3Bucket").and_then(Value::as_str) == Some(LOCAL_ASSET_BUCKET) => {
                c.get("S3Key").cloned().unwrap_or(Value::Null)
            }
            Some(c) => c.clone(),
            None => Value::Null,
        };
        let handler = t.prop(id, "Handler").cloned().unwrap_or(Value::Null);
        let runtime = t.prop(id, "Runtime").cloned().unwrap_or(Value::Null);
        serde_json::json!([handler, runtime, code]).to_string()
    };
    let unpaired = |t: &Tpl<'_>, paired: &dyn Fn(&str) -> bool| {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for id in t.ids_of_type(FUNCTION) {
            if !paired(id) {
                m.entry(key(t, id)).or_default().push(id.to_string());
            }
        }
        m
    };
    let s = unpaired(sam, &|id| pairing.has_sam(id));
    let p = unpaired(pln, &|id| pairing.has_plain(id));
    for (k, s_ids) in &s {
        if let (Some(p_ids), [s_id]) = (p.get(k), s_ids.as_slice()) {
            if let [p_id] = p_ids.as_slice() {
                pairing.link(s_id, p_id);
            }
        }
    }
}

/// Links `s` and `p` when both are resources of the same (expected) type.
fn link_typed(sam: &Tpl<'_>, pln: &Tpl<'_>, pairing: &mut Pairing, s: &str, p: &str, ty: &str) {
    if sam.type_of(s) == Some(ty) && pln.type_of(p) == Some(ty) {
        pairing.link(s, p);
    }
}

fn pair_from_functions(sam: &Tpl<'_>, pln: &Tpl<'_>, pairing: &mut Pairing) {
    let pairs: Vec<(String, String)> = pairing
        .sam_to_plain
        .iter()
        .filter(|(s, _)| sam.type_of(s) == Some(FUNCTION))
        .map(|(s, p)| (s.clone(), p.clone()))
        .collect();
    for (s_fn, p_fn) in pairs {
        if let (Some(s_role), Some(p_role)) = (
            single_ref(sam.prop(&s_fn, "Role")),
            single_ref(pln.prop(&p_fn, "Role")),
        ) {
            link_typed(sam, pln, pairing, &s_role, &p_role, ROLE);
        }
        let (sv, pv) = (FunctionView::new(sam, &s_fn), FunctionView::new(pln, &p_fn));
        if let ([s_ver], [p_ver]) = (sv.versions.as_slice(), pv.versions.as_slice()) {
            pairing.link(s_ver, p_ver);
        }
        // Aliases by name; one left on each side pairs anyway, so that a renamed alias is
        // reported as such and its deployment is still compared.
        for (name, s_alias) in &sv.aliases {
            if let Some(p_alias) = pv.aliases.get(name) {
                pairing.link(s_alias, p_alias);
            }
        }
        let s_left: Vec<&String> = sv
            .aliases
            .values()
            .filter(|a| !pairing.has_sam(a))
            .collect();
        let p_left: Vec<&String> = pv
            .aliases
            .values()
            .filter(|a| !pairing.has_plain(a))
            .collect();
        if let ([s_alias], [p_alias]) = (s_left.as_slice(), p_left.as_slice()) {
            pairing.link(s_alias, p_alias);
        }
        for s_alias in sv.aliases.values() {
            let Some(p_alias) = pairing.plain_of(s_alias).map(str::to_string) else {
                continue;
            };
            if !pv.aliases.values().any(|a| *a == p_alias) {
                continue;
            }
            let p_alias = &p_alias;
            let update = |t: &Tpl<'_>, a: &str| {
                t.resource(a)
                    .get("UpdatePolicy")
                    .and_then(|u| u.get("CodeDeployLambdaAliasUpdate"))
                    .cloned()
            };
            let (Some(su), Some(pu)) = (update(sam, s_alias), update(pln, p_alias)) else {
                continue;
            };
            for (key, ty) in [
                ("ApplicationName", CODEDEPLOY_APPLICATION),
                ("DeploymentGroupName", DEPLOYMENT_GROUP),
                ("BeforeAllowTrafficHook", FUNCTION),
                ("AfterAllowTrafficHook", FUNCTION),
            ] {
                if let (Some(s), Some(p)) = (single_ref(su.get(key)), single_ref(pu.get(key))) {
                    link_typed(sam, pln, pairing, &s, &p, ty);
                }
            }
            if let (Some(s_dg), Some(p_dg)) = (
                single_ref(su.get("DeploymentGroupName")),
                single_ref(pu.get("DeploymentGroupName")),
            ) {
                if let (Some(s_r), Some(p_r)) = (
                    single_ref(sam.prop(&s_dg, "ServiceRoleArn")),
                    single_ref(pln.prop(&p_dg, "ServiceRoleArn")),
                ) {
                    link_typed(sam, pln, pairing, &s_r, &p_r, ROLE);
                }
            }
        }
    }
}

/// What belongs to one state machine in one template: its versions (`StateMachineArn`
/// refers to it) and its aliases by name (their `DeploymentPreference` or
/// `RoutingConfiguration` names one of those versions).
struct MachineView {
    versions: Vec<String>,
    aliases: BTreeMap<String, String>,
}

impl MachineView {
    fn new(tpl: &Tpl<'_>, machine: &str) -> MachineView {
        let versions: Vec<String> = tpl
            .ids_of_type(STATE_MACHINE_VERSION)
            .into_iter()
            .filter(|v| single_ref(tpl.prop(v, "StateMachineArn")).as_deref() == Some(machine))
            .map(str::to_string)
            .collect();
        let mut aliases = BTreeMap::new();
        for a in tpl.ids_of_type(STATE_MACHINE_ALIAS) {
            let mut targets = refs_of(
                tpl.prop(a, "DeploymentPreference")
                    .and_then(|d| d.get("StateMachineVersionArn")),
            );
            targets.extend(refs_of(tpl.prop(a, "RoutingConfiguration")));
            if targets.iter().any(|t| versions.contains(t)) {
                let name = tpl
                    .prop(a, "Name")
                    .map(value_str)
                    .unwrap_or_else(|| a.to_string());
                aliases.insert(name, a.to_string());
            }
        }
        MachineView { versions, aliases }
    }
}

/// From each state machine pair, its version (when each side has exactly one) and its
/// aliases by name.
fn pair_from_state_machines(sam: &Tpl<'_>, pln: &Tpl<'_>, pairing: &mut Pairing) {
    let pairs: Vec<(String, String)> = pairing
        .sam_to_plain
        .iter()
        .filter(|(s, _)| sam.type_of(s) == Some(STATE_MACHINE))
        .map(|(s, p)| (s.clone(), p.clone()))
        .collect();
    for (s_m, p_m) in pairs {
        let (sv, pv) = (MachineView::new(sam, &s_m), MachineView::new(pln, &p_m));
        if let ([s_ver], [p_ver]) = (sv.versions.as_slice(), pv.versions.as_slice()) {
            link_typed(sam, pln, pairing, s_ver, p_ver, STATE_MACHINE_VERSION);
        }
        for (name, s_alias) in &sv.aliases {
            if let Some(p_alias) = pv.aliases.get(name) {
                link_typed(sam, pln, pairing, s_alias, p_alias, STATE_MACHINE_ALIAS);
            }
        }
    }
}

/// A state machine pair publishes the same versions and aliases (their properties are
/// compared as those of any resource pair).
fn compare_state_machine_publishing(
    sam: &Tpl<'_>,
    pln: &Tpl<'_>,
    pairing: &Pairing,
    diffs: &mut Vec<String>,
) {
    for s_m in sam.ids_of_type(STATE_MACHINE) {
        let Some(p_m) = pairing.plain_of(s_m) else {
            continue;
        };
        let (sv, pv) = (MachineView::new(sam, s_m), MachineView::new(pln, p_m));
        let label = pair_label("state machine", s_m, p_m);
        if sv.versions.len() != pv.versions.len() {
            diffs.push(format!(
                "{label}: {} version(s) in the SAM translation, {} in the plain template",
                sv.versions.len(),
                pv.versions.len()
            ));
        }
        let names = |v: &MachineView| v.aliases.keys().cloned().collect::<Vec<_>>();
        if names(&sv) != names(&pv) {
            diffs.push(format!(
                "{label}: aliases {:?} in the SAM translation, {:?} in the plain template",
                names(&sv),
                names(&pv)
            ));
        }
    }
}

/// Pairs the remaining resources whose type and canonical properties are equal, when that
/// signature is unique among the unpaired resources of each side.
fn pair_by_signature(sam: &Tpl<'_>, pln: &Tpl<'_>, pairing: &mut Pairing) {
    let signatures = |t: &Tpl<'_>, paired: &dyn Fn(&str) -> bool| {
        let canon = Canon { tpl: t, pairing };
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (id, r) in &t.resources {
            if paired(id) {
                continue;
            }
            let ty = r.get("Type").and_then(Value::as_str).unwrap_or("?");
            m.entry(format!("{ty} {}", Value::Object(canon.props(id))))
                .or_default()
                .push(id.to_string());
        }
        m
    };
    let s = signatures(sam, &|id| pairing.has_sam(id));
    let p = signatures(pln, &|id| pairing.has_plain(id));
    let mut links = Vec::new();
    for (sig, s_ids) in &s {
        if let (Some(p_ids), [s_id]) = (p.get(sig), s_ids.as_slice()) {
            if let [p_id] = p_ids.as_slice() {
                links.push((s_id.clone(), p_id.clone()));
            }
        }
    }
    for (s_id, p_id) in links {
        pairing.link(&s_id, &p_id);
    }
}

/// A state machine's `DefinitionString` as the JSON Step Functions runs, so that the two
/// spellings of one definition compare equal: the translation writes the SAM `Definition`
/// object as a pretty-printed string (sorted keys) and passes `DefinitionSubstitutions`
/// through; our plain template inlines the same values with `Fn::Sub` (canonical by now,
/// like every other string). Each `${key}` of the substitutions is replaced by its
/// (canonical) value inside the parsed definition's strings, and `DefinitionSubstitutions`
/// is dropped. IGNORED: the definition's formatting and key order, and `Fn::Sub`'s `${!`
/// escape (`${!x}` is the literal `${x}` CloudFormation writes).
fn effective_definition(props: &mut Map<String, Value>) {
    let substitutions = match props.remove("DefinitionSubstitutions") {
        Some(Value::Object(m)) => m,
        Some(other) => {
            props.insert("DefinitionSubstitutions".into(), other);
            return;
        }
        None => Map::new(),
    };
    let Some(Value::String(text)) = props.get("DefinitionString") else {
        if !substitutions.is_empty() {
            props.insert(
                "DefinitionSubstitutions".into(),
                Value::Object(substitutions),
            );
        }
        return;
    };
    let Ok(mut definition) = serde_json::from_str::<Value>(text) else {
        return;
    };
    fn substitute(v: &mut Value, subs: &Map<String, Value>) {
        match v {
            Value::String(s) => {
                for (key, value) in subs {
                    let value = match value {
                        Value::String(text) => text.clone(),
                        other => other.to_string(),
                    };
                    *s = s.replace(&format!("${{{key}}}"), &value);
                }
                *s = s.replace("${!", "${");
            }
            Value::Array(items) => items.iter_mut().for_each(|i| substitute(i, subs)),
            Value::Object(m) => m.values_mut().for_each(|i| substitute(i, subs)),
            _ => {}
        }
    }
    substitute(&mut definition, &substitutions);
    props.insert("DefinitionString".into(), definition);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn canon_str(template: &Value, value: Value) -> Value {
        let tpl = Tpl::new(Side::Plain, template);
        let pairing = Pairing::default();
        Canon {
            tpl: &tpl,
            pairing: &pairing,
        }
        .norm(&value)
    }

    #[test]
    fn a_state_machine_definition_compares_after_its_substitutions() {
        let machine = |props: Value| {
            json!({"Resources": {
                "F": {"Type": "AWS::Lambda::Function"},
                "M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": props}
            }})
        };
        let sam = machine(json!({
            "DefinitionString": "{\n  \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"${F}\", \"End\": true}}}",
            "DefinitionSubstitutions": {"F": {"Fn::GetAtt": ["F", "Arn"]}},
            "Tags": [{"Key": "stateMachine:createdBy", "Value": "SAM"}]
        }));
        let plain = |state: &str| {
            machine(json!({"DefinitionString": {"Fn::Sub": [
                format!("{{\"States\":{{\"A\":{{\"Type\":\"{state}\",\"Resource\":\"${{Fn}}\",\"End\":true}}}},\"StartAt\":\"A\"}}"),
                {"Fn": {"Fn::GetAtt": ["F", "Arn"]}}
            ]}}))
        };
        let same = differential(&sam, &plain("Task"));
        assert!(same.is_empty(), "{same}");
        let different = differential(&sam, &plain("Pass"));
        assert_eq!(different.differences.len(), 1, "{different}");
        assert!(
            different.differences[0].contains("DefinitionString"),
            "{different}"
        );
    }

    #[test]
    fn sub_join_and_get_att_spell_the_same_arn_the_same_way() {
        let t = json!({"Resources": {
            "T": {"Type": "AWS::DynamoDB::Table"},
            "Q": {"Type": "AWS::SQS::Queue"},
            "B": {"Type": "AWS::S3::Bucket"}
        }});
        let table = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${T}";
        for v in [
            json!({"Fn::GetAtt": ["T", "Arn"]}),
            json!({"Fn::GetAtt": "T.Arn"}),
            json!({"Fn::Sub": ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${n}", {"n": {"Ref": "T"}}]}),
            json!({"Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${T}"}),
            json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":dynamodb:", {"Ref": "AWS::Region"}, ":", {"Ref": "AWS::AccountId"}, ":table/", {"Ref": "T"}]]}),
        ] {
            assert_eq!(canon_str(&t, v.clone()), json!(table), "{v}");
        }
        assert_eq!(
            canon_str(
                &t,
                json!({"Fn::Join": ["", [{"Fn::GetAtt": ["T", "Arn"]}, "/index/*"]]})
            ),
            json!(format!("{table}/index/*"))
        );
        assert_eq!(
            canon_str(
                &t,
                json!({"Fn::Sub": ["arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${q}", {"q": {"Fn::GetAtt": ["Q", "QueueName"]}}]})
            ),
            canon_str(&t, json!({"Fn::GetAtt": ["Q", "Arn"]}))
        );
        assert_eq!(
            canon_str(
                &t,
                json!({"Fn::Sub": ["arn:${AWS::Partition}:s3:::${b}/*", {"b": {"Ref": "B"}}]})
            ),
            canon_str(
                &t,
                json!({"Fn::Join": ["", [{"Fn::GetAtt": ["B", "Arn"]}, "/*"]]})
            )
        );
        assert_eq!(
            canon_str(&t, json!("arn:aws:iam::aws:policy/X")),
            json!("arn:${AWS::Partition}:iam::aws:policy/X")
        );
        // Different things stay different.
        assert_ne!(
            canon_str(&t, json!({"Fn::GetAtt": ["T", "Arn"]})),
            canon_str(&t, json!({"Fn::GetAtt": ["T", "StreamArn"]}))
        );
        assert_ne!(
            canon_str(&t, json!({"Ref": "T"})),
            canon_str(&t, json!({"Ref": "Q"}))
        );
    }

    /// A function with a schedule: SAM's spelling (translated) and ours (plain).
    fn scheduled_pair() -> (Value, Value) {
        let function = |path: &str| {
            json!({"Type": "AWS::Lambda::Function", "Properties": {
                "Code": "assets/abc", "Handler": "index.handler", "Runtime": "python3.12",
                "Role": {"Fn::GetAtt": ["R", "Arn"]}
            }, "Metadata": {"aws:cdk:path": path}})
        };
        let role = json!({"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "lambda.amazonaws.com"}}]}}});
        let sam = json!({"Resources": {
            "R": role,
            "Fn": function("S/Fn/Resource"),
            "FnTick": {"Type": "AWS::Events::Rule", "Properties": {
                "ScheduleExpression": "rate(1 hour)",
                "Targets": [{"Arn": {"Fn::GetAtt": ["Fn", "Arn"]}, "Id": "FnTickLambdaTarget"}]}},
            "FnTickPermission": {"Type": "AWS::Lambda::Permission", "Properties": {
                "Action": "lambda:InvokeFunction", "FunctionName": {"Ref": "Fn"},
                "Principal": "events.amazonaws.com", "SourceArn": {"Fn::GetAtt": ["FnTick", "Arn"]}}}
        }});
        let plain = json!({"Resources": {
            "R": role,
            "Fn1234ABCD": function("S/Fn/Resource"),
            "FnTickRule5678": {"Type": "AWS::Events::Rule", "Properties": {
                "ScheduleExpression": "rate(1 hour)",
                "Targets": [{"Arn": {"Fn::GetAtt": ["Fn1234ABCD", "Arn"]}, "Id": "Target0"}]}},
            "FnTickAllow9999": {"Type": "AWS::Lambda::Permission", "Properties": {
                "Action": "lambda:InvokeFunction", "FunctionName": {"Fn::GetAtt": ["Fn1234ABCD", "Arn"]},
                "Principal": "events.amazonaws.com", "SourceArn": {"Fn::GetAtt": ["FnTickRule5678", "Arn"]}}}
        }});
        (sam, plain)
    }

    #[test]
    fn the_order_of_an_event_resources_keys_is_not_a_difference() {
        let (sam, mut plain) = scheduled_pair();
        let permission = &mut plain["Resources"]["FnTickAllow9999"]["Properties"];
        let reversed: serde_json::Map<String, Value> = permission
            .as_object()
            .unwrap()
            .iter()
            .rev()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        *permission = Value::Object(reversed);
        let report = differential(&sam, &plain);
        assert!(report.is_empty(), "{report}");
        // Still sensitive to values.
        plain["Resources"]["FnTickAllow9999"]["Properties"]["Principal"] =
            json!("sns.amazonaws.com");
        assert!(!differential(&sam, &plain).is_empty());
    }

    #[test]
    fn a_hand_written_pair_agrees_and_each_change_is_caught() {
        let (sam, plain) = scheduled_pair();
        let report = differential(&sam, &plain);
        assert!(report.is_empty(), "{report}");
        assert_eq!(
            report.matched_functions,
            [("Fn".to_string(), "Fn1234ABCD".to_string())]
        );

        // The permission names another function.
        let mut p = plain.clone();
        p["Resources"]["FnTickAllow9999"]["Properties"]["FunctionName"] = json!("other");
        let report = differential(&sam, &p);
        assert!(
            report.differences.iter().any(|d| d.contains("event wiring")
                && d.contains("only in the SAM translation: [AWS::Lambda::Permission")),
            "{report}"
        );
        assert!(
            report.differences.iter().any(|d| d
                .contains("`FnTickAllow9999` of the plain template has no counterpart")
                && d.contains("\"FunctionName\":\"other\"")),
            "{report}"
        );
        // The rule fires at another rate.
        let mut p = plain.clone();
        p["Resources"]["FnTickRule5678"]["Properties"]["ScheduleExpression"] =
            json!("rate(2 hours)");
        let report = differential(&sam, &p);
        assert!(
            report
                .differences
                .iter()
                .any(|d| d.contains("event wiring") && d.contains("rate(2 hours)")),
            "{report}"
        );
        // A property only SAM sets, even a default, is a difference.
        let mut s = sam.clone();
        s["Resources"]["FnTick"]["Properties"]["State"] = json!("ENABLED");
        let report = differential(&s, &plain);
        assert!(
            report
                .differences
                .iter()
                .any(|d| d.contains("\"State\":\"ENABLED\"")),
            "{report}"
        );
        // SAM's own tag is not.
        let mut s = sam.clone();
        s["Resources"]["Fn"]["Properties"]["Tags"] =
            json!([{"Key": "lambda:createdBy", "Value": "SAM"}]);
        assert!(differential(&s, &plain).is_empty());
        // Without the path, the function still pairs by handler, runtime and code.
        let mut s = sam.clone();
        s["Resources"]["Fn"]
            .as_object_mut()
            .expect("object")
            .remove("Metadata");
        let report = differential(&s, &plain);
        assert!(report.is_empty(), "{report}");
        // With other code it does not.
        s["Resources"]["Fn"]["Properties"]["Code"] = json!("assets/def");
        let report = differential(&s, &plain);
        assert!(
            report
                .differences
                .iter()
                .any(|d| d.contains("function `Fn` of the SAM translation has no counterpart")),
            "{report}"
        );
    }

    /// An aliased state machine: SAM's generated version and alias (translated) and ours
    /// under other logical IDs (plain), started through the alias by a rule.
    fn aliased_machine_pair() -> (Value, Value) {
        let machine = |path: &str| {
            json!({"Type": "AWS::StepFunctions::StateMachine", "Properties": {
                "DefinitionString": "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}",
                "RoleArn": "arn:aws:iam::111122223333:role/r"
            }, "Metadata": {"aws:cdk:path": path}})
        };
        let version = |m: &str| {
            json!({"Type": "AWS::StepFunctions::StateMachineVersion",
                "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
                "Properties": {"StateMachineArn": {"Ref": m},
                    "StateMachineRevisionId": {"Fn::GetAtt": [m, "StateMachineRevisionId"]}}})
        };
        let alias = |v: &str| {
            json!({"Type": "AWS::StepFunctions::StateMachineAlias", "Properties": {
                "Name": "live",
                "DeploymentPreference": {"StateMachineVersionArn": {"Ref": v}, "Type": "CANARY",
                    "Percentage": 10, "Interval": 5}}})
        };
        let rule = |a: &str| {
            json!({"Type": "AWS::Events::Rule", "Properties": {
                "ScheduleExpression": "rate(1 hour)",
                "Targets": [{"Arn": {"Ref": a}, "Id": "T"}]}})
        };
        let sam = json!({"Resources": {
            "M": machine("S/M/Resource"),
            "MVersion": version("M"),
            "MAliaslive": alias("MVersion"),
            "Hourly": rule("MAliaslive")
        }});
        let plain = json!({"Resources": {
            "M": machine("S/M/Resource"),
            "MyVersion1": version("M"),
            "MyAlias2": alias("MyVersion1"),
            "Hourly": rule("MyAlias2")
        }});
        (sam, plain)
    }

    #[test]
    fn a_state_machine_pairs_its_version_and_alias_and_their_changes_are_caught() {
        let (sam, plain) = aliased_machine_pair();
        let report = differential(&sam, &plain);
        assert!(report.is_empty(), "{report}");

        // Another canary share.
        let mut p = plain.clone();
        p["Resources"]["MyAlias2"]["Properties"]["DeploymentPreference"]["Percentage"] = json!(20);
        let report = differential(&sam, &p);
        assert!(
            report.differences.iter().any(|d| d
                .contains("`MAliaslive` (plain template: `MyAlias2`)")
                && d.contains("20")),
            "{report}"
        );
        // A version that is not kept.
        let mut p = plain.clone();
        p["Resources"]["MyVersion1"]
            .as_object_mut()
            .unwrap()
            .remove("UpdateReplacePolicy");
        let report = differential(&sam, &p);
        assert!(
            report
                .differences
                .iter()
                .any(|d| d.contains("MyVersion1") && d.contains("UpdateReplacePolicy")),
            "{report}"
        );
        // The rule starting the unversioned machine instead of the alias.
        let mut p = plain.clone();
        p["Resources"]["Hourly"]["Properties"]["Targets"][0]["Arn"] = json!({"Ref": "M"});
        let report = differential(&sam, &p);
        assert!(
            report.differences.iter().any(|d| d.contains("Hourly")),
            "{report}"
        );
        // An alias of another name: reported on the machine.
        let mut p = plain.clone();
        p["Resources"]["MyAlias2"]["Properties"]["Name"] = json!("prod");
        let report = differential(&sam, &p);
        assert!(
            report
                .differences
                .iter()
                .any(|d| d.contains("state machine `M`")
                    && d.contains("aliases [\"live\"] in the SAM translation, [\"prod\"]")),
            "{report}"
        );
        // No version at all in the plain template.
        let mut p = plain.clone();
        let resources = p["Resources"].as_object_mut().unwrap();
        resources.remove("MyVersion1");
        resources.remove("MyAlias2");
        let report = differential(&sam, &p);
        assert!(
            report
                .differences
                .iter()
                .any(|d| d.contains("1 version(s) in the SAM translation, 0")),
            "{report}"
        );
    }

    #[test]
    fn an_unpaired_sam_resource_never_equals_a_plain_one() {
        let t = json!({"Resources": {"X": {"Type": "AWS::SQS::Queue"}}});
        let tpl = Tpl::new(Side::Sam, &t);
        let pairing = Pairing::default();
        let c = Canon {
            tpl: &tpl,
            pairing: &pairing,
        };
        assert_eq!(c.norm(&json!({"Ref": "X"})), json!("${X(SAM-only)}"));
        // Parameters and pseudo parameters keep their names.
        assert_eq!(c.norm(&json!({"Ref": "Stage"})), json!("${Stage}"));
        assert_eq!(
            c.norm(&json!({"Ref": "AWS::Region"})),
            json!("${AWS::Region}")
        );
    }

    #[test]
    fn statements_flatten_into_grants_whatever_their_grouping() {
        let t = json!({"Resources": {"T": {"Type": "AWS::DynamoDB::Table"}}});
        let tpl = Tpl::new(Side::Plain, &t);
        let pairing = Pairing::default();
        let c = Canon {
            tpl: &tpl,
            pairing: &pairing,
        };
        let (mut a, mut b) = (BTreeSet::new(), BTreeSet::new());
        flatten_statements(
            &c,
            Some(
                &json!({"Statement": [{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"], "Resource": {"Fn::GetAtt": ["T", "Arn"]}}]}),
            ),
            &mut a,
        );
        flatten_statements(
            &c,
            Some(&json!({"Statement": [
                {"Effect": "Allow", "Action": "DynamoDB:PutItem", "Resource": [{"Fn::GetAtt": ["T", "Arn"]}]},
                {"Sid": "x", "Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": {"Fn::GetAtt": ["T", "Arn"]}}
            ]})),
            &mut b,
        );
        assert_eq!(a, b);
        assert_eq!(a.len(), 2);
        let mut deny = BTreeSet::new();
        flatten_statements(
            &c,
            Some(
                &json!({"Statement": {"Effect": "Deny", "Action": "dynamodb:GetItem", "Resource": {"Fn::GetAtt": ["T", "Arn"]}}}),
            ),
            &mut deny,
        );
        assert!(deny.iter().all(|g| g.starts_with("Deny ")), "{deny:?}");
        assert!(a.is_disjoint(&deny));
    }
}
