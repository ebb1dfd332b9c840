//! The `AwsSolutions` pack: for every rule a construct that fails it and one that passes,
//! side by side in one stack (`Bad…` and `Good…`); finding ids in cdk-nag's form; the texts
//! every finding carries; acknowledgements.

use std::time::Duration;

use cdk_core::checks::Severity;
use cdk_core::{App, CfnResource, Construct, Stack};
use constructs::checks::{aws_solutions, Checks, RULES};
use constructs::dynamodb::{Attribute, Table};
use constructs::iam::{PolicyStatement, Principal, Role};
use constructs::lambda::{Code, Function, Runtime};
use constructs::logs::LogGroup;
use constructs::s3::{BlockPublicAccess, Bucket};
use constructs::sns::{Topic, TopicEncryption};
use constructs::sqs::Queue;
use constructs::stepfunctions::{LogLevel, LogOptions, Pass, StateMachine};
use serde_json::json;

/// `(path, id)` of the findings of `rule` in `app`.
fn findings(app: &App, rule: &str) -> Vec<(String, String)> {
    let report = cdk_core::checks::run(app, &[&aws_solutions()]).expect("synthesizes");
    report
        .findings
        .iter()
        .filter(|f| f.rule == format!("AwsSolutions-{rule}"))
        .map(|f| (f.path.clone(), f.id()))
        .collect()
}

/// Builds `bad` and `good` in one stack and checks that `rule` finds exactly the bad one
/// (`expect` findings, all below `S/Bad`) and nothing below `S/Good`.
#[track_caller]
fn case(rule: &str, expect: usize, build: impl Fn(&Stack)) -> Vec<(String, String)> {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    build(&stack);
    let found = findings(&app, rule);
    let bad: Vec<_> = found
        .iter()
        .filter(|(p, _)| p.starts_with("S/Bad"))
        .collect();
    let other: Vec<_> = found
        .iter()
        .filter(|(p, _)| !p.starts_with("S/Bad"))
        .collect();
    assert_eq!(
        bad.len(),
        expect,
        "{rule}: findings on the failing construct: {found:#?}"
    );
    assert!(other.is_empty(), "{rule}: findings elsewhere: {other:#?}");
    found
}

fn python(scope: &impl Construct, id: &str, runtime: Runtime) -> Function {
    Function::new(
        scope,
        id,
        runtime,
        Code::from_inline("def handler(event, context):\n    return None\n"),
        "index.handler",
    )
    .build()
}

#[test]
fn s1_server_access_logs() {
    case("S1", 1, |s| {
        Bucket::new(s, "Bad").build();
        let logs = Bucket::new(s, "GoodLogs").build();
        Bucket::new(s, "Good")
            .server_access_logs(&logs, Some("good/"))
            .build();
    });
}

#[test]
fn s2_public_access_block() {
    case("S2", 1, |s| {
        Bucket::new(s, "Bad")
            .block_public_access(BlockPublicAccess::BLOCK_ACLS)
            .server_access_logs(&Bucket::new(s, "GoodLogs").build(), None)
            .build();
        Bucket::new(s, "Good").build();
    });
}

#[test]
fn s10_tls_only_bucket_policy() {
    case("S10", 1, |s| {
        Bucket::new(s, "Bad").enforce_ssl(false).build();
        Bucket::new(s, "Good").build();
    });
}

#[test]
fn iam4_aws_managed_policies() {
    let found = case("IAM4", 1, |s| {
        python(s, "Bad", Runtime::PYTHON_3_14);
        Role::new(s, "Good", Principal::service("lambda.amazonaws.com")).build();
    });
    assert_eq!(
        found[0].1,
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]"
    );
    assert_eq!(found[0].0, "S/Bad/ServiceRole/Resource");
}

#[test]
fn iam5_wildcard_actions_and_resources() {
    let found = case("IAM5", 3, |s| {
        let bad = Role::new(s, "Bad", Principal::service("lambda.amazonaws.com")).build();
        bad.add_to_policy(
            PolicyStatement::allow()
                .actions(["rekognition:*", "s3:GetObject"])
                .resources(["*"]),
        );
        let bucket = Bucket::new(s, "GoodBucket").build();
        bad.add_to_policy(
            PolicyStatement::allow()
                .actions(["s3:GetObject"])
                .resources([cdk_core::fns::join("", [bucket.arn(), "/*".into()])]),
        );
        // A Deny with wildcards is fine.
        bad.add_to_policy(PolicyStatement::deny().actions(["s3:*"]).resources(["*"]));
        let good = Role::new(s, "Good", Principal::service("lambda.amazonaws.com")).build();
        good.add_to_policy(
            PolicyStatement::allow()
                .actions(["s3:GetObject"])
                .resources([bucket.arn()]),
        );
    });
    let ids: Vec<&str> = found.iter().map(|(_, id)| id.as_str()).collect();
    let bucket_id = {
        let app = App::new();
        let s = Stack::new(&app, "S");
        Bucket::new(&s, "GoodBucket")
            .build()
            .cfn()
            .resource()
            .logical_id()
    };
    assert_eq!(
        ids,
        [
            "AwsSolutions-IAM5[Action::rekognition:*]".to_string(),
            "AwsSolutions-IAM5[Resource::*]".to_string(),
            format!("AwsSolutions-IAM5[Resource::<{bucket_id}.Arn>/*]"),
        ]
    );
    assert!(found
        .iter()
        .all(|(p, _)| p == "S/Bad/DefaultPolicy/Resource"));
}

#[test]
fn iam5_reads_inline_policies_of_roles_too() {
    case("IAM5", 1, |s| {
        CfnResource::new(s, "Bad", "AWS::IAM::Role")
            .set_property("AssumeRolePolicyDocument", json!({}))
            .set_property(
                "Policies",
                json!([{"PolicyName": "p", "PolicyDocument": {"Statement": [
                    {"Effect": "Allow", "Action": "sqs:Send*", "Resource": "arn:aws:sqs:us-east-1:1:q"}
                ]}}]),
            );
    });
}

#[test]
fn ddb3_point_in_time_recovery_is_a_warning() {
    case("DDB3", 1, |s| {
        Table::new(s, "Good", Attribute::string("Id")).build();
        CfnResource::new(s, "Bad", "AWS::DynamoDB::Table").set_property(
            "PointInTimeRecoverySpecification",
            json!({"PointInTimeRecoveryEnabled": false}),
        );
    });
    let rule = RULES.iter().find(|r| r.id == "AwsSolutions-DDB3").unwrap();
    assert_eq!(rule.severity, Severity::Warning);
}

#[test]
fn l1_latest_runtime_of_the_family_in_both_templates() {
    case("L1", 1, |s| {
        python(s, "Bad", Runtime::PYTHON_3_13);
        python(s, "Good", Runtime::PYTHON_3_14);
        python(s, "GoodNewer", Runtime::other("python3.99"));
    });
    // A SAM-only stack is checked on its SAM template.
    let app = App::new();
    let stack = Stack::new(&app, "S");
    stack.set_templates(&[cdk_core::Flavor::Sam]);
    python(&stack, "Bad", Runtime::NODEJS_22_X);
    python(&stack, "Good", Runtime::NODEJS_24_X);
    // Named by the SAM resource's own construct (SAM templates carry no `aws:cdk:path`, so
    // the path comes from the tree: the function's `Serverless` child).
    assert_eq!(
        findings(&app, "L1"),
        [(
            "S/Bad/Serverless".to_string(),
            "AwsSolutions-L1".to_string()
        )]
    );
}

#[test]
fn sqs3_dead_letter_queues() {
    case("SQS3", 1, |s| {
        Queue::new(s, "Bad").build();
        let dlq = Queue::new(s, "GoodDlq").build();
        Queue::new(s, "Good").dead_letter_queue(&dlq, 3).build();
        // A queue that is a function's on-failure destination or dead-letter queue is one.
        let failures = Queue::new(s, "GoodFailures").build();
        CfnResource::new(s, "GoodFunctionConfig", "AWS::Lambda::EventInvokeConfig")
            .set_property("FunctionName", "f")
            .set_property("Qualifier", "$LATEST")
            .set_property(
                "DestinationConfig",
                json!({"OnFailure": {"Destination": {"Fn::GetAtt": [failures.resource().logical_id(), "Arn"]}}}),
            );
    });
}

#[test]
fn sqs4_tls_only_queue_policy() {
    case("SQS4", 2, |s| {
        Queue::new(s, "Bad").build();
        let good = Queue::new(s, "Good").build();
        good.add_to_resource_policy(
            PolicyStatement::deny()
                .actions(["sqs:*"])
                .principal(Principal::Any)
                .condition("Bool", "aws:SecureTransport", "false")
                .resources([good.arn()]),
        );
        // Denying one action only is not enough.
        let half = Queue::new(s, "BadHalf").build();
        half.add_to_resource_policy(
            PolicyStatement::deny()
                .actions(["sqs:SendMessage"])
                .principal(Principal::Any)
                .condition("Bool", "aws:SecureTransport", "false")
                .resources([half.arn()]),
        );
        Checks::of(&half).acknowledge("AwsSolutions-SQS3", "not what this test is about");
    });
}

#[test]
fn sns2_topic_encryption() {
    case("SNS2", 1, |s| {
        Topic::new(s, "Bad")
            .encryption(TopicEncryption::Unencrypted)
            .build();
        Topic::new(s, "Good").build();
    });
}

#[test]
fn sns3_tls_only_topic_policy() {
    case("SNS3", 1, |s| {
        Topic::new(s, "Bad").enforce_ssl(false).build();
        Topic::new(s, "Good").build();
    });
}

/// A REST API (`Bad…` or `Good…` prefix) on raw resources: `good` adds access logs,
/// execution logs, a request validator and an authorizer.
fn rest_api(s: &Stack, id: &str, good: bool) {
    let api = CfnResource::new(s, id, "AWS::ApiGateway::RestApi");
    api.set_property("Name", id);
    let method = CfnResource::new(s, &format!("{id}Method"), "AWS::ApiGateway::Method");
    method
        .set_property("RestApiId", api.ref_())
        .set_property("ResourceId", api.get_att("RootResourceId"))
        .set_property("HttpMethod", "GET")
        .set_property("AuthorizationType", if good { "AWS_IAM" } else { "NONE" })
        .set_property("Integration", json!({"Type": "MOCK"}));
    // A CORS preflight never needs authorization.
    CfnResource::new(s, &format!("{id}Options"), "AWS::ApiGateway::Method")
        .set_property("RestApiId", api.ref_())
        .set_property("ResourceId", api.get_att("RootResourceId"))
        .set_property("HttpMethod", "OPTIONS")
        .set_property("AuthorizationType", "NONE")
        .set_property("Integration", json!({"Type": "MOCK"}));
    let stage = CfnResource::new(s, &format!("{id}Stage"), "AWS::ApiGateway::Stage");
    stage
        .set_property("RestApiId", api.ref_())
        .set_property("DeploymentId", "d");
    if good {
        stage
            .set_property(
                "AccessLogSetting",
                json!({"DestinationArn": "arn:aws:logs:us-east-1:1:log-group:x", "Format": "$context.requestId"}),
            )
            .set_property(
                "MethodSettings",
                json!([{"HttpMethod": "*", "ResourcePath": "/*", "LoggingLevel": "ERROR"}]),
            );
        CfnResource::new(
            s,
            &format!("{id}Validator"),
            "AWS::ApiGateway::RequestValidator",
        )
        .set_property("RestApiId", api.ref_())
        .set_property("ValidateRequestBody", true);
    }
}

#[test]
fn apig1_access_logs_rest_and_v2() {
    case("APIG1", 2, |s| {
        rest_api(s, "Bad", false);
        rest_api(s, "Good", true);
        let api = CfnResource::new(s, "GoodHttp", "AWS::ApiGatewayV2::Api");
        api.set_property("Name", "h")
            .set_property("ProtocolType", "HTTP");
        CfnResource::new(s, "BadHttpStage", "AWS::ApiGatewayV2::Stage")
            .set_property("ApiId", api.ref_())
            .set_property("StageName", "$default");
        CfnResource::new(s, "GoodHttpStage", "AWS::ApiGatewayV2::Stage")
            .set_property("ApiId", api.ref_())
            .set_property("StageName", "prod")
            .set_property(
                "AccessLogSettings",
                json!({"DestinationArn": "arn:aws:logs:us-east-1:1:log-group:x", "Format": "$context.requestId"}),
            );
    });
}

#[test]
fn apig2_request_validation() {
    case("APIG2", 1, |s| {
        rest_api(s, "Bad", false);
        rest_api(s, "Good", true);
    });
}

#[test]
fn apig4_authorization_but_not_preflights_or_websocket_messages() {
    let found = case("APIG4", 3, |s| {
        rest_api(s, "Bad", false);
        rest_api(s, "Good", true);
        let http = CfnResource::new(s, "GoodHttp", "AWS::ApiGatewayV2::Api");
        http.set_property("Name", "h")
            .set_property("ProtocolType", "HTTP");
        for (id, key, auth) in [
            ("BadRoute", "GET /items", "NONE"),
            ("GoodRoute", "GET /me", "JWT"),
            ("GoodPreflight", "OPTIONS /items", "NONE"),
        ] {
            CfnResource::new(s, id, "AWS::ApiGatewayV2::Route")
                .set_property("ApiId", http.ref_())
                .set_property("RouteKey", key)
                .set_property("AuthorizationType", auth);
        }
        let ws = CfnResource::new(s, "GoodWs", "AWS::ApiGatewayV2::Api");
        ws.set_property("Name", "w")
            .set_property("ProtocolType", "WEBSOCKET")
            .set_property("RouteSelectionExpression", "$request.body.action");
        for (id, key) in [("BadConnect", "$connect"), ("GoodMessage", "join")] {
            CfnResource::new(s, id, "AWS::ApiGatewayV2::Route")
                .set_property("ApiId", ws.ref_())
                .set_property("RouteKey", key);
        }
    });
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["S/BadMethod", "S/BadRoute", "S/BadConnect"]);
}

#[test]
fn apig6_execution_logging_rest_and_websocket_not_http() {
    case("APIG6", 2, |s| {
        rest_api(s, "Bad", false);
        rest_api(s, "Good", true);
        let ws = CfnResource::new(s, "GoodWs", "AWS::ApiGatewayV2::Api");
        ws.set_property("Name", "w")
            .set_property("ProtocolType", "WEBSOCKET")
            .set_property("RouteSelectionExpression", "$request.body.action");
        CfnResource::new(s, "BadWsStage", "AWS::ApiGatewayV2::Stage")
            .set_property("ApiId", ws.ref_())
            .set_property("StageName", "prod");
        CfnResource::new(s, "GoodWsStage", "AWS::ApiGatewayV2::Stage")
            .set_property("ApiId", ws.ref_())
            .set_property("StageName", "prod")
            .set_property("DefaultRouteSettings", json!({"LoggingLevel": "INFO"}));
        let http = CfnResource::new(s, "GoodHttp", "AWS::ApiGatewayV2::Api");
        http.set_property("Name", "h")
            .set_property("ProtocolType", "HTTP");
        CfnResource::new(s, "GoodHttpStage", "AWS::ApiGatewayV2::Stage")
            .set_property("ApiId", http.ref_())
            .set_property("StageName", "$default");
    });
}

#[test]
fn sf1_logging_all_and_sf2_tracing() {
    let build = |s: &Stack| {
        StateMachine::new(s, "Bad", &Pass::new("P")).build();
        let logs = LogGroup::new(s, "GoodLogs").build();
        StateMachine::new(s, "Good", &Pass::new("P"))
            .logs(LogOptions::new(&logs).level(LogLevel::All))
            .tracing(true)
            .build();
        let errors_only = LogGroup::new(s, "BadErrorsLogs").build();
        StateMachine::new(s, "BadErrorsOnly", &Pass::new("P"))
            .logs(LogOptions::new(&errors_only).level(LogLevel::Error))
            .tracing(true)
            .build();
    };
    let sf1 = case("SF1", 2, build);
    assert_eq!(sf1[1].0, "S/BadErrorsOnly/Resource");
    let app = App::new();
    let stack = Stack::new(&app, "S");
    build(&stack);
    assert_eq!(
        findings(&app, "SF2"),
        [("S/Bad/Resource".to_string(), "AwsSolutions-SF2".to_string())]
    );
}

#[test]
fn evb1_open_event_bus_policy() {
    case("EVB1", 1, |s| {
        let bad = constructs::events::EventBus::new(s, "Bad").build();
        bad.add_to_resource_policy(
            PolicyStatement::allow()
                .sid("Open")
                .actions(["events:PutEvents"])
                .principal(Principal::Any)
                .resources([bad.event_bus_arn()]),
        );
        let good = constructs::events::EventBus::new(s, "Good").build();
        good.add_to_resource_policy(
            PolicyStatement::allow()
                .sid("Org")
                .actions(["events:PutEvents"])
                .principal(Principal::Any)
                .condition("StringEquals", "aws:PrincipalOrgID", "o-123")
                .resources([good.event_bus_arn()]),
        );
    });
}

#[test]
fn every_rule_is_named_like_cdk_nag_and_says_why_and_how() {
    let codes: Vec<&str> = RULES
        .iter()
        .map(|r| r.id.trim_start_matches("AwsSolutions-"))
        .collect();
    assert_eq!(
        codes,
        [
            "S1", "S2", "S10", "IAM4", "IAM5", "DDB3", "L1", "SQS3", "SQS4", "SNS2", "SNS3",
            "APIG1", "APIG2", "APIG4", "APIG6", "SF1", "SF2", "EVB1"
        ]
    );
    let app = App::new();
    let stack = Stack::new(&app, "S");
    Queue::new(&stack, "Q")
        .visibility_timeout(Duration::from_secs(30))
        .build();
    let report = cdk_core::checks::run(&app, &[&aws_solutions()]).unwrap();
    let f = &report.findings[0];
    assert_eq!(f.id(), "AwsSolutions-SQS3");
    assert_eq!(f.path, "S/Q/Resource");
    assert!(f.why.contains("received again and again"));
    assert!(f.fix.contains("dead-letter queue"));
    assert_eq!(report.packs, ["AwsSolutions"]);
}

#[test]
fn acknowledging_a_finding_on_the_l2_covers_its_resources() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let role = Role::new(&stack, "Role", Principal::service("lambda.amazonaws.com")).build();
    role.add_to_policy(
        PolicyStatement::allow()
            .actions(["rekognition:*"])
            .resources(["*"]),
    );
    Checks::of(&role)
        .acknowledge(
            "AwsSolutions-IAM5[Action::rekognition:*]",
            "Rekognition has no resource-level permissions",
        )
        .acknowledge(
            "AwsSolutions-IAM5[Resource::*]",
            "Rekognition has no resource-level permissions",
        );
    let report = cdk_core::checks::run(&app, &[&aws_solutions()]).unwrap();
    assert!(!report.has_errors(), "{report}");
    assert_eq!(report.findings.len(), 2);
    assert!(report.unused.is_empty());
}
