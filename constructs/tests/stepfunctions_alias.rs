//! Versions and aliases of a state machine: SAM's `AutoPublishAlias`/`DeploymentPreference`
//! and `UseAliasAsEventTarget`, the plain `StateMachineVersion` + `StateMachineAlias` equal to
//! what aws-sam-translator generates from the SAM template, rules starting the alias in both
//! templates, the checks on names and preferences, and the real tools on the whole stack.

mod support;

use std::path::PathBuf;
use std::time::Duration;

use cdk_core::{App, Stack};
use constructs::cloudwatch::Alarm;
use constructs::events::{Rule, Schedule};
use constructs::stepfunctions::{DeploymentPreference, Pass, StateMachine};
use serde_json::{json, Value};

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn without_metadata(r: &Value) -> Value {
    let mut r = r.clone();
    r.as_object_mut().unwrap().remove("Metadata");
    r
}

/// An aliased machine `M` with a canary, an alarm added after build, and an hourly rule.
fn define(stack: &Stack) -> StateMachine {
    let machine = StateMachine::new(stack, "M", &Pass::new("Start"))
        .auto_publish_alias("live")
        .deployment_preference(DeploymentPreference::canary(10, Duration::from_secs(300)))
        .build();
    let failing = Alarm::new(stack, "Failing", &machine.metric_failed(), 1).build();
    machine.add_deployment_alarm(&failing);
    let hourly = Rule::new(stack, "Hourly")
        .schedule(Schedule::rate(60))
        .build();
    hourly.add_target(&machine);
    machine
}

#[test]
fn the_sam_machine_publishes_the_alias_with_its_preference_and_targets_it_from_events() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let machine = define(&stack);
    let id = machine.resource().logical_id();
    let sam = stack.sam_template().unwrap();
    let props = &sam["Resources"][&id]["Properties"];
    assert_eq!(props["AutoPublishAlias"], "live");
    assert_eq!(props["UseAliasAsEventTarget"], true);
    let alarm = sam["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, r)| r["Type"] == "AWS::CloudWatch::Alarm")
        .map(|(k, _)| k.clone())
        .unwrap();
    assert_eq!(
        props["DeploymentPreference"],
        json!({"Type": "CANARY", "Percentage": 10, "Interval": 5, "Alarms": [{"Ref": alarm}]})
    );
    // The rule starts the alias SAM generates, and its role may start that alias only.
    let alias_ref = json!({"Ref": format!("{id}Aliaslive")});
    for t in [sam, stack.template().unwrap()] {
        let rule = t["Resources"]
            .as_object()
            .unwrap()
            .values()
            .find(|r| r["Type"] == "AWS::Events::Rule")
            .unwrap();
        assert_eq!(rule["Properties"]["Targets"][0]["Arn"], alias_ref);
        let policy = t["Resources"]
            .as_object()
            .unwrap()
            .values()
            .find(|r| r["Metadata"]["aws:cdk:path"] == "S/M/EventsRole/DefaultPolicy/Resource")
            .or_else(|| {
                t["Resources"].get(by_path(&["M", "EventsRole", "DefaultPolicy", "Resource"]))
            })
            .unwrap();
        assert_eq!(
            policy["Properties"]["PolicyDocument"]["Statement"],
            json!([{"Action": "states:StartExecution", "Effect": "Allow", "Resource": alias_ref}])
        );
    }
}

#[test]
fn granting_start_execution_on_an_aliased_machine_covers_its_alias() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let machine = define(&stack);
    let starter = constructs::iam::Role::new(
        &stack,
        "Starter",
        constructs::iam::Principal::service("lambda.amazonaws.com"),
    )
    .build();
    machine.grant_start_execution(&starter);
    let id = machine.resource().logical_id();
    for t in [stack.template().unwrap(), stack.sam_template().unwrap()] {
        let policy = t["Resources"]
            .as_object()
            .unwrap()
            .values()
            .find(|r| r["Metadata"]["aws:cdk:path"] == "S/Starter/DefaultPolicy/Resource")
            .or_else(|| t["Resources"].get(by_path(&["Starter", "DefaultPolicy", "Resource"])))
            .unwrap();
        assert_eq!(
            policy["Properties"]["PolicyDocument"]["Statement"][0]["Resource"],
            json!([{"Ref": id}, {"Ref": format!("{id}Aliaslive")}])
        );
    }
}

#[test]
fn the_plain_version_and_alias_are_what_the_translator_generates() {
    let root = TempDir(std::env::temp_dir().join(format!("sfn-alias-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&root.0);
    let out = root.0.join("synth-out");
    let app = App::with_out_dir(&out);
    let stack = Stack::new(&app, "Aliases");
    let machine = define(&stack);
    // Without a preference: SAM's default, ALL_AT_ONCE, in the plain alias only.
    let plain_default = StateMachine::new(&stack, "Default", &Pass::new("P"))
        .auto_publish_alias("prod")
        .build();
    app.write().expect("synthesizes");

    let read = |f: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(out.join(f)).unwrap()).unwrap()
    };
    let plain = read("Aliases.template.json");
    let translated = cdk_validators::sam_translate(&out.join("Aliases.sam.json"))
        .unwrap_or_else(|e| panic!("aws-sam-translator rejected the SAM template:\n{e}"));
    for m in [&machine, &plain_default] {
        let id = m.resource().logical_id();
        let alias = format!("{id}Alias{}", m.alias_name().unwrap());
        for generated in [format!("{id}Version"), alias] {
            let ours = &plain["Resources"][&generated];
            assert!(ours.is_object(), "no {generated} in the plain template");
            assert_eq!(
                without_metadata(ours),
                without_metadata(&translated["Resources"][&generated]),
                "{generated}"
            );
        }
    }
    let id = machine.resource().logical_id();
    let version = &plain["Resources"][format!("{id}Version")];
    assert_eq!(version["DeletionPolicy"], "Retain");
    assert_eq!(version["UpdateReplacePolicy"], "Retain");
    assert_eq!(
        version["Properties"],
        json!({"StateMachineArn": {"Ref": id},
               "StateMachineRevisionId": {"Fn::GetAtt": [id, "StateMachineRevisionId"]}})
    );
    let alias = &plain["Resources"][format!("{id}Aliaslive")]["Properties"];
    assert_eq!(alias["Name"], "live");
    assert_eq!(
        alias["DeploymentPreference"]["StateMachineVersionArn"],
        json!({"Ref": format!("{id}Version")})
    );
    let default_id = plain_default.resource().logical_id();
    assert_eq!(
        plain["Resources"][format!("{default_id}Aliasprod")]["Properties"]["DeploymentPreference"],
        json!({"StateMachineVersionArn": {"Ref": format!("{default_id}Version")}, "Type": "ALL_AT_ONCE"})
    );

    // And the real tools, on the whole stack.
    support::assert_real_tools_accept(&out, "Aliases", 0);
    support::assert_asl_valid(&out, "Aliases", 2);
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

fn one(messages: Vec<String>, needle: &str) {
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(messages[0].contains(needle), "{messages:#?}");
}

#[test]
fn alias_names_and_preferences_aws_or_sam_would_reject_are_synth_errors() {
    let with = |name: &str, p: Option<DeploymentPreference>| {
        let name = name.to_string();
        errors(move |s| {
            let b = StateMachine::new(s, "M", &Pass::new("P")).auto_publish_alias(&name);
            match p {
                Some(p) => b.deployment_preference(p).build(),
                None => b.build(),
            };
        })
    };
    one(
        with("live-1", None),
        "`live-1` is not a valid state machine alias name",
    );
    one(with("123", None), "not a valid state machine alias name");
    one(
        with(&"a".repeat(81), None),
        "not a valid state machine alias name",
    );
    let minutes = |m: u64| Duration::from_secs(60 * m);
    one(
        with("live", Some(DeploymentPreference::canary(0, minutes(5)))),
        "a CANARY deployment shifts 1 to 99 percent at a time, not 0",
    );
    one(
        with("live", Some(DeploymentPreference::linear(100, minutes(5)))),
        "a LINEAR deployment shifts 1 to 99 percent at a time, not 100",
    );
    one(
        with(
            "live",
            Some(DeploymentPreference::canary(10, Duration::from_secs(90))),
        ),
        "interval is whole minutes from 1 to 2100",
    );
    one(
        with(
            "live",
            Some(DeploymentPreference::linear(10, minutes(2101))),
        ),
        "interval is whole minutes from 1 to 2100",
    );
    one(
        with(
            "live",
            Some(DeploymentPreference::linear(10, Duration::ZERO)),
        ),
        "interval is whole minutes from 1 to 2100",
    );
    assert!(with("live", Some(DeploymentPreference::all_at_once())).is_empty());
    one(
        errors(|s| {
            let m = StateMachine::new(s, "M", &Pass::new("P")).build();
            let a = Alarm::new(s, "A", &m.metric_failed(), 1).build();
            m.add_deployment_alarm(&a);
        }),
        "alarm `S/A` is added to the deployment of a state machine that publishes no alias",
    );
}

/// The logical ID of the element at `path` below the stack (SAM templates carry no
/// `aws:cdk:path` to find it by).
fn by_path(path: &[&str]) -> String {
    cdk_core::logical_id::make_unique_id(path)
}
