//! Content-hashed logical IDs (`CfnResource::logical_id_from_content`, a function's version):
//! they follow the source's properties, and the files of a folder the source uses in place
//! (`Asset::from_source_dir`), whose path alone would not change when its code does.

use std::fs;

use cdk_core::{App, Asset, CfnResource, Stack};

mod common;
use common::TempDir;

/// The logical IDs of the template's resources, for a function-like `Fn` whose `Code` is the
/// folder `crate` used in place, and its content-hashed `Version`.
fn ids(dir: &TempDir, memory: u32) -> Vec<String> {
    let app = App::new();
    app.set_out_dir(dir.join("out"));
    let stack = Stack::new(&app, "S");
    let code = Asset::from_source_dir(&stack, "Crate", dir.join("crate"));
    let f = CfnResource::new(&stack, "Fn", "AWS::Lambda::Function");
    f.set_property("Code", code.path());
    f.set_property("MemorySize", memory);
    let v = CfnResource::new(&stack, "Version", "AWS::Lambda::Version");
    v.set_property("FunctionName", f.ref_());
    v.logical_id_from_content("FnVersion", &f);
    let t = stack.template().expect("synthesize");
    let mut ids: Vec<String> = t["Resources"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    ids.sort();
    ids
}

fn version(dir: &TempDir, memory: u32) -> String {
    ids(dir, memory)
        .into_iter()
        .find(|id| id.starts_with("FnVersion"))
        .expect("a version")
}

#[test]
fn a_folder_used_in_place_counts_by_content_without_its_build_outputs() {
    let dir = TempDir::new("content-ids");
    fs::create_dir_all(dir.join("crate/src")).unwrap();
    fs::write(dir.join("crate/Cargo.toml"), "[package]\nname = \"h\"\n").unwrap();
    fs::write(dir.join("crate/src/main.rs"), "fn main() {}\n").unwrap();
    let first = version(&dir, 128);
    assert_eq!(version(&dir, 128), first, "same bytes, same ID");

    // Changed code: same path, new ID.
    fs::write(dir.join("crate/src/main.rs"), "fn main() { println!(); }\n").unwrap();
    let changed = version(&dir, 128);
    assert_ne!(changed, first);

    // Build outputs at the top of the folder do not count; the same names deeper do.
    for out in ["target/debug", ".aws-sam/build", ".git"] {
        fs::create_dir_all(dir.join("crate").join(out)).unwrap();
        fs::write(dir.join("crate").join(out).join("x"), "built").unwrap();
    }
    assert_eq!(version(&dir, 128), changed);
    fs::create_dir_all(dir.join("crate/src/target")).unwrap();
    fs::write(dir.join("crate/src/target/mod.rs"), "").unwrap();
    assert_ne!(version(&dir, 128), changed);

    // Configuration still counts.
    assert_ne!(version(&dir, 256), version(&dir, 128));
}

#[test]
fn a_missing_folder_used_in_place_is_one_error() {
    let dir = TempDir::new("content-ids-missing");
    let app = App::new();
    app.set_out_dir(dir.join("out"));
    let stack = Stack::new(&app, "S");
    let code = Asset::from_source_dir(&stack, "Crate", dir.join("nowhere"));
    let f = CfnResource::new(&stack, "Fn", "AWS::Lambda::Function");
    f.set_property("Code", code.path());
    let v = CfnResource::new(&stack, "Version", "AWS::Lambda::Version");
    v.logical_id_from_content("FnVersion", &f);
    let err = stack.template().expect_err("a missing folder");
    let text = err.to_string();
    assert_eq!(text.matches("nowhere").count(), 1, "{text}");
}
