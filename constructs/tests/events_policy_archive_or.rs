//! EventBridge: the bus policy (`EventBus::add_to_resource_policy`), archives with retention,
//! and `$or` in the typed event pattern; each mistake one diagnostic; cfn-lint on all of it.

mod support;
use std::time::Duration;

use cdk_core::assertions::{Match, Template};
use cdk_core::{App, Stack};
use constructs::events::{Archive, EventBus, EventPattern, ImportedEventBus, Matcher, Rule};
use constructs::iam::{PolicyStatement, Principal, Role};
use serde_json::json;

fn put_events(sid: &str) -> PolicyStatement {
    PolicyStatement::allow()
        .sid(sid)
        .principal(Principal::account("111122223333"))
        .actions(["events:PutEvents"])
}

#[test]
fn each_bus_policy_statement_is_an_event_bus_policy_on_the_bus() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let bus = EventBus::new(&stack, "Orders").build();
    bus.add_to_resource_policy(put_events("Partner"));
    bus.add_to_resource_policy(
        PolicyStatement::allow()
            .sid("Org")
            .principal(Principal::account("*"))
            .actions(["events:PutEvents"])
            .resources([bus.event_bus_arn()])
            .condition("StringEquals", "aws:PrincipalOrgID", "o-abc123"),
    );
    let bus_id = bus.resource().logical_id();
    let t = Template::from_stack(&stack);
    t.resource_count_is("AWS::Events::EventBusPolicy", 2);
    t.has_resource_properties(
        "AWS::Events::EventBusPolicy",
        json!({
            "EventBusName": {"Ref": bus_id},
            "StatementId": "Partner",
            "Statement": {
                "Action": "events:PutEvents",
                "Effect": "Allow",
                "Principal": {"AWS": Match::any_value()},
                "Resource": {"Fn::GetAtt": [bus_id, "Arn"]},
                "Sid": "Partner"
            }
        }),
    );
    t.has_resource_properties(
        "AWS::Events::EventBusPolicy",
        json!({
            "StatementId": "Org",
            "Statement": {"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}
        }),
    );
    let paths: Vec<String> = t
        .find_resources("AWS::Events::EventBusPolicy", json!({}))
        .values()
        .map(|r| r["Metadata"]["aws:cdk:path"].as_str().unwrap().to_string())
        .collect();
    assert!(
        paths.contains(&"S/Orders/PolicyPartner/Resource".to_string()),
        "{paths:?}"
    );
}

#[test]
fn a_grantee_may_put_events_on_the_bus_only() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let bus = EventBus::new(&stack, "Orders").build();
    let role = Role::new(
        &stack,
        "Publisher",
        Principal::service("lambda.amazonaws.com"),
    )
    .build();
    bus.grant_put_events_to(&role);
    Template::from_stack(&stack).has_resource_properties(
        "AWS::IAM::Policy",
        json!({"PolicyDocument": {"Statement": [{
            "Action": "events:PutEvents", "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [bus.resource().logical_id(), "Arn"]}
        }]}}),
    );
}

#[test]
fn an_archive_keeps_a_bus_events_for_its_retention() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let bus = EventBus::new(&stack, "Orders").build();
    Archive::new(&stack, "Recent", &bus)
        .archive_name("recent-orders")
        .description("thirty days of orders")
        .retention(Duration::from_secs(30 * 86_400))
        .event_pattern(EventPattern::new().source(["shop.orders"]))
        .build();
    Archive::new(&stack, "Everything", &ImportedEventBus::default_bus()).build();
    let bus_id = bus.resource().logical_id();
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::Events::Archive",
        json!({
            "ArchiveName": "recent-orders",
            "Description": "thirty days of orders",
            "EventPattern": {"source": ["shop.orders"]},
            "RetentionDays": 30,
            "SourceArn": {"Fn::GetAtt": [bus_id, "Arn"]}
        }),
    );
    t.has_resource_properties(
        "AWS::Events::Archive",
        json!({
            "RetentionDays": Match::absent(),
            "EventPattern": Match::absent(),
            "SourceArn": {"Fn::Join": ["", Match::array_with(json!([":event-bus/default"]))]}
        }),
    );
}

#[test]
fn or_renders_the_alternatives_as_whole_sub_patterns() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    Rule::new(&stack, "Big")
        .event_pattern(
            EventPattern::new().source(["shop.orders"]).any_of([
                EventPattern::new().detail("total", [Matcher::greater_than(1000.0)]),
                EventPattern::new()
                    .detail("customer.tier", [Matcher::exact("gold")])
                    .detail_type(["Order Placed"]),
            ]),
        )
        .build();
    Template::from_stack(&stack).has_resource_properties(
        "AWS::Events::Rule",
        json!({"EventPattern": Match::object_equals(json!({
            "source": ["shop.orders"],
            "$or": [
                {"detail": {"total": [{"numeric": [">", 1000]}]}},
                {"detail": {"customer": {"tier": ["gold"]}}, "detail-type": ["Order Placed"]}
            ]
        }))}),
    );
}

type Case = (Box<dyn Fn(&Stack)>, &'static str, &'static str);

#[test]
fn each_mistake_is_one_diagnostic_with_path_and_hint() {
    let cases: Vec<Case> = vec![
        (
            Box::new(|s| {
                EventBus::new(s, "Bus").build().add_to_resource_policy(
                    PolicyStatement::allow()
                        .principal(Principal::account("111122223333"))
                        .actions(["events:PutEvents"]),
                )
            }),
            "an event bus policy statement has no sid",
            "S/Bus",
        ),
        (
            Box::new(|s| {
                EventBus::new(s, "Bus")
                    .build()
                    .add_to_resource_policy(put_events("no spaces"))
            }),
            "event bus policy statement id `no spaces` is not 1-64 letters",
            "S/Bus",
        ),
        (
            Box::new(|s| {
                let bus = EventBus::new(s, "Bus").build();
                bus.add_to_resource_policy(put_events("Same"));
                bus.add_to_resource_policy(put_events("Same"));
            }),
            "two statements with the id `Same`",
            "S/Bus",
        ),
        (
            Box::new(|s| {
                EventBus::new(s, "Bus").build().add_to_resource_policy(
                    PolicyStatement::allow()
                        .sid("Nobody")
                        .actions(["events:PutEvents"]),
                )
            }),
            "event bus policy statement `Nobody` has no principal or no actions",
            "S/Bus",
        ),
        (
            Box::new(|s| {
                let bus = EventBus::new(s, "Bus").build();
                Archive::new(s, "Archive", &bus)
                    .retention(Duration::from_secs(3600))
                    .build();
            }),
            "is not a whole number of days",
            "S/Archive",
        ),
        (
            Box::new(|s| {
                let bus = EventBus::new(s, "Bus").build();
                Archive::new(s, "Archive", &bus)
                    .archive_name("has space")
                    .build();
            }),
            "`has space` is not a valid archive name",
            "S/Archive",
        ),
        (
            Box::new(|s| {
                let bus = EventBus::new(s, "Bus").build();
                Archive::new(s, "Archive", &bus)
                    .event_pattern(EventPattern::new().detail("x", [Matcher::wildcard("a**")]))
                    .build();
            }),
            "event pattern field `detail.x`",
            "S/Archive",
        ),
        (
            Box::new(|s| {
                Rule::new(s, "Rule")
                    .event_pattern(EventPattern::new().any_of([EventPattern::new().source(["a"])]))
                    .build();
            }),
            "event pattern `$or` has 1 alternative(s)",
            "S/Rule",
        ),
        (
            Box::new(|s| {
                Rule::new(s, "Rule")
                    .event_pattern(EventPattern::new().source(["a"]).any_of([
                        EventPattern::new().detail("x", [Matcher::exists(true)]),
                        EventPattern::new(),
                    ]))
                    .build();
            }),
            "event pattern `$or[1]` has no fields",
            "S/Rule",
        ),
        (
            Box::new(|s| {
                Rule::new(s, "Rule")
                    .event_pattern(
                        EventPattern::new()
                            .any_of([
                                EventPattern::new().source(["a"]),
                                EventPattern::new().source(["b"]),
                            ])
                            .any_of([
                                EventPattern::new().source(["c"]),
                                EventPattern::new().source(["d"]),
                            ]),
                    )
                    .build();
            }),
            "the event pattern has 2 `$or`s at the same level",
            "S/Rule",
        ),
        (
            Box::new(|s| {
                Rule::new(s, "Rule")
                    .event_pattern(EventPattern::new().source(["a"]).any_of([
                        EventPattern::new().detail("n", [Matcher::between(3.0, 1.0)]),
                        EventPattern::new().source(["b"]),
                    ]))
                    .build();
            }),
            "event pattern field `$or[0].detail.n`: a numeric range's lower bound",
            "S/Rule",
        ),
        (
            Box::new(|s| {
                Rule::new(s, "Rule")
                    .event_pattern(EventPattern::new().detail("order.", [Matcher::exists(true)]))
                    .build();
            }),
            "event pattern has a field with an empty name under `detail.order`",
            "S/Rule",
        ),
    ];
    for (make, expected, path) in cases {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        make(&stack);
        let err = app.assemble().unwrap_err();
        support::assert_one_diagnostic(&err, expected, path);
    }
}

#[test]
fn bus_policies_archives_and_or_patterns_pass_cfn_lint() {
    let out = std::env::temp_dir().join(format!("events-policy-archive-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let app = App::with_out_dir(&out);
    let stack = Stack::new(&app, "EventsMore");
    let bus = EventBus::new(&stack, "Orders").build();
    bus.add_to_resource_policy(put_events("Partner"));
    Archive::new(&stack, "Recent", &bus)
        .retention(Duration::from_secs(7 * 86_400))
        .event_pattern(EventPattern::new().source(["shop.orders"]))
        .build();
    Archive::new(&stack, "Everything", &ImportedEventBus::default_bus()).build();
    Rule::new(&stack, "Big")
        .event_bus(&bus)
        .event_pattern(EventPattern::new().source(["shop.orders"]).any_of([
            EventPattern::new().detail("total", [Matcher::greater_than(1000.0)]),
            EventPattern::new().detail("customer.tier", [Matcher::exact("gold")]),
        ]))
        .build();
    app.write().expect("synthesizes");
    support::assert_real_tools_accept(&out, "EventsMore", 0);
    let _ = std::fs::remove_dir_all(&out);
}
