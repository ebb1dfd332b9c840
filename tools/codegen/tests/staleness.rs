//! The checked-in generated code is what the generator produces from the vendored inputs
//! (rust-analyzer's "generated code is committed, and a test fails when it is stale").

use std::path::Path;

#[test]
fn generated_code_is_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let files = codegen::generate(&root).expect("generate");
    let mut stale = Vec::new();
    for (rel, text) in &files {
        if std::fs::read_to_string(root.join(rel)).ok().as_deref() != Some(text.as_str()) {
            stale.push(rel.display().to_string());
        }
    }
    let produced: Vec<_> = files.iter().map(|(p, _)| p.clone()).collect();
    for rel in codegen::files_under(&root, "l1/src/services") {
        if !produced.contains(&rel) {
            stale.push(format!("{} (no longer generated)", rel.display()));
        }
    }
    assert!(
        stale.is_empty(),
        "generated files are stale; run `cargo run -p codegen`:\n  {}",
        stale.join("\n  ")
    );
}
