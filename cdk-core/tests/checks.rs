//! Check packs: findings with paths, acknowledgements (by rule, by finding, nearest wins,
//! unused ones warned about), and the checks on synthesis (errors block writing, the report
//! lands in `checks.json`, which the next synthesis recognises as its own).

use cdk_core::checks::{CheckPack, Checks, Finding, Severity, StackInput, REPORT_FILE};
use cdk_core::{App, CfnResource, Scope, Stack};

/// `Custom::Queue` without `Encrypted` is an error; every `Wild` entry of `Actions` a warning
/// with the entry as detail.
struct Pack;

impl CheckPack for Pack {
    fn name(&self) -> &str {
        "Test"
    }
    fn check(&self, stack: &StackInput<'_>) -> Vec<Finding> {
        let mut out = Vec::new();
        for r in stack.resources_of_type("Custom::Queue") {
            if r.property("Encrypted").is_none() {
                out.push(stack.finding(
                    r.logical_id,
                    "Test-Q1",
                    Severity::Error,
                    "not encrypted",
                    "readable at rest",
                    "set Encrypted",
                ));
            }
            for a in r
                .property("Actions")
                .and_then(|a| a.as_array())
                .into_iter()
                .flatten()
            {
                let a = a.as_str().unwrap_or_default();
                if a.contains('*') {
                    out.push(
                        stack
                            .finding(
                                r.logical_id,
                                "Test-W1",
                                Severity::Warning,
                                "a wildcard action",
                                "too broad",
                                "list the actions",
                            )
                            .with_detail(format!("Action::{a}")),
                    );
                }
            }
        }
        out
    }
}

fn app() -> (App, Stack, Scope, CfnResource) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let group = Scope::new(&stack, "Group");
    let q = CfnResource::new(&group, "Queue", "Custom::Queue");
    q.set_property(
        "Actions",
        cdk_core::Value::list(["s3:*", "sqs:Send*", "kms:Decrypt"]),
    );
    (app, stack, group, q)
}

#[test]
fn findings_name_rule_path_why_and_fix() {
    let (app, _, _, q) = app();
    let report = cdk_core::checks::run(&app, &[&Pack]).unwrap();
    let ids: Vec<String> = report.findings.iter().map(Finding::id).collect();
    assert_eq!(
        ids,
        [
            "Test-Q1",
            "Test-W1[Action::s3:*]",
            "Test-W1[Action::sqs:Send*]"
        ]
    );
    let f = &report.findings[0];
    assert_eq!(f.path, "S/Group/Queue");
    assert_eq!(f.logical_id, q.logical_id());
    assert_eq!(f.stack, "S");
    assert_eq!(report.errors().count(), 1);
    assert_eq!(report.warnings().count(), 2);
    let d = f.to_diagnostic();
    assert_eq!(d.message, "[Test-Q1] not encrypted: readable at rest");
    assert!(d
        .hint
        .starts_with("set Encrypted; or accept it with Checks::of"));
    assert_eq!(
        report.summary_line(),
        "checks (Test): 1 error, 2 warnings, 0 acknowledged"
    );
}

#[test]
fn acknowledgements_by_rule_or_finding_on_the_construct_or_an_ancestor() {
    let (app, stack, group, q) = app();
    Checks::of(&stack).acknowledge("Test-Q1", "the stack holds test data only");
    Checks::of(&q).acknowledge("Test-Q1", "this queue carries public events");
    Checks::of(&group).acknowledge("Test-W1[Action::s3:*]", "reads any bucket by design");
    let report = cdk_core::checks::run(&app, &[&Pack]).unwrap();
    assert!(!report.has_errors());
    // The nearest acknowledgement speaks.
    assert_eq!(
        report.findings[0].acknowledged.as_deref(),
        Some("this queue carries public events")
    );
    assert_eq!(
        report.findings[1].acknowledged.as_deref(),
        Some("reads any bucket by design")
    );
    assert_eq!(report.findings[2].acknowledged, None);
    assert!(report.unused.is_empty());
    let json = report.to_json();
    assert_eq!(json["summary"]["acknowledged"], 2);
    assert_eq!(json["summary"]["warnings"], 1);
    assert_eq!(
        json["findings"][0]["acknowledged"]["reason"],
        "this queue carries public events"
    );
}

#[test]
fn an_acknowledgement_that_matches_nothing_is_a_warning() {
    let (app, stack, _, _) = app();
    let other = Scope::new(&stack, "Other");
    Checks::of(&other).acknowledge("Test-Q1", "nothing here");
    Checks::of(&stack).acknowledge("Test-W1[Action::s3:Get*]", "misspelt");
    // A prefix of a path is not an ancestor.
    let _g2 = Scope::new(&stack, "Gro");
    Checks::of(&_g2).acknowledge("Test-Q1", "wrong scope");
    let report = cdk_core::checks::run(&app, &[&Pack]).unwrap();
    assert!(report.has_errors());
    let unused: Vec<(&str, &str)> = report
        .unused
        .iter()
        .map(|a| (a.path.as_str(), a.id.as_str()))
        .collect();
    assert_eq!(
        unused,
        [
            ("S/Other", "Test-Q1"),
            ("S", "Test-W1[Action::s3:Get*]"),
            ("S/Gro", "Test-Q1")
        ]
    );
    let w = report.warning_diagnostics();
    assert_eq!(w.len(), 5);
    assert_eq!(
        w[2].message,
        "the acknowledgement of `Test-Q1` matches no finding"
    );
}

#[test]
fn an_acknowledgement_needs_an_id_and_a_reason() {
    let (app, _, _, q) = app();
    Checks::of(&q).acknowledge("Test-Q1", "  ");
    Checks::of(&q).acknowledge("", "why");
    let err = app.assemble().unwrap_err();
    let msgs: Vec<&str> = err
        .diagnostics()
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        msgs,
        [
            "the acknowledgement of `Test-Q1` gives no reason",
            "an acknowledgement names no finding"
        ]
    );
    assert_eq!(err.diagnostics()[0].path, "S/Group/Queue");
}

#[test]
fn checks_on_synth_block_writing_on_errors_and_write_the_report_otherwise() {
    let dir = std::env::temp_dir().join(format!("cdk-checks-synth-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (app, _, _, q) = app();
    app.set_out_dir(&dir);
    app.add_checks(Pack);
    // Off by default: synthesis writes, no report.
    app.write().unwrap();
    assert!(!dir.join(REPORT_FILE).exists());
    assert!(app.last_check_report().is_none());
    // `check` runs the registered packs without writing.
    assert!(app.check().unwrap().has_errors());

    app.set_checks_on_synth(true);
    let before = std::fs::read(dir.join("S.template.json")).unwrap();
    let err = app.write().unwrap_err();
    assert_eq!(err.diagnostics().len(), 1, "{err}");
    assert_eq!(err.diagnostics()[0].path, "S/Group/Queue");
    assert!(err.diagnostics()[0].message.starts_with("[Test-Q1]"));
    assert_eq!(std::fs::read(dir.join("S.template.json")).unwrap(), before);

    q.set_property("Encrypted", true);
    app.write().unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(REPORT_FILE)).unwrap()).unwrap();
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["warnings"], 2);
    assert_eq!(report["findings"][0]["id"], "Test-W1[Action::s3:*]");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert!(manifest["files"][REPORT_FILE].is_string());
    // The folder with the report is still ours: synthesis replaces it, also with checks off.
    app.write().unwrap();
    app.set_checks_on_synth(false);
    app.write().unwrap();
    assert!(!dir.join(REPORT_FILE).exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
