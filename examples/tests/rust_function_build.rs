//! The `rust-function` example, built for real: `sam build` of its SAM template (an x86_64
//! variant, `examples::rust_function::define_for`) runs SAM's `rust-cargolambda` build method,
//! cargo-lambda compiles the crate in `examples/rust-function/handler` with zig as the linker,
//! and `.aws-sam/build/<LogicalId>/bootstrap` must be an x86-64 ELF executable.
//!
//! Set-up, all by the test itself and cached under `target/cargo-lambda/`: cargo-lambda and zig
//! from PyPI (`tools/validators/ensure.sh cargo-lambda`, ~35-90 s once), the crate's
//! dependencies as its `Cargo.lock` pins them (`cargo fetch --locked`, the one network step;
//! `sam build` itself runs offline), and cargo's target folder, so a second run takes seconds
//! (a cold build about 1-4 minutes on two busy cores). arm64 is not built here: see the README
//! ("Rust functions, built for real").

use std::path::{Path, PathBuf};

use constructs::lambda::Architecture;

/// `target/cargo-lambda/<name>` of this workspace: the cache of the Rust build.
fn cache(name: &str) -> PathBuf {
    cdk_validators::workspace_root()
        .join("target/cargo-lambda")
        .join(name)
}

/// What an ELF header says: class, data encoding, type, machine.
fn elf_header(path: &Path) -> (u8, u8, u16, u16) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    assert!(
        bytes.len() > 20,
        "{} is too short for an ELF file",
        path.display()
    );
    assert_eq!(
        &bytes[..4],
        b"\x7fELF",
        "{} is not an ELF file",
        path.display()
    );
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    (bytes[4], bytes[5], u16_at(16), u16_at(18))
}

#[test]
fn sam_build_compiles_the_rust_function_into_an_x86_64_bootstrap() {
    let out = cache("synth-x86_64");
    let app = cdk_core::app!(out_dir = out.clone());
    examples::rust_function::define_for(&app, Architecture::X86_64);
    app.write().expect("the x86_64 variant synthesizes");

    let template = out.join("RustFunction.sam.yaml");
    let sam: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("RustFunction.sam.json")).unwrap())
            .unwrap();
    let functions: Vec<(&String, &serde_json::Value)> = sam["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::Serverless::Function")
        .collect();
    assert_eq!(functions.len(), 1, "one Rust function");
    let (logical_id, function) = functions[0];
    assert_eq!(
        function["Properties"]["Architectures"],
        serde_json::json!(["x86_64"])
    );
    assert_eq!(function["Metadata"]["BuildMethod"], "rust-cargolambda");

    let krate = cdk_validators::workspace_root().join("examples/rust-function/handler");
    let fetch = cdk_validators::fetch_crate_dependencies(&krate);
    assert!(fetch.success, "cargo fetch --locked:\n{}", fetch.output);

    // Beside the synthesized folder, not in it: synthesis replaces only folders it wrote.
    let build_dir = cache(".aws-sam/build");
    let _ = std::fs::remove_dir_all(&build_dir);
    let build = cdk_validators::sam_build(&template, &build_dir, &cache("cargo-target"));
    assert!(build.success, "sam build:\n{}", build.output);

    let bootstrap = build_dir.join(logical_id).join("bootstrap");
    let (class, data, kind, machine) = elf_header(&bootstrap);
    assert_eq!((class, data), (2, 1), "a 64-bit little-endian ELF");
    assert!(
        kind == 2 || kind == 3,
        "an executable (ET_EXEC or a PIE's ET_DYN), not {kind}"
    );
    assert_eq!(
        machine, 62,
        "built for x86-64 (EM_X86_64), not machine {machine}"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&bootstrap).unwrap().permissions().mode();
    assert!(mode & 0o111 != 0, "bootstrap is executable ({mode:o})");
    // The built template points the function at what was built.
    let built = std::fs::read_to_string(build_dir.join("template.yaml")).expect("built template");
    assert!(built.contains(logical_id), "{built}");
}
