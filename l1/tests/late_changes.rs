//! What an L2 does with an L1 resource: optional settings in one builder chain (`maybe_`),
//! changes after creation through `props()` (set, append, insert, clear, nested objects, the
//! `Value` escape hatch), and the order they render in.

use cdk_core::assertions::Template;
use cdk_core::{App, CfnParameter, Flavor, ParameterType, Stack, Value};
use cfn_l1::events::{rule, CfnRule, CfnRuleProps};
use cfn_l1::iam::{CfnRole, CfnRoleProps};
use cfn_l1::lambda::{function, CfnFunction, CfnFunctionProps};
use cfn_l1::s3::{bucket, CfnBucket, CfnBucketProps};
use cfn_l1::sqs::{CfnQueue, CfnQueueProps};
use serde_json::{json, Value as Json};

fn stack() -> (App, Stack) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    (app, stack)
}

/// The rendered properties of the resource `logical_id`, as JSON text (key order included).
fn rendered(stack: &Stack, logical_id: &str) -> String {
    let t = stack.template().expect("synthesize");
    serde_json::to_string(&t["Resources"][logical_id]["Properties"]).expect("json")
}

fn target(id: &str) -> rule::Target {
    rule::Target::builder()
        .arn(format!("arn:aws:sqs:eu-west-1:111111111111:{id}"))
        .id(id)
        .build()
}

#[test]
fn maybe_setters_set_some_and_skip_none() {
    let (_app, stack) = stack();
    let name: Option<&str> = Some("jobs");
    let timeout: Option<u32> = None;
    let tags: Option<Vec<cfn_l1::Tag>> = Some(vec![("team", "core").into()]);
    CfnQueue::new(
        &stack,
        "Queue",
        CfnQueueProps::builder()
            .maybe_queue_name(name)
            .maybe_visibility_timeout(timeout)
            .maybe_tags(tags)
            .build(),
    );
    assert_eq!(
        rendered(&stack, "Queue"),
        r#"{"QueueName":"jobs","Tags":[{"Key":"team","Value":"core"}]}"#
    );
}

#[test]
fn maybe_setters_work_under_the_typestate() {
    // `KeySchema` has two required properties; `maybe_` of an optional one is available in
    // any state, and `build()` still needs both.
    let (_app, stack) = stack();
    let env = Some(
        function::Environment::builder()
            .variables([("A", "1")])
            .build(),
    );
    CfnFunction::new(
        &stack,
        "Fn",
        CfnFunctionProps::builder()
            .maybe_description(None::<&str>)
            .maybe_environment(env)
            .role("arn:aws:iam::111111111111:role/r")
            .maybe_memory_size(Some(256))
            .code(function::Code::builder().zip_file("exports.h = 1").build())
            .build(),
    );
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::Lambda::Function",
        json!({"Environment": {"Variables": {"A": "1"}}, "MemorySize": 256}),
    );
}

#[test]
fn a_property_set_later_renders_where_the_builder_would_have_put_it() {
    // Built at once ...
    let (_a, at_once) = stack();
    CfnRule::new(
        &at_once,
        "Rule",
        CfnRuleProps::builder()
            .description("nightly")
            .schedule_expression("rate(1 day)")
            .state("ENABLED")
            .targets([target("A"), target("B")])
            .build(),
    );
    // ... and the same built in pieces, in another order: identical output.
    let (_b, later) = stack();
    let r = CfnRule::new(
        &later,
        "Rule",
        CfnRuleProps::builder()
            .schedule_expression("rate(1 day)")
            .build(),
    );
    r.props().targets().append([target("A")]);
    r.props().state().set("DISABLED");
    r.props().description().set("nightly");
    r.props().targets().append([target("B")]);
    r.props().state().set("ENABLED"); // replacing keeps the place
    assert_eq!(rendered(&at_once, "Rule"), rendered(&later, "Rule"));
    assert!(
        rendered(&later, "Rule").starts_with(r#"{"Description":"nightly","ScheduleExpression""#)
    );
}

#[test]
fn clear_removes_an_optional_property() {
    let (_app, stack) = stack();
    let q = CfnQueue::new(
        &stack,
        "Queue",
        CfnQueueProps::builder()
            .delay_seconds(5)
            .queue_name("q")
            .build(),
    );
    q.props().delay_seconds().clear();
    q.props().kms_master_key_id().clear(); // not set: nothing to do
    assert_eq!(rendered(&stack, "Queue"), r#"{"QueueName":"q"}"#);
}

#[test]
fn nested_lists_and_maps_grow_one_item_at_a_time() {
    let (_app, stack) = stack();
    let b = CfnBucket::new(&stack, "Bucket", CfnBucketProps::builder().build());
    let notifications = b.props().notification_configuration().edit();
    for (event, queue) in [
        ("s3:ObjectCreated:*", "arn:q1"),
        ("s3:ObjectRemoved:*", "arn:q2"),
    ] {
        notifications
            .queue_configurations()
            .append([bucket::QueueConfiguration::builder()
                .event(event)
                .queue(queue)
                .build()]);
    }
    notifications.event_bridge_configuration().set(
        bucket::EventBridgeConfiguration::builder()
            .event_bridge_enabled(true)
            .build(),
    );

    let f = CfnFunction::new(
        &stack,
        "Fn",
        CfnFunctionProps::builder()
            .code(function::Code::builder().zip_file("x").build())
            .role("arn:aws:iam::111111111111:role/r")
            .build(),
    );
    f.props().environment().edit().variables().insert("B", "2");
    f.props().environment().edit().variables().insert("A", "1");
    f.props().environment().edit().variables().insert("B", "3");

    let r = CfnRole::new(
        &stack,
        "Role",
        CfnRoleProps::builder()
            .assume_role_policy_document_value(json!({"Version": "2012-10-17", "Statement": []}))
            .build(),
    );
    r.props()
        .managed_policy_arns()
        .append(["arn:aws:iam::aws:policy/A"]);
    r.props()
        .managed_policy_arns()
        .append(["arn:aws:iam::aws:policy/B"]);

    assert_eq!(
        rendered(&stack, "Bucket"),
        concat!(
            r#"{"NotificationConfiguration":{"EventBridgeConfiguration":{"EventBridgeEnabled":true},"#,
            r#""QueueConfigurations":[{"Event":"s3:ObjectCreated:*","Queue":"arn:q1"},"#,
            r#"{"Event":"s3:ObjectRemoved:*","Queue":"arn:q2"}]}}"#
        )
    );
    // Map entries keep the order they were added in.
    assert!(rendered(&stack, "Fn").contains(r#""Environment":{"Variables":{"B":"3","A":"1"}}"#));
    assert!(rendered(&stack, "Role").contains(
        r#""ManagedPolicyArns":["arn:aws:iam::aws:policy/A","arn:aws:iam::aws:policy/B"]"#
    ));
}

#[test]
fn the_value_escape_hatch_takes_any_shape() {
    let (_app, stack) = stack();
    let q = CfnQueue::new(
        &stack,
        "Queue",
        CfnQueueProps::builder()
            .redrive_policy_value(json!({"deadLetterTargetArn": "arn:dlq", "maxReceiveCount": 3}))
            .build(),
    );
    q.props()
        .redrive_allow_policy()
        .set_value(Value::map([("redrivePermission", "denyAll")]));
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::SQS::Queue",
        json!({
            "RedriveAllowPolicy": {"redrivePermission": "denyAll"},
            "RedrivePolicy": {"deadLetterTargetArn": "arn:dlq", "maxReceiveCount": 3}
        }),
    );
}

#[test]
fn appending_to_an_expression_is_a_synth_error_naming_the_property() {
    let (_app, stack) = stack();
    let arns = CfnParameter::new(&stack, "Arns", ParameterType::CommaDelimitedList);
    let r = CfnRole::new(
        &stack,
        "Role",
        CfnRoleProps::builder()
            .assume_role_policy_document_value(json!({}))
            .managed_policy_arns(arns.value_as_list())
            .build(),
    );
    r.props()
        .managed_policy_arns()
        .append(["arn:aws:iam::aws:policy/A"]);
    let err = stack
        .template()
        .expect_err("an append to a Ref cannot be made")
        .to_string();
    assert!(
        err.contains("cannot append to `Properties.ManagedPolicyArns`"),
        "{err}"
    );
}

#[test]
fn append_in_grows_a_list_inside_a_json_property() {
    let (_app, stack) = stack();
    let p = cfn_l1::iam::CfnPolicy::new(
        &stack,
        "Policy",
        cfn_l1::iam::CfnPolicyProps::builder()
            .policy_document(Value::from(
                json!({"Statement": [{"Effect": "Allow"}], "Version": "2012-10-17"}),
            ))
            .policy_name("p")
            .build(),
    );
    p.props()
        .policy_document()
        .append_in("Statement", [Value::from(json!({"Effect": "Deny"}))]);
    assert_eq!(
        rendered(&stack, "Policy"),
        r#"{"PolicyDocument":{"Statement":[{"Effect":"Allow"},{"Effect":"Deny"}],"Version":"2012-10-17"},"PolicyName":"p"}"#
    );

    // Inside an expression there is no list to grow: a synth error naming the property.
    let doc = CfnParameter::new(&stack, "Doc", ParameterType::String);
    let q = cfn_l1::iam::CfnPolicy::new(
        &stack,
        "Other",
        cfn_l1::iam::CfnPolicyProps::builder()
            .policy_document(doc.value_as_string())
            .policy_name("q")
            .build(),
    );
    q.props()
        .policy_document()
        .append_in("Statement", [Value::from(json!({"Effect": "Deny"}))]);
    let err = stack.template().expect_err("no literal object").to_string();
    assert!(
        err.contains("cannot append to `Properties.PolicyDocument`"),
        "{err}"
    );
}

#[test]
fn a_sam_resource_requires_the_transform_only_of_the_templates_it_is_in() {
    let (_app, stack) = stack();
    let f = cfn_l1::sam::CfnFunction::new(
        &stack,
        "Fn",
        cfn_l1::sam::CfnFunctionProps::builder()
            .inline_code("exports.handler = async () => {}")
            .handler("index.handler")
            .runtime("nodejs20.x")
            .build(),
    );
    f.resource().only_in(Flavor::Sam);
    CfnQueue::new(&stack, "Queue", CfnQueueProps::builder().build());

    let plain = Template::from_stack(&stack);
    assert_eq!(plain.to_json().get("Transform"), None::<&Json>);
    plain.resource_count_is("AWS::Serverless::Function", 0);
    let sam = Template::from_stack_sam(&stack);
    assert_eq!(
        sam.to_json()["Transform"],
        json!("AWS::Serverless-2016-10-31")
    );
    sam.resource_count_is("AWS::Serverless::Function", 1);
}

#[test]
fn a_sam_resource_in_both_templates_gives_both_the_transform() {
    let (_app, stack) = stack();
    cfn_l1::sam::CfnFunction::new(
        &stack,
        "Fn",
        cfn_l1::sam::CfnFunctionProps::builder()
            .inline_code("x")
            .handler("index.handler")
            .runtime("nodejs20.x")
            .build(),
    );
    for flavor in [Flavor::Cfn, Flavor::Sam] {
        let t = stack.template_of(flavor).expect("synthesize");
        assert_eq!(
            t["Transform"],
            json!("AWS::Serverless-2016-10-31"),
            "{flavor:?}"
        );
    }
}
