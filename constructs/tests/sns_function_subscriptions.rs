//! Lambda functions and aliases of this app subscribed to SNS topics directly
//! (`Subscription::function`): where the subscription and the invoke permission live, what
//! they render in both templates, the mistakes reported at synth, and cfn-lint.

use std::path::PathBuf;

use cdk_core::assertions::{Match, Template};
use cdk_core::{App, Construct, Stack};
use constructs::lambda::{Code, Function, FunctionBuilder, Runtime};
use constructs::sns::{Filter, FilterPolicy, Subscription, Topic};
use serde_json::json;

fn function(stack: &Stack, id: &str) -> FunctionBuilder {
    Function::new(
        stack,
        id,
        Runtime::PYTHON_3_12,
        Code::from_inline("def handler(e, c):\n    pass\n"),
        "index.handler",
    )
}

#[test]
fn a_function_subscription_lives_under_the_function_with_its_permission() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let topic = Topic::new(&stack, "Orders").build();
    let func = function(&stack, "Notify").build();
    let sub = topic
        .add_subscription(Subscription::function(&func).filter_policy(
            FilterPolicy::message_attributes().key("status", [Filter::exact("paid")]),
        ))
        .expect("a subscription");
    assert_eq!(
        sub.resource().node().path(),
        "S/Notify/SOrdersB002CD82/Resource"
    );
    let fn_id = func.resource().logical_id();
    let topic_ref = json!({"Ref": topic.resource().logical_id()});
    for t in [
        Template::from_stack(&stack),
        Template::from_stack_sam(&stack),
    ] {
        t.has_resource_properties(
            "AWS::SNS::Subscription",
            Match::exact(json!({
                "Endpoint": {"Fn::GetAtt": [fn_id, "Arn"]},
                "FilterPolicy": {"status": ["paid"]},
                "Protocol": "lambda",
                "TopicArn": topic_ref,
            })),
        );
        t.has_resource_properties(
            "AWS::Lambda::Permission",
            Match::exact(json!({
                "Action": "lambda:InvokeFunction",
                "FunctionName": {"Fn::GetAtt": [fn_id, "Arn"]},
                "Principal": "sns.amazonaws.com",
                "SourceArn": topic_ref,
            })),
        );
    }
    let template = Template::from_stack(&stack);
    let json = template.to_json();
    let perm_id = cdk_core::logical_id::make_unique_id(&[
        "Notify".to_string(),
        format!(
            "AllowInvoke:{}",
            cdk_core::logical_id::make_unique_id(&["S", "Orders"])
        ),
    ]);
    assert!(
        json["Resources"]
            .as_object()
            .unwrap()
            .contains_key(&perm_id),
        "{perm_id}"
    );
    // The subscription waits for the function's own log group.
    let deps = &json["Resources"][sub.resource().logical_id()]["DependsOn"];
    assert!(deps.to_string().contains("LogGroup"), "{deps}");
}

#[test]
fn a_function_and_its_alias_can_both_subscribe() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let topic = Topic::new(&stack, "Orders").build();
    let aliased = function(&stack, "Notify")
        .auto_publish_alias("live")
        .build();
    let sub = topic
        .add_subscription(Subscription::function(&aliased.alias()))
        .expect("a subscription");
    assert_eq!(
        sub.resource().node().path(),
        format!(
            "{}/SOrdersB002CD82/Resource",
            aliased.alias().resource().node().path()
        )
    );
    topic.add_subscription(Subscription::function(aliased.function()));
    let fn_id = aliased.resource().logical_id();
    let t = Template::from_stack(&stack);
    t.resource_count_is("AWS::SNS::Subscription", 2);
    t.resource_count_is("AWS::Lambda::Permission", 2);
    let alias = json!({"Ref": format!("{fn_id}Aliaslive")});
    t.has_resource_properties("AWS::SNS::Subscription", json!({"Endpoint": alias}));
    t.has_resource_properties(
        "AWS::Lambda::Permission",
        json!({"FunctionName": alias, "Principal": "sns.amazonaws.com"}),
    );
    let sam = Template::from_stack_sam(&stack);
    sam.has_resource_properties(
        "AWS::SNS::Subscription",
        json!({"Endpoint": {"Ref": format!("{fn_id}.Alias")}}),
    );
    sam.resource_count_is("AWS::Lambda::Permission", 2);
}

fn only_diagnostic(make: impl Fn(&Stack)) -> cdk_core::Diagnostic {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    make(&stack);
    let err = app.assemble().unwrap_err();
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{err}");
    assert!(!d[0].hint.is_empty(), "{err}");
    d[0].clone()
}

#[test]
fn mistakes_are_one_diagnostic_each() {
    let d = only_diagnostic(|s| {
        let t = Topic::new(s, "T").fifo(true).build();
        let f = function(s, "F").build();
        t.add_subscription(Subscription::function(&f));
    });
    assert_eq!(d.path, "S/F/STE7DEDF33");
    assert!(d.message.contains("FIFO topic"), "{}", d.message);

    let d = only_diagnostic(|s| {
        let t = Topic::new(s, "T").build();
        let f = function(s, "F").build();
        t.add_subscription(Subscription::function(&f));
        t.add_subscription(Subscription::function(&f));
    });
    assert_eq!(d.path, "S/T");
    assert!(d.message.contains("already subscribed"), "{}", d.message);

    let d = only_diagnostic(|s| {
        let t = Topic::new(s, "T").build();
        let f = function(s, "F").build();
        t.add_subscription(Subscription::function(&f).raw_message_delivery(true));
    });
    assert_eq!(d.path, "S/F/STE7DEDF33");
    assert!(d.message.contains("raw message delivery"), "{}", d.message);
}

#[test]
fn function_subscriptions_pass_cfn_lint() {
    let base = std::env::temp_dir().join(format!("sns-fn-cfn-lint-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let app = App::with_out_dir(&base);
    let stack = Stack::new(&app, "FnSubscriptions");
    let topic = Topic::new(&stack, "Orders").build();
    let func = function(&stack, "Notify").build();
    let aliased = function(&stack, "Audit").auto_publish_alias("live").build();
    topic.add_subscription(Subscription::function(&func));
    topic.add_subscription(Subscription::function(&aliased.alias()));
    app.write().expect("the stack synthesizes");
    let mut templates: Vec<PathBuf> = std::fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.starts_with("FnSubscriptions.") && name.ends_with(".yaml")
        })
        .collect();
    templates.sort();
    assert_eq!(templates.len(), 2, "{templates:?}");
    let lint = cdk_validators::cfn_lint(&templates);
    assert!(lint.success, "cfn-lint:\n{}", lint.output);
    let _ = std::fs::remove_dir_all(&base);
}
