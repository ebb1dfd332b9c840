//! Step Functions: the typed definition renders the notes' two ASL documents exactly, every
//! state type and field renders as ASL, and the machine renders for both templates.

use std::time::Duration;

use cdk_core::{App, Flavor, Stack};
use constructs::cloudwatch::Alarm;
use constructs::dynamodb::{Attribute, Table};
use constructs::events::{Rule, Schedule};
use constructs::iam::{Principal, Role};
use constructs::lambda::{Code, Function, Runtime};
use constructs::logs::LogGroup;
use constructs::sns::Topic;
use constructs::sqs::Queue;
use constructs::stepfunctions::{
    Catch, Choice, Condition, DynamoItem, Fail, Jitter, LambdaInvoke, LogLevel, LogOptions, Map,
    Message, Parallel, Pass, Retry, SnsPublish, SqsSendMessage, StartExecution, StateMachine,
    StateMachineType, StatesError, Succeed, Task, Wait,
};
use serde_json::{json, Value};

/// The plain template, after `asl-validator` accepted every state machine's definition in
/// both templates (substitutions resolved with placeholder ARNs).
fn checked(stack: &Stack) -> Value {
    let plain = stack.template().expect("synthesizes");
    let sam = stack.template_of(Flavor::Sam).expect("synthesizes");
    let machines = cdk_validators::assert_template_asl_valid(&plain);
    assert_eq!(cdk_validators::assert_template_asl_valid(&sam), machines);
    assert!(machines > 0, "no state machine to validate");
    plain
}

fn function(stack: &Stack, id: &str) -> Function {
    Function::new(
        stack,
        id,
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(e, c):\n    return e\n"),
        "index.handler",
    )
    .build()
}

/// The notes' first document (`../shared/mission.md`), verbatim.
fn notes_hello() -> Value {
    serde_json::from_str(r#"{"Comment": "A Hello World example of the Amazon States Language using Pass states", "StartAt": "Lambda Invoke",
 "States": {
  "Lambda Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload",
    "Parameters": {"Payload.$": "$", "FunctionName": "<ENTER FUNCTION NAME HERE>"},
    "Retry": [{"ErrorEquals": ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException",
               "Lambda.TooManyRequestsException"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2}],
    "Next": "Choice State"},
  "Choice State": {"Type": "Choice", "Choices": [{"Variable": "$", "StringMatches": "*Stephane*", "Next": "Is Teacher"}],
    "Default": "Not Teacher"},
  "Is Teacher": {"Type": "Pass", "Result": "Woohoo!", "End": true},
  "Not Teacher": {"Type": "Fail", "Error": "ErrorCode",
    "Cause": "Stephane the teacher wasn't found in the output of the Lambda Function"}}}"#).unwrap()
}

/// The notes' second document, verbatim.
fn notes_retry_catch() -> Value {
    serde_json::from_str(r#"{"Comment": "A Retry and Catch example of the Amazon States Language using an AWS Lambda Function",
 "StartAt": "InvokeMyFunction",
 "States": {
  "InvokeMyFunction": {"Type": "Task", "Resource": "<enter resource ARN here>",
    "Retry": [{"ErrorEquals": ["CustomError"], "IntervalSeconds": 1, "MaxAttempts": 2, "BackoffRate": 2},
              {"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 30, "MaxAttempts": 2, "BackoffRate": 2},
              {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 5, "MaxAttempts": 5, "BackoffRate": 2}],
    "Catch": [{"ErrorEquals": ["CustomError"], "Next": "CustomErrorFallback"},
              {"ErrorEquals": ["States.TaskFailed"], "Next": "ReservedTypeFallback"},
              {"ErrorEquals": ["States.ALL"], "Next": "CatchAllFallback"}],
    "End": true},
  "CustomErrorFallback": {"Type": "Pass", "Result": "This is a fallback from a custom lambda function exception", "End": true},
  "ReservedTypeFallback": {"Type": "Pass", "Result": "This is a fallback from a reserved error code", "End": true},
  "CatchAllFallback": {"Type": "Pass", "Result": "This is a fallback from a reserved error code", "End": true}}}"#).unwrap()
}

#[test]
fn the_notes_hello_world_document_is_built_exactly() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Checker");
    let invoke = LambdaInvoke::new("Lambda Invoke", &f)
        .build()
        .output_path("$.Payload");
    let choice = Choice::new("Choice State")
        .when(
            Condition::string_matches("$", "*Stephane*"),
            &Pass::new("Is Teacher").result("Woohoo!"),
        )
        .otherwise(
            &Fail::new("Not Teacher")
                .error("ErrorCode")
                .cause("Stephane the teacher wasn't found in the output of the Lambda Function"),
        );
    let machine = StateMachine::new(&stack, "Hello", &invoke.next(&choice))
        .comment("A Hello World example of the Amazon States Language using Pass states")
        .build();
    checked(&stack);

    let mut ours = machine.definition();
    // The one difference: the function, a substitution instead of the notes' placeholder.
    assert_eq!(
        ours["States"]["Lambda Invoke"]["Parameters"]["FunctionName"],
        "${CheckerArn}"
    );
    let subs = machine.definition_substitutions();
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0].0, "CheckerArn");
    assert_eq!(subs[0].1, f.arn());
    ours["States"]["Lambda Invoke"]["Parameters"]["FunctionName"] =
        json!("<ENTER FUNCTION NAME HERE>");
    assert_eq!(ours, notes_hello());
}

#[test]
fn the_notes_retry_and_catch_document_is_built_exactly() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "MyFunction");
    let custom = Pass::new("CustomErrorFallback")
        .result("This is a fallback from a custom lambda function exception");
    let reserved =
        Pass::new("ReservedTypeFallback").result("This is a fallback from a reserved error code");
    let all = Pass::new("CatchAllFallback").result("This is a fallback from a reserved error code");
    let secs = Duration::from_secs;
    let task = Task::new("InvokeMyFunction", f.arn())
        .retry(
            Retry::on(["CustomError"])
                .interval(secs(1))
                .max_attempts(2)
                .backoff_rate(2.0),
        )
        .retry(
            Retry::on([StatesError::TaskFailed])
                .interval(secs(30))
                .max_attempts(2)
                .backoff_rate(2.0),
        )
        .retry(
            Retry::on([StatesError::All])
                .interval(secs(5))
                .max_attempts(5)
                .backoff_rate(2.0),
        )
        .catch(Catch::new(["CustomError"], &custom))
        .catch(Catch::new([StatesError::TaskFailed], &reserved))
        .catch(Catch::new([StatesError::All], &all));
    let machine = StateMachine::new(&stack, "RetryCatch", &task)
        .comment(
            "A Retry and Catch example of the Amazon States Language using an AWS Lambda Function",
        )
        .build();
    checked(&stack);

    let mut ours = machine.definition();
    assert_eq!(
        ours["States"]["InvokeMyFunction"]["Resource"],
        "${TaskResource}"
    );
    ours["States"]["InvokeMyFunction"]["Resource"] = json!("<enter resource ARN here>");
    assert_eq!(ours, notes_retry_catch());
}

#[test]
fn every_state_type_and_field_renders_as_asl() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let secs = Duration::from_secs;
    let done = Succeed::new("Done").output_path("$.out");
    let failed = Fail::new("Failed")
        .error_path("$.error")
        .cause_path("$.cause");
    let wait = Wait::duration("Pause", secs(10)).comment("breathe");
    let until = Wait::until("Until", "2026-12-01T16:00:00Z");
    let wait_path = Wait::seconds_path("PausePath", "$.delay");
    let until_path = Wait::timestamp_path("UntilPath", "$.at");
    let work = Task::new("Work", "arn:aws:states:::aws-sdk:s3:listBuckets")
        .input_path("$.in")
        .parameters(json!({"Bucket.$": "$.bucket"}))
        .result_selector(json!({"n.$": "$.Count"}))
        .result_path("$.result")
        .output_path("$.result")
        .timeout(secs(300))
        .heartbeat(secs(60))
        .retry(
            Retry::on([StatesError::Timeout])
                .max_delay(secs(20))
                .jitter(Jitter::Full)
                .backoff_rate(1.5),
        )
        .catch(Catch::new([StatesError::All], &failed).result_path("$.error"));
    let per_item = Pass::new("PerItem").parameters(json!({"id.$": "$.id"}));
    let map = Map::new("EachItem")
        .items_path("$.items")
        .item_selector(json!({"id.$": "$$.Map.Item.Value"}))
        .max_concurrency(4)
        .item_processor(&per_item)
        .result_path("$.items");
    let parallel = Parallel::new("Both")
        .branch(&Pass::new("Left").discard_result())
        .branch(&wait_path.next(&Pass::new("Right")))
        .result_selector(json!({"left.$": "$[0]"}));
    let choice = Choice::new("Route")
        .when(
            Condition::and([
                Condition::numeric_greater_than("$.amount", 100.0),
                Condition::not(Condition::is_null("$.customer", true)),
            ]),
            &until,
        )
        .when(
            Condition::or([
                Condition::string_equals_path("$.a", "$.b"),
                Condition::timestamp_less_than("$.t", "2026-01-01T00:00:00Z"),
                Condition::boolean_equals("$.flag", true),
                Condition::is_present("$.x", false),
            ]),
            &until_path,
        )
        .otherwise(&done);
    until.next(&done);
    until_path.next(&done);
    let definition = wait.next(&work).next(&map).next(&parallel).next(&choice);
    let machine = StateMachine::new(&stack, "All", &definition)
        .timeout(secs(3600))
        .state_machine_type(StateMachineType::Express)
        .build();
    checked(&stack);
    let d = machine.definition();
    assert_eq!(d["StartAt"], "Pause");
    assert_eq!(d["TimeoutSeconds"], 3600);
    let s = &d["States"];
    assert_eq!(
        s["Pause"],
        json!({"Type": "Wait", "Comment": "breathe", "Seconds": 10, "Next": "Work"})
    );
    assert_eq!(
        s["Work"],
        json!({
            "Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listBuckets",
            "InputPath": "$.in", "Parameters": {"Bucket.$": "$.bucket"},
            "ResultSelector": {"n.$": "$.Count"}, "ResultPath": "$.result", "OutputPath": "$.result",
            "TimeoutSeconds": 300, "HeartbeatSeconds": 60,
            "Retry": [{"ErrorEquals": ["States.Timeout"], "BackoffRate": 1.5, "MaxDelaySeconds": 20, "JitterStrategy": "FULL"}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed", "ResultPath": "$.error"}],
            "Next": "EachItem"
        })
    );
    assert_eq!(
        s["EachItem"],
        json!({
            "Type": "Map",
            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "PerItem",
                "States": {"PerItem": {"Type": "Pass", "Parameters": {"id.$": "$.id"}, "End": true}}},
            "ItemsPath": "$.items", "ItemSelector": {"id.$": "$$.Map.Item.Value"}, "MaxConcurrency": 4,
            "ResultPath": "$.items", "Next": "Both"
        })
    );
    assert_eq!(
        s["Both"],
        json!({
            "Type": "Parallel",
            "Branches": [
                {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "ResultPath": null, "End": true}}},
                {"StartAt": "PausePath", "States": {
                    "PausePath": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "Right"},
                    "Right": {"Type": "Pass", "End": true}}}
            ],
            "ResultSelector": {"left.$": "$[0]"}, "Next": "Route"
        })
    );
    assert_eq!(
        s["Route"],
        json!({
            "Type": "Choice",
            "Choices": [
                {"And": [{"Variable": "$.amount", "NumericGreaterThan": 100},
                         {"Not": {"Variable": "$.customer", "IsNull": true}}], "Next": "Until"},
                {"Or": [{"Variable": "$.a", "StringEqualsPath": "$.b"},
                        {"Variable": "$.t", "TimestampLessThan": "2026-01-01T00:00:00Z"},
                        {"Variable": "$.flag", "BooleanEquals": true},
                        {"Variable": "$.x", "IsPresent": false}], "Next": "UntilPath"}
            ],
            "Default": "Done"
        })
    );
    assert_eq!(
        s["Until"],
        json!({"Type": "Wait", "Timestamp": "2026-12-01T16:00:00Z", "Next": "Done"})
    );
    assert_eq!(
        s["UntilPath"],
        json!({"Type": "Wait", "TimestampPath": "$.at", "Next": "Done"})
    );
    assert_eq!(s["Done"], json!({"Type": "Succeed", "OutputPath": "$.out"}));
    assert_eq!(
        s["Failed"],
        json!({"Type": "Fail", "ErrorPath": "$.error", "CausePath": "$.cause"})
    );
    assert_eq!(s.as_object().unwrap().len(), 9, "{s:#}");

    let plain = checked(&stack);
    let sm = &plain["Resources"][machine.resource().logical_id()];
    assert_eq!(sm["Type"], "AWS::StepFunctions::StateMachine", "{plain:#}");
    assert_eq!(sm["Properties"]["StateMachineType"], "EXPRESS");
    // No references: the definition is a plain string.
    let text = sm["Properties"]["DefinitionString"].as_str().unwrap();
    assert_eq!(serde_json::from_str::<Value>(text).unwrap(), d);
}

#[test]
fn the_machine_renders_for_both_templates_with_least_privilege() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Worker");
    let invoke = LambdaInvoke::new("Invoke", &f).build();
    let machine = StateMachine::new(&stack, "Orders", &invoke).build();
    let starter = Role::new(
        &stack,
        "Starter",
        Principal::service("events.amazonaws.com"),
    )
    .build();
    machine.grant_start_execution(&starter);

    let plain = checked(&stack);
    let sam = stack.template_of(Flavor::Sam).unwrap();
    let id = machine.resource().logical_id();
    let p = &plain["Resources"][&id];
    assert_eq!(p["Type"], "AWS::StepFunctions::StateMachine");
    let role_id = machine.role().resource().logical_id();
    assert_eq!(
        p["Properties"]["RoleArn"],
        json!({"Fn::GetAtt": [role_id, "Arn"]})
    );
    let sub = &p["Properties"]["DefinitionString"]["Fn::Sub"];
    let fn_id = f.resource().logical_id();
    assert_eq!(sub[1], json!({"WorkerArn": {"Fn::GetAtt": [fn_id, "Arn"]}}));
    let text: Value = serde_json::from_str(sub[0].as_str().unwrap()).unwrap();
    assert_eq!(text, machine.definition());
    assert_eq!(
        text["States"]["Invoke"]["Parameters"],
        json!({"Payload.$": "$", "FunctionName": "${WorkerArn}"})
    );
    assert!(
        p["DependsOn"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d.as_str().unwrap().contains("DefaultPolicy")),
        "{p:#}"
    );
    assert!(sam["Resources"][&id]["Properties"]
        .get("DefinitionString")
        .is_none());

    let s = &sam["Resources"][&id];
    assert_eq!(s["Type"], "AWS::Serverless::StateMachine");
    assert_eq!(s["Properties"]["Definition"], machine.definition());
    assert_eq!(
        s["Properties"]["DefinitionSubstitutions"],
        json!({"WorkerArn": {"Fn::GetAtt": [fn_id, "Arn"]}})
    );
    assert_eq!(
        s["Properties"]["Role"],
        json!({"Fn::GetAtt": [role_id, "Arn"]})
    );
    assert!(plain["Resources"][&id]["Type"] != "AWS::Serverless::StateMachine");
    assert_eq!(plain["Transform"], Value::Null);

    // The role: assumed by Step Functions from this account only; invoke on the function.
    let role = &plain["Resources"][&role_id]["Properties"]["AssumeRolePolicyDocument"];
    let trust = &role["Statement"][0];
    assert_eq!(
        trust["Principal"],
        json!({"Service": "states.amazonaws.com"})
    );
    assert_eq!(
        trust["Condition"]["StringEquals"]["aws:SourceAccount"],
        json!({"Ref": "AWS::AccountId"})
    );
    let policies: Vec<&Value> = plain["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::IAM::Policy")
        .collect();
    let statements: Vec<Value> = policies
        .iter()
        .flat_map(|p| {
            p["Properties"]["PolicyDocument"]["Statement"]
                .as_array()
                .unwrap()
                .clone()
        })
        .collect();
    assert!(
        statements.contains(&json!({
            "Action": "lambda:InvokeFunction", "Effect": "Allow",
            "Resource": [{"Fn::GetAtt": [fn_id, "Arn"]},
                         {"Fn::Join": ["", [{"Fn::GetAtt": [fn_id, "Arn"]}, ":*"]]}]
        })),
        "{statements:#?}"
    );
    assert!(
        statements.contains(&json!({
            "Action": "states:StartExecution", "Effect": "Allow", "Resource": {"Ref": id}
        })),
        "{statements:#?}"
    );
}

#[test]
fn a_reference_shared_by_two_tasks_is_one_substitution_and_literal_dollar_braces_are_escaped() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Worker");
    let a = LambdaInvoke::new("A", &f).build();
    let b = LambdaInvoke::new("B", &f)
        .payload(json!({"note": "${not a variable}"}))
        .retry_on_service_exceptions(false)
        .build();
    let machine = StateMachine::new(&stack, "M", &a.next(&b)).build();
    assert_eq!(machine.definition_substitutions().len(), 1);
    assert!(machine.definition()["States"]["B"].get("Retry").is_none());
    let plain = checked(&stack);
    let id = machine.resource().logical_id();
    let text = plain["Resources"][&id]["Properties"]["DefinitionString"]["Fn::Sub"][0]
        .as_str()
        .unwrap()
        .to_string();
    assert!(text.contains("${!not a variable}"), "{text}");
    assert!(text.contains("\"${WorkerArn}\""), "{text}");
}

#[test]
fn a_rule_starts_the_machine_through_one_events_role_per_machine() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let machine = StateMachine::new(&stack, "M", &Pass::new("A")).build();
    let a = Rule::new(&stack, "A").schedule(Schedule::rate(60)).build();
    let b = Rule::new(&stack, "B").schedule(Schedule::rate(120)).build();
    a.add_target(&machine);
    b.add_target(&machine);
    let t = checked(&stack);
    let id = machine.resource().logical_id();
    let roles: Vec<&String> = t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Metadata"]["aws:cdk:path"] == "S/M/EventsRole/Resource")
        .map(|(k, _)| k)
        .collect();
    assert_eq!(roles.len(), 1, "{t:#}");
    for rule in [&a, &b] {
        let target = &t["Resources"][rule.resource().logical_id()]["Properties"]["Targets"][0];
        assert_eq!(target["Arn"], json!({"Ref": id}));
        assert_eq!(target["RoleArn"], json!({"Fn::GetAtt": [roles[0], "Arn"]}));
    }
    let policy = t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["Metadata"]["aws:cdk:path"] == "S/M/EventsRole/DefaultPolicy/Resource")
        .unwrap();
    assert_eq!(
        policy["Properties"]["PolicyDocument"]["Statement"],
        json!([{"Action": "states:StartExecution", "Effect": "Allow", "Resource": {"Ref": id}}])
    );
}

#[test]
fn grants_name_the_machine_or_its_executions_and_metrics_feed_alarms() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let machine = StateMachine::new(&stack, "M", &Pass::new("A"))
        .state_machine_type(StateMachineType::Express)
        .build();
    let user = Role::new(&stack, "User", Principal::service("lambda.amazonaws.com")).build();
    machine.grant_start_sync_execution(&user);
    machine.grant_task_response(&user);
    machine.grant_read(&user);
    machine.grant_execution(&user, &["states:StopExecution"]);
    Alarm::new(&stack, "Failures", &machine.metric_failed(), 1).build();
    let t = checked(&stack);
    let id = machine.resource().logical_id();
    let policy = t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["Metadata"]["aws:cdk:path"] == "S/User/DefaultPolicy/Resource")
        .unwrap();
    let statements = policy["Properties"]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap();
    let executions = json!({"Fn::Join": ["", [
        "arn:", {"Ref": "AWS::Partition"}, ":states:", {"Ref": "AWS::Region"}, ":",
        {"Ref": "AWS::AccountId"}, ":execution:", {"Fn::GetAtt": [id, "Name"]}, ":*"
    ]]});
    let machine_ref = json!({"Ref": id});
    let actions_on = |resource: &Value| -> Vec<Value> {
        statements
            .iter()
            .filter(|s| &s["Resource"] == resource)
            .map(|s| s["Action"].clone())
            .collect()
    };
    assert_eq!(
        actions_on(&machine_ref),
        vec![
            json!("states:StartSyncExecution"),
            json!([
                "states:SendTaskFailure",
                "states:SendTaskHeartbeat",
                "states:SendTaskSuccess"
            ]),
            json!(["states:DescribeStateMachine", "states:ListExecutions"]),
        ],
        "{statements:#?}"
    );
    assert_eq!(
        actions_on(&executions),
        vec![
            json!([
                "states:DescribeExecution",
                "states:DescribeStateMachineForExecution",
                "states:GetExecutionHistory"
            ]),
            json!("states:StopExecution"),
        ],
        "{statements:#?}"
    );
    assert!(statements.iter().all(|s| s["Resource"] != "*"));
    let alarm = t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["Type"] == "AWS::CloudWatch::Alarm")
        .unwrap();
    assert_eq!(alarm["Properties"]["Namespace"], "AWS/States");
    assert_eq!(alarm["Properties"]["MetricName"], "ExecutionsFailed");
    assert_eq!(
        alarm["Properties"]["Dimensions"],
        json!([{"Name": "StateMachineArn", "Value": {"Ref": id}}])
    );
}

#[test]
fn sns_sqs_and_dynamodb_tasks_name_their_resource_and_grant_one_action_on_it() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let topic = Topic::new(&stack, "Alerts").build();
    let queue = Queue::new(&stack, "Jobs").build();
    let table = Table::new(&stack, "Orders", Attribute::string("id")).build();
    let publish = SnsPublish::task("Notify", &topic, Message::path("$.text"));
    let send = SqsSendMessage::task("Enqueue", &queue, Message::Json(json!({"id.$": "$.id"})));
    let put = DynamoItem::put("Save", &table, json!({"id": {"S.$": "$.id"}}));
    let get = DynamoItem::get("Load", &table, json!({"id": {"S.$": "$.id"}}));
    let machine =
        StateMachine::new(&stack, "M", &publish.next(&send).next(&put).next(&get)).build();
    let d = machine.definition();
    let s = &d["States"];
    assert_eq!(s["Notify"]["Resource"], "arn:aws:states:::sns:publish");
    assert_eq!(
        s["Notify"]["Parameters"],
        json!({"Message.$": "$.text", "TopicArn": "${AlertsArn}"})
    );
    assert_eq!(s["Enqueue"]["Resource"], "arn:aws:states:::sqs:sendMessage");
    assert_eq!(
        s["Enqueue"]["Parameters"],
        json!({"MessageBody": {"id.$": "$.id"}, "QueueUrl": "${JobsUrl}"})
    );
    assert_eq!(
        s["Save"]["Parameters"],
        json!({"Item": {"id": {"S.$": "$.id"}}, "TableName": "${OrdersName}"})
    );
    assert_eq!(
        s["Load"]["Parameters"],
        json!({"Key": {"id": {"S.$": "$.id"}}, "TableName": "${OrdersName}"})
    );
    let names: Vec<String> = machine
        .definition_substitutions()
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(names, ["AlertsArn", "JobsUrl", "OrdersName"]);

    let t = checked(&stack);
    let policy = t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["Metadata"]["aws:cdk:path"] == "S/M/Role/DefaultPolicy/Resource")
        .unwrap();
    let actions: Vec<&Value> = policy["Properties"]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["Action"])
        .collect();
    assert_eq!(
        actions,
        [
            &json!("sns:Publish"),
            &json!("sqs:SendMessage"),
            &json!("dynamodb:PutItem"),
            &json!("dynamodb:GetItem")
        ]
    );
}

#[test]
fn logging_and_tracing_render_in_both_templates_and_grant_what_delivery_needs() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let group = LogGroup::new(&stack, "Logs").build();
    let machine = StateMachine::new(&stack, "M", &Pass::new("A"))
        .logs(
            LogOptions::new(&group)
                .level(LogLevel::All)
                .include_execution_data(true),
        )
        .tracing(true)
        .build();
    let plain = checked(&stack);
    let sam = stack.template_of(Flavor::Sam).unwrap();
    let id = machine.resource().logical_id();
    let group_arn = json!({"Fn::GetAtt": [group.resource().logical_id(), "Arn"]});
    let logging = json!({
        "Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": group_arn}}],
        "IncludeExecutionData": true,
        "Level": "ALL"
    });
    assert_eq!(
        plain["Resources"][&id]["Properties"]["LoggingConfiguration"],
        logging
    );
    assert_eq!(sam["Resources"][&id]["Properties"]["Logging"], logging);
    assert_eq!(
        plain["Resources"][&id]["Properties"]["TracingConfiguration"],
        json!({"Enabled": true})
    );
    assert_eq!(
        sam["Resources"][&id]["Properties"]["Tracing"],
        json!({"Enabled": true})
    );
    let statements = machine
        .role()
        .policy_statements()
        .iter()
        .map(|s| (s.actions_list().to_vec(), s.resources_list().len()))
        .collect::<Vec<_>>();
    assert_eq!(statements.len(), 2);
    assert!(statements[0]
        .0
        .contains(&"logs:CreateLogDelivery".to_string()));
    assert!(statements[1]
        .0
        .contains(&"xray:PutTraceSegments".to_string()));
}

#[test]
fn lambda_invoke_targets_an_alias_or_waits_for_a_task_token() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = Function::new(
        &stack,
        "Worker",
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(e, c):\n    return e\n"),
        "index.handler",
    )
    .auto_publish_alias("live")
    .build();
    let live = LambdaInvoke::new("Live", &f.alias()).build();
    let version = LambdaInvoke::new("Pinned", &f.current_version()).build();
    let callback = LambdaInvoke::new("Charge", f.function())
        .payload(json!({"token.$": "$$.Task.Token", "order.$": "$"}))
        .wait_for_task_token()
        .build()
        .heartbeat(Duration::from_secs(300));
    let list = Task::aws_sdk("List", "s3", "listBuckets").add_to_role_policy(
        constructs::iam::PolicyStatement::allow()
            .actions(["s3:ListAllMyBuckets"])
            .resources(["*"]),
    );
    let machine = StateMachine::new(
        &stack,
        "M",
        &live.next(&version).next(&callback).next(&list),
    )
    .build();
    checked(&stack);
    let d = machine.definition();
    assert_eq!(
        d["States"]["Live"]["Parameters"]["FunctionName"],
        "${WorkerAliasArn}"
    );
    assert_eq!(
        d["States"]["Charge"]["Resource"],
        "arn:aws:states:::lambda:invoke.waitForTaskToken"
    );
    assert_eq!(d["States"]["Charge"]["HeartbeatSeconds"], 300);
    assert_eq!(
        d["States"]["List"]["Resource"],
        "arn:aws:states:::aws-sdk:s3:listBuckets"
    );
    let subs: Vec<(String, cdk_core::Str)> = machine.definition_substitutions();
    assert_eq!(subs.len(), 3, "{subs:?}");
    assert_eq!(subs[0].1, f.alias().arn());
    assert_eq!(subs[1].1, f.current_version().arn());
    let invoke_resources: Vec<Vec<cdk_core::Str>> = machine
        .role()
        .policy_statements()
        .iter()
        .filter(|s| s.actions_list() == ["lambda:InvokeFunction"])
        .map(|s| s.resources_list().to_vec())
        .collect();
    assert_eq!(invoke_resources[0], vec![f.alias().arn()]);
    assert_eq!(invoke_resources[1], vec![f.current_version().arn()]);
}

#[test]
fn start_execution_runs_a_child_machine_async_or_sync() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let child = StateMachine::new(&stack, "Child", &Pass::new("Work")).build();
    let fire = StartExecution::new("Fire", &child).build();
    let wait = StartExecution::new("Wait for child", &child)
        .input(json!({"order.$": "$.order"}))
        .sync()
        .build();
    let parent = StateMachine::new(&stack, "Parent", &fire.next(&wait)).build();
    let d = parent.definition();
    assert_eq!(
        d["States"]["Fire"],
        json!({"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
               "Parameters": {"Input.$": "$", "StateMachineArn": "${ChildArn}"}, "Next": "Wait for child"})
    );
    assert_eq!(
        d["States"]["Wait for child"]["Resource"],
        "arn:aws:states:::states:startExecution.sync:2"
    );
    assert_eq!(
        d["States"]["Wait for child"]["Parameters"]["Input"],
        json!({"order.$": "$.order"})
    );
    assert_eq!(parent.definition_substitutions().len(), 1);
    let actions: Vec<Vec<String>> = parent
        .role()
        .policy_statements()
        .iter()
        .map(|s| s.actions_list().to_vec())
        .collect();
    assert_eq!(
        actions,
        vec![
            vec!["states:StartExecution".to_string()],
            vec![
                "states:DescribeExecution".into(),
                "states:StopExecution".into()
            ],
            vec![
                "events:DescribeRule".into(),
                "events:PutRule".into(),
                "events:PutTargets".into()
            ],
        ]
    );
    checked(&stack);
}

#[test]
fn a_given_role_is_used_as_is_and_receives_the_tasks_statements() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Worker");
    let role = Role::new(&stack, "Shared", Principal::service("states.amazonaws.com")).build();
    let machine = StateMachine::new(&stack, "M", &LambdaInvoke::new("Invoke", &f).build())
        .role(&role)
        .build();
    let t = checked(&stack);
    let sam = stack.template_of(Flavor::Sam).unwrap();
    assert!(t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .all(|r| r["Metadata"]["aws:cdk:path"] != "S/M/Role/Resource"));
    let role_arn = json!({"Fn::GetAtt": [role.resource().logical_id(), "Arn"]});
    let id = machine.resource().logical_id();
    assert_eq!(t["Resources"][&id]["Properties"]["RoleArn"], role_arn);
    assert_eq!(sam["Resources"][&id]["Properties"]["Role"], role_arn);
    assert_eq!(role.policy_statements().len(), 1);
    assert_eq!(
        role.policy_statements()[0].actions_list(),
        ["lambda:InvokeFunction"]
    );
}
