//! Acceptance: every resource type of the default services, declared with only its required
//! properties (`data.rs`, generated from the spec), synthesizes into a template in which
//! cfn-lint finds no unknown property (E3002), missing required property (E3003) or wrong
//! type (E3012) — nor a template it could not read or transform (E0000, E0001), which would
//! hide the rest (SAM templates are linted after cfn-lint runs the SAM transform).

#[rustfmt::skip]
mod data;

use std::path::PathBuf;

use cdk_core::{App, Stack};

/// The cfn-lint rules this test is about.
const RULES: &[&str] = &["E0000", "E0001", "E3002", "E3003", "E3012"];

/// Findings that are facts of cfn-lint's resource schema which the service database's
/// `required` lists cannot express, as (template, message): `AWS::Kinesis::Channel` needs one
/// of two destinations (a top-level `oneOf`, so cfn-lint names both when neither is set). Each
/// must still be found, so an entry that no longer applies fails the test.
const SCHEMA_ONE_OF: &[(&str, &str)] = &[
    (
        "L1kinesis.template.json",
        "E3003:'S3DestinationConfiguration' is a required property",
    ),
    (
        "L1kinesis.template.json",
        "E3003:'S3TablesDestinationConfiguration' is a required property",
    ),
];

#[test]
fn required_only_resources_pass_cfn_lint() {
    let dir = std::env::temp_dir().join(format!("cfn-l1-required-only-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let app = App::with_out_dir(dir.join("out"));
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stacks = Vec::new();
    for (service, add) in data::SERVICES {
        let stack = Stack::new(&app, &format!("L1{}", service.replace('_', "")));
        add(&stack);
        stacks.push(stack);
    }
    for stack in &stacks {
        let template = stack
            .template()
            .unwrap_or_else(|e| panic!("synthesizing {}: {e}", stack.stack_name()));
        let path = dir.join(format!("{}.template.json", stack.stack_name()));
        std::fs::write(&path, cdk_core::synth::to_json_string(&template)).expect("write template");
        files.push(path);
    }
    assert!(!files.is_empty(), "no default service is enabled");
    let run = cdk_validators::cfn_lint(&files);
    let allowed = |l: &str| {
        SCHEMA_ONE_OF
            .iter()
            .position(|(file, message)| l.contains(&format!("/{file}:")) && l.ends_with(message))
    };
    let mut seen = vec![false; SCHEMA_ONE_OF.len()];
    let findings: Vec<&str> = run
        .output
        .lines()
        .filter(|l| {
            RULES.iter().any(|r| l.contains(&format!(":{r}:"))) || l.contains(" - ERROR - ")
        })
        .filter(|l| match allowed(l) {
            Some(i) => {
                seen[i] = true;
                false
            }
            None => true,
        })
        .collect();
    let stale: Vec<_> = SCHEMA_ONE_OF
        .iter()
        .zip(&seen)
        .filter(|(_, seen)| !**seen)
        .collect();
    assert!(
        stale.is_empty(),
        "allowed findings no longer reported: {stale:?}"
    );
    assert!(
        findings.is_empty(),
        "cfn-lint found {} problem(s) of kinds {RULES:?}:\n{}",
        findings.len(),
        findings.join("\n")
    );
    std::fs::remove_dir_all(&dir).ok();
}
