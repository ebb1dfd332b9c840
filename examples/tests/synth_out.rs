//! The checked-in `synth-out/` is what the examples synthesize, byte for byte; synthesis is
//! deterministic; and every template passes the external validators.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The workspace's checked-in `synth-out/` (beside this crate).
fn synth_out() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../synth-out"))
}

fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("prefix");
                out.insert(
                    rel.to_string_lossy().replace('\\', "/"),
                    std::fs::read(&path).expect("read file"),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn synth_to(name: &str) -> (PathBuf, BTreeMap<String, Vec<u8>>) {
    // A sibling of synth-out/ (ignored by git as `synth-out.tmp*`), so that paths relative to
    // the templates, such as a Rust crate referenced in place, are the ones in synth-out/.
    let dir =
        synth_out().with_file_name(format!("synth-out.tmp-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let app = cdk_core::app!(out_dir = &dir);
    examples::define_all(&app);
    app.write().expect("the examples synthesize");
    let files = read_tree(&dir);
    (dir, files)
}

/// Removes a folder `synth_to` wrote (synthesis removes its lock file itself).
fn remove(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
}

fn templates() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(synth_out())
        .expect("synth-out/ exists: run `cargo run`")
        .map(|e| e.expect("entry").path())
        // Templates only: the folder also holds the manifest and other output files (the
        // state machines' `.asl.json` definitions), which are not CloudFormation.
        .filter(|p| {
            let name = p.to_string_lossy();
            [".template.json", ".template.yaml", ".sam.json", ".sam.yaml"]
                .iter()
                .any(|suffix| name.ends_with(suffix))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn checked_in_synth_out_is_what_the_examples_synthesize() {
    let (dir, fresh) = synth_to("fresh");
    let checked_in = read_tree(&synth_out());
    remove(&dir);
    let fresh_names: Vec<&String> = fresh.keys().collect();
    let checked_names: Vec<&String> = checked_in.keys().collect();
    assert_eq!(
        fresh_names, checked_names,
        "synth-out/ has a different set of files than the examples produce: run `cargo run` and review the diff"
    );
    for (name, bytes) in &fresh {
        assert!(
            checked_in[name] == *bytes,
            "synth-out/{name} is stale: run `cargo run` and review the diff"
        );
    }
}

#[test]
fn synthesis_is_deterministic() {
    let (a_dir, a) = synth_to("det-a");
    let (b_dir, b) = synth_to("det-b");
    remove(&a_dir);
    remove(&b_dir);
    assert!(!a.is_empty());
    assert_eq!(a, b, "two synths of the same program differ");
    // No absolute path of this machine leaks into any output file.
    let root = cdk_validators::workspace_root();
    for (name, bytes) in &a {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains(&*root.to_string_lossy()) && !text.contains("/tmp/"),
            "{name} contains a machine-specific path"
        );
    }
}

#[test]
fn every_template_passes_cfn_lint() {
    let files = templates();
    assert!(files.len() >= 4, "expected templates in synth-out/");
    let run = cdk_validators::cfn_lint(&files);
    assert!(
        run.success,
        "cfn-lint found problems (errors, warnings or informational):\n{}",
        run.output
    );
}

#[test]
fn yaml_templates_read_back_as_the_json_templates_under_yaml_1_1() {
    for yaml in templates()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
    {
        let json_path = yaml.with_extension("json");
        let expected: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&json_path).expect("json twin")).expect("json");
        let text = std::fs::read_to_string(&yaml).expect("yaml");
        let parsed: serde_json::Value =
            serde_json::from_str(&cdk_validators::pyyaml_to_json(&text)).expect("json");
        assert_eq!(
            parsed,
            expected,
            "{} does not read back (with PyYAML) as {}",
            yaml.display(),
            json_path.display()
        );
    }
}
