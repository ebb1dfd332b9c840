//! S3 and DynamoDB stream event sources, and the trap the reference stack sets: an S3
//! trigger plus a grant on the same bucket.

use cdk_core::assertions::{Match, Template};
use cdk_core::{App, Stack};
use constructs::dynamodb::{Attribute, StreamViewType, Table};
use constructs::lambda::event_sources::{
    DynamoEventSource, S3Delivery, S3EventSource, StartingPosition,
};
use constructs::lambda::{Code, Function, Runtime};
use constructs::s3::{Bucket, EventType, NotificationKeyFilter};
use serde_json::json;

fn function(stack: &Stack) -> Function {
    Function::new(
        stack,
        "Handler",
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(event, context):\n    return None\n"),
        "index.handler",
    )
    .build()
}

fn logical_id_of(t: &Template, type_: &str) -> String {
    let found = t.find_resources(type_, json!({}));
    assert_eq!(found.len(), 1, "one {type_}");
    found.keys().next().unwrap().clone()
}

#[test]
fn s3_events_go_through_eventbridge_by_default_and_combine_with_grants() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let bucket = Bucket::new(&stack, "Images").build();
    let func = function(&stack);
    func.add_event_source(S3EventSource::new(&bucket, [EventType::ObjectCreated]));
    bucket.grant_read_write(&func);

    let t = Template::from_stack(&stack);
    let bucket_id = logical_id_of(&t, "AWS::S3::Bucket");
    let fn_id = logical_id_of(&t, "AWS::Lambda::Function");
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({"NotificationConfiguration": {"EventBridgeConfiguration": {"EventBridgeEnabled": true}}}),
    );
    // The bucket references nothing, so there is no cycle.
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({"NotificationConfiguration": Match::object_equals(
            json!({"EventBridgeConfiguration": {"EventBridgeEnabled": true}})
        )}),
    );
    t.has_resource_properties(
        "AWS::Events::Rule",
        json!({
            "EventPattern": {
                "source": ["aws.s3"],
                "detail-type": ["Object Created"],
                "detail": {"bucket": {"name": [{"Ref": bucket_id}]}}
            },
            "State": "ENABLED",
            "Targets": [{"Arn": {"Fn::GetAtt": [fn_id, "Arn"]}}]
        }),
    );
    let rule_id = logical_id_of(&t, "AWS::Events::Rule");
    t.has_resource_properties(
        "AWS::Lambda::Permission",
        json!({
            "Action": "lambda:InvokeFunction",
            "Principal": "events.amazonaws.com",
            "SourceArn": {"Fn::GetAtt": [rule_id, "Arn"]}
        }),
    );
}

#[test]
fn key_filters_become_eventbridge_key_patterns() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let bucket = Bucket::new(&stack, "Images").build();
    let func = function(&stack);
    func.add_event_source(
        S3EventSource::new(&bucket, [EventType::ObjectCreated])
            .filter(NotificationKeyFilter::prefix("uploads/").with_suffix(".jpg")),
    );
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::Events::Rule",
        json!({"EventPattern": {"detail": {"object": {"key": [{"wildcard": "uploads/*.jpg"}]}}}}),
    );
}

#[test]
fn direct_delivery_plus_a_grant_is_the_cycle_and_synth_names_it() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let bucket = Bucket::new(&stack, "Images").build();
    let func = function(&stack);
    func.add_event_source(
        S3EventSource::new(&bucket, [EventType::ObjectCreated]).delivery(S3Delivery::Direct),
    );
    bucket.grant_read_write(&func);
    let error = app.assemble().unwrap_err();
    let err = error.to_string();
    assert!(err.contains("dependency cycle"), "{err}");
    for member in ["S/Images/Resource", "S/Handler/Resource"] {
        assert!(err.contains(member), "{member} not named in: {err}");
    }
    // One cycle, one diagnostic (not one per template), and the hint names the way out.
    assert_eq!(error.diagnostics().len(), 1, "{err}");
    assert!(error.diagnostics()[0].hint.contains("EventBridge"), "{err}");
}

#[test]
fn direct_delivery_without_a_grant_wires_a_notification_and_a_permission() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let bucket = Bucket::new(&stack, "Images").build();
    let func = function(&stack);
    func.add_event_source(
        S3EventSource::new(&bucket, [EventType::ObjectCreated])
            .delivery(S3Delivery::Direct)
            .filter(NotificationKeyFilter::suffix(".png")),
    );
    let t = Template::from_stack(&stack);
    let fn_id = logical_id_of(&t, "AWS::Lambda::Function");
    let permission_id = logical_id_of(&t, "AWS::Lambda::Permission");
    t.has_resource(
        "AWS::S3::Bucket",
        json!({
            "Properties": {"NotificationConfiguration": {"LambdaConfigurations": [{
                "Event": "s3:ObjectCreated:*",
                "Function": {"Fn::GetAtt": [fn_id, "Arn"]},
                "Filter": {"S3Key": {"Rules": [{"Name": "suffix", "Value": ".png"}]}}
            }]}},
            "DependsOn": [permission_id]
        }),
    );
    t.has_resource_properties(
        "AWS::Lambda::Permission",
        json!({"Principal": "s3.amazonaws.com", "SourceAccount": {"Ref": "AWS::AccountId"}}),
    );
    t.resource_count_is("AWS::Events::Rule", 0);
}

#[test]
fn dynamodb_stream_source_maps_the_stream_and_grants_reading_it() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let table = Table::new(&stack, "Orders", Attribute::string("Id"))
        .stream(StreamViewType::NewAndOldImages)
        .build();
    let func = function(&stack);
    func.add_event_source(
        DynamoEventSource::new(&table)
            .starting_position(StartingPosition::TrimHorizon)
            .batch_size(50)
            .bisect_batch_on_error(true),
    );
    let t = Template::from_stack(&stack);
    let table_id = logical_id_of(&t, "AWS::DynamoDB::Table");
    let fn_id = logical_id_of(&t, "AWS::Lambda::Function");
    t.has_resource_properties(
        "AWS::Lambda::EventSourceMapping",
        json!({
            "BatchSize": 50,
            "BisectBatchOnFunctionError": true,
            "EventSourceArn": {"Fn::GetAtt": [table_id, "StreamArn"]},
            "FunctionName": {"Ref": fn_id},
            "StartingPosition": "TRIM_HORIZON"
        }),
    );
    t.has_resource_properties(
        "AWS::IAM::Policy",
        json!({"PolicyDocument": {"Statement": Match::array_with(json!([{
            "Action": ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [table_id, "StreamArn"]}
        }]))}}),
    );
    // The mapping waits for the policy that lets Lambda read the stream.
    let policy_id = logical_id_of(&t, "AWS::IAM::Policy");
    t.has_resource(
        "AWS::Lambda::EventSourceMapping",
        json!({"DependsOn": Match::array_with(json!([policy_id]))}),
    );
}

#[test]
fn a_table_without_a_stream_is_a_synth_error_naming_the_source() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let table = Table::new(&stack, "Orders", Attribute::string("Id")).build();
    let func = function(&stack);
    func.add_event_source(DynamoEventSource::new(&table));
    let err = app.assemble().unwrap_err().to_string();
    assert!(
        err.contains("S/Handler/DynamoDBEventSource:SOrders"),
        "{err}"
    );
    assert!(err.contains("has no stream"), "{err}");
}

#[test]
fn s3_event_types_without_an_eventbridge_equivalent_are_reported() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let bucket = Bucket::new(&stack, "Images").build();
    let func = function(&stack);
    func.add_event_source(S3EventSource::new(
        &bucket,
        [EventType::ReducedRedundancyLostObject],
    ));
    let err = app.assemble().unwrap_err().to_string();
    assert!(err.contains("S/Images"), "{err}");
    assert!(err.contains("EventBridge"), "{err}");
}

#[test]
fn an_s3_event_source_never_changes_a_bucket_of_another_app() {
    let app_a = App::new();
    let stack_a = Stack::new(&app_a, "A");
    let bucket = Bucket::new(&stack_a, "Images").build();
    let before = stack_a.template().unwrap();

    for delivery in [S3Delivery::EventBridge, S3Delivery::Direct] {
        let app_b = App::new();
        let stack_b = Stack::new(&app_b, "B");
        let func = function(&stack_b);
        func.add_event_source(
            S3EventSource::new(&bucket, [EventType::ObjectCreated]).delivery(delivery),
        );
        let err = app_b.assemble().unwrap_err();
        let d = err.diagnostics();
        assert_eq!(d.len(), 1, "one mistake, one diagnostic: {err}");
        assert_eq!(d[0].path, "B/Handler");
        assert!(d[0].message.contains("belongs to another App"), "{err}");
        assert!(!d[0].hint.is_empty());
    }
    // App A synthesizes its bucket as it was: no EventBridge configuration, no notification.
    assert_eq!(stack_a.template().unwrap(), before);
}
