//! SAM `Events` of a state machine: `Schedule` and `EventBridgeRule` events on the SAM
//! machine, and in the plain template the rule and role the translator generates for them
//! (compared with a real translation), starting the alias when the machine has one; the
//! checks on event names; the real tools on the whole stack.

mod support;

use std::path::PathBuf;
use std::time::Duration;

use cdk_core::{App, Stack};
use constructs::events::{EventBus, EventPattern, Schedule};
use constructs::stepfunctions::{
    DeploymentPreference, Pass, RuleEventSource, ScheduleEventSource, StateMachine,
};
use serde_json::{json, Value};

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `r` without `Metadata` and with its targets' `Id`s (which the differential ignores:
/// ours are numbered, SAM's named after the event) removed.
fn comparable(r: &Value) -> Value {
    let mut r = r.clone();
    let m = r.as_object_mut().unwrap();
    m.remove("Metadata");
    if let Some(targets) = m
        .get_mut("Properties")
        .and_then(|p| p.get_mut("Targets"))
        .and_then(Value::as_array_mut)
    {
        for t in targets {
            t.as_object_mut().unwrap().remove("Id");
        }
    }
    r
}

#[test]
fn events_render_as_sam_events_and_as_the_rules_and_roles_the_translator_generates() {
    let root = TempDir(std::env::temp_dir().join(format!("sfn-events-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&root.0);
    let out = root.0.join("synth-out");
    let app = App::with_out_dir(&out);
    let stack = Stack::new(&app, "Events");
    let bus = EventBus::new(&stack, "Shop").build();

    let plain_machine = StateMachine::new(&stack, "Nightly", &Pass::new("Run")).build();
    plain_machine.add_event_source(
        &ScheduleEventSource::new(Schedule::cron("0 3 * * ? *"))
            .id("Night")
            .description("every night")
            .input(r#"{"mode":"full"}"#),
    );
    plain_machine.add_event_source(&ScheduleEventSource::new(Schedule::rate(60)).enabled(false));

    let aliased = StateMachine::new(&stack, "Orders", &Pass::new("Take"))
        .auto_publish_alias("live")
        .deployment_preference(DeploymentPreference::linear(20, Duration::from_secs(60)))
        .build();
    aliased.add_event_source(
        &RuleEventSource::new(EventPattern::new().source(["shop.orders"])).event_bus(&bus),
    );
    aliased.add_event_source(&ScheduleEventSource::new(Schedule::rate(5)));
    app.write().expect("synthesizes");

    let read = |f: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(out.join(f)).unwrap()).unwrap()
    };
    let sam = read("Events.sam.json");
    let plain = read("Events.template.json");
    let nightly = plain_machine.resource().logical_id();
    let orders = aliased.resource().logical_id();

    let events = &sam["Resources"][&nightly]["Properties"]["Events"];
    assert_eq!(
        events,
        &json!({
            "Night": {"Type": "Schedule", "Properties": {
                "Description": "every night", "Input": "{\"mode\":\"full\"}",
                "Schedule": "cron(0 3 * * ? *)", "State": "ENABLED"}},
            "Schedule": {"Type": "Schedule", "Properties": {
                "Schedule": "rate(1 hour)", "State": "DISABLED"}}
        })
    );
    let events = &sam["Resources"][&orders]["Properties"]["Events"];
    assert_eq!(events["EventBridgeRule"]["Type"], "EventBridgeRule");
    assert_eq!(
        events["EventBridgeRule"]["Properties"]["Pattern"],
        json!({"source": ["shop.orders"]})
    );
    assert_eq!(
        events["EventBridgeRule"]["Properties"]["EventBusName"],
        json!({"Ref": bus.resource().logical_id()})
    );
    // No rule or events role of ours in the SAM template: SAM makes them.
    let types: Vec<&str> = sam["Resources"]
        .as_object()
        .unwrap()
        .values()
        .map(|r| r["Type"].as_str().unwrap())
        .collect();
    assert!(!types.contains(&"AWS::Events::Rule"), "{types:?}");

    // The plain template's rules and roles are the translator's.
    let translated = cdk_validators::sam_translate(&out.join("Events.sam.json"))
        .unwrap_or_else(|e| panic!("aws-sam-translator rejected the SAM template:\n{e}"));
    for generated in [
        format!("{nightly}Night"),
        format!("{nightly}NightRole"),
        format!("{nightly}Schedule"),
        format!("{nightly}ScheduleRole"),
        format!("{orders}EventBridgeRule"),
        format!("{orders}EventBridgeRuleRole"),
        format!("{orders}Schedule"),
        format!("{orders}ScheduleRole"),
    ] {
        let ours = &plain["Resources"][&generated];
        assert!(ours.is_object(), "no {generated} in the plain template");
        let theirs = &translated["Resources"][&generated];
        assert!(theirs.is_object(), "the translation has no {generated}");
        // Same properties (the trust policy and the role's policy after the differential's
        // normalisation, compared below); the rule exactly, but for the target's id.
        if !generated.ends_with("Role") {
            assert_eq!(comparable(ours), comparable(theirs), "{generated}");
        }
    }
    // The aliased machine's events start the alias.
    let target = &plain["Resources"][format!("{orders}Schedule")]["Properties"]["Targets"][0];
    assert_eq!(target["Arn"], json!({"Ref": format!("{orders}Aliaslive")}));
    let role = &plain["Resources"][format!("{orders}ScheduleRole")]["Properties"];
    assert_eq!(
        role["Policies"],
        json!([{"PolicyName": format!("{orders}ScheduleRoleStartExecutionPolicy"),
                "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Action": "states:StartExecution", "Effect": "Allow",
                     "Resource": {"Ref": format!("{orders}Aliaslive")}}]}}])
    );

    support::assert_real_tools_accept(&out, "Events", 0);
    support::assert_asl_valid(&out, "Events", 2);
}

fn errors(define: impl FnOnce(&Stack)) -> Vec<String> {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    define(&stack);
    match app.assemble() {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics().iter().map(|d| d.message.clone()).collect(),
    }
}

#[test]
fn event_names_are_letters_and_digits_and_unique_per_machine() {
    let m = errors(|s| {
        let machine = StateMachine::new(s, "M", &Pass::new("P")).build();
        machine.add_event_source(&ScheduleEventSource::new(Schedule::rate(5)).id("every-5"));
    });
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(
        m[0].contains("event name `every-5` is not letters and digits"),
        "{m:#?}"
    );
    let m = errors(|s| {
        let machine = StateMachine::new(s, "M", &Pass::new("P")).build();
        machine.add_event_source(&ScheduleEventSource::new(Schedule::rate(5)).id("Tick"));
        machine.add_event_source(&ScheduleEventSource::new(Schedule::rate(10)).id("Tick"));
    });
    assert!(
        m.iter()
            .any(|e| e.contains("the machine has two events named `Tick`")),
        "{m:#?}"
    );
    // Unnamed events are numbered.
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let machine = StateMachine::new(&stack, "M", &Pass::new("P")).build();
    machine.add_event_source(&ScheduleEventSource::new(Schedule::rate(5)));
    machine.add_event_source(&ScheduleEventSource::new(Schedule::rate(10)));
    let sam = stack.sam_template().unwrap();
    let events = &sam["Resources"][machine.resource().logical_id()]["Properties"]["Events"];
    assert!(
        events["Schedule"].is_object() && events["Schedule2"].is_object(),
        "{events}"
    );
}
