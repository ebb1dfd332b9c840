//! The examples synthesize the same bytes whatever the working directory: relative asset
//! paths and the output folder resolve against the crate root (`cdk_core::app!`), not
//! against the folder `cargo run` was started in. (Its own test binary: it changes the
//! process's working directory.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("prefix");
                out.insert(
                    rel.to_string_lossy().into_owned(),
                    std::fs::read(&path).expect("read file"),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

#[test]
fn synthesis_from_another_working_directory_writes_the_checked_in_bytes() {
    let elsewhere = std::env::temp_dir().join(format!("cdk-cwd-{}", std::process::id()));
    std::fs::create_dir_all(elsewhere.join("image-labeler/lambda")).unwrap();
    // A decoy with the same relative path: it must not be read.
    std::fs::write(elsewhere.join("image-labeler/lambda/index.py"), "decoy").unwrap();
    std::env::set_current_dir(&elsewhere).unwrap();

    // Relative to the crate root (`examples/`): a sibling of synth-out/.
    let name = format!("synth-out.tmp-cwd-{}", std::process::id());
    let app = cdk_core::app!(out_dir = format!("../{name}"));
    examples::define_all(&app);
    let summary = app.write().expect("the examples synthesize");
    let out = summary.out_dir.clone();
    let fresh = read_tree(&out);
    let wrote_elsewhere = elsewhere.join(&name).exists();
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&elsewhere);

    assert!(
        out.starts_with(env!("CARGO_MANIFEST_DIR")),
        "the output went elsewhere: {}",
        out.display()
    );
    assert!(!wrote_elsewhere);
    let checked_in = read_tree(&PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../synth-out"
    )));
    assert_eq!(
        fresh.keys().collect::<Vec<_>>(),
        checked_in.keys().collect::<Vec<_>>()
    );
    for (file, bytes) in &fresh {
        assert!(
            checked_in[file] == *bytes,
            "{file} differs when run from elsewhere"
        );
    }
}
