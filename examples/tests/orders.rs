//! The `orders` example (issue 12): its wiring as the issue describes it, written without
//! raw CloudFormation. (cfn-lint, the translator, the differential and `sam validate --lint`
//! run on its checked-in templates with every other example's, in `synth_out.rs` and `sam.rs`.)

use cdk_core::assertions::{Match, Template};
use serde_json::json;

fn templates() -> (Template, Template) {
    let app = cdk_core::app!();
    examples::orders::define(&app);
    let stack = |name: &str| {
        let stack = app
            .stacks()
            .into_iter()
            .find(|s| s.stack_name() == name)
            .unwrap_or_else(|| panic!("the {name} stack exists"));
        Template::from_stack(&stack)
    };
    (stack("OrdersData"), stack("OrdersApp"))
}

#[test]
fn the_table_streams_in_the_data_stack_and_the_app_stack_imports_it() {
    let (data, app) = templates();
    data.has_resource_properties(
        "AWS::DynamoDB::Table",
        json!({"StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"}}),
    );
    app.resource_count_is("AWS::DynamoDB::Table", 0);
    app.has_resource_properties(
        "AWS::Lambda::EventSourceMapping",
        json!({
            "EventSourceArn": {"Fn::ImportValue": "OrdersData:ExportsOutputFnGetAttOrdersA9B65338StreamArn3882BD9F"},
            "BisectBatchOnFunctionError": true,
            "DestinationConfig": {"OnFailure": {"Destination": {"Fn::GetAtt": ["StreamFailuresE6D4F770", "Arn"]}}},
            "FilterCriteria": {"Filters": [{"Pattern": "{\"eventName\":[\"INSERT\",\"MODIFY\"]}"}]},
            "StartingPosition": "TRIM_HORIZON"
        }),
    );
}

#[test]
fn the_publisher_may_send_failures_publish_and_put_events() {
    let (_, app) = templates();
    let statements = app.find_resources("AWS::IAM::Policy", json!({}));
    let publisher = statements
        .iter()
        .find(|(id, _)| id.starts_with("PublisherServiceRole"))
        .map(|(_, r)| r["Properties"]["PolicyDocument"]["Statement"].clone())
        .expect("the publisher's policy");
    let actions: Vec<String> = publisher
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Action"].to_string())
        .collect();
    for action in [
        "sqs:SendMessage",
        "sns:Publish",
        "events:PutEvents",
        "dynamodb:GetRecords",
    ] {
        assert!(
            actions.iter().any(|a| a.contains(action)),
            "{action} in {actions:?}"
        );
    }
}

#[test]
fn the_topic_is_encrypted_and_fans_out_filtered_to_a_queue_with_a_worker() {
    let (_, app) = templates();
    app.has_resource_properties(
        "AWS::SNS::Topic",
        json!({"KmsMasterKeyId": Match::any_value()}),
    );
    app.has_resource_properties(
        "AWS::SNS::Subscription",
        json!({
            "Protocol": "sqs",
            "FilterPolicy": {"status": ["placed", "paid"]},
            "FilterPolicyScope": Match::absent()
        }),
    );
    app.has_resource_properties(
        "AWS::SQS::QueuePolicy",
        json!({"PolicyDocument": {"Statement": [{
            "Action": "sqs:SendMessage",
            "Principal": {"Service": "sns.amazonaws.com"}
        }]}}),
    );
    app.has_resource_properties(
        "AWS::Lambda::EventSourceMapping",
        json!({"FunctionResponseTypes": ["ReportBatchItemFailures"], "ScalingConfig": {"MaximumConcurrency": 5}}),
    );
}

#[test]
fn a_rule_on_the_custom_bus_sends_shipped_orders_to_the_second_queue_transformed() {
    let (_, app) = templates();
    app.resource_count_is("AWS::Events::EventBus", 1);
    app.has_resource_properties(
        "AWS::Events::Rule",
        json!({
            "EventBusName": {"Ref": "OrdersBus68D47F66"},
            "EventPattern": {"detail": {"status": ["shipped"]}},
            "Targets": [{
                "Arn": {"Fn::GetAtt": ["Shipping768E971C", "Arn"]},
                "InputTransformer": {
                    "InputPathsMap": {"id": "$.detail.id", "time": "$.time"},
                    "InputTemplate": "{\"order\": <id>, \"shippedAt\": <time>}"
                }
            }]
        }),
    );
}

/// The point of the example: no raw CloudFormation.
#[test]
fn the_example_writes_no_raw_cloudformation() {
    let source = include_str!("../orders/stack.rs");
    let code: String = source
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    for raw in [
        "CfnResource",
        "Value::map",
        "cfn_l1",
        "set_property",
        "add_property_override",
    ] {
        assert!(!code.contains(raw), "the orders example uses {raw}");
    }
}
