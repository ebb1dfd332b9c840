//! The SAM helpers against the hand-written fixture pair in `tests/fixtures/`:
//! `canary.sam.json` (a SAM function with `AutoPublishAlias`, a canary `DeploymentPreference`
//! with an alarm and both traffic hooks, an SQS and a schedule event, a policy template) and
//! `canary.template.json` (what our plain template would say for it, written by hand with
//! different logical IDs for everything SAM generates, and equivalent but differently spelled
//! ARNs and statements). The pair must agree; each mutation must be caught.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{json, Value};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("read fixture")).expect("fixture is JSON")
}

fn plain() -> Value {
    read_json(&fixture("canary.template.json"))
}

/// The fixture's translation, done once for all tests.
fn translated() -> &'static Value {
    static T: OnceLock<Value> = OnceLock::new();
    T.get_or_init(|| {
        cdk_validators::sam_translate(&fixture("canary.sam.json"))
            .unwrap_or_else(|e| panic!("the SAM fixture translates: {e}"))
    })
}

/// A copy of `doc` with the value at `pointer` replaced (`Some`) or removed (`None`).
fn mutate(doc: &Value, pointer: &str, new: Option<Value>) -> Value {
    let mut doc = doc.clone();
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let slot = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no {parent} in the fixture"));
    match (slot, new) {
        (Value::Object(map), Some(v)) => {
            map.insert(key.to_string(), v);
        }
        (Value::Object(map), None) => {
            map.remove(key).unwrap_or_else(|| panic!("no {pointer}"));
        }
        (Value::Array(items), Some(v)) => items[key.parse::<usize>().expect("index")] = v,
        (Value::Array(items), None) => {
            items.remove(key.parse::<usize>().expect("index"));
        }
        _ => panic!("{parent} is not a container"),
    }
    doc
}

/// Asserts that comparing the fixture's translation with `plain` finds a difference that
/// contains every one of `needles`, and returns all differences.
fn assert_caught(translated: &Value, plain: &Value, needles: &[&str]) -> Vec<String> {
    let report = cdk_validators::differential(translated, plain);
    assert!(
        report
            .differences
            .iter()
            .any(|d| needles.iter().all(|n| d.contains(n))),
        "expected a difference mentioning {needles:?}, got:\n{report}"
    );
    report.differences
}

const WORKER: &str = "/Resources/Worker9C0D1E2F";
const ALIAS: &str = "/Resources/WorkerAliasLive7D8E9F0A";
const GROUP: &str = "/Resources/WorkerDeploymentGroup6F7A8B9C";
const ROLE: &str = "/Resources/WorkerServiceRole1F2E3D4C";
const MAPPING: &str = "/Resources/WorkerSqsEventSourceJobs8E9F0A1B";
const RULE: &str = "/Resources/WorkerSweepRule2C3D4E5F";

#[test]
fn the_fixtures_pass_cfn_lint_and_sam_validate() {
    let run =
        cdk_validators::cfn_lint(&[fixture("canary.sam.json"), fixture("canary.template.json")]);
    assert!(run.success, "cfn-lint on the fixtures:\n{}", run.output);
    let run = cdk_validators::sam_validate_lint(&fixture("canary.sam.json"));
    assert!(
        run.success,
        "sam validate --lint on the SAM fixture:\n{}",
        run.output
    );
    assert!(
        run.output.contains("is a valid SAM Template"),
        "{}",
        run.output
    );
}

#[test]
fn sam_validate_lint_fails_on_a_broken_template() {
    let dir = std::env::temp_dir().join(format!("cdk-validators-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let broken = dir.join("broken.sam.json");
    let sam = read_json(&fixture("canary.sam.json"));
    let sam = mutate(
        &sam,
        &format!("{WORKER}/Properties/Timeout"),
        Some(json!("soon")),
    );
    std::fs::write(&broken, sam.to_string()).expect("write");
    let run = cdk_validators::sam_validate_lint(&broken);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        !run.success,
        "sam validate accepted a Timeout of \"soon\":\n{}",
        run.output
    );
    assert!(
        run.output.contains("'soon' is not of type 'integer'"),
        "{}",
        run.output
    );
}

/// cfn-lint checks SAM resources against SAM's schema, which is looser than CloudFormation's
/// (it accepts any `Runtime`, for one); the translation is plain CloudFormation and gets the
/// full checks. This is why the examples' test lints the translation too.
#[test]
fn cfn_lint_on_the_translation_catches_what_it_misses_on_the_sam_template() {
    let dir = std::env::temp_dir().join(format!("cdk-validators-runtime-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let sam_path = dir.join("runtime.sam.json");
    let out_path = dir.join("runtime.translated.json");
    let sam = read_json(&fixture("canary.sam.json"));
    let sam = mutate(
        &sam,
        &format!("{WORKER}/Properties/Runtime"),
        Some(json!("python2.1")),
    );
    std::fs::write(&sam_path, sam.to_string()).expect("write");
    let on_sam = cdk_validators::cfn_lint(std::slice::from_ref(&sam_path));
    let translated = cdk_validators::sam_translate(&sam_path).expect("translates");
    std::fs::write(&out_path, translated.to_string()).expect("write");
    let on_translation = cdk_validators::cfn_lint(std::slice::from_ref(&out_path));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        on_sam.success,
        "cfn-lint now checks SAM runtimes; simplify the examples' test:\n{}",
        on_sam.output
    );
    assert!(!on_translation.success, "{}", on_translation.output);
    assert!(
        on_translation.output.contains("E3030"),
        "{}",
        on_translation.output
    );
}

#[test]
fn the_translation_of_the_fixture_passes_cfn_lint() {
    let dir = std::env::temp_dir().join(format!("cdk-validators-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("canary.translated.json");
    std::fs::write(&path, translated().to_string()).expect("write");
    let run = cdk_validators::cfn_lint(std::slice::from_ref(&path));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(run.success, "{}", run.output);
}

#[test]
fn the_translation_is_what_sam_generates_with_local_code_in_the_dummy_bucket() {
    let t = translated();
    assert!(t.get("Transform").is_none(), "the transform is applied");
    let res = t["Resources"].as_object().expect("resources");
    let count = |ty: &str| res.values().filter(|r| r["Type"] == ty).count();
    assert_eq!(count("AWS::Serverless::Function"), 0);
    assert_eq!(count("AWS::Lambda::Function"), 3);
    assert_eq!(count("AWS::Lambda::Version"), 1);
    assert_eq!(count("AWS::Lambda::Alias"), 1);
    assert_eq!(count("AWS::CodeDeploy::DeploymentGroup"), 1);
    assert_eq!(res["Worker9C0D1E2FAliaslive"]["Properties"]["Name"], "live");
    assert_eq!(
        res["Worker9C0D1E2F"]["Properties"]["Code"],
        json!({
            "S3Bucket": cdk_validators::LOCAL_ASSET_BUCKET,
            "S3Key": "assets/0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
        })
    );
    // Metadata passes through, which pairs functions by aws:cdk:path.
    assert_eq!(
        res["Worker9C0D1E2F"]["Metadata"]["aws:cdk:path"],
        "Fixture/Worker/Resource"
    );
}

#[test]
fn yaml_with_short_form_intrinsics_translates_like_json() {
    let dir = std::env::temp_dir().join(format!("cdk-validators-yaml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let yaml = dir.join("t.sam.yaml");
    let json_path = dir.join("t.sam.json");
    std::fs::write(
        &yaml,
        "Transform: AWS::Serverless-2016-10-31\n\
         Resources:\n\
         \x20 Queue:\n\
         \x20   Type: AWS::SQS::Queue\n\
         \x20 Fn:\n\
         \x20   Type: AWS::Serverless::Function\n\
         \x20   Properties:\n\
         \x20     CodeUri: assets/x\n\
         \x20     Handler: index.handler\n\
         \x20     Runtime: python3.12\n\
         \x20     AutoPublishAlias: live\n\
         \x20     Environment:\n\
         \x20       Variables:\n\
         \x20         URL: !Ref Queue\n\
         \x20         NAME: !Sub \"${Queue.QueueName}-x\"\n\
         \x20     Events:\n\
         \x20       Q:\n\
         \x20         Type: SQS\n\
         \x20         Properties:\n\
         \x20           Queue: !GetAtt Queue.Arn\n",
    )
    .expect("write yaml");
    let as_json = json!({
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {
            "Queue": {"Type": "AWS::SQS::Queue"},
            "Fn": {"Type": "AWS::Serverless::Function", "Properties": {
                "CodeUri": "assets/x", "Handler": "index.handler", "Runtime": "python3.12",
                "AutoPublishAlias": "live",
                "Environment": {"Variables": {
                    "URL": {"Ref": "Queue"},
                    "NAME": {"Fn::Sub": "${Queue.QueueName}-x"}
                }},
                "Events": {"Q": {"Type": "SQS", "Properties": {"Queue": {"Fn::GetAtt": ["Queue", "Arn"]}}}}
            }}
        }
    });
    std::fs::write(&json_path, as_json.to_string()).expect("write json");
    let from_yaml = cdk_validators::sam_translate(&yaml);
    let from_json = cdk_validators::sam_translate(&json_path);
    let _ = std::fs::remove_dir_all(&dir);
    let from_yaml = from_yaml.expect("the YAML translates");
    assert_eq!(from_yaml, from_json.expect("the JSON translates"));
    assert_eq!(
        from_yaml["Resources"]["FnQ"]["Properties"]["EventSourceArn"],
        json!({"Fn::GetAtt": ["Queue", "Arn"]})
    );
}

#[test]
fn an_invalid_sam_document_is_an_error_naming_the_template_and_the_cause() {
    let dir = std::env::temp_dir().join(format!("cdk-validators-invalid-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("invalid.sam.json");
    let sam = read_json(&fixture("canary.sam.json"));
    let sam = mutate(&sam, &format!("{WORKER}/Properties/AutoPublishAlias"), None);
    std::fs::write(&path, sam.to_string()).expect("write");
    let err = cdk_validators::sam_translate(&path);
    let _ = std::fs::remove_dir_all(&dir);
    let err = err.expect_err("a deployment preference without an alias is invalid");
    assert!(err.contains("invalid.sam.json"), "{err}");
    assert!(err.contains("AutoPublishAlias"), "{err}");
}

#[test]
fn the_fixture_pair_agrees() {
    let report = cdk_validators::differential(translated(), &plain());
    assert!(report.is_empty(), "the fixture pair differs:\n{report}");
    let mut functions = report.matched_functions.clone();
    functions.sort();
    assert_eq!(
        functions,
        [
            (
                "PostTraffic1C2D3E4F".to_string(),
                "PostTraffic1C2D3E4F".to_string()
            ),
            ("PreTraffic7E8F9A0B".into(), "PreTraffic7E8F9A0B".into()),
            ("Worker9C0D1E2F".into(), "Worker9C0D1E2F".into()),
        ]
    );
}

#[test]
fn a_different_alias_name_is_caught() {
    let p = mutate(
        &plain(),
        &format!("{ALIAS}/Properties/Name"),
        Some(json!("prod")),
    );
    assert_caught(
        translated(),
        &p,
        &["Worker9C0D1E2F", "alias names differ", "live", "prod"],
    );
}

#[test]
fn a_different_deployment_config_is_caught() {
    let p = mutate(
        &plain(),
        &format!("{GROUP}/Properties/DeploymentConfigName"),
        Some(json!("CodeDeployDefault.LambdaLinear10PercentEvery1Minute")),
    );
    assert_caught(
        translated(),
        &p,
        &[
            "alias `live`",
            "deployment config",
            "LambdaCanary10Percent5Minutes",
            "LambdaLinear10PercentEvery1Minute",
        ],
    );
}

#[test]
fn a_deployment_config_changed_on_the_sam_side_is_caught() {
    let dir = std::env::temp_dir().join(format!("cdk-validators-linear-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("linear.sam.json");
    let sam = read_json(&fixture("canary.sam.json"));
    let sam = mutate(
        &sam,
        &format!("{WORKER}/Properties/DeploymentPreference/Type"),
        Some(json!("Linear10PercentEvery1Minute")),
    );
    std::fs::write(&path, sam.to_string()).expect("write");
    let t = cdk_validators::sam_translate(&path);
    let _ = std::fs::remove_dir_all(&dir);
    assert_caught(
        &t.expect("translates"),
        &plain(),
        &["deployment config", "LambdaLinear10PercentEvery1Minute"],
    );
}

#[test]
fn missing_or_disabled_alarms_are_caught() {
    let p = mutate(
        &plain(),
        &format!("{GROUP}/Properties/AlarmConfiguration/Alarms"),
        Some(json!([])),
    );
    assert_caught(translated(), &p, &["alarms:", "WorkerErrors3A4B5C6D"]);
    let p = mutate(
        &plain(),
        &format!("{GROUP}/Properties/AlarmConfiguration/Enabled"),
        Some(json!(false)),
    );
    assert_caught(translated(), &p, &["alarms enabled"]);
}

#[test]
fn swapped_or_missing_hooks_are_caught() {
    let p = mutate(
        &plain(),
        &format!("{ALIAS}/UpdatePolicy/CodeDeployLambdaAliasUpdate/BeforeAllowTrafficHook"),
        Some(json!({"Ref": "PostTraffic1C2D3E4F"})),
    );
    let all = assert_caught(
        translated(),
        &p,
        &[
            "pre-traffic hook",
            "PreTraffic7E8F9A0B",
            "PostTraffic1C2D3E4F",
        ],
    );
    assert!(!all.iter().any(|d| d.contains("post-traffic")), "{all:?}");
    let p = mutate(
        &plain(),
        &format!("{ALIAS}/UpdatePolicy/CodeDeployLambdaAliasUpdate/AfterAllowTrafficHook"),
        None,
    );
    assert_caught(
        translated(),
        &p,
        &["post-traffic hook", "plain template has nothing"],
    );
}

#[test]
fn no_traffic_shifting_is_caught() {
    let p = mutate(&plain(), &format!("{ALIAS}/UpdatePolicy"), None);
    assert_caught(
        translated(),
        &p,
        &[
            "alias `live`",
            "CodeDeployLambdaAliasUpdate",
            "plain template has none",
        ],
    );
}

#[test]
fn a_codedeploy_application_for_another_platform_is_caught_once() {
    let p = mutate(
        &plain(),
        "/Resources/WorkerApplication2B3C4D5E/Properties/ComputePlatform",
        Some(json!("Server")),
    );
    let all = assert_caught(
        translated(),
        &p,
        &[
            "CodeDeploy application",
            "ComputePlatform",
            "\"Lambda\"",
            "\"Server\"",
        ],
    );
    assert_eq!(all.len(), 1, "{all:?}");
}

#[test]
fn changed_event_wiring_is_caught() {
    // A different batch size.
    let p = mutate(
        &plain(),
        &format!("{MAPPING}/Properties/BatchSize"),
        Some(json!(10)),
    );
    assert_caught(
        translated(),
        &p,
        &[
            "Worker9C0D1E2F",
            "event wiring",
            "\"BatchSize\":5",
            "\"BatchSize\":10",
        ],
    );
    // Events wired to the function instead of the alias bypass traffic shifting.
    let p = mutate(
        &plain(),
        &format!("{MAPPING}/Properties/FunctionName"),
        Some(json!({"Ref": "Worker9C0D1E2F"})),
    );
    assert_caught(translated(), &p, &["event wiring", "EventSourceMapping"]);
    // Another queue.
    let p = mutate(
        &plain(),
        &format!("{MAPPING}/Properties/EventSourceArn"),
        Some(json!("arn:aws:sqs:us-east-1:123456789012:other")),
    );
    assert_caught(translated(), &p, &["event wiring", "other"]);
    // Another schedule.
    let p = mutate(
        &plain(),
        &format!("{RULE}/Properties/ScheduleExpression"),
        Some(json!("rate(2 hours)")),
    );
    assert_caught(translated(), &p, &["event wiring", "rate(2 hours)"]);
    // A missing permission: the rule could not invoke the alias.
    let p = mutate(
        &plain(),
        "/Resources/WorkerSweepAllowEventRule6A7B8C9D",
        None,
    );
    let all = assert_caught(
        translated(),
        &p,
        &["event wiring", "Permission", "events.amazonaws.com"],
    );
    assert!(
        all.iter().any(|d| d.contains(
            "AWS::Lambda::Permission: 1 in the SAM translation, 0 in the plain template"
        )),
        "{all:?}"
    );
}

#[test]
fn changed_policy_statements_are_caught() {
    let actions = format!("{ROLE}/Properties/Policies/0/PolicyDocument/Statement/1/Action");
    let p = mutate(
        &plain(),
        &actions,
        Some(json!([
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:Query",
            "dynamodb:UpdateItem"
        ])),
    );
    assert_caught(
        translated(),
        &p,
        &[
            "IAM role `Worker9C0D1E2FRole` (plain template: `WorkerServiceRole1F2E3D4C`)",
            "policy statements",
            "dynamodb:scan",
        ],
    );
    // A wider resource is a different grant.
    let p = mutate(
        &plain(),
        &format!("{ROLE}/Properties/Policies/0/PolicyDocument/Statement/1/Resource"),
        Some(json!("*")),
    );
    assert_caught(
        translated(),
        &p,
        &[
            "policy statements",
            "only in the plain template: [Allow dynamodb:getitem on *",
        ],
    );
    // A missing managed policy.
    let p = mutate(
        &plain(),
        &format!("{ROLE}/Properties/ManagedPolicyArns/1"),
        None,
    );
    assert_caught(
        translated(),
        &p,
        &["managed policies", "AWSLambdaSQSQueueExecutionRole"],
    );
    // A different trust.
    let p = mutate(
        &plain(),
        &format!("{ROLE}/Properties/AssumeRolePolicyDocument/Statement/0/Principal/Service"),
        Some(json!("edgelambda.amazonaws.com")),
    );
    assert_caught(
        translated(),
        &p,
        &["trust policy statements", "edgelambda.amazonaws.com"],
    );
    // The CodeDeploy service role is compared too.
    let p = mutate(
        &plain(),
        "/Resources/WorkerDeploymentRole0D1E2F3A/Properties/ManagedPolicyArns/0",
        Some(json!("arn:aws:iam::aws:policy/AWSCodeDeployFullAccess")),
    );
    assert_caught(
        translated(),
        &p,
        &[
            "`CodeDeployServiceRole`",
            "managed policies",
            "AWSCodeDeployRoleForLambda",
        ],
    );
}

#[test]
fn spelling_differences_that_mean_the_same_are_not_differences() {
    // The baseline already spells ARNs with Fn::Join / Fn::Sub / GetAtt where SAM uses
    // literals and policy templates; here, more of the same: a literal partition, statements
    // regrouped, a Sid, actions in another case.
    let mut p = mutate(
        &plain(),
        &format!("{ROLE}/Properties/ManagedPolicyArns/0"),
        Some(json!(
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
        )),
    );
    let statements = format!("{ROLE}/Properties/Policies/0/PolicyDocument/Statement");
    let mut list = p
        .pointer(&statements)
        .expect("statements")
        .as_array()
        .expect("array")
        .clone();
    list.reverse();
    list[0]["Sid"] = json!("Crud");
    list[0]["Action"] = json!([
        "DynamoDB:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:Scan",
        "dynamodb:UpdateItem"
    ]);
    p = mutate(&p, &statements, Some(Value::Array(list)));
    p = mutate(
        &p,
        &format!("{RULE}/Properties/Targets/0/Id"),
        Some(json!("AnyName")),
    );
    let report = cdk_validators::differential(translated(), &p);
    assert!(report.is_empty(), "{report}");
}

#[test]
fn function_properties_and_tags_are_compared_except_sams_own_tag() {
    let p = mutate(
        &plain(),
        &format!("{WORKER}/Properties/Timeout"),
        Some(json!(60)),
    );
    assert_caught(
        translated(),
        &p,
        &[
            "function `Worker9C0D1E2F`",
            "property `Timeout`",
            "30",
            "60",
        ],
    );
    let p = mutate(
        &plain(),
        &format!("{WORKER}/Properties/Code"),
        Some(json!(
            "assets/ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        )),
    );
    assert_caught(translated(), &p, &["property `Code`", "assets/0f1e2d"]);
    let p = mutate(
        &plain(),
        &format!("{WORKER}/Properties/Tags"),
        Some(json!([{"Key": "team", "Value": "x"}])),
    );
    assert_caught(translated(), &p, &["property `Tags`", "team"]);
}

#[test]
fn version_retention_is_compared() {
    let p = mutate(
        &plain(),
        "/Resources/WorkerCurrentVersionB7C8D9E0d41d8cd98f/DeletionPolicy",
        None,
    );
    assert_caught(
        translated(),
        &p,
        &["Version", "attribute `DeletionPolicy`", "Retain"],
    );
}

#[test]
fn extra_or_changed_resources_and_outputs_are_caught() {
    let p = mutate(
        &plain(),
        "/Resources/ExtraQueue",
        Some(json!({"Type": "AWS::SQS::Queue"})),
    );
    let all = assert_caught(
        translated(),
        &p,
        &["resource type AWS::SQS::Queue: 1 in the SAM translation, 2 in the plain template"],
    );
    assert!(
        all.iter()
            .any(|d| d.contains("`ExtraQueue` of the plain template has no counterpart")),
        "{all:?}"
    );
    let p = mutate(
        &plain(),
        "/Resources/JobsQueue1A2B3C4D/Properties/VisibilityTimeout",
        Some(json!(30)),
    );
    assert_caught(
        translated(),
        &p,
        &[
            "AWS::SQS::Queue `JobsQueue1A2B3C4D`",
            "property `VisibilityTimeout`",
        ],
    );
    let p = mutate(
        &plain(),
        "/Outputs/LiveAlias/Value",
        Some(json!({"Ref": "Worker9C0D1E2F"})),
    );
    assert_caught(translated(), &p, &["section Outputs", "entry `LiveAlias`"]);
    let p = mutate(&plain(), "/Resources/PostTraffic1C2D3E4F", None);
    assert_caught(
        translated(),
        &p,
        &["function `PostTraffic1C2D3E4F` of the SAM translation has no counterpart"],
    );
}
