//! checkov (Prisma Cloud's infrastructure-as-code scanner), offline, on CloudFormation and SAM
//! templates.
//!
//! checkov lives in its own venv (`target/checkov/venv`, installed by
//! `tools/validators/ensure.sh checkov` from the pins in `tools/validators/checkov.txt`): its
//! dependencies conflict with cfn-lint's and aws-sam-cli's. [`checkov`] scans many templates
//! in one process (checkov takes about two seconds to start) and returns the failed checks.
//!
//! **Offline.** checkov phones home in two ways: the PyPI version check (skipped with
//! `CKV_SKIP_PACKAGE_UPDATE_CHECK=true`) and Prisma Cloud's policy metadata and result upload
//! (only with an API key: `BC_API_KEY`, `PRISMA_API_URL` and friends are removed from its
//! environment, and `--skip-download` is passed). Checked with `strace -f -e trace=connect`:
//! a scan so started opens no network socket; without the two settings it resolves hosts.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

/// The bin directory of checkov's venv (`tools/validators/ensure.sh checkov`), installing it
/// first if needed.
///
/// Panics (this is test tooling) with the installer's output when the install fails.
pub fn checkov_bin_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let script = crate::workspace_root().join("tools/validators/ensure.sh");
        let out = Command::new("bash")
            .arg(&script)
            .arg("checkov")
            .output()
            .expect("run tools/validators/ensure.sh checkov");
        assert!(
            out.status.success(),
            "installing checkov failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        PathBuf::from(String::from_utf8(out.stdout).expect("utf-8 path").trim())
    })
    .clone()
}

/// One failed check.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CheckovFinding {
    /// The template's file name (`Stack.template.json`).
    pub file: String,
    /// The resource's type (`AWS::SQS::Queue`).
    pub resource_type: String,
    /// The resource's logical ID.
    pub logical_id: String,
    /// The check's id (`CKV_AWS_27`).
    pub check_id: String,
    /// The check's title.
    pub check_name: String,
}

/// What one scan found.
#[derive(Debug)]
pub struct CheckovReport {
    /// The failed checks, sorted.
    pub failed: Vec<CheckovFinding>,
    /// How many checks passed.
    pub passed: u64,
    /// How many resources checkov read.
    pub resource_count: u64,
}

/// Environment variables that would make checkov talk to Prisma Cloud.
const PLATFORM_VARIABLES: &[&str] = &[
    "BC_API_KEY",
    "BC_API_URL",
    "PRISMA_API_URL",
    "BC_REPO_ID",
    "CKV_API_KEY",
];

/// Runs checkov once on `templates` (`--framework cloudformation`, which covers SAM), offline
/// (see the module documentation), and returns what failed. Every template must be read: a
/// parsing error, a crash or output that is not checkov's JSON report panics with checkov's
/// output (test tooling).
pub fn checkov(templates: &[PathBuf]) -> CheckovReport {
    assert!(!templates.is_empty(), "checkov needs at least one template");
    let mut cmd = Command::new(checkov_bin_dir().join("checkov"));
    for name in PLATFORM_VARIABLES {
        cmd.env_remove(name);
    }
    cmd.env("CKV_SKIP_PACKAGE_UPDATE_CHECK", "true")
        .env("CHECKOV_CREATE_MARKDOWN_HYPERLINKS", "false")
        .args([
            "--framework",
            "cloudformation",
            "--output",
            "json",
            "--quiet",
            "--compact",
            "--skip-download",
        ]);
    for t in templates {
        cmd.arg("--file").arg(t);
    }
    let out = cmd.output().expect("run checkov");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Exit 1 means "checks failed"; anything else is checkov's own trouble.
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "checkov failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    let json: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("checkov's output is not JSON ({e}):\n{stdout}\n{stderr}"));
    // One framework: one report object (a list when several ran).
    let reports: Vec<&Value> = match &json {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut report = CheckovReport {
        failed: Vec::new(),
        passed: 0,
        resource_count: 0,
    };
    for r in reports {
        let summary = &r["summary"];
        assert_eq!(
            summary["parsing_errors"].as_u64(),
            Some(0),
            "checkov could not parse a template:\n{stdout}\n{stderr}"
        );
        report.passed += summary["passed"].as_u64().unwrap_or(0);
        report.resource_count += summary["resource_count"].as_u64().unwrap_or(0);
        let failed = r["results"]["failed_checks"].as_array().cloned();
        for f in failed.unwrap_or_default() {
            let text = |key: &str| f[key].as_str().unwrap_or_default().to_string();
            // `resource` is `<Type>.<LogicalId>`.
            let resource = text("resource");
            let (resource_type, logical_id) =
                resource.rsplit_once('.').unwrap_or((resource.as_str(), ""));
            let file = Path::new(&text("file_path"))
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            report.failed.push(CheckovFinding {
                file,
                resource_type: resource_type.to_string(),
                logical_id: logical_id.to_string(),
                check_id: text("check_id"),
                check_name: text("check_name"),
            });
        }
    }
    report.failed.sort();
    report
}
