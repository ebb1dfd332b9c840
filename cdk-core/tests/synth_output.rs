//! What synthesis writes: templates (asserted as exact JSON), cross-stack exports and
//! imports, stack order, the manifest, atomic replacement of the output folder, and assets.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use cdk_core::{
    fns, App, Asset, Aws, CfnCondition, CfnMapping, CfnOutput, CfnParameter, CfnResource,
    Construct, DeletionPolicy, Error, Num, ParameterType, RemovalPolicy, Scope, Stack, Str,
    StrList, Value,
};
use serde_json::{json, Value as Json};

// ---- helpers ------------------------------------------------------------------------------

mod common;
use common::TempDir;

/// Every file below `dir`, by `/`-separated relative path, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap();
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.insert(rel.join("/"), fs::read(&path).expect("read file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Names of the entries directly in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn read_json(path: &Path) -> Json {
    serde_json::from_str(&fs::read_to_string(path).expect("read json")).expect("valid json")
}

#[track_caller]
fn template(stack: &Stack) -> Json {
    stack.template().unwrap_or_else(|e| panic!("{e}"))
}

fn queue(scope: &impl Construct, id: &str) -> CfnResource {
    CfnResource::new(scope, id, "AWS::SQS::Queue")
}

// ---- cross-stack references and stack order ----------------------------------------------

#[test]
fn long_generated_export_names_keep_their_end_as_aws_cdk_does() {
    let app = App::new();
    let producer = Stack::new(&app, &"P".repeat(120));
    let consumer = Stack::new(&app, "Consumer");
    let long = "Bucket".repeat(30); // a 180-character construct id
    let a = CfnResource::new(&producer, &format!("{long}A"), "AWS::S3::Bucket");
    let b = CfnResource::new(&producer, &format!("{long}B"), "AWS::S3::Bucket");
    CfnResource::new(&consumer, "User", "AWS::SNS::Topic")
        .set_property("A", a.get_att("Arn"))
        .set_property("B", b.get_att("Arn"));
    let assembly = app.assemble().unwrap();
    let p = assembly.stacks[0].template(cdk_core::Flavor::Cfn).unwrap();
    let c = assembly.stacks[1].template(cdk_core::Flavor::Cfn).unwrap();
    let mut names = Vec::new();
    for (id, output) in p["Outputs"].as_object().unwrap() {
        let name = output["Export"]["Name"].as_str().unwrap().to_string();
        assert_eq!(name.len(), 255, "{name}");
        assert!(name.starts_with(&format!("{}:", "P".repeat(120))), "{name}");
        // The end of the output id, with its hash, is kept.
        assert!(id.ends_with(&name[121..]), "{id} / {name}");
        names.push(name);
    }
    assert_eq!(names.len(), 2);
    assert_ne!(names[0], names[1]);
    let imports: Vec<&str> = ["A", "B"]
        .iter()
        .map(|k| {
            c["Resources"]["User"]["Properties"][k]["Fn::ImportValue"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(imports, names);
    // Deterministic.
    assert_eq!(
        app.assemble().unwrap().stacks[0].templates,
        assembly.stacks[0].templates
    );
}

#[test]
fn an_explicit_export_name_over_255_characters_is_an_error() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let q = queue(&stack, "Q");
    CfnOutput::new(&stack, "Name", q.ref_()).export_name("x".repeat(256));
    let err = app.assemble().unwrap_err();
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{err}");
    assert_eq!(d[0].path, "S/Name");
    assert!(d[0].message.contains("256 characters"), "{err}");
    assert!(!d[0].hint.is_empty());
}

#[test]
fn cross_stack_reference_exports_and_imports() {
    let dir = TempDir::new("cross-stack");
    let app = App::with_out_dir(dir.join("out"));
    // The consumer is created first; the producer must still come first.
    let consumer = Stack::new(&app, "Consumer");
    let producer = Stack::new(&app, "Producer");
    let bucket = CfnResource::new(&producer, "Bucket", "AWS::S3::Bucket");
    let user = CfnResource::new(&consumer, "User", "AWS::SNS::Topic");
    user.set_property("A", bucket.ref_())
        .set_property("B", bucket.get_att("Arn"))
        .set_property("Again", bucket.ref_()); // one export per distinct reference

    let assembly = app.assemble().unwrap();
    let names: Vec<&str> = assembly.stacks.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Producer", "Consumer"]);
    assert_eq!(
        assembly.stack("Consumer").unwrap().dependencies,
        ["Producer"]
    );
    assert!(assembly.stack("Producer").unwrap().dependencies.is_empty());

    let p = assembly
        .stack("Producer")
        .unwrap()
        .template(cdk_core::Flavor::Cfn)
        .unwrap();
    assert_eq!(
        p["Outputs"],
        json!({
            "ExportsOutputRefBucket239F7DF2": {
                "Value": {"Ref": "Bucket"},
                "Export": {"Name": "Producer:ExportsOutputRefBucket239F7DF2"}
            },
            "ExportsOutputFnGetAttBucketArn436138FE": {
                "Value": {"Fn::GetAtt": ["Bucket", "Arn"]},
                "Export": {"Name": "Producer:ExportsOutputFnGetAttBucketArn436138FE"}
            }
        })
    );
    let c = assembly
        .stack("Consumer")
        .unwrap()
        .template(cdk_core::Flavor::Cfn)
        .unwrap();
    assert_eq!(
        c["Resources"]["User"]["Properties"],
        json!({
            "A": {"Fn::ImportValue": "Producer:ExportsOutputRefBucket239F7DF2"},
            "B": {"Fn::ImportValue": "Producer:ExportsOutputFnGetAttBucketArn436138FE"},
            "Again": {"Fn::ImportValue": "Producer:ExportsOutputRefBucket239F7DF2"}
        })
    );
    assert!(c.get("Outputs").is_none());
    // A cross-stack reference is no DependsOn.
    assert!(c["Resources"]["User"].get("DependsOn").is_none());

    app.write().unwrap();
    let manifest = read_json(&dir.join("out/manifest.json"));
    assert_eq!(manifest["order"], json!(["Producer", "Consumer"]));
    assert_eq!(
        manifest["stacks"]["Consumer"]["dependencies"],
        json!(["Producer"])
    );
    assert_eq!(manifest["stacks"]["Producer"]["dependencies"], json!([]));
    assert_eq!(manifest["stacks"]["Consumer"]["resources"], json!(1));
    assert_eq!(
        read_json(&dir.join("out/Consumer.template.json")),
        c.clone(),
        "the written template is the assembled one"
    );
}

#[test]
fn export_names_match_aws_cdk() {
    // Export names as AWS CDK generates them (from its own tests and deployed templates):
    // the hash covers the reference's JSON, e.g. `Output{"Ref":"GroupC77FDACD"}`.
    let app = App::new();
    let stack2 = Stack::new(&app, "stack2");
    let group = CfnResource::new(&stack2, "Group", "AWS::IAM::Group");
    group.override_logical_id("GroupC77FDACD");
    let common = Stack::new(&app, "mermaid-api-infra-common");
    let vpc = CfnResource::new(&common, "Vpc", "AWS::EC2::VPC");
    vpc.override_logical_id("Vpc8378EB38");
    let key = CfnResource::new(&common, "Key", "AWS::KMS::Key");
    key.override_logical_id("ecsExecKmsKey22C03821");

    let user_stack = Stack::new(&app, "stack1");
    CfnResource::new(&user_stack, "User", "AWS::IAM::User")
        .set_property("Groups", Value::list([group.ref_()]))
        .set_property("Vpc", vpc.ref_())
        .set_property("Key", key.get_att("Arn"));
    let t = template(&user_stack);
    assert_eq!(
        t["Resources"]["User"]["Properties"],
        json!({
            "Groups": [{"Fn::ImportValue": "stack2:ExportsOutputRefGroupC77FDACD8CF7DD5B"}],
            "Vpc": {"Fn::ImportValue": "mermaid-api-infra-common:ExportsOutputRefVpc8378EB38272D6E3A"},
            "Key": {"Fn::ImportValue":
                "mermaid-api-infra-common:ExportsOutputFnGetAttecsExecKmsKey22C03821Arn262DB0C8"}
        })
    );
    let common_t = template(&common);
    let outputs: Vec<&String> = common_t["Outputs"].as_object().unwrap().keys().collect();
    assert_eq!(
        outputs,
        [
            "ExportsOutputRefVpc8378EB38272D6E3A",
            "ExportsOutputFnGetAttecsExecKmsKey22C03821Arn262DB0C8"
        ]
    );
}

#[test]
fn stack_dependency_cycle_is_an_error_naming_both_stacks() {
    let app = App::new();
    let a = Stack::new(&app, "Alpha");
    let b = Stack::new(&app, "Beta");
    let qa = queue(&a, "Qa");
    let qb = queue(&b, "Qb");
    qa.set_property("Peer", qb.ref_());
    qb.set_property("Peer", qa.get_att("Arn"));
    let err = app.assemble().unwrap_err();
    let diags = err.diagnostics();
    assert_eq!(diags.len(), 1, "{err}");
    assert_eq!(diags[0].path, "Alpha");
    assert_eq!(
        diags[0].message,
        "stacks depend on each other in a cycle: Alpha -> Beta -> Alpha"
    );
    assert!(diags[0].hint.contains("stack of their own"));
}

#[test]
fn explicit_stack_dependencies_order_stacks_and_cycles_are_reported() {
    let app = App::new();
    let c = Stack::new(&app, "C");
    let b = Stack::new(&app, "B");
    let a = Stack::new(&app, "A");
    let d = Stack::new(&app, "D");
    for s in [&a, &b, &c, &d] {
        queue(s, "Q");
    }
    c.add_dependency(&b).add_dependency(&b); // deduped
    b.add_dependency(&a);
    let assembly = app.assemble().unwrap();
    let names: Vec<&str> = assembly.stacks.iter().map(|s| s.name.as_str()).collect();
    // Dependencies first; the independent D keeps its creation-order place among the ready.
    assert_eq!(names, ["A", "B", "C", "D"]);
    assert_eq!(assembly.stack("C").unwrap().dependencies, ["B"]);

    a.add_dependency(&c);
    let err = app.assemble().unwrap_err();
    assert_eq!(err.diagnostics().len(), 1, "{err}");
    assert!(
        err.diagnostics()[0]
            .message
            .contains("cycle: C -> B -> A -> C"),
        "{err}"
    );
}

// ---- DependsOn ----------------------------------------------------------------------------

#[test]
fn add_dependency_emits_sorted_deduped_depends_on() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let z = queue(&stack, "Zed");
    let a = queue(&stack, "Alpha");
    let m = queue(&stack, "Mid");
    let r = queue(&stack, "R");
    r.add_dependency(&z)
        .add_dependency(&a)
        .add_dependency(&z)
        .add_dependency(&m)
        .add_dependency(&a);
    // A reference alone is an implicit dependency, not a DependsOn.
    let plain = queue(&stack, "Plain");
    plain.set_property("X", z.ref_());
    let t = template(&stack);
    assert_eq!(
        t["Resources"]["R"]["DependsOn"],
        json!(["Alpha", "Mid", "Zed"])
    );
    assert!(t["Resources"]["Plain"].get("DependsOn").is_none());
    assert!(t["Resources"]["Zed"].get("DependsOn").is_none());
    let _ = app;
}

#[test]
fn depending_on_a_scope_depends_on_every_resource_in_it() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let group = Scope::new(&stack, "Group");
    queue(&group, "One");
    queue(&Scope::new(&group, "Inner"), "Two");
    queue(&group, "Three");
    CfnOutput::new(&group, "NotAResource", "x");
    let r = queue(&stack, "R");
    r.add_dependency(&group);
    // A resource inside the scope it depends on does not depend on itself.
    let inside = queue(&group, "Inside");
    inside.add_dependency(&group);
    let t = template(&stack);
    assert_eq!(
        t["Resources"]["R"]["DependsOn"],
        json!([
            "GroupInnerTwoEE3F546C",
            "GroupOne6EC76CBD",
            "GroupThree65007049"
        ])
    );
    // Only what existed when add_dependency ran; `Inside` came later.
    assert_eq!(inside.logical_id(), "GroupInsideAC06978D");
    let inside_deps = &t["Resources"]["GroupInsideAC06978D"]["DependsOn"];
    assert_eq!(
        *inside_deps,
        json!([
            "GroupInnerTwoEE3F546C",
            "GroupOne6EC76CBD",
            "GroupThree65007049"
        ])
    );
    let _ = app;
}

#[test]
fn depending_on_a_resource_in_another_stack_is_a_stack_dependency() {
    let app = App::new();
    let later = Stack::new(&app, "Later");
    let first = Stack::new(&app, "First");
    let target = queue(&first, "Target");
    let r = queue(&later, "R");
    r.add_dependency(&target);
    let assembly = app.assemble().unwrap();
    let names: Vec<&str> = assembly.stacks.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["First", "Later"]);
    assert_eq!(assembly.stack("Later").unwrap().dependencies, ["First"]);
    let t = &assembly
        .stack("Later")
        .unwrap()
        .template(cdk_core::Flavor::Cfn)
        .unwrap();
    assert_eq!(
        t["Resources"]["R"],
        json!({"Type": "AWS::SQS::Queue", "Metadata": {"aws:cdk:path": "Later/R"}})
    );
    // No exports either: nothing is referenced.
    assert!(assembly
        .stack("First")
        .unwrap()
        .template(cdk_core::Flavor::Cfn)
        .unwrap()
        .get("Outputs")
        .is_none());
}

// ---- resource attributes ------------------------------------------------------------------

#[test]
fn property_overrides_follow_cdk_semantics() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let other = queue(&stack, "Other");
    let r = queue(&stack, "R");
    r.set_property("A", json!({"X": 1}))
        .set_property(
            "Tags",
            json!([{"Key": "k0", "Value": "v0"}, {"Key": "k1", "Value": "v1"}]),
        )
        .set_property("Old", 1)
        .set_property("Scalar", "s")
        .set_property("Intrinsic", json!({"Keep": 1}))
        .set_property("WasRef", other.ref_())
        .set_property("Order", 0);
    r.add_property_override("A.B", 2)
        // An object merges into an existing object, as CDK's deepMerge does.
        .add_property_override("A", json!({"C": 3, "X": {"Deep": true}}))
        .add_property_override(r"Dotted\.Key", "dot")
        .add_property_override(r"Nested.With\.Dot.Leaf", true)
        .add_property_override("Tags.1.Value", "new")
        .add_property_deletion_override("Tags.0.Key")
        .add_property_override("Scalar.Now", "an object")
        // An intrinsic replaces an object, and an object replaces an intrinsic.
        .add_property_override("Intrinsic", other.get_att("Arn"))
        .add_property_override("WasRef", json!({"Plain": "map"}))
        .add_property_deletion_override("Old")
        .add_property_deletion_override("Missing.Deep")
        .add_property_override("Order", 1)
        .add_property_override("Order", 2)
        .add_override("UpdateReplacePolicy", "Retain")
        .add_deletion_override("Metadata");
    let t = template(&stack);
    assert_eq!(
        t["Resources"]["R"],
        json!({
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "A": {"X": {"Deep": true}, "B": 2, "C": 3},
                "Tags": [{"Value": "v0"}, {"Key": "k1", "Value": "new"}],
                "Scalar": {"Now": "an object"},
                "Intrinsic": {"Fn::GetAtt": ["Other", "Arn"]},
                "WasRef": {"Plain": "map"},
                "Order": 2,
                "Dotted.Key": "dot",
                "Nested": {"With.Dot": {"Leaf": true}}
            },
            "UpdateReplacePolicy": "Retain"
        })
    );

    // Overrides create `Properties` when there were none.
    let bare = queue(&stack, "Bare");
    bare.add_property_override("VisibilityTimeout", 30);
    assert_eq!(
        template(&stack)["Resources"]["Bare"]["Properties"],
        json!({"VisibilityTimeout": 30})
    );
    let _ = app;
}

#[test]
fn removal_policies_set_deletion_and_update_replace_policy() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    stack.set_path_metadata(false);
    let cases = [
        ("Destroy", RemovalPolicy::Destroy, "Delete", "Delete"),
        ("Retain", RemovalPolicy::Retain, "Retain", "Retain"),
        ("Snapshot", RemovalPolicy::Snapshot, "Snapshot", "Snapshot"),
        // `RetainExceptOnCreate` is not a valid UpdateReplacePolicy; CDK uses Retain there.
        (
            "RetainOnUpdateOrDelete",
            RemovalPolicy::RetainOnUpdateOrDelete,
            "RetainExceptOnCreate",
            "Retain",
        ),
    ];
    for (id, policy, _, _) in cases {
        queue(&stack, id).apply_removal_policy(policy);
    }
    queue(&stack, "OnlyDeletion").set_deletion_policy(DeletionPolicy::Retain);
    queue(&stack, "OnlyReplace").set_update_replace_policy(DeletionPolicy::Snapshot);
    queue(&stack, "Both")
        .apply_removal_policy(RemovalPolicy::Retain)
        .set_deletion_policy(DeletionPolicy::Delete);
    let t = template(&stack);
    for (id, _, deletion, replace) in cases {
        assert_eq!(
            t["Resources"][id],
            json!({
                "Type": "AWS::SQS::Queue",
                "UpdateReplacePolicy": replace,
                "DeletionPolicy": deletion
            }),
            "{id}"
        );
    }
    assert_eq!(
        t["Resources"]["OnlyDeletion"],
        json!({"Type": "AWS::SQS::Queue", "DeletionPolicy": "Retain"})
    );
    assert_eq!(
        t["Resources"]["OnlyReplace"],
        json!({"Type": "AWS::SQS::Queue", "UpdateReplacePolicy": "Snapshot"})
    );
    assert_eq!(
        t["Resources"]["Both"],
        json!({"Type": "AWS::SQS::Queue", "UpdateReplacePolicy": "Retain", "DeletionPolicy": "Delete"})
    );
    let _ = app;
}

#[test]
fn condition_policies_and_metadata() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let env = CfnParameter::new(&stack, "Env", ParameterType::String);
    let is_prod = CfnCondition::new(&stack, "IsProd", fns::equals(env.value_as_string(), "prod"));
    let dep = queue(&stack, "Dep");
    let scope = Scope::new(&stack, "Fleet");
    let asg = CfnResource::new(&scope, "Group", "AWS::AutoScaling::AutoScalingGroup");
    asg.set_property("MinSize", "1")
        .add_dependency(&dep)
        .set_condition(&is_prod)
        .set_creation_policy(json!({"ResourceSignal": {"Count": 2, "Timeout": "PT15M"}}))
        .set_update_policy(json!({"AutoScalingRollingUpdate": {"MaxBatchSize": 1}}))
        .add_metadata("Purpose", "demo")
        .add_metadata("Ref", dep.ref_());
    let t = template(&stack);
    let id = asg.logical_id();
    assert_eq!(id, "FleetGroupBCCC8A0C");
    assert_eq!(
        t["Resources"][&id],
        json!({
            "Type": "AWS::AutoScaling::AutoScalingGroup",
            "Properties": {"MinSize": "1"},
            "DependsOn": ["Dep"],
            "Condition": "IsProd",
            "CreationPolicy": {"ResourceSignal": {"Count": 2, "Timeout": "PT15M"}},
            "UpdatePolicy": {"AutoScalingRollingUpdate": {"MaxBatchSize": 1}},
            "Metadata": {"aws:cdk:path": "S/Fleet/Group", "Purpose": "demo", "Ref": {"Ref": "Dep"}}
        })
    );
    // `aws:cdk:path` comes first in Metadata, as in CDK.
    let keys: Vec<&String> = t["Resources"][&id]["Metadata"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(keys, ["aws:cdk:path", "Purpose", "Ref"]);

    // Without path metadata, only explicit metadata remains, and no empty Metadata key.
    stack.set_path_metadata(false);
    let t = template(&stack);
    assert_eq!(
        t["Resources"][&id]["Metadata"],
        json!({"Purpose": "demo", "Ref": {"Ref": "Dep"}})
    );
    assert_eq!(t["Resources"]["Dep"], json!({"Type": "AWS::SQS::Queue"}));
    let _ = app;
}

// ---- template sections and intrinsics -----------------------------------------------------

#[test]
fn template_sections_render_in_order() {
    let app = App::new();
    let stack = Stack::new(&app, "Sections");
    stack
        .set_description("Demo stack")
        .add_transform("AWS::Serverless-2016-10-31")
        .add_metadata("Owner", "team-a");
    let env = CfnParameter::new(&stack, "Env", ParameterType::String);
    env.default_value("dev")
        .allowed_values(["dev", "prod"])
        .description("Environment")
        .constraint_description("dev or prod");
    let count = CfnParameter::new(&stack, "Count", ParameterType::Number);
    count.min_value(1).max_value(10).default_value(2);
    let name = CfnParameter::new(&stack, "Name", ParameterType::String);
    name.min_length(1)
        .max_length(20)
        .allowed_pattern("[a-z]+")
        .no_echo(true);
    let subnets = CfnParameter::new(
        &stack,
        "Subnets",
        ParameterType::Other("List<AWS::EC2::Subnet::Id>".into()),
    );
    CfnParameter::new(&stack, "Ports", ParameterType::ListNumber);
    CfnParameter::new(&stack, "Csv", ParameterType::CommaDelimitedList);
    let map = CfnMapping::new(&stack, "RegionMap");
    map.set("us-east-1", "Ami", "ami-1")
        .set("eu-west-1", "Ami", "ami-2")
        .set("us-east-1", "Size", 3);
    let is_prod = CfnCondition::new(&stack, "IsProd", fns::equals(env.value_as_string(), "prod"));
    let q = queue(&stack, "Queue");
    q.set_condition(&is_prod)
        .set_property("DelaySeconds", count.value_as_number())
        .set_property("QueueName", name.value_as_string())
        .set_property("Subnets", subnets.value_as_list());
    CfnOutput::new(&stack, "QueueUrl", q.ref_())
        .description("The URL")
        .export_name(fns::sub("${AWS::StackName}-url", []))
        .condition(&is_prod);
    CfnOutput::new(&Scope::new(&stack, "Nested"), "Arn", q.get_att("Arn"));

    let t = template(&stack);
    let keys: Vec<&String> = t.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "AWSTemplateFormatVersion",
            "Description",
            "Transform",
            "Metadata",
            "Parameters",
            "Mappings",
            "Conditions",
            "Resources",
            "Outputs"
        ]
    );
    assert_eq!(
        t,
        json!({
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": "Demo stack",
            "Transform": "AWS::Serverless-2016-10-31",
            "Metadata": {"Owner": "team-a"},
            "Parameters": {
                "Env": {
                    "Type": "String",
                    "Default": "dev",
                    "AllowedValues": ["dev", "prod"],
                    "Description": "Environment",
                    "ConstraintDescription": "dev or prod"
                },
                "Count": {"Type": "Number", "MinValue": 1, "MaxValue": 10, "Default": 2},
                "Name": {
                    "Type": "String",
                    "MinLength": 1,
                    "MaxLength": 20,
                    "AllowedPattern": "[a-z]+",
                    "NoEcho": true
                },
                "Subnets": {"Type": "List<AWS::EC2::Subnet::Id>"},
                "Ports": {"Type": "List<Number>"},
                "Csv": {"Type": "CommaDelimitedList"}
            },
            "Mappings": {
                "RegionMap": {
                    "us-east-1": {"Ami": "ami-1", "Size": 3},
                    "eu-west-1": {"Ami": "ami-2"}
                }
            },
            "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
            "Resources": {
                "Queue": {
                    "Type": "AWS::SQS::Queue",
                    "Properties": {
                        "DelaySeconds": {"Ref": "Count"},
                        "QueueName": {"Ref": "Name"},
                        "Subnets": {"Ref": "Subnets"}
                    },
                    "Condition": "IsProd",
                    "Metadata": {"aws:cdk:path": "Sections/Queue"}
                }
            },
            "Outputs": {
                "QueueUrl": {
                    "Description": "The URL",
                    "Value": {"Ref": "Queue"},
                    "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-url"}},
                    "Condition": "IsProd"
                },
                "NestedArn7FD90EA5": {"Value": {"Fn::GetAtt": ["Queue", "Arn"]}}
            }
        })
    );
    let _ = app;
}

#[test]
fn several_transforms_render_as_a_list() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    stack
        .add_transform("AWS::LanguageExtensions")
        .add_transform("AWS::Serverless-2016-10-31")
        .add_transform("AWS::LanguageExtensions");
    queue(&stack, "Q");
    assert_eq!(
        template(&stack)["Transform"],
        json!(["AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"])
    );
    let _ = app;
}

#[test]
fn intrinsics_render_exactly_as_cloudformation_expects() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let csv = CfnParameter::new(&stack, "Csv", ParameterType::String);
    let is_prod = CfnCondition::new(&stack, "IsProd", fns::equals(Aws::region(), "us-east-1"));
    let other = CfnCondition::new(
        &stack,
        "Combined",
        fns::and([
            fns::condition(&is_prod),
            fns::not(fns::equals(csv.value_as_string(), "")),
        ]),
    );
    CfnCondition::new(
        &stack,
        "Either",
        fns::or([fns::condition(&is_prod), fns::condition(&other)]),
    );
    let map = CfnMapping::new(&stack, "RegionMap");
    map.set("us-east-1", "Ami", "ami-1");
    let src = queue(&stack, "Src");
    let r = CfnResource::new(&stack, "R", "Custom::Everything");
    let parts: StrList = fns::split(",", csv.value_as_string());
    r.set_property("If", fns::if_::<Str>(&is_prod, "big", Aws::no_value()))
        .set_property("IfNum", fns::if_::<Num>(&is_prod, 365, 7))
        .set_property(
            "IfList",
            fns::if_::<StrList>(&is_prod, vec!["a", "b"], Aws::no_value()),
        )
        .set_property("Join", fns::join(",", ["a", "b"]))
        .set_property(
            "JoinExpr",
            fns::join("", [Str::from("arn:"), Aws::partition()]),
        )
        .set_property("Select", fns::select(1, fns::get_azs("")))
        .set_property("Split", parts.clone())
        .set_property("SelectSplit", fns::select(0, parts))
        .set_property(
            "Base64",
            fns::base64(fns::sub("#!/bin/bash\necho ${AWS::Region}", [])),
        )
        .set_property("GetAZs", fns::get_azs(Aws::region()))
        .set_property("Import", fns::import_value("shared-vpc-id"))
        .set_property(
            "ImportSub",
            fns::import_value(fns::sub("${AWS::StackName}-vpc", [])),
        )
        .set_property("Cidr", fns::cidr("10.0.0.0/16", 6, 8))
        .set_property("FindInMap", fns::find_in_map(&map, Aws::region(), "Ami"))
        .set_property("FindInMap2", map.find_in_map("us-east-1", "Ami"))
        .set_property(
            "Pseudo",
            Value::list([
                Aws::account_id(),
                Aws::region(),
                Aws::partition(),
                Aws::stack_name(),
                Aws::stack_id(),
                Aws::url_suffix(),
            ]),
        )
        .set_property("Notifications", Aws::notification_arns())
        .set_property("NoValue", Aws::no_value())
        .set_property("AttList", src.get_att_list("Names"))
        .set_property("AttNum", src.get_att_num("Size"))
        .set_property("Float", Num::from(1.5))
        .set_property("NaN", Num::from(f64::NAN))
        .set_property("Bool", cdk_core::Bool::from(false))
        .set_property(
            "Nested",
            Value::map([
                (
                    "List",
                    Value::list([Value::from(src.ref_()), Value::from(1)]),
                ),
                ("Json", Value::from(json!({"k": [1, null, "x"]}))),
            ]),
        );
    let t = template(&stack);
    assert_eq!(
        t["Conditions"],
        json!({
            "IsProd": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]},
            "Combined": {"Fn::And": [
                {"Condition": "IsProd"},
                {"Fn::Not": [{"Fn::Equals": [{"Ref": "Csv"}, ""]}]}
            ]},
            "Either": {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "Combined"}]}
        })
    );
    assert_eq!(
        t["Resources"]["R"]["Properties"],
        json!({
            "If": {"Fn::If": ["IsProd", "big", {"Ref": "AWS::NoValue"}]},
            "IfNum": {"Fn::If": ["IsProd", 365, 7]},
            "IfList": {"Fn::If": ["IsProd", ["a", "b"], {"Ref": "AWS::NoValue"}]},
            "Join": {"Fn::Join": [",", ["a", "b"]]},
            "JoinExpr": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}]]},
            "Select": {"Fn::Select": [1, {"Fn::GetAZs": ""}]},
            "Split": {"Fn::Split": [",", {"Ref": "Csv"}]},
            "SelectSplit": {"Fn::Select": [0, {"Fn::Split": [",", {"Ref": "Csv"}]}]},
            "Base64": {"Fn::Base64": {"Fn::Sub": "#!/bin/bash\necho ${AWS::Region}"}},
            "GetAZs": {"Fn::GetAZs": {"Ref": "AWS::Region"}},
            "Import": {"Fn::ImportValue": "shared-vpc-id"},
            "ImportSub": {"Fn::ImportValue": {"Fn::Sub": "${AWS::StackName}-vpc"}},
            "Cidr": {"Fn::Cidr": ["10.0.0.0/16", 6, 8]},
            "FindInMap": {"Fn::FindInMap": ["RegionMap", {"Ref": "AWS::Region"}, "Ami"]},
            "FindInMap2": {"Fn::FindInMap": ["RegionMap", "us-east-1", "Ami"]},
            "Pseudo": [
                {"Ref": "AWS::AccountId"},
                {"Ref": "AWS::Region"},
                {"Ref": "AWS::Partition"},
                {"Ref": "AWS::StackName"},
                {"Ref": "AWS::StackId"},
                {"Ref": "AWS::URLSuffix"}
            ],
            "Notifications": {"Ref": "AWS::NotificationARNs"},
            "NoValue": {"Ref": "AWS::NoValue"},
            "AttList": {"Fn::GetAtt": ["Src", "Names"]},
            "AttNum": {"Fn::GetAtt": ["Src", "Size"]},
            "Float": 1.5,
            "NaN": null,
            "Bool": false,
            "Nested": {"List": [{"Ref": "Src"}, 1], "Json": {"k": [1, null, "x"]}}
        })
    );
    let _ = app;
}

// ---- logical IDs --------------------------------------------------------------------------

#[test]
fn logical_ids_of_nested_scopes_follow_cdk() {
    let app = App::new();
    let stack = Stack::new(&app, "Stack");
    let handler = Scope::new(&Scope::new(&stack, "Api"), "Handler");
    let fun = CfnResource::new(&handler, "Resource", "AWS::Lambda::Function");
    assert_eq!(fun.logical_id(), "ApiHandler8AD6A8DF");
    assert_eq!(fun.node().path(), "Stack/Api/Handler/Resource");
    let t = template(&stack);
    assert_eq!(
        t["Resources"]["ApiHandler8AD6A8DF"]["Metadata"]["aws:cdk:path"],
        "Stack/Api/Handler/Resource"
    );

    // The reference pairs from AWS CDK's own synthesis of CdkRekognitionStack.
    let app = App::new();
    let stack = Stack::new(&app, "CdkRekognitionStack");
    let bucket = CfnResource::new(
        &Scope::new(&stack, "cdk-rekn-imagebucket"),
        "Resource",
        "AWS::S3::Bucket",
    );
    CfnResource::new(
        &Scope::new(&stack, "CDKMetadata"),
        "Default",
        "AWS::CDK::Metadata",
    )
    .set_property("Analytics", "v2:deflate64:none");
    assert_eq!(bucket.logical_id(), "cdkreknimagebucketA588DC88");
    let t = template(&stack);
    let ids: Vec<&String> = t["Resources"].as_object().unwrap().keys().collect();
    assert_eq!(ids, ["cdkreknimagebucketA588DC88", "CDKMetadata"]);
    assert_eq!(
        t["Resources"]["CDKMetadata"]["Metadata"]["aws:cdk:path"],
        "CdkRekognitionStack/CDKMetadata/Default"
    );
    assert_eq!(
        t["Resources"]["cdkreknimagebucketA588DC88"]["Metadata"]["aws:cdk:path"],
        "CdkRekognitionStack/cdk-rekn-imagebucket/Resource"
    );
    let _ = app;
}

// ---- writing: determinism and atomic replacement ------------------------------------------

/// A non-trivial app: two stacks with a cross-stack reference, parameters, conditions,
/// outputs, overrides and an asset.
fn build_app(out: &Path, asset_src: &Path) -> App {
    let app = App::with_out_dir(out);
    let consumer = Stack::new(&app, "Consumer");
    let producer = Stack::new(&app, "Producer");
    producer.set_description("Produces things");
    let env = CfnParameter::new(&producer, "Env", ParameterType::String);
    env.default_value("dev");
    let is_prod = CfnCondition::new(
        &producer,
        "IsProd",
        fns::equals(env.value_as_string(), "prod"),
    );
    let scope = Scope::new(&producer, "Storage");
    let bucket = CfnResource::new(&scope, "Resource", "AWS::S3::Bucket");
    bucket
        .set_property("BucketName", fns::sub("${AWS::StackName}-data", []))
        .set_property(
            "Versioning",
            fns::if_::<Value>(&is_prod, json!({"Status": "Enabled"}), Aws::no_value()),
        )
        .apply_removal_policy(RemovalPolicy::Retain);
    let code = Asset::from_dir(&consumer, "Code", asset_src);
    let fun = CfnResource::new(&consumer, "Fn", "AWS::Serverless::Function");
    fun.set_property("CodeUri", code.path())
        .set_property("Bucket", bucket.ref_())
        .set_property("Arn", bucket.get_att("Arn"))
        .add_property_override("Environment.Variables.MODE", "x");
    consumer.add_transform("AWS::Serverless-2016-10-31");
    CfnOutput::new(&consumer, "FnName", fun.ref_());
    app
}

fn write_asset_src(dir: &Path) {
    fs::create_dir_all(dir.join("lib/deep")).unwrap();
    fs::write(dir.join("index.js"), "exports.handler = async () => 1;\n").unwrap();
    fs::write(dir.join("lib/util.js"), "module.exports = {};\n").unwrap();
    fs::write(dir.join("lib/deep/data.bin"), [0u8, 1, 2, 255, 254]).unwrap();
}

#[test]
fn two_apps_built_alike_write_byte_identical_folders() {
    let dir = TempDir::new("determinism");
    let src = dir.join("src");
    write_asset_src(&src);
    let s1 = build_app(&dir.join("one"), &src).write().unwrap();
    let s2 = build_app(&dir.join("two"), &src).write().unwrap();
    let one = files(&dir.join("one"));
    let two = files(&dir.join("two"));
    let names: Vec<&String> = one.keys().collect();
    assert!(names.len() >= 8, "{names:?}");
    for expected in [
        "manifest.json",
        "Producer.template.json",
        "Producer.template.yaml",
        "Consumer.template.json",
        "Consumer.template.yaml",
        "Producer.sam.json",
        "Consumer.sam.yaml",
    ] {
        assert!(one.contains_key(expected), "{expected} missing: {names:?}");
    }
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &one {
        assert!(two[name] == *bytes, "{name} differs between the two runs");
    }
    // Writing the same app again gives the same bytes too.
    let app = build_app(&dir.join("one"), &src);
    app.write().unwrap();
    app.write().unwrap();
    assert!(files(&dir.join("one")) == one);
    // The summary lists every stack with its files, in deployment order.
    let summary: Vec<String> = s1.stacks.iter().map(ToString::to_string).collect();
    assert_eq!(
        summary,
        [
            "Producer: 1 resource -> Producer.template.json, Producer.template.yaml, Producer.sam.json, Producer.sam.yaml",
            "Consumer: 1 resource -> Consumer.template.json, Consumer.template.yaml, Consumer.sam.json, Consumer.sam.yaml"
        ]
    );
    assert_eq!(s2.out_dir, dir.join("two"));
    // The manifest's file hashes are the XXH3-128 of what was written (`xxhsum -H2`).
    let manifest = read_json(&dir.join("one/manifest.json"));
    let hash = manifest["stacks"]["Producer"]["files"]["Producer.template.json"]
        .as_str()
        .unwrap();
    let bytes = &one["Producer.template.json"];
    assert_eq!(
        hash,
        format!("{:032x}", twox_hash::XxHash3_128::oneshot(bytes))
    );
}

fn leftovers(parent: &Path) -> Vec<String> {
    entries(parent)
        .into_iter()
        .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
        .collect()
}

#[test]
fn failed_synth_leaves_the_previous_output_untouched() {
    let dir = TempDir::new("atomic");
    let src = dir.join("src");
    write_asset_src(&src);
    let out = dir.join("out");
    build_app(&out, &src).write().unwrap();
    fs::write(out.join("marker.txt"), "from before").unwrap();
    let before = files(&out);
    assert!(before.contains_key("marker.txt"));

    // An invalid app: nothing is written.
    let bad = App::with_out_dir(&out);
    let stack = Stack::new(&bad, "Broken");
    CfnResource::new(&stack, "R", "NotAType");
    let err = bad.write().unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err}");
    assert!(files(&out) == before, "the old output changed");
    assert_eq!(leftovers(&dir.0), Vec::<String>::new());

    // An asset folder that does not exist: the error names it; the old output stays.
    let missing = dir.join("no-such-folder");
    let bad = build_app(&out, &missing);
    let err = bad.write().unwrap_err();
    let d = err
        .diagnostics()
        .iter()
        .find(|d| d.path == "Consumer/Code")
        .unwrap_or_else(|| panic!("no diagnostic for the asset: {err}"));
    assert!(
        d.message.contains(&missing.display().to_string()),
        "the message must name the folder: {d}"
    );
    assert!(d.message.contains("does not exist"), "{d}");
    assert!(files(&out) == before, "the old output changed");
    assert_eq!(leftovers(&dir.0), Vec::<String>::new());

    // A file where a folder belongs is reported the same way.
    let file = dir.join("src/index.js");
    let err = build_app(&out, &file).write().unwrap_err();
    assert!(err.to_string().contains("is not a folder"), "{err}");

    // A valid synth does not delete a file it did not write: it refuses, naming the file,
    // and changes nothing.
    let good = App::with_out_dir(&out);
    queue(&Stack::new(&good, "Fresh"), "Q");
    let err = good.write().unwrap_err();
    assert!(matches!(err, Error::OutputFolder { .. }), "{err}");
    assert!(err.to_string().contains("`marker.txt`"), "{err}");
    assert!(files(&out) == before, "the old output changed");
    // Once the file is gone, synthesis replaces the folder wholesale.
    fs::remove_file(out.join("marker.txt")).unwrap();
    good.write().unwrap();
    assert_eq!(
        entries(&out),
        [
            "Fresh.sam.json",
            "Fresh.sam.yaml",
            "Fresh.template.json",
            "Fresh.template.yaml",
            "manifest.json"
        ]
    );
    assert_eq!(leftovers(&dir.0), Vec::<String>::new());
    // The lock file that serialises writers goes when the lock is released.
    assert_eq!(entries(&dir.0), ["out", "src"]);
}

#[test]
fn io_errors_are_reported_with_the_path() {
    let dir = TempDir::new("io-error");
    // The output's parent is a file, so nothing can be created there.
    fs::write(dir.join("blocker"), "a file").unwrap();
    let out = dir.join("blocker/out");
    let app = App::with_out_dir(&out);
    queue(&Stack::new(&app, "S"), "Q");
    match app.write() {
        Err(Error::Io { path, message }) => {
            assert!(path.contains("blocker"), "{path}: {message}");
            assert!(!message.is_empty());
        }
        other => panic!("expected Error::Io, got {other:?}"),
    }
    assert_eq!(entries(&dir.0), ["blocker"]);
}

// ---- assets -------------------------------------------------------------------------------

fn asset_hash(src: &Path) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let code = Asset::from_dir(&stack, "Code", src);
    queue(&stack, "Q").set_property("Code", code.path());
    let t = template(&stack);
    let path = t["Resources"]["Q"]["Properties"]["Code"]
        .as_str()
        .unwrap()
        .to_string();
    path.strip_prefix("assets/")
        .unwrap_or_else(|| panic!("not an asset path: {path}"))
        .to_string()
}

#[test]
fn assets_are_staged_by_content_hash() {
    let dir = TempDir::new("assets");
    let src = dir.join("src");
    write_asset_src(&src);
    let copy = dir.join("copy");
    write_asset_src(&copy);

    let out = dir.join("out");
    let app = App::with_out_dir(&out);
    let stack = Stack::new(&app, "S");
    let a = Asset::from_dir(&stack, "A", &src);
    let b = Asset::from_dir(&Scope::new(&stack, "Inner"), "B", &copy);
    queue(&stack, "Q")
        .set_property("A", a.path())
        .set_property("B", b.path());
    let other = Stack::new(&app, "Other");
    let c = Asset::from_dir(&other, "C", &src);
    queue(&other, "Q").set_property("C", c.path());

    let assembly = app.assemble().unwrap();
    let props = &assembly
        .stack("S")
        .unwrap()
        .template(cdk_core::Flavor::Cfn)
        .unwrap()["Resources"]["Q"]["Properties"];
    let path = props["A"].as_str().unwrap();
    let hash = path.strip_prefix("assets/").expect("assets/<hash>");
    assert_eq!(hash.len(), 64, "{path}");
    assert!(
        hash.chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
        "{path}"
    );
    assert_eq!(props["B"], props["A"], "identical content, identical hash");
    assert_eq!(assembly.assets.len(), 1, "staged once");
    assert_eq!(assembly.assets[0].hash, hash);
    assert_eq!(assembly.assets[0].files, 3);
    assert_eq!(assembly.stack("S").unwrap().assets, [hash]);
    assert_eq!(assembly.stack("Other").unwrap().assets, [hash]);

    app.write().unwrap();
    assert_eq!(entries(&out.join("assets")), [hash]);
    let staged = files(&out.join("assets").join(hash));
    assert!(staged == files(&src), "the staged copy has the same files");
    assert!(staged.contains_key("lib/deep/data.bin"));
    let manifest = read_json(&out.join("manifest.json"));
    assert_eq!(
        manifest["assets"],
        json!({ hash: {"path": format!("assets/{hash}"), "files": 3} })
    );
    assert_eq!(manifest["stacks"]["S"]["assets"], json!([hash]));
}

#[test]
fn asset_hash_depends_on_content_not_timestamps() {
    let dir = TempDir::new("asset-hash");
    let src = dir.join("src");
    write_asset_src(&src);
    let original = asset_hash(&src);

    // Touching the modification time alone changes nothing.
    let f = fs::File::options()
        .write(true)
        .open(src.join("lib/util.js"))
        .unwrap();
    f.set_modified(
        std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000),
    )
    .unwrap();
    drop(f);
    assert_eq!(asset_hash(&src), original);

    // The same content elsewhere hashes the same.
    let elsewhere = dir.join("elsewhere");
    write_asset_src(&elsewhere);
    assert_eq!(asset_hash(&elsewhere), original);

    // One changed byte changes the hash.
    fs::write(src.join("lib/deep/data.bin"), [0u8, 1, 2, 255, 253]).unwrap();
    let changed = asset_hash(&src);
    assert_ne!(changed, original);
    fs::write(src.join("lib/deep/data.bin"), [0u8, 1, 2, 255, 254]).unwrap();
    assert_eq!(
        asset_hash(&src),
        original,
        "restoring the byte restores the hash"
    );

    // So does renaming a file, or adding an empty one.
    fs::rename(src.join("lib/util.js"), src.join("lib/utils.js")).unwrap();
    assert_ne!(asset_hash(&src), original);
    fs::rename(src.join("lib/utils.js"), src.join("lib/util.js")).unwrap();
    fs::write(src.join("empty"), "").unwrap();
    assert_ne!(asset_hash(&src), original);
    fs::remove_file(src.join("empty")).unwrap();

    // And the executable bit, which Lambda keeps.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(src.join("index.js"), fs::Permissions::from_mode(0o755)).unwrap();
        assert_ne!(asset_hash(&src), original);
    }
}

// ---- external validation ------------------------------------------------------------------

#[test]
fn realistic_templates_pass_cfn_lint() {
    let dir = TempDir::new("cfn-lint");
    let out = dir.join("out");
    let app = App::with_out_dir(&out);
    let core = Stack::new(&app, "Core");
    let env = CfnParameter::new(&core, "Env", ParameterType::String);
    env.default_value("dev").allowed_values(["dev", "prod"]);
    let is_prod = CfnCondition::new(&core, "IsProd", fns::equals(env.value_as_string(), "prod"));
    let retention = CfnMapping::new(&core, "Retention");
    retention
        .set("dev", "Seconds", 345600)
        .set("prod", "Seconds", 1209600);
    let dlq = CfnResource::new(
        &Scope::new(&core, "DeadLetters"),
        "Resource",
        "AWS::SQS::Queue",
    );
    dlq.apply_removal_policy(RemovalPolicy::Destroy);
    let q = CfnResource::new(&Scope::new(&core, "Work"), "Resource", "AWS::SQS::Queue");
    q.set_property("VisibilityTimeout", fns::if_::<Num>(&is_prod, 120, 30))
        .set_property(
            "MessageRetentionPeriod",
            retention.find_in_map(env.value_as_string(), "Seconds"),
        )
        .set_property("RedrivePolicy", json!({"maxReceiveCount": 3}))
        .add_property_override("RedrivePolicy.deadLetterTargetArn", dlq.get_att("Arn"))
        .apply_removal_policy(RemovalPolicy::RetainOnUpdateOrDelete);
    let topic = CfnResource::new(&core, "Alerts", "AWS::SNS::Topic");
    topic.set_condition(&is_prod).set_property(
        "KmsMasterKeyId",
        fns::sub(
            "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/sns",
            [],
        ),
    );
    CfnOutput::new(&core, "AlertsArn", topic.ref_()).condition(&is_prod);

    let consumer = Stack::new(&app, "Consumer");
    let policy = CfnResource::new(&consumer, "Policy", "AWS::SQS::QueuePolicy");
    policy
        .set_property("Queues", Value::list([q.ref_()]))
        .set_property(
            "PolicyDocument",
            Value::map([
                ("Version", Value::from("2012-10-17")),
                (
                    "Statement",
                    Value::list([Value::map([
                        ("Effect", Value::from("Allow")),
                        ("Principal", json!({"Service": "sns.amazonaws.com"}).into()),
                        ("Action", Value::from("sqs:SendMessage")),
                        ("Resource", Value::from(q.get_att("Arn"))),
                    ])]),
                ),
            ]),
        );
    app.write().unwrap();

    let t = read_json(&out.join("Core.template.json"));
    assert_eq!(
        t["Resources"][q.logical_id()]["UpdateReplacePolicy"],
        "Retain",
        "RetainExceptOnCreate is not a valid UpdateReplacePolicy"
    );
    let lint = cdk_validators::cfn_lint(&[
        out.join("Core.template.json"),
        out.join("Consumer.template.json"),
    ]);
    assert!(lint.success, "cfn-lint found problems:\n{}", lint.output);
}

#[test]
fn content_hashed_logical_ids_follow_the_source_content() {
    fn build(timeout: i64) -> serde_json::Value {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        let f = CfnResource::new(&stack, "Fn", "AWS::SQS::Queue");
        f.set_property("VisibilityTimeout", timeout);
        let v = CfnResource::new(&stack, "Version", "AWS::SNS::Topic");
        v.logical_id_from_content("FnVersion", &f);
        let user = CfnResource::new(&stack, "User", "AWS::SNS::Topic");
        user.set_property("DisplayName", v.get_att("TopicName"));
        stack.template().unwrap()
    }
    let ids = |t: &serde_json::Value| -> Vec<String> {
        t["Resources"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let (a, b, c) = (build(30), build(30), build(31));
    assert_eq!(a, b, "same content, same bytes");
    let version_a = ids(&a)[1].clone();
    let version_c = ids(&c)[1].clone();
    assert!(version_a.starts_with("FnVersion") && version_a.len() == "FnVersion".len() + 10);
    assert_ne!(version_a, version_c, "new content, new logical ID");
    assert_eq!(
        c["Resources"]["User"]["Properties"]["DisplayName"],
        json!({"Fn::GetAtt": [version_c, "TopicName"]}),
        "references follow the hashed ID"
    );
}

#[test]
fn describe_names_references_by_path_the_same_in_every_app() {
    let text = |extra: bool| {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        if extra {
            // Unrelated constructs before change node indices, not the description.
            CfnResource::new(&stack, "Before", "AWS::SQS::Queue");
        }
        let pool = CfnResource::new(&stack, "Pool", "AWS::Cognito::UserPool");
        let arn = cdk_core::fns::join("", [Str::from("x:"), pool.get_att("Arn"), Aws::region()]);
        arn.describe()
    };
    assert_eq!(text(false), text(true));
    assert_eq!(
        text(false),
        r#"{"Fn::Join":["",["x:",{"Fn::GetAtt":["S/Pool","Arn"]},{"Ref":"AWS::Region"}]]}"#
    );
    assert_eq!(Str::from("lit").describe(), "\"lit\"");
}

#[test]
fn transform_get_att_names_an_attribute_of_a_generated_resource_only_with_a_transform() {
    use cdk_core::Flavor;
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let func = CfnResource::new(&stack, "Fn", "AWS::Serverless::Function");
    func.require_transform("AWS::Serverless-2016-10-31");
    let url = func.transform_get_att("Url", "FunctionUrl");
    let value: Str = Flavor::either(Str::from("plain"), url);
    CfnOutput::new(&stack, "Url", value);
    let sam = stack
        .sam_template()
        .expect("the SAM template has the transform");
    assert_eq!(
        sam["Outputs"]["Url"]["Value"],
        json!({"Fn::GetAtt": ["FnUrl", "FunctionUrl"]})
    );
    // Without a transform, an error naming it.
    let other = Stack::new(&app, "T");
    queue(&other, "Q");
    CfnOutput::new(&other, "Url", func.transform_get_att("Url", "FunctionUrl"));
    let err = app.assemble().unwrap_err();
    assert!(
        err.to_string()
            .contains("a name only a template transform generates"),
        "{err}"
    );
}

#[test]
fn a_resource_in_both_templates_gets_each_templates_own_values() {
    // The second template reuses the first one's properties only where they resolve the
    // same in both; a per-template value anywhere inside them, or a reference to a resource
    // of one template, keeps them apart.
    use cdk_core::Flavor;
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let only_sam = queue(&stack, "OnlySam");
    only_sam.only_in(Flavor::Sam);
    let plain = queue(&stack, "Plain");
    plain.set_property("Name", "same");
    plain.set_property(
        "Deep",
        Value::map([(
            "List",
            Value::list([Value::from(Flavor::either::<Str>("plain", "sam"))]),
        )]),
    );
    let user = queue(&stack, "User");
    user.set_property(
        "Target",
        Flavor::either::<Str>(Str::from("none"), only_sam.ref_()),
    );
    let peer = queue(&stack, "Peer");
    peer.set_property("Peer", plain.ref_());
    peer.add_dependency(&user);

    let cfn = stack.template().expect("plain template");
    let sam = stack.sam_template().expect("SAM template");
    let r = |t: &Json, id: &str| t["Resources"][id].clone();
    assert_eq!(
        r(&cfn, "Plain")["Properties"]["Deep"],
        json!({"List": ["plain"]})
    );
    assert_eq!(
        r(&sam, "Plain")["Properties"]["Deep"],
        json!({"List": ["sam"]})
    );
    assert_eq!(r(&cfn, "User")["Properties"]["Target"], json!("none"));
    assert_eq!(
        r(&sam, "User")["Properties"]["Target"],
        json!({"Ref": "OnlySam"})
    );
    for t in [&cfn, &sam] {
        assert_eq!(
            r(t, "Peer")["Properties"],
            json!({"Peer": {"Ref": "Plain"}})
        );
        assert_eq!(r(t, "Peer")["DependsOn"], json!(["User"]));
    }
    assert!(cfn["Resources"].get("OnlySam").is_none());
}

#[test]
fn a_cycle_through_reused_properties_is_found_in_both_templates_once() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let a = queue(&stack, "A");
    let b = queue(&stack, "B");
    a.set_property("Peer", b.get_att("Arn"));
    b.set_property("Peer", a.get_att("Arn"));
    let err = app.assemble().unwrap_err().to_string();
    assert_eq!(err.matches("dependency cycle between").count(), 1, "{err}");
}

/// An app big enough to be rendered on several threads: four stacks of `n` queues each.
fn four_big_stacks(app: &App, n: usize) -> Vec<(Stack, Vec<CfnResource>)> {
    (0..4)
        .map(|s| {
            let stack = Stack::new(app, &format!("S{s}"));
            let queues = (0..n).map(|i| queue(&stack, &format!("Q{i}"))).collect();
            (stack, queues)
        })
        .collect()
}

#[test]
fn stacks_rendered_side_by_side_give_the_exports_in_stack_order() {
    // S3 is the largest, so another thread than S1's may render it first; the producer's
    // exports still come in the order of the consuming stacks, as one thread finds them.
    let app = App::new();
    let stacks = four_big_stacks(&app, 60);
    for i in 0..40 {
        queue(&stacks[3].0, &format!("Extra{i}"));
    }
    let producer = &stacks[0].1;
    stacks[1].1[0].set_property("P", producer[5].get_att("Arn"));
    stacks[3].1[0].set_property("P", producer[2].get_att("Arn"));
    stacks[2].1[0].set_property("P", producer[9].ref_());
    let assembly = app.assemble().expect("valid");
    let s0 = assembly.stacks.iter().find(|s| s.name == "S0").expect("S0");
    assert_eq!(s0.templates.len(), 2);
    for (_, template) in &s0.templates {
        let outputs: Vec<Json> = template["Outputs"]
            .as_object()
            .expect("outputs")
            .values()
            .map(|o| o["Value"].clone())
            .collect();
        assert_eq!(
            outputs,
            vec![
                json!({"Fn::GetAtt": ["Q5", "Arn"]}),
                json!({"Ref": "Q9"}),
                json!({"Fn::GetAtt": ["Q2", "Arn"]}),
            ]
        );
    }
}

#[test]
fn a_mistake_in_a_stack_rendered_on_another_thread_names_the_construct() {
    let (other_app, other) = {
        let app = App::new();
        let stack = Stack::new(&app, "Other");
        (app, stack)
    };
    let foreign = queue(&other, "Foreign");
    let app = App::new();
    // Big enough that the other thread takes a stack before this one has rendered all four.
    let stacks = four_big_stacks(&app, 400);
    for (_, queues) in &stacks {
        queues[0].set_property("P", foreign.get_att("Arn"));
    }
    let err = app.assemble().unwrap_err().to_string();
    for s in 0..4 {
        assert!(
            err.contains(&format!(
                "S{s}/Q0: refers to `Other/Foreign`, which belongs to another App"
            )),
            "{err}"
        );
    }
    drop(other_app);
}
