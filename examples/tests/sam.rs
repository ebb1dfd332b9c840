//! Every SAM template in `synth-out/` is what `sam deploy` accepts and means what its plain
//! twin says: cfn-lint clean (errors, warnings and informational findings all fail),
//! `sam validate --lint` passes (offline, dummy region), aws-sam-translator translates it, the
//! translation is cfn-lint clean too (cfn-lint checks SAM resources against SAM's looser
//! schema; the translation gets CloudFormation's full checks), and the translation agrees
//! with `<Stack>.template.json` under `cdk_validators::differential` (the differences that are
//! there on purpose are listed, with their reasons, in that module).
//!
//! Holds for SAM templates with and without `AWS::Serverless::*` resources: without, the
//! translation is the template minus its `Transform` and must equal the plain twin.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The workspace's checked-in `synth-out/` (beside this crate).
fn synth_out() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../synth-out"))
}

/// `synth-out/*.sam.json` and `*.sam.yaml`, sorted.
fn sam_templates(ext: &str) -> Vec<PathBuf> {
    let suffix = format!(".sam.{ext}");
    let mut out: Vec<PathBuf> = std::fs::read_dir(synth_out())
        .expect("synth-out/ exists: run `cargo run`")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(&suffix))
        .collect();
    out.sort();
    assert!(
        !out.is_empty(),
        "no synth-out/*{suffix}: run `cargo run` (every stack has a SAM template by default)"
    );
    out
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| {
        panic!("cannot read {}: {e}", path.display());
    }))
    .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// `X.sam.json` → `X.template.json`.
fn plain_twin(sam: &Path) -> PathBuf {
    let name = sam.file_name().expect("file name").to_string_lossy();
    sam.with_file_name(name.replace(".sam.json", ".template.json"))
}

fn name(path: &Path) -> String {
    format!(
        "synth-out/{}",
        path.file_name().expect("file name").to_string_lossy()
    )
}

/// Runs `check` on every item in its own thread (the external tools take seconds each) and
/// fails once with every failure.
fn on_each<T: Sync>(items: &[T], check: impl Fn(&T) -> Result<(), String> + Sync) {
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = items.iter().map(|i| s.spawn(|| check(i))).collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().expect("check thread").err())
            .collect()
    });
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn every_sam_template_declares_the_transform_and_passes_cfn_lint() {
    let files: Vec<PathBuf> = sam_templates("json")
        .into_iter()
        .chain(sam_templates("yaml"))
        .collect();
    for f in sam_templates("json") {
        assert_eq!(
            read_json(&f)["Transform"],
            "AWS::Serverless-2016-10-31",
            "{} has no SAM transform",
            name(&f)
        );
    }
    let run = cdk_validators::cfn_lint(&files);
    assert!(
        run.success,
        "cfn-lint found problems (errors, warnings or informational) in the SAM templates:\n{}",
        run.output
    );
}

/// On the JSON templates: `sam` reads the YAML twins with PyYAML, and `synth_out.rs` proves
/// each reads back under PyYAML as its JSON twin, so a second `sam` run (seconds of CPU each)
/// would check nothing new; cfn-lint above reads both.
#[test]
fn every_sam_template_passes_sam_validate_lint() {
    on_each(&sam_templates("json"), |f| {
        let run = cdk_validators::sam_validate_lint(f);
        if run.success {
            Ok(())
        } else {
            Err(format!(
                "`sam validate --lint` rejects {}:\n{}",
                name(f),
                run.output
            ))
        }
    });
}

#[test]
fn every_sam_template_translates_lints_clean_and_agrees_with_its_plain_twin() {
    let sams = sam_templates("json");
    // Translate in parallel (one Python start-up each).
    let translations: Vec<Result<Value, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = sams
            .iter()
            .map(|sam| s.spawn(|| cdk_validators::sam_translate(sam)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("translate thread"))
            .collect()
    });
    let dir = std::env::temp_dir().join(format!("examples-sam-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut failures = Vec::new();
    let mut written = Vec::new();
    for (sam, translated) in sams.iter().zip(translations) {
        let translated = match translated {
            Ok(t) => t,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        // Every SAM resource is gone.
        if let Some((id, _)) = translated["Resources"]
            .as_object()
            .into_iter()
            .flatten()
            .find(|(_, r)| {
                r["Type"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("AWS::Serverless::"))
            })
        {
            failures.push(format!(
                "the translation of {} still has the SAM resource `{id}`",
                name(sam)
            ));
        }
        let out = dir.join(
            sam.file_name()
                .expect("file name")
                .to_string_lossy()
                .replace(".sam.json", ".translated.json"),
        );
        std::fs::write(
            &out,
            serde_json::to_string_pretty(&translated).expect("serialise"),
        )
        .expect("write the translation");
        written.push(out);
        if let Err(e) = agrees_with_plain_twin(sam, &translated) {
            failures.push(e);
        }
    }
    // The translations are plain CloudFormation: cfn-lint's full checks, in one run.
    if !written.is_empty() {
        let lint = cdk_validators::cfn_lint(&written);
        if !lint.success {
            failures.push(format!(
                "cfn-lint finds problems in aws-sam-translator's translations \
                 (<Stack>.translated.json is the translation of synth-out/<Stack>.sam.json):\n{}",
                lint.output
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// The differential check of one SAM template's translation against its plain twin.
fn agrees_with_plain_twin(sam: &Path, translated: &Value) -> Result<(), String> {
    let twin = plain_twin(sam);
    if !twin.exists() {
        // A stack that opted out of the plain flavor has nothing to compare with.
        eprintln!(
            "note: {} has no plain twin; differential check skipped",
            name(sam)
        );
        return Ok(());
    }
    let report = cdk_validators::differential(translated, &read_json(&twin));
    if !report.is_empty() {
        return Err(format!(
            "aws-sam-translator's translation of {} and {} differ \
             (references are written with {}'s logical IDs):\n{report}",
            name(sam),
            name(&twin),
            name(&twin)
        ));
    }
    // Not vacuous: every SAM function was paired with one of ours.
    let serverless_functions = read_json(sam)["Resources"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, r)| r["Type"] == "AWS::Serverless::Function")
        .count();
    if report.matched_functions.len() < serverless_functions {
        return Err(format!(
            "{}: {} AWS::Serverless::Function(s) but only {} paired function(s): {:?}",
            name(sam),
            serverless_functions,
            report.matched_functions.len(),
            report.matched_functions
        ));
    }
    Ok(())
}
