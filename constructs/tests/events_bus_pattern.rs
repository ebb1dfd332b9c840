//! Custom event buses (and the default bus by reference), rules on a bus, and the typed
//! event pattern: what they render, one diagnostic per mistake with path and hint, and
//! cfn-lint on a synthesized stack.

use std::path::PathBuf;

use cdk_core::assertions::{Match, Template};
use cdk_core::{App, Construct, Stack};
use constructs::events::{
    EventBus, EventBusLike, EventPattern, ImportedEventBus, Matcher, Rule, Schedule,
};
use constructs::sqs::Queue;
use serde_json::json;

fn orders() -> EventPattern {
    EventPattern::new().source(["shop.orders"])
}

#[test]
fn a_rule_on_a_custom_bus_names_it() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let bus = EventBus::new(&stack, "Orders")
        .event_bus_name("orders")
        .description("Order events")
        .build();
    let generated = EventBus::new(&stack, "Other").build();
    Rule::new(&stack, "OnBus")
        .event_bus(&bus)
        .event_pattern(orders())
        .build();
    Rule::new(&stack, "OnDefault")
        .event_bus(&ImportedEventBus::default_bus())
        .event_pattern(orders())
        .build();
    Rule::new(&stack, "OnImported")
        .event_bus(&ImportedEventBus::from_name("partner-bus"))
        .event_pattern(orders())
        .build();
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::Events::EventBus",
        Match::exact(json!({"Description": "Order events", "Name": "orders"})),
    );
    t.has_resource_properties(
        "AWS::Events::EventBus",
        Match::exact(json!({"Name": generated.node().unique_id()})),
    );
    t.has_resource_properties(
        "AWS::Events::Rule",
        json!({"EventBusName": {"Ref": bus.resource().logical_id()},
               "EventPattern": {"source": ["shop.orders"]}}),
    );
    t.has_resource_properties("AWS::Events::Rule", json!({"EventBusName": "partner-bus"}));
    // The default bus is the rule's default: no EventBusName.
    let json = t.to_json();
    let without = json["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| {
            r["Type"] == "AWS::Events::Rule" && r["Properties"].get("EventBusName").is_none()
        })
        .count();
    assert_eq!(without, 1);
    assert!(ImportedEventBus::default_bus().is_default_bus());
    let _ = bus.event_bus_arn();
}

#[test]
fn the_typed_pattern_renders_eventbridge_syntax() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    Rule::new(&stack, "R")
        .event_pattern(
            EventPattern::new()
                .source(["shop.orders"])
                .detail_type(["Order Placed", "Order Paid"])
                .detail("status", [Matcher::anything_but(["test"])])
                .detail("customer.tier", [Matcher::prefix("gold")])
                .detail("customer.email", [Matcher::suffix("@example.com")])
                .detail("sku", [Matcher::wildcard("BOOK-*")])
                .detail("total", [Matcher::between(10.0, 1000.0)])
                .detail("total", [Matcher::greater_than(5000.0)])
                .detail("coupon", [Matcher::exists(false)])
                .detail(
                    "region",
                    [
                        Matcher::exact("eu"),
                        Matcher::AnythingButPrefix("test-".into()),
                    ],
                ),
        )
        .build();
    Template::from_stack(&stack).has_resource_properties(
        "AWS::Events::Rule",
        json!({"EventPattern": Match::exact(json!({
            "source": ["shop.orders"],
            "detail-type": ["Order Placed", "Order Paid"],
            "detail": {
                "status": [{"anything-but": ["test"]}],
                "customer": {
                    "tier": [{"prefix": "gold"}],
                    "email": [{"suffix": "@example.com"}],
                },
                "sku": [{"wildcard": "BOOK-*"}],
                "total": [{"numeric": [">=", 10.0, "<", 1000.0]}, {"numeric": [">", 5000.0]}],
                "coupon": [{"exists": false}],
                "region": ["eu", {"anything-but": {"prefix": "test-"}}],
            },
        }))}),
    );
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

type Case = (Box<dyn Fn(&Stack)>, &'static str, &'static str);

#[test]
fn each_mistake_is_one_diagnostic_with_path_and_hint() {
    let cases: Vec<Case> = vec![
        (
            Box::new(|s| {
                let bus = EventBus::new(s, "Bus").build();
                Rule::new(s, "R")
                    .event_bus(&bus)
                    .schedule(Schedule::rate(5))
                    .build();
            }),
            "S/R",
            "schedules run only on the default bus",
        ),
        (
            Box::new(|s| {
                EventBus::new(s, "Bus").event_bus_name("default").build();
            }),
            "S/Bus",
            "event bus name `default` is the name of the account's default bus",
        ),
        (
            Box::new(|s| {
                EventBus::new(s, "Bus").event_bus_name("my bus").build();
            }),
            "S/Bus",
            "event bus name `my bus` has characters other than",
        ),
        (
            Box::new(|s| {
                EventBus::new(s, "Bus").event_bus_name("aws.mine").build();
            }),
            "S/Bus",
            "starts with `aws.`",
        ),
        (
            Box::new(|s| {
                Rule::new(s, "R").event_pattern(EventPattern::new()).build();
            }),
            "S/R",
            "the event pattern has no fields",
        ),
        (
            Box::new(|s| {
                Rule::new(s, "R")
                    .event_pattern(orders().detail("status", []))
                    .build();
            }),
            "S/R",
            "event pattern field `detail.status` has no matchers",
        ),
        (
            Box::new(|s| {
                Rule::new(s, "R")
                    .event_pattern(orders().detail("sku", [Matcher::wildcard("a**b")]))
                    .build();
            }),
            "S/R",
            "consecutive `*`s",
        ),
        (
            Box::new(|s| {
                Rule::new(s, "R")
                    .event_pattern(orders().detail("total", [Matcher::between(10.0, 1.0)]))
                    .build();
            }),
            "S/R",
            "`detail.total`: a numeric range's lower bound is not below its upper bound",
        ),
        (
            Box::new(|s| {
                Rule::new(s, "R")
                    .event_pattern(orders().detail("a.b", [Matcher::prefix("")]))
                    .build();
            }),
            "S/R",
            "`detail.a.b`: an empty prefix or suffix matches everything",
        ),
        (
            Box::new(|s| {
                Rule::new(s, "R")
                    .event_pattern(
                        orders().detail("x", [Matcher::anything_but(Vec::<String>::new())]),
                    )
                    .build();
            }),
            "S/R",
            "`anything-but` has no values",
        ),
    ];
    for (make, path, message) in cases {
        let d = only_diagnostic(make);
        assert_eq!(d.path, path, "{message}");
        assert!(
            d.message.contains(message),
            "expected `{message}`, got `{}`",
            d.message
        );
    }
}

#[test]
fn buses_rules_and_patterns_pass_cfn_lint() {
    let base = std::env::temp_dir().join(format!("events-bus-cfn-lint-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let app = App::with_out_dir(&base);
    let stack = Stack::new(&app, "EventBuses");
    let bus = EventBus::new(&stack, "Orders")
        .event_bus_name("orders")
        .build();
    let queue = Queue::new(&stack, "Paid").build();
    let rule = Rule::new(&stack, "PaidOrders")
        .event_bus(&bus)
        .event_pattern(
            orders()
                .detail_type(["Order Paid"])
                .detail("total", [Matcher::between(10.0, 1000.0)])
                .detail(
                    "customer.tier",
                    [Matcher::prefix("gold"), Matcher::wildcard("vip-*")],
                )
                .detail("coupon", [Matcher::exists(false)]),
        )
        .build();
    rule.add_target(&queue);
    Rule::new(&stack, "Nightly")
        .event_bus(&ImportedEventBus::default_bus())
        .schedule(Schedule::rate(60))
        .build()
        .add_target(&queue);
    app.write().expect("the stack synthesizes");
    let mut templates: Vec<PathBuf> = std::fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.starts_with("EventBuses.") && (name.ends_with(".yaml") || name.ends_with(".json"))
        })
        .collect();
    templates.sort();
    assert_eq!(templates.len(), 4, "{templates:?}");
    let lint = cdk_validators::cfn_lint(&templates);
    assert!(lint.success, "cfn-lint:\n{}", lint.output);
    let _ = std::fs::remove_dir_all(&base);
}
