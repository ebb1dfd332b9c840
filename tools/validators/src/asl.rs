//! The Amazon States Language validator: npm's `asl-validator`, pinned with its whole tree in
//! `tools/validators/node/package-lock.json` and installed by `ensure.sh node` into
//! `target/validators/node` (about two seconds once; node and npm must be on `PATH`).
//!
//! cfn-lint does not look inside a `DefinitionString` built with `Fn::Sub`, so the tests take
//! every state machine's definition out of a template, resolve its `${…}` substitutions with
//! placeholder ARNs ([`state_machine_definitions`]) and run the validator on each
//! ([`assert_template_asl_valid`]).

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use serde_json::Value;

use crate::{workspace_root, Run};

/// The `bin/` directory of the Node validators, installing them first if needed.
///
/// Panics (this is test tooling) with the installer's output when the install fails; a
/// missing validator is never a skip.
pub fn node_bin_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let script = workspace_root().join("tools/validators/ensure.sh");
        let out = Command::new("bash")
            .arg(&script)
            .arg("node")
            .output()
            .expect("run tools/validators/ensure.sh node");
        assert!(
            out.status.success(),
            "installing the Node validators failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        PathBuf::from(String::from_utf8(out.stdout).expect("utf-8 path").trim())
    })
    .clone()
}

/// Runs `asl-validator` (path and ARN checks on) on one definition, given as JSON text.
pub fn asl_validate(definition_json: &str) -> Run {
    static N: AtomicUsize = AtomicUsize::new(0);
    let bin = node_bin_dir();
    let dir = bin.join("../../tmp");
    std::fs::create_dir_all(&dir).expect("create the validator's scratch folder");
    let file = dir.join(format!(
        "definition-{}-{}.json",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&file, definition_json).expect("write the definition");
    let out = Command::new(bin.join("asl-validator"))
        .arg("--json-path")
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run asl-validator: {e}"));
    let _ = std::fs::remove_file(&file);
    Run {
        success: out.status.success(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// Panics, naming `what` and showing the validator's findings and the definition, unless
/// `asl-validator` accepts the definition.
pub fn assert_asl_valid(what: &str, definition_json: &str) {
    let run = asl_validate(definition_json);
    assert!(
        run.success,
        "asl-validator rejects the definition of {what}:\n{}\n---\n{definition_json}",
        run.output
    );
}

/// The placeholder ARN a substitution variable resolves to before validation.
pub fn placeholder_arn(variable: &str) -> String {
    format!("arn:aws:lambda:us-east-1:123456789012:function:{variable}")
}

fn substitute(text: &str, variables: impl Iterator<Item = String>, plain_sub: bool) -> String {
    let mut text = text.to_string();
    for name in variables {
        text = text.replace(&format!("${{{name}}}"), &placeholder_arn(&name));
    }
    if plain_sub {
        text = text.replace("${!", "${");
    }
    text
}

/// Every state machine of a template (SAM `AWS::Serverless::StateMachine` with `Definition` +
/// `DefinitionSubstitutions`, or plain `AWS::StepFunctions::StateMachine` with a
/// `DefinitionString` that is a string or an `Fn::Sub`), as (logical ID, definition JSON),
/// with each `${Var}` replaced by [`placeholder_arn`] and `Fn::Sub`'s `${!` unescaped.
///
/// Panics on a definition of another shape (a test should see it, not skip it).
pub fn state_machine_definitions(template: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let Some(resources) = template["Resources"].as_object() else {
        return found;
    };
    for (id, resource) in resources {
        let props = &resource["Properties"];
        match resource["Type"].as_str() {
            Some("AWS::Serverless::StateMachine") => {
                let definition = serde_json::to_string(&props["Definition"]).expect("json");
                let vars = props["DefinitionSubstitutions"]
                    .as_object()
                    .map(|m| m.keys().cloned().collect::<Vec<_>>())
                    .unwrap_or_default();
                assert!(
                    props["Definition"].is_object(),
                    "{id}: a SAM state machine without an inline Definition"
                );
                found.push((id.clone(), substitute(&definition, vars.into_iter(), false)));
            }
            Some("AWS::StepFunctions::StateMachine") => {
                let ds = &props["DefinitionString"];
                let text = match ds {
                    Value::String(s) => s.clone(),
                    _ => match &ds["Fn::Sub"] {
                        Value::String(s) => substitute(s, std::iter::empty(), true),
                        Value::Array(a) => {
                            let vars = a[1]
                                .as_object()
                                .map(|m| m.keys().cloned().collect::<Vec<_>>())
                                .unwrap_or_default();
                            substitute(a[0].as_str().expect("Fn::Sub text"), vars.into_iter(), true)
                        }
                        other => panic!("{id}: a DefinitionString of an unexpected shape: {other}"),
                    },
                };
                found.push((id.clone(), text));
            }
            _ => {}
        }
    }
    found
}

/// Runs [`assert_asl_valid`] on every state machine of the template and returns how many
/// there were.
pub fn assert_template_asl_valid(template: &Value) -> usize {
    let definitions = state_machine_definitions(template);
    for (id, definition) in &definitions {
        assert_asl_valid(id, definition);
    }
    definitions.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_valid_definition_passes_and_a_broken_one_fails() {
        let good = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}});
        assert!(asl_validate(&good.to_string()).success);
        let broken = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}});
        let run = asl_validate(&broken.to_string());
        assert!(!run.success, "{}", run.output);
        assert!(
            run.output.contains("MISSING_TRANSITION_TARGET"),
            "{}",
            run.output
        );
        let caught = std::panic::catch_unwind(|| assert_asl_valid("Broken", &broken.to_string()));
        assert!(caught.is_err(), "a rejected definition must fail the test");
    }

    #[test]
    fn substitutions_resolve_to_placeholder_arns_in_both_flavors() {
        let template = json!({"Resources": {
            "Sam": {"Type": "AWS::Serverless::StateMachine", "Properties": {
                "Definition": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${Fn}", "End": true}}},
                "DefinitionSubstitutions": {"Fn": {"Fn::GetAtt": ["F", "Arn"]}}}},
            "Plain": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
                "DefinitionString": {"Fn::Sub": ["{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Pass\",\"Result\":\"${!x}\",\"Next\":\"U\"},\"U\":{\"Type\":\"Task\",\"Resource\":\"${Fn}\",\"End\":true}}}",
                    {"Fn": {"Fn::GetAtt": ["F", "Arn"]}}]}}}
        }});
        let defs = state_machine_definitions(&template);
        assert_eq!(defs.len(), 2);
        assert!(defs[0].1.contains(&placeholder_arn("Fn")), "{}", defs[0].1);
        assert!(defs[1].1.contains("\"${x}\""), "{}", defs[1].1);
        assert_eq!(assert_template_asl_valid(&template), 2);
    }
}
