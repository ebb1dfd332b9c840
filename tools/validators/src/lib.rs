//! Test-only helpers that install and run the external validators.
//!
//! The validators (cfn-lint, aws-sam-translator, aws-sam-cli, PyYAML) come from PyPI, pinned
//! in `tools/validators/requirements.txt`, and live in a venv under `target/validators/`.
//! [`bin_dir`] creates that venv on first use (idempotent, safe across parallel tests), so a
//! fresh clone needs no set-up step before `cargo test --workspace`.
//!
//! - [`cfn_lint`], [`pyyaml_to_json`], [`run`]: cfn-lint, PyYAML, any venv program;
//! - [`sam_translate`], [`sam_validate_lint`], [`sam_local_routes`], [`sam_offline`]:
//!   aws-sam-translator, `sam validate --lint`, SAM CLI's route reader (`sam local
//!   start-api`) and any `sam` command, offline (module [`sam`]);
//! - [`sam_translate`], [`sam_validate_lint`]: aws-sam-translator and `sam validate --lint`,
//!   offline (module [`sam`]);
//! - [`sam_build`], [`fetch_crate_dependencies`], [`cargo_lambda_bin_dir`]: `sam build` of Rust
//!   functions with cargo-lambda and zig (installed into `target/cargo-lambda/`);
//! - [`asl_validate`], [`assert_template_asl_valid`]: npm's `asl-validator` on state-machine
//!   definitions, installed into `target/validators/node` (module [`asl`]);
//! - [`checkov()`]: checkov on templates, offline, in its own venv under `target/checkov/`
//!   (module [`checkov`](mod@checkov));
//! - [`chromium()`], [`screenshot`]: headless Chromium, for tests that look at a picture
//!   (module [`chromium`](mod@chromium));
//! - [`differential()`]: compares a SAM translation with our plain template (module
//!   [`differential`](mod@differential)).
//!
//! ```no_run
//! let python = cdk_validators::tool("python");
//! assert!(python.ends_with("python"));
//! ```

#![warn(missing_docs)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub mod asl;
pub mod checkov;
pub mod chromium;
pub mod differential;
pub mod sam;

pub use asl::{
    asl_validate, assert_asl_valid, assert_template_asl_valid, placeholder_arn,
    state_machine_definitions,
};
pub use checkov::{checkov, checkov_bin_dir, CheckovFinding, CheckovReport};
pub use chromium::{chromium, screenshot};
pub use differential::{differential, Differential};
pub use sam::{
    fetch_crate_dependencies, sam_build, sam_local_routes, sam_offline, sam_translate,
    sam_validate_lint, LOCAL_ASSET_BUCKET, OFFLINE_REGION, SAM_BUILD_TIMEOUT, SAM_TIMEOUT,
};

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root exists")
}

/// The venv's `bin/` directory, installing the validators first if needed.
///
/// Panics (this is test tooling) with the installer's output when the install fails.
pub fn bin_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let script = workspace_root().join("tools/validators/ensure.sh");
        let out = Command::new("bash")
            .arg(&script)
            .output()
            .expect("run tools/validators/ensure.sh");
        assert!(
            out.status.success(),
            "installing the validators failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        PathBuf::from(String::from_utf8(out.stdout).expect("utf-8 path").trim())
    })
    .clone()
}

/// The bin directory of cargo-lambda and zig (`tools/validators/ensure.sh cargo-lambda`,
/// pinned in `tools/validators/cargo-lambda.txt`), installing them first if needed: what
/// [`sam_build`] puts first on `PATH` for SAM's `rust-cargolambda` build method.
///
/// Panics (this is test tooling) with the installer's output when the install fails.
pub fn cargo_lambda_bin_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let script = workspace_root().join("tools/validators/ensure.sh");
        let out = Command::new("bash")
            .arg(&script)
            .arg("cargo-lambda")
            .output()
            .expect("run tools/validators/ensure.sh cargo-lambda");
        assert!(
            out.status.success(),
            "installing cargo-lambda failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        PathBuf::from(String::from_utf8(out.stdout).expect("utf-8 path").trim())
    })
    .clone()
}

/// Path of a program inside the validators' venv (`python`, `cfn-lint`, …).
pub fn tool(name: &str) -> PathBuf {
    bin_dir().join(name)
}

/// The outcome of running one external program.
#[derive(Debug)]
pub struct Run {
    /// Whether it exited with status 0.
    pub success: bool,
    /// Its stdout and stderr, concatenated.
    pub output: String,
}

/// Runs a validator from the venv with the given arguments.
pub fn run(name: &str, args: &[&str]) -> Run {
    let out = Command::new(tool(name))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {name}: {e}"));
    Run {
        success: out.status.success(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// Runs `cfn-lint` on the given templates; every error, warning and informational finding
/// fails (`cfn-lint` exits non-zero on any of them).
pub fn cfn_lint(templates: &[PathBuf]) -> Run {
    let mut args: Vec<String> = vec!["--format".into(), "parseable".into()];
    args.extend(templates.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run("cfn-lint", &args)
}

/// Parses YAML text with PyYAML's `safe_load` (YAML 1.1 rules, as `sam` and other
/// CloudFormation tooling read it) and returns it re-encoded as compact JSON.
pub fn pyyaml_to_json(yaml: &str) -> String {
    use std::io::Write;
    let mut child = Command::new(tool("python"))
        .args([
            "-c",
            "import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(yaml.as_bytes())
        .expect("write yaml");
    let out = child.wait_with_output().expect("python output");
    assert!(
        out.status.success(),
        "PyYAML could not parse the YAML:\n{}\n---\n{yaml}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .trim()
        .to_string()
}
