//! `cargo run -p codegen [-- --check]`: regenerates the `cfn-l1` crate (or, with `--check`,
//! reports files that are out of date and exits non-zero).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let started = std::time::Instant::now();
    let files = match codegen::generate(&root) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("codegen: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stale = Vec::new();
    for (rel, text) in &files {
        let path = root.join(rel);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(rel.clone());
            if !check {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).expect("create output folder");
                }
                std::fs::write(&path, text).expect("write generated file");
            }
        }
    }
    // Generated files that are no longer produced (a service left the spec).
    let wanted: Vec<&PathBuf> = files.iter().map(|(p, _)| p).collect();
    for rel in codegen::files_under(&root, "l1/src/services") {
        if codegen::is_generated(&rel) && !wanted.contains(&&rel) {
            stale.push(rel.clone());
            if !check {
                std::fs::remove_file(root.join(&rel)).expect("remove stale file");
            }
        }
    }
    let lines: usize = files.iter().map(|(_, t)| t.lines().count()).sum();
    eprintln!(
        "codegen: {} files, {lines} lines, {} {} in {:.1?}",
        files.len(),
        stale.len(),
        if check { "stale" } else { "written" },
        started.elapsed()
    );
    if check && !stale.is_empty() {
        for s in &stale {
            eprintln!("  stale: {}", s.display());
        }
        eprintln!("run `cargo run -p codegen` to regenerate");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
