//! Output files (`OutputFile`): written beside the templates as `<Stack>.<name>`, listed in
//! the manifest with their hash (so the next synthesis owns them), and their names checked.

use cdk_core::{App, CfnResource, Error, OutputFile, Stack};
use serde_json::json;

mod common;
use common::TempDir;

fn app_in(dir: &TempDir) -> (App, Stack) {
    let app = App::new();
    app.set_out_dir(dir.join("out"));
    let stack = Stack::new(&app, "S");
    CfnResource::new(&stack, "Q", "AWS::SQS::Queue");
    (app, stack)
}

#[test]
fn written_listed_and_owned() {
    let dir = TempDir::new("output-files");
    let (app, stack) = app_in(&dir);
    let doc = json!({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}});
    let file = OutputFile::json(&stack, "Definition", "Flow.asl.json", doc.clone());
    let summary = app.write().unwrap();
    assert!(summary.stacks[0]
        .files
        .contains(&"S.Flow.asl.json".to_string()));
    let text = std::fs::read_to_string(dir.join("out/S.Flow.asl.json")).unwrap();
    assert_eq!(
        text,
        format!("{}\n", serde_json::to_string_pretty(&doc).unwrap())
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/manifest.json")).unwrap()).unwrap();
    let hash = manifest["stacks"]["S"]["files"]["S.Flow.asl.json"]
        .as_str()
        .unwrap();
    // XXH3-128 of the file's bytes, as `xxhsum -H2` prints it.
    let expected = format!("{:032x}", twox_hash::XxHash3_128::oneshot(text.as_bytes()));
    assert_eq!(hash, expected);
    // The next synthesis recognises the file as its own, and writes the new content.
    file.set_content(json!({"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}));
    app.write().expect("the folder is still ours");
    let text = std::fs::read_to_string(dir.join("out/S.Flow.asl.json")).unwrap();
    assert!(text.contains("\"Pass\""), "{text}");
    // In memory too.
    let assembly = app.assemble().unwrap();
    assert_eq!(assembly.stacks[0].files[0].0, "S.Flow.asl.json");
}

#[test]
fn names_are_checked_and_nothing_is_written() {
    let dir = TempDir::new("output-file-names");
    let (app, stack) = app_in(&dir);
    OutputFile::json(&stack, "A", "../escape.json", json!({}));
    OutputFile::json(&stack, "B", "", json!({}));
    OutputFile::json(&stack, "C", "template.json", json!({}));
    OutputFile::json(&stack, "D", "x.json", json!({}));
    OutputFile::json(&stack, "E", "x.json", json!({}));
    OutputFile::json(&stack, "F", ".hidden", json!({}));
    let Err(Error::Invalid(diags)) = app.write() else {
        panic!("bad names must fail");
    };
    let at = |p: &str| diags.iter().filter(|d| d.path == p).count();
    assert_eq!(diags.len(), 5, "{diags:?}");
    for p in ["S/A", "S/B", "S/C", "S/E", "S/F"] {
        assert_eq!(at(p), 1, "{p}: {diags:?}");
    }
    let dup = diags.iter().find(|d| d.path == "S/E").unwrap();
    assert!(dup.message.contains("`S/D`"), "{dup}");
    assert!(diags.iter().all(|d| !d.hint.is_empty()));
    assert!(!dir.join("out").exists());
}
