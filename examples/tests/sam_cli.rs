//! SAM CLI takes the SAM templates in `synth-out/` for what they are, plain SAM templates,
//! not a CDK app's: `sam validate` prints no "CDK apps are not officially supported", `sam
//! build` no "Cannot detect function id from aws:cdk:path metadata", and `sam build` finds
//! every function under its logical ID (the name `sam local invoke <LogicalId>` takes). The
//! plain templates keep `aws:cdk:path`. Run with the real `sam` (aws-sam-cli, pinned in the
//! validators' venv), offline.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;

const CDK_WARNING: &str = "CDK apps are not officially supported";
const PATH_WARNING: &str = "Cannot detect function id";

fn synth_out() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../synth-out"))
        .canonicalize()
        .expect("synth-out exists")
}

fn stacks() -> Vec<String> {
    let manifest: Json =
        serde_json::from_str(&std::fs::read_to_string(synth_out().join("manifest.json")).unwrap())
            .unwrap();
    manifest["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn template(name: &str) -> Json {
    serde_json::from_str(&std::fs::read_to_string(synth_out().join(name)).unwrap()).unwrap()
}

/// (logical ID, whether it is built by cargo-lambda) of each SAM function of a template
/// with code to build (`CodeUri`; an inline function has nothing to build).
fn functions(t: &Json) -> Vec<(String, bool)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| {
            r["Type"] == "AWS::Serverless::Function" && !r["Properties"]["CodeUri"].is_null()
        })
        .map(|(id, r)| {
            (
                id.clone(),
                r["Metadata"]["BuildMethod"] == "rust-cargolambda",
            )
        })
        .collect()
}

/// `sam validate` and `sam build` on one stack's SAM template; the problems found.
fn check_stack(stack: &str, work: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let yaml = synth_out().join(format!("{stack}.sam.yaml"));
    let yaml = yaml.to_str().unwrap();
    // The working directory: an empty folder (SAM CLI also takes a `manifest.json` in its
    // working directory as the mark of a CDK app; see the README).
    let cwd = work.join(stack);
    std::fs::create_dir_all(&cwd).unwrap();

    let v = cdk_validators::sam_offline(
        &["validate", "--template-file", yaml, "--region", "us-east-1"],
        &cwd,
    );
    if !v.success || !v.output.contains("is a valid SAM Template") {
        problems.push(format!("{stack}: sam validate failed:\n{}", v.output));
    }
    for warning in [CDK_WARNING, PATH_WARNING] {
        if v.output.contains(warning) {
            problems.push(format!(
                "{stack}: sam validate printed {warning:?}:\n{}",
                v.output
            ));
        }
    }

    let build_dir = cwd.join("build");
    let b = cdk_validators::sam_offline(
        &[
            "build",
            "--template-file",
            yaml,
            "--build-dir",
            build_dir.to_str().unwrap(),
        ],
        &cwd,
    );
    for warning in [CDK_WARNING, PATH_WARNING] {
        if b.output.contains(warning) {
            problems.push(format!(
                "{stack}: sam build printed {warning:?}:\n{}",
                b.output
            ));
        }
    }
    let fns = functions(&template(&format!("{stack}.sam.json")));
    let named: Vec<&str> = b
        .output
        .lines()
        .filter_map(|l| l.split_once(" functions: ").map(|(_, f)| f))
        .flat_map(|f| f.split(", "))
        .map(str::trim)
        .collect();
    for (id, _) in &fns {
        if !named.contains(&id.as_str()) {
            problems.push(format!(
                "{stack}: sam build does not name function {id} by its logical ID (named: {named:?}):\n{}",
                b.output
            ));
        }
    }
    let needs_cargo_lambda = fns.iter().any(|(_, rust)| *rust);
    if needs_cargo_lambda {
        // The validators do not install cargo-lambda: the build may stop in its builder,
        // after every function was found by its logical ID (checked above).
        if !b.success && !b.output.contains("RustCargoLambdaBuilder") {
            problems.push(format!("{stack}: sam build failed:\n{}", b.output));
        }
    } else if !b.success || !b.output.contains("Build Succeeded") {
        problems.push(format!("{stack}: sam build failed:\n{}", b.output));
    } else if !fns.is_empty() {
        // The built template names each function's artifacts and SAM resource id by its
        // logical ID.
        let built = std::fs::read_to_string(build_dir.join("template.yaml")).unwrap();
        let built: Json = serde_json::from_str(&cdk_validators::pyyaml_to_json(&built)).unwrap();
        for (id, _) in &fns {
            let r = &built["Resources"][id];
            if r["Properties"]["CodeUri"] != id.as_str()
                || r["Metadata"]["SamResourceId"] != id.as_str()
            {
                problems.push(format!(
                    "{stack}: built function {id} is not under its logical ID: {r}"
                ));
            }
        }
    }
    problems
}

#[test]
fn sam_cli_reads_the_sam_templates_as_plain_sam_and_finds_functions_by_logical_id() {
    let stacks = stacks();
    assert!(stacks.len() >= 10, "{stacks:?}");
    let work = std::env::temp_dir().join(format!("examples-sam-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    // Two at a time (the machine has two cores; each run is mostly Python start-up).
    let half = stacks.len().div_ceil(2);
    let problems: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = stacks
            .chunks(half)
            .map(|part| {
                let work = &work;
                s.spawn(move || {
                    part.iter()
                        .flat_map(|stack| check_stack(stack, work))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("checker thread"))
            .collect()
    });
    let _ = std::fs::remove_dir_all(&work);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_sam_templates_carry_no_construct_paths_and_the_plain_ones_do() {
    for stack in stacks() {
        let sam = std::fs::read_to_string(synth_out().join(format!("{stack}.sam.json"))).unwrap();
        assert!(!sam.contains("aws:cdk:path"), "{stack}.sam.json");
        let plain = template(&format!("{stack}.template.json"));
        assert!(
            plain["Resources"]
                .as_object()
                .unwrap()
                .values()
                .all(|r| r["Metadata"]["aws:cdk:path"].is_string()),
            "{stack}.template.json: every resource has its path"
        );
    }
}
