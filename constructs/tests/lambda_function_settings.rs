//! The settings of `lambda::Function` beyond code and handler: asynchronous invocation
//! (destinations, event age, retries), function URLs. Each renders in the SAM template as SAM's property and
//! in the plain one as what SAM generates for it; each limit is a synth error; and the real
//! validators (cfn-lint, aws-sam-translator, the differential check, `sam validate --lint`)
//! accept all of it together.

use std::path::PathBuf;
use std::time::Duration;

use cdk_core::assertions::{Match, Template};
use cdk_core::CfnOutput;
use cdk_core::{App, Stack};
use constructs::events::EventBus;
use constructs::iam::{Principal, Role};
use constructs::lambda::{
    Code, Destination, Function, FunctionBuilder, FunctionUrlAuthType, FunctionUrlCors,
    FunctionUrlOptions, InvokeMode, Runtime,
};
use constructs::sns::Topic;
use constructs::sqs::Queue;
use serde_json::json;

fn builder(stack: &Stack, id: &str) -> FunctionBuilder {
    Function::new(
        stack,
        id,
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(event, context):\n    return None\n"),
        "index.handler",
    )
}

/// The one diagnostic `make` causes, on the function `S/Handler` or below it, with a hint.
fn one_error(make: impl FnOnce(&Stack) -> FunctionBuilder, expected: &str) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let _ = make(&stack).build();
    let err = app.assemble().unwrap_err();
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{expected}: {err}");
    assert!(
        d[0].message.contains(expected),
        "{expected}: {}",
        d[0].message
    );
    assert!(
        d[0].path.starts_with("S/Handler"),
        "{expected}: {}",
        d[0].path
    );
    assert!(!d[0].hint.is_empty(), "{expected}");
}

// ---- asynchronous invocation ---------------------------------------------------------------

#[test]
fn async_invocation_renders_as_sam_event_invoke_config_and_the_plain_resource() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let done = Queue::new(&stack, "Done").build();
    let failed = Topic::new(&stack, "Failed").build();
    let func = builder(&stack, "Handler")
        .on_success(Destination::queue(&done))
        .on_failure(Destination::topic(&failed))
        .max_event_age(Duration::from_secs(120))
        .retry_attempts(0)
        .build();
    let fn_id = func.resource().logical_id();
    let done_id = done.resource().logical_id();
    let failed_id = failed.resource().logical_id();

    let sam = Template::from_stack_sam(&stack);
    sam.has_resource_properties(
        "AWS::Serverless::Function",
        json!({"EventInvokeConfig": {
            "DestinationConfig": {
                "OnFailure": {"Type": "SNS", "Destination": {"Ref": failed_id}},
                "OnSuccess": {"Type": "SQS", "Destination": {"Fn::GetAtt": [done_id, "Arn"]}},
            },
            "MaximumEventAgeInSeconds": 120,
            "MaximumRetryAttempts": 0,
        }}),
    );
    sam.resource_count_is("AWS::Lambda::EventInvokeConfig", 0);

    let plain = Template::from_stack(&stack);
    let t = plain.to_json().clone();
    let config = &t["Resources"][format!("{fn_id}EventInvokeConfig")];
    assert_eq!(config["Type"], "AWS::Lambda::EventInvokeConfig");
    assert_eq!(
        config["Properties"],
        json!({
            "DestinationConfig": {
                "OnFailure": {"Destination": {"Ref": failed_id}},
                "OnSuccess": {"Destination": {"Fn::GetAtt": [done_id, "Arn"]}},
            },
            "FunctionName": {"Ref": fn_id},
            "MaximumEventAgeInSeconds": 120,
            "MaximumRetryAttempts": 0,
            "Qualifier": "$LATEST",
        })
    );
    assert!(config.get("DependsOn").is_none(), "{config}");
    // The role may deliver to both (the same statements in both templates).
    for t in [&plain, &sam] {
        t.has_resource_properties(
            "AWS::IAM::Policy",
            json!({"PolicyDocument": {"Statement": Match::array_with(json!([
                json!({"Action": ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
                       "Effect": "Allow", "Resource": {"Fn::GetAtt": [done_id, "Arn"]}}),
                json!({"Action": "sns:Publish", "Effect": "Allow", "Resource": {"Ref": failed_id}}),
            ]))}}),
        );
    }
}

#[test]
fn async_invocation_of_an_aliased_function_configures_the_alias() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let bus = EventBus::new(&stack, "Bus").build();
    let next = builder(&stack, "Next").auto_publish_alias("live").build();
    let func = builder(&stack, "Handler")
        .on_success(Destination::function(next.function()))
        .on_failure(Destination::event_bus(&bus))
        .auto_publish_alias("live")
        .build();
    let fn_id = func.resource().logical_id();
    let t = Template::from_stack(&stack).to_json().clone();
    let config = &t["Resources"][format!("{fn_id}EventInvokeConfig")];
    assert_eq!(config["Properties"]["Qualifier"], "live");
    assert_eq!(config["DependsOn"], json!([format!("{fn_id}Aliaslive")]));
    assert_eq!(
        config["Properties"]["DestinationConfig"]["OnSuccess"]["Destination"],
        json!({"Ref": format!("{}Aliaslive", next.resource().logical_id())}),
        "the destination function is invoked through its alias"
    );
    let sam = Template::from_stack_sam(&stack).to_json().clone();
    let props = &sam["Resources"][&fn_id]["Properties"]["EventInvokeConfig"]["DestinationConfig"];
    assert_eq!(props["OnSuccess"]["Type"], "Lambda");
    assert_eq!(
        props["OnSuccess"]["Destination"],
        json!({"Ref": format!("{}.Alias", next.resource().logical_id())})
    );
    assert_eq!(props["OnFailure"]["Type"], "EventBridge");
    Template::from_stack(&stack).has_resource_properties(
        "AWS::IAM::Policy",
        json!({"PolicyDocument": {"Statement": Match::array_with(json!([
            json!({"Action": "events:PutEvents", "Effect": "Allow",
                   "Resource": {"Fn::GetAtt": [bus.resource().logical_id(), "Arn"]}}),
        ]))}}),
    );
}

#[test]
fn only_event_age_and_retries_render_an_empty_destination_config_as_sam_does() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let func = builder(&stack, "Handler").retry_attempts(2).build();
    let fn_id = func.resource().logical_id();
    let t = Template::from_stack(&stack).to_json().clone();
    assert_eq!(
        t["Resources"][format!("{fn_id}EventInvokeConfig")]["Properties"],
        json!({"DestinationConfig": {}, "FunctionName": {"Ref": fn_id},
               "MaximumRetryAttempts": 2, "Qualifier": "$LATEST"})
    );
    let sam = Template::from_stack_sam(&stack).to_json().clone();
    assert_eq!(
        sam["Resources"][&fn_id]["Properties"]["EventInvokeConfig"],
        json!({"MaximumRetryAttempts": 2})
    );
    // Nothing set, nothing rendered.
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let _ = builder(&stack, "Handler").build();
    Template::from_stack(&stack).resource_count_is("AWS::Lambda::EventInvokeConfig", 0);
}

#[test]
fn async_invocation_mistakes_are_one_diagnostic_each() {
    one_error(
        |s| builder(s, "Handler").max_event_age(Duration::from_secs(59)),
        "the maximum event age of 59 seconds is outside 60..=21600 seconds",
    );
    one_error(
        |s| builder(s, "Handler").max_event_age(Duration::from_secs(21601)),
        "outside 60..=21600",
    );
    one_error(
        |s| builder(s, "Handler").max_event_age(Duration::from_millis(90_500)),
        "is not a whole number of seconds",
    );
    one_error(
        |s| builder(s, "Handler").retry_attempts(3),
        "3 retry attempts for asynchronous invocations; Lambda allows 0 to 2",
    );
    one_error(
        |s| {
            let q = Queue::new(s, "Q").fifo(true).build();
            builder(s, "Handler").on_failure(Destination::queue(&q))
        },
        "the on-failure destination is a FIFO queue",
    );
    one_error(
        |s| {
            let t = Topic::new(s, "T").fifo(true).build();
            builder(s, "Handler").on_success(Destination::topic(&t))
        },
        "the on-success destination is a FIFO topic",
    );
}

// ---- function URLs -------------------------------------------------------------------------

#[test]
fn a_public_url_gets_both_permissions_aws_requires() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let func = builder(&stack, "Handler").build();
    let url = func.add_function_url(
        FunctionUrlOptions::new(FunctionUrlAuthType::None)
            .cors(
                FunctionUrlCors::new()
                    .allow_origins(["https://app.example.com"])
                    .allow_methods(["GET", "POST"])
                    .allow_headers(["content-type"])
                    .expose_headers(["x-request-id"])
                    .allow_credentials(true)
                    .max_age(Duration::from_secs(300)),
            )
            .invoke_mode(InvokeMode::ResponseStream),
    );
    CfnOutput::new(&stack, "Url", url.url());
    let fn_id = func.resource().logical_id();
    let cors = json!({
        "AllowCredentials": true,
        "AllowHeaders": ["content-type"],
        "AllowMethods": ["GET", "POST"],
        "AllowOrigins": ["https://app.example.com"],
        "ExposeHeaders": ["x-request-id"],
        "MaxAge": 300,
    });
    let t = Template::from_stack(&stack).to_json().clone();
    let r = &t["Resources"];
    assert_eq!(r[format!("{fn_id}Url")]["Type"], "AWS::Lambda::Url");
    assert_eq!(
        r[format!("{fn_id}Url")]["Properties"],
        json!({"AuthType": "NONE", "Cors": cors, "InvokeMode": "RESPONSE_STREAM",
               "TargetFunctionArn": {"Ref": fn_id}})
    );
    assert_eq!(
        r[format!("{fn_id}UrlPublicPermissions")]["Properties"],
        json!({"Action": "lambda:InvokeFunctionUrl", "FunctionName": {"Ref": fn_id},
               "FunctionUrlAuthType": "NONE", "Principal": "*"})
    );
    assert_eq!(
        r[format!("{fn_id}URLInvokeAllowPublicAccess")]["Properties"],
        json!({"Action": "lambda:InvokeFunction", "FunctionName": {"Ref": fn_id},
               "InvokedViaFunctionUrl": true, "Principal": "*"})
    );
    assert_eq!(
        t["Outputs"]["Url"]["Value"],
        json!({"Fn::GetAtt": [format!("{fn_id}Url"), "FunctionUrl"]})
    );
    let sam = Template::from_stack_sam(&stack).to_json().clone();
    assert_eq!(
        sam["Resources"][&fn_id]["Properties"]["FunctionUrlConfig"],
        json!({"AuthType": "NONE", "Cors": cors, "InvokeMode": "RESPONSE_STREAM"})
    );
    assert_eq!(
        sam["Outputs"]["Url"]["Value"],
        json!({"Fn::GetAtt": [format!("{fn_id}Url"), "FunctionUrl"]}),
        "SAM's generated <Fn>Url"
    );
    Template::from_stack_sam(&stack).resource_count_is("AWS::Lambda::Url", 0);
}

#[test]
fn an_iam_url_of_an_alias_gets_no_permission_and_grants_callers() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let func = builder(&stack, "Handler")
        .auto_publish_alias("live")
        .build();
    let url = func.add_function_url(FunctionUrlOptions::new(FunctionUrlAuthType::AwsIam));
    assert_eq!(url.auth_type(), FunctionUrlAuthType::AwsIam);
    let caller = Role::new(&stack, "Caller", Principal::service("ec2.amazonaws.com")).build();
    url.grant_invoke_url(&caller);
    let fn_id = func.resource().logical_id();
    let plain = Template::from_stack(&stack);
    plain.resource_count_is("AWS::Lambda::Permission", 0);
    let alias = json!({"Ref": format!("{fn_id}Aliaslive")});
    plain.has_resource_properties(
        "AWS::Lambda::Url",
        json!({"AuthType": "AWS_IAM", "TargetFunctionArn": alias}),
    );
    plain.has_resource_properties(
        "AWS::IAM::Policy",
        json!({"PolicyDocument": {"Statement": [{
            "Action": ["lambda:InvokeFunction", "lambda:InvokeFunctionUrl"],
            "Effect": "Allow", "Resource": alias}]}}),
    );
    Template::from_stack_sam(&stack).has_resource_properties(
        "AWS::IAM::Policy",
        json!({"PolicyDocument": {"Statement": [{
            "Action": ["lambda:InvokeFunction", "lambda:InvokeFunctionUrl"],
            "Effect": "Allow", "Resource": {"Ref": format!("{fn_id}.Alias")}}]}}),
    );
}

#[test]
fn function_url_mistakes_are_one_diagnostic_each() {
    let cases: Vec<(FunctionUrlCors, &str)> = vec![
        (
            FunctionUrlCors::new().allow_methods(["GET", "get", "OPTIONS"]),
            "allows methods Lambda does not know: get, OPTIONS",
        ),
        (
            FunctionUrlCors::new().max_age(Duration::from_secs(86401)),
            "the function URL's CORS max age of 86401 seconds is outside 0..=86400 seconds",
        ),
        (
            FunctionUrlCors::new().allow_origins([""]),
            "CORS origin `` has 0 characters",
        ),
        (
            FunctionUrlCors::new().allow_headers((0..101).map(|i| format!("x-h{i}"))),
            "has 101 allowed headers, more than Lambda's 100",
        ),
    ];
    for (cors, expected) in cases {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        let func = builder(&stack, "Handler").build();
        func.add_function_url(FunctionUrlOptions::new(FunctionUrlAuthType::AwsIam).cors(cors));
        let err = app.assemble().unwrap_err();
        let d = err.diagnostics();
        assert_eq!(d.len(), 1, "{expected}: {err}");
        assert!(
            d[0].message.contains(expected),
            "{expected}: {}",
            d[0].message
        );
        assert_eq!(d[0].path, "S/Handler", "{expected}");
    }
    // A second URL; a grant on a public one.
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let func = builder(&stack, "Handler").build();
    let first = func.add_function_url(FunctionUrlOptions::new(FunctionUrlAuthType::AwsIam));
    let second = func.add_function_url(FunctionUrlOptions::new(FunctionUrlAuthType::None));
    assert_eq!(
        second.auth_type(),
        first.auth_type(),
        "the first URL is returned"
    );
    let d = app.assemble().unwrap_err().diagnostics().to_vec();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].message.contains("a second function URL"),
        "{}",
        d[0].message
    );
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let func = builder(&stack, "Handler").build();
    let url = func.add_function_url(FunctionUrlOptions::new(FunctionUrlAuthType::None));
    url.grant_invoke_url(
        &Role::new(&stack, "Caller", Principal::service("ec2.amazonaws.com")).build(),
    );
    let d = app.assemble().unwrap_err().diagnostics().to_vec();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].message.contains("auth type NONE"), "{}", d[0].message);
    assert_eq!(d[0].path, "S/Handler/FunctionUrl");
}

// ---- the real validators -------------------------------------------------------------------

/// cfn-lint (both templates, JSON and YAML), aws-sam-translator, the differential check and
/// `sam validate --lint` on every setting together.
#[test]
fn every_setting_passes_the_validators_and_the_differential() {
    let out = std::env::temp_dir().join(format!("lambda-settings-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let app = App::with_out_dir(&out);
    let stack = Stack::new(&app, "FunctionSettings");
    let done = Queue::new(&stack, "Done").build();
    let failed = Topic::new(&stack, "Failed").build();
    let bus = EventBus::new(&stack, "Bus").build();
    let next = builder(&stack, "Next").auto_publish_alias("live").build();
    let _plain = builder(&stack, "Async")
        .on_success(Destination::queue(&done))
        .on_failure(Destination::topic(&failed))
        .max_event_age(Duration::from_secs(3600))
        .retry_attempts(1)
        .build();
    let _aliased = builder(&stack, "AsyncAliased")
        .on_success(Destination::function(next.function()))
        .on_failure(Destination::event_bus(&bus))
        .auto_publish_alias("live")
        .build();
    let _retries = builder(&stack, "RetriesOnly").retry_attempts(0).build();
    let public = builder(&stack, "Public").build().add_function_url(
        FunctionUrlOptions::new(FunctionUrlAuthType::None)
            .cors(
                FunctionUrlCors::new()
                    .allow_origins(["https://app.example.com"])
                    .allow_methods(["*"])
                    .max_age(Duration::from_secs(60)),
            )
            .invoke_mode(InvokeMode::Buffered),
    );
    let private = builder(&stack, "Private")
        .auto_publish_alias("live")
        .build()
        .add_function_url(FunctionUrlOptions::new(FunctionUrlAuthType::AwsIam));
    let caller = Role::new(&stack, "Caller", Principal::service("ec2.amazonaws.com")).build();
    private.grant_invoke_url(&caller);
    CfnOutput::new(&stack, "PublicUrl", public.url());
    CfnOutput::new(&stack, "PrivateUrl", private.url());
    app.write().expect("synthesizes");

    let files: Vec<PathBuf> = ["template.json", "template.yaml", "sam.json", "sam.yaml"]
        .iter()
        .map(|f| out.join(format!("FunctionSettings.{f}")))
        .collect();
    let lint = cdk_validators::cfn_lint(&files);
    assert!(lint.success, "cfn-lint:\n{}", lint.output);
    let translated = cdk_validators::sam_translate(&files[2])
        .unwrap_or_else(|e| panic!("aws-sam-translator rejected the SAM template:\n{e}"));
    let plain: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    let report = cdk_validators::differential(&translated, &plain);
    assert!(
        report.is_empty(),
        "the translation and the plain template differ:\n{report}"
    );
    assert_eq!(
        report.matched_functions.len(),
        6,
        "{:?}",
        report.matched_functions
    );
    // The comparison covered the configurations: the translation has them, under the IDs
    // the plain template uses.
    let count = |t: &serde_json::Value, ty: &str| {
        t["Resources"]
            .as_object()
            .unwrap()
            .values()
            .filter(|r| r["Type"] == ty)
            .count()
    };
    assert_eq!(count(&translated, "AWS::Lambda::EventInvokeConfig"), 3);
    assert_eq!(count(&plain, "AWS::Lambda::EventInvokeConfig"), 3);
    assert_eq!(count(&translated, "AWS::Lambda::Url"), 2);
    assert_eq!(count(&plain, "AWS::Lambda::Url"), 2);
    assert_eq!(count(&translated, "AWS::Lambda::Permission"), 2);
    let validate = cdk_validators::sam_validate_lint(&files[3]);
    assert!(
        validate.success,
        "sam validate --lint:\n{}",
        validate.output
    );
    let _ = std::fs::remove_dir_all(&out);
}
