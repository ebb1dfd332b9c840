//! The DynamoDB UpdateItem/DeleteItem and EventBridge PutEvents integrations: their
//! parameters, their least-privilege statements, the integration patterns AWS supports for
//! them (others rejected at synth), their synth checks, and the real tools on a stack that
//! uses them all (asl-validator, cfn-lint, `sam validate --lint`, aws-sam-translator and the
//! differential check).

mod support;

use std::path::PathBuf;

use cdk_core::{App, Flavor, Stack};
use constructs::dynamodb::{Attribute, Table, TableEncryption};
use constructs::events::{EventBus, ImportedEventBus};
use constructs::stepfunctions::{
    ChildExecution, DistributedMap, DynamoItem, EventBridgePutEvents, EventEntry, IntoChain,
    Message, Pass, ReturnValues, StartExecution, StateMachine, StateMachineType, UpdateExpression,
};
use serde_json::{json, Value};

/// The statements of `S/M`'s role policy, in the plain template.
fn statements(stack: &Stack) -> Vec<Value> {
    let t = stack.template().expect("synthesizes");
    let policy = t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["Metadata"]["aws:cdk:path"] == "S/M/Role/DefaultPolicy/Resource")
        .expect("the role's policy")
        .clone();
    policy["Properties"]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap()
        .clone()
}

/// Machine `S/M` starting at what `define` returns; the diagnostics' messages (all on
/// `S/M`), or none after asl-validator accepted both templates' definitions.
fn errors(define: impl FnOnce(&Stack) -> Box<dyn IntoChain>) -> Vec<String> {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let start = define(&stack).to_chain();
    StateMachine::new(&stack, "M", &start).build();
    match app.assemble() {
        Ok(_) => {
            for flavor in [Flavor::Cfn, Flavor::Sam] {
                let template = stack.template_of(flavor).expect("synthesizes");
                assert_eq!(cdk_validators::assert_template_asl_valid(&template), 1);
            }
            Vec::new()
        }
        Err(e) => e
            .diagnostics()
            .iter()
            .map(|d| {
                assert_eq!(d.path, "S/M", "{d:?}");
                d.message.clone()
            })
            .collect(),
    }
}

/// Exactly one message, containing `needle`.
fn one(messages: Vec<String>, needle: &str) {
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(messages[0].contains(needle), "{messages:#?}");
}

fn table(stack: &Stack) -> Table {
    Table::new(stack, "Orders", Attribute::string("id")).build()
}

#[test]
fn update_item_renders_a_typed_expression_with_placeholders_and_grants_update_item_only() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let orders = table(&stack);
    let update = DynamoItem::update(
        "Ship",
        &orders,
        json!({"id": {"S.$": "$.id"}}),
        UpdateExpression::new()
            .set("status", json!({"S": "SHIPPED"}))
            .set("shippedAt", json!({"S.$": "$$.State.EnteredTime"}))
            .add("attempts", json!({"N": "1"}))
            .remove("reservation")
            .delete("tags", json!({"SS": ["pending"]}))
            .return_values(ReturnValues::UpdatedNew),
    );
    let machine = StateMachine::new(&stack, "M", &update).build();
    let state = &machine.definition()["States"]["Ship"];
    assert_eq!(state["Resource"], "arn:aws:states:::dynamodb:updateItem");
    assert_eq!(
        state["Parameters"],
        json!({
            "Key": {"id": {"S.$": "$.id"}},
            "UpdateExpression": "SET #a0 = :v0, #a1 = :v1 ADD #a2 :v2 REMOVE #a3 DELETE #a4 :v4",
            "ExpressionAttributeNames": {
                "#a0": "status", "#a1": "shippedAt", "#a2": "attempts", "#a3": "reservation",
                "#a4": "tags"
            },
            "ExpressionAttributeValues": {
                ":v0": {"S": "SHIPPED"}, ":v1": {"S.$": "$$.State.EnteredTime"},
                ":v2": {"N": "1"}, ":v4": {"SS": ["pending"]}
            },
            "ReturnValues": "UPDATED_NEW",
            "TableName": "${OrdersName}"
        })
    );
    let s = statements(&stack);
    assert_eq!(s.len(), 1, "{s:#?}");
    assert_eq!(s[0]["Action"], "dynamodb:UpdateItem");
    assert_eq!(
        s[0]["Resource"],
        json!({"Fn::GetAtt": [orders.resource().logical_id(), "Arn"]})
    );
    assert!(errors(|s| Box::new(DynamoItem::update(
        "U",
        &table(s),
        json!({"id": {"S": "1"}}),
        UpdateExpression::new().set("status", json!({"S": "X"}))
    )))
    .is_empty());
}

#[test]
fn delete_item_grants_delete_item_and_only_all_old_can_be_returned() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let orders = Table::new(&stack, "Orders", Attribute::string("id"))
        .encryption(TableEncryption::customer_managed(
            "arn:aws:kms:eu-west-1:111122223333:key/abc",
        ))
        .build();
    let delete = DynamoItem::delete("Forget", &orders, json!({"id": {"S.$": "$.id"}}));
    let old = DynamoItem::delete_returning_old("Pop", &orders, json!({"id": {"S.$": "$.id"}}));
    let machine = StateMachine::new(&stack, "M", &delete.next(&old)).build();
    let d = machine.definition();
    assert_eq!(
        d["States"]["Forget"]["Resource"],
        "arn:aws:states:::dynamodb:deleteItem"
    );
    assert_eq!(
        d["States"]["Forget"]["Parameters"],
        json!({"Key": {"id": {"S.$": "$.id"}}, "TableName": "${OrdersName}"})
    );
    assert_eq!(d["States"]["Pop"]["Parameters"]["ReturnValues"], "ALL_OLD");
    let s = statements(&stack);
    let actions: Vec<&Value> = s.iter().map(|s| &s["Action"]).collect();
    assert_eq!(actions[0], "dynamodb:DeleteItem");
    // The key's actions: what a delete writes, and what returning the old item reads.
    assert!(s.iter().any(
        |s| s["Resource"] == "arn:aws:kms:eu-west-1:111122223333:key/abc"
            && s["Action"]
                .as_array()
                .unwrap()
                .contains(&json!("kms:Encrypt"))
    ));
    assert!(s.iter().any(
        |s| s["Resource"] == "arn:aws:kms:eu-west-1:111122223333:key/abc"
            && s["Action"]
                .as_array()
                .unwrap()
                .contains(&json!("kms:DescribeKey"))
    ));
}

#[test]
fn dynamodb_items_are_request_response_only() {
    one(
        errors(|s| {
            Box::new(
                DynamoItem::update(
                    "U",
                    &table(s),
                    json!({"id": {"S": "1"}}),
                    UpdateExpression::new().remove("x"),
                )
                .wait_for_task_token(),
            )
        }),
        "`arn:aws:states:::dynamodb:updateItem` does not support .waitForTaskToken",
    );
    one(
        errors(|s| {
            Box::new(
                DynamoItem::delete("D", &table(s), json!({"id": {"S": "1"}})).wait_for_task_token(),
            )
        }),
        "`arn:aws:states:::dynamodb:deleteItem` does not support .waitForTaskToken",
    );
}

#[test]
fn an_update_dynamodb_would_reject_is_a_synth_error() {
    let update = |u: UpdateExpression| {
        errors(move |s| {
            Box::new(DynamoItem::update(
                "U",
                &table(s),
                json!({"id": {"S": "1"}}),
                u,
            ))
        })
    };
    one(
        update(UpdateExpression::new()),
        "the update expression has no action",
    );
    one(
        update(
            UpdateExpression::new()
                .set("status", json!({"S": "A"}))
                .remove("status"),
        ),
        "changes attribute `status` twice",
    );
    one(
        update(UpdateExpression::new().add("count", json!({"S": "1"}))),
        "ADD `count` takes a value of type N, SS, NS, BS, not S",
    );
    one(
        update(UpdateExpression::new().delete("tags", json!({"N": "1"}))),
        "DELETE `tags` takes a value of type SS, NS, BS, not N",
    );
    one(
        update(UpdateExpression::new().set("status", json!("SHIPPED"))),
        "is not a DynamoDB attribute value",
    );
    one(
        update(UpdateExpression::new().set("status", json!({"STRING": "x"}))),
        "`STRING` is not a DynamoDB type descriptor",
    );
    one(
        errors(|s| Box::new(DynamoItem::delete("D", &table(s), json!({"id": "1"})))),
        "key attribute `id`",
    );
    one(
        errors(|s| Box::new(DynamoItem::put("P", &table(s), json!([1])))),
        "the item is not an object of attribute values",
    );
}

#[test]
fn put_events_names_each_bus_and_grants_put_events_on_exactly_those_buses() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let bus = EventBus::new(&stack, "Shop").build();
    let emit = EventBridgePutEvents::new(
        "Emit",
        [
            EventEntry::new("shop.orders", "OrderShipped", Message::path("$.order"))
                .event_bus(&bus),
            EventEntry::new(
                "shop.orders",
                "Audit",
                Message::Json(json!({"order.$": "$.order.id"})),
            )
            .event_bus(&ImportedEventBus::default_bus()),
            EventEntry::new(
                "shop.orders",
                "Archive",
                Message::Json(json!({"all": true})),
            )
            .event_bus(&ImportedEventBus::from_name("archive")),
        ],
    )
    .build();
    let machine = StateMachine::new(&stack, "M", &emit).build();
    let state = &machine.definition()["States"]["Emit"];
    assert_eq!(state["Resource"], "arn:aws:states:::events:putEvents");
    assert_eq!(
        state["Parameters"],
        json!({"Entries": [
            {"Detail.$": "$.order", "DetailType": "OrderShipped", "Source": "shop.orders",
             "EventBusName": "${BusArn}"},
            {"Detail": {"order.$": "$.order.id"}, "DetailType": "Audit", "Source": "shop.orders"},
            {"Detail": {"all": true}, "DetailType": "Archive", "Source": "shop.orders",
             "EventBusName": "archive"}
        ]})
    );
    let s = statements(&stack);
    assert_eq!(s.len(), 1, "{s:#?}");
    assert_eq!(s[0]["Action"], "events:PutEvents");
    let resources = s[0]["Resource"].as_array().unwrap();
    assert_eq!(resources.len(), 3, "{resources:#?}");
    assert_eq!(
        resources[0],
        json!({"Fn::GetAtt": [bus.resource().logical_id(), "Arn"]})
    );
    let joined = |r: &Value| r["Fn::Join"][1].as_array().unwrap().last().unwrap().clone();
    assert_eq!(joined(&resources[1]), ":event-bus/default");
    assert_eq!(joined(&resources[2]), ":event-bus/archive");
}

#[test]
fn put_events_waits_for_a_task_token_when_asked_and_the_token_must_be_sent() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let ask = EventBridgePutEvents::new(
        "Ask",
        [EventEntry::new(
            "shop.approvals",
            "ApprovalRequested",
            Message::Json(json!({"token.$": "$$.Task.Token", "order.$": "$.order"})),
        )],
    )
    .wait_for_task_token()
    .build();
    let machine = StateMachine::new(&stack, "M", &ask).build();
    assert_eq!(
        machine.definition()["States"]["Ask"]["Resource"],
        "arn:aws:states:::events:putEvents.waitForTaskToken"
    );
    stack.template().expect("synthesizes");
    one(
        errors(|_| {
            Box::new(
                EventBridgePutEvents::new(
                    "Ask",
                    [EventEntry::new("shop", "T", Message::Json(json!({"a": 1})))],
                )
                .wait_for_task_token()
                .build(),
            )
        }),
        "must pass the task token",
    );
}

#[test]
fn put_events_entries_eventbridge_would_reject_are_synth_errors() {
    let entry = |source: &str, detail: Value| EventEntry::new(source, "T", Message::Json(detail));
    one(
        errors(|_| Box::new(EventBridgePutEvents::new("E", []).build())),
        "sends 1 to 10 entries, this one 0",
    );
    one(
        errors(move |_| {
            Box::new(
                EventBridgePutEvents::new("E", (0..11).map(|_| entry("shop", json!({})))).build(),
            )
        }),
        "this one 11",
    );
    one(
        errors(move |_| {
            Box::new(EventBridgePutEvents::new("E", [entry("aws.orders", json!({}))]).build())
        }),
        "starts with `aws.`",
    );
    one(
        errors(move |_| {
            Box::new(EventBridgePutEvents::new("E", [entry("shop", json!("text"))]).build())
        }),
        "the Detail is a JSON object",
    );
    assert!(errors(|_| Box::new(Pass::new("fine"))).is_empty());
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn the_new_integrations_pass_every_validator() {
    let root =
        TempDir(std::env::temp_dir().join(format!("sfn-integrations-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&root.0);
    let out = root.0.join("synth-out");
    let app = App::with_out_dir(&out);
    let stack = Stack::new(&app, "Integrations");
    let orders = table(&stack);
    let bus = EventBus::new(&stack, "Shop").build();
    let ship = DynamoItem::update(
        "Ship",
        &orders,
        json!({"id": {"S.$": "$.id"}}),
        UpdateExpression::new()
            .set("status", json!({"S": "SHIPPED"}))
            .add("attempts", json!({"N": "1"}))
            .return_values(ReturnValues::AllNew),
    )
    .result_path("$.shipped");
    let emit = EventBridgePutEvents::new(
        "Emit",
        [
            EventEntry::new("shop.orders", "OrderShipped", Message::path("$.shipped"))
                .event_bus(&bus),
            EventEntry::new(
                "shop.orders",
                "Audit",
                Message::Json(json!({"id.$": "$.id"})),
            ),
        ],
    )
    .build()
    .result_path("$.emitted");
    let ask = EventBridgePutEvents::new(
        "Ask",
        [EventEntry::new(
            "shop.approvals",
            "ApprovalRequested",
            Message::Json(json!({"token.$": "$$.Task.Token"})),
        )
        .event_bus(&bus)],
    )
    .wait_for_task_token()
    .build()
    .result_path("$.approval");
    let forget =
        DynamoItem::delete_returning_old("Forget", &orders, json!({"id": {"S.$": "$.id"}}));
    StateMachine::new(&stack, "M", &ship.next(&emit).next(&ask).next(&forget)).build();
    app.write().expect("synthesizes");

    support::assert_real_tools_accept(&out, "Integrations", 0);
    support::assert_asl_valid(&out, "Integrations", 1);
}

/// Machine `S/M` of type EXPRESS from `define`; the diagnostics' messages.
fn express_errors(define: impl FnOnce(&Stack) -> Box<dyn IntoChain>) -> Vec<String> {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let start = define(&stack).to_chain();
    StateMachine::new(&stack, "M", &start)
        .state_machine_type(StateMachineType::Express)
        .build();
    match app.assemble() {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics().iter().map(|d| d.message.clone()).collect(),
    }
}

#[test]
fn an_express_execution_runs_request_response_integrations_only() {
    let ask = || {
        EventBridgePutEvents::new(
            "Ask",
            [EventEntry::new(
                "shop",
                "T",
                Message::Json(json!({"token.$": "$$.Task.Token"})),
            )],
        )
        .wait_for_task_token()
        .build()
    };
    one(
        express_errors(move |_| Box::new(ask())),
        "state `Ask`: the state runs in an EXPRESS execution, which does not support the .waitForTaskToken pattern",
    );
    one(
        express_errors(|s| {
            let child = StateMachine::new(s, "Child", &Pass::new("P")).build();
            Box::new(StartExecution::new("Run", &child).sync().build())
        }),
        "does not support the .sync pattern",
    );
    // The same inside a distributed Map: its EXPRESS children are express executions, its
    // STANDARD children are not.
    one(
        errors(move |_| {
            Box::new(DistributedMap::new("Each", ChildExecution::Express).item_processor(&ask()))
        }),
        "state `Ask`: the state runs in an EXPRESS execution",
    );
    assert!(errors(move |_| {
        Box::new(DistributedMap::new("Each", ChildExecution::Standard).item_processor(&ask()))
    })
    .is_empty());
    assert!(express_errors(|s| Box::new(DynamoItem::delete(
        "D",
        &table(s),
        json!({"id": {"S": "1"}})
    )))
    .is_empty());
}
