//! aws-sam-translator and `sam validate --lint`, run offline.
//!
//! Both run with a scrubbed environment: every `AWS_*` and `SAM_*` variable of the caller is
//! removed, dummy credentials and the dummy region [`OFFLINE_REGION`] are set, the EC2
//! metadata lookup is off, boto3 reads no config files, and `HTTP(S)_PROXY` point at a closed
//! local port, so an unexpected network call fails at once instead of hanging or silently
//! depending on the network. `HOME` (where `sam` keeps its config) is a fresh temporary
//! folder, pre-seeded so that telemetry is off and the weekly "newer version" check (a PyPI
//! request) counts as already done. Every run has a time limit ([`SAM_TIMEOUT`]).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::{tool, workspace_root, Run};

/// The dummy region both tools run in; nothing is deployed, it only fills `${AWS::Region}`
/// where the translator wants a concrete value.
pub const OFFLINE_REGION: &str = "us-east-1";

/// The bucket of the dummy S3 locations that stand for local code paths in a translation.
///
/// aws-sam-translator accepts only S3 locations for `CodeUri` (and `ContentUri`,
/// `DefinitionUri`); a local path is what `sam package` would upload and replace. So
/// [`sam_translate`] replaces a local path `P` with `s3://sam-translate-local-asset/P`, and the
/// generated `AWS::Lambda::Function` has `Code: {S3Bucket: "sam-translate-local-asset",
/// S3Key: P}`, which [`crate::differential()`] maps back to `P`. Keeping the path (cfn-lint,
/// when it ran the transform, used one `s3://bucket/value` for all) keeps functions with
/// different code apart, and keeps the content hash in the path feeding SAM's Version hash.
pub const LOCAL_ASSET_BUCKET: &str = "sam-translate-local-asset";

/// The time limit of one translator or `sam validate` run; a run that takes longer is killed
/// and reported as a failure (it is either hung or waiting for the network).
pub const SAM_TIMEOUT: Duration = Duration::from_secs(300);

/// A closed local port: proxies point here, so any network attempt is refused at once.
const NO_NETWORK_PROXY: &str = "http://127.0.0.1:1";

/// A fresh folder under the system temp dir, removed on drop.
struct TempHome(PathBuf);

impl TempHome {
    fn new() -> TempHome {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "cdk-validators-home-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let app_dir = dir.join(".aws-sam");
        std::fs::create_dir_all(&app_dir).expect("create a temporary HOME");
        // `lastVersionCheck` in the year 3000: the weekly PyPI version check never runs.
        std::fs::write(
            app_dir.join("metadata.json"),
            r#"{"telemetryEnabled": false, "lastVersionCheck": 32503680000}"#,
        )
        .expect("seed the sam config");
        TempHome(dir)
    }
}

impl Drop for TempHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A command for a venv program with the offline environment described in the module docs.
fn offline_command(program: &Path, home: &TempHome) -> Command {
    let mut cmd = Command::new(program);
    for (key, _) in std::env::vars_os() {
        let key_str = key.to_string_lossy();
        let upper = key_str.to_ascii_uppercase();
        if upper.starts_with("AWS_")
            || upper.starts_with("SAM_")
            || upper.starts_with("__SAM_")
            || upper.ends_with("_PROXY")
        {
            cmd.env_remove(&key);
        }
    }
    cmd.env("HOME", &home.0)
        .env("__SAM_CLI_APP_DIR", home.0.join(".aws-sam"))
        .env("SAM_CLI_TELEMETRY", "0")
        .env("AWS_ACCESS_KEY_ID", "AKIAOFFLINEDUMMYKEY0")
        .env("AWS_SECRET_ACCESS_KEY", "offline-dummy-secret")
        .env("AWS_DEFAULT_REGION", OFFLINE_REGION)
        .env("AWS_REGION", OFFLINE_REGION)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.0.join("aws-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.0.join("aws-credentials"),
        )
        .env("HTTP_PROXY", NO_NETWORK_PROXY)
        .env("HTTPS_PROXY", NO_NETWORK_PROXY)
        .env("http_proxy", NO_NETWORK_PROXY)
        .env("https_proxy", NO_NETWORK_PROXY)
        .current_dir(&home.0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// What a finished (or killed) process left.
struct Finished {
    success: bool,
    stdout: String,
    stderr: String,
}

/// Runs `cmd` to completion or until `limit`, whichever comes first; on time-out the process
/// is killed and the result is a failure whose stderr says so.
fn run_with_timeout(mut cmd: Command, what: &str, limit: Duration) -> Finished {
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let err = drain(Box::new(child.stderr.take().expect("piped stderr")));
    let start = Instant::now();
    let (success, timed_out) = loop {
        match child.try_wait().expect("wait for the child") {
            Some(status) => break (status.success(), false),
            None if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                break (false, true);
            }
            None => std::thread::sleep(Duration::from_millis(25)),
        }
    };
    let stdout = out.join().expect("stdout reader");
    let mut stderr = err.join().expect("stderr reader");
    if timed_out {
        stderr.push_str(&format!(
            "\n{what} did not finish within {}s and was killed (hung, or waiting for the network?)",
            limit.as_secs()
        ));
    }
    Finished {
        success,
        stdout,
        stderr,
    }
}

fn absolute(template: &Path) -> PathBuf {
    if template.is_absolute() {
        template.to_path_buf()
    } else {
        std::env::current_dir().expect("current dir").join(template)
    }
}

/// Translates a SAM template (JSON or YAML) into plain CloudFormation with aws-sam-translator,
/// offline, and returns the translation.
///
/// Runs `tools/validators/sam_translate.py` (which documents the details): dummy region
/// [`OFFLINE_REGION`], AWS managed policy names resolved from the translator's bundled map
/// only, local code paths replaced by dummy S3 locations in [`LOCAL_ASSET_BUCKET`], resource
/// `Metadata` passed through onto the generated resources.
///
/// `Err` carries the translator's messages (an invalid SAM document lists each cause) and
/// names the template.
pub fn sam_translate(template: &Path) -> Result<serde_json::Value, String> {
    let template = absolute(template);
    let home = TempHome::new();
    let mut cmd = offline_command(&tool("python"), &home);
    cmd.arg(workspace_root().join("tools/validators/sam_translate.py"))
        .arg(&template);
    let done = run_with_timeout(cmd, "aws-sam-translator", SAM_TIMEOUT);
    if !done.success {
        return Err(format!(
            "aws-sam-translator could not translate {}:\n{}",
            template.display(),
            done.stderr.trim()
        ));
    }
    serde_json::from_str(&done.stdout).map_err(|e| {
        format!(
            "aws-sam-translator's output for {} is not JSON ({e}):\n{}",
            template.display(),
            done.stdout
        )
    })
}

/// The routes SAM CLI's own API reader (`samcli.lib.providers.api_provider.ApiProvider`,
/// what `sam local start-api` serves) finds in `template`, offline:
/// `{"stage": <stage name>, "routes": [[<function logical ID>, [<methods>], <path>], …]}`,
/// routes sorted. In a template with `AWS::Serverless::Function`s SAM CLI reads routes only
/// from `AWS::Serverless::Api`s and functions' `Api` events; in one without, from plain
/// `AWS::ApiGateway::*` resources.
pub fn sam_local_routes(template: &Path) -> Result<serde_json::Value, String> {
    const READER: &str = r#"
import json, logging, sys
logging.disable(logging.CRITICAL)
from samcli.lib.providers.api_provider import ApiProvider
from samcli.lib.providers.sam_stack_provider import SamLocalStackProvider
stacks, _ = SamLocalStackProvider.get_stacks(sys.argv[1])
api = ApiProvider(stacks).api
print(json.dumps({"stage": api.stage_name,
                  "routes": sorted([r.function_name, sorted(r.methods), r.path] for r in api.routes)}))
"#;
    let template = absolute(template);
    let home = TempHome::new();
    let mut cmd = offline_command(&tool("python"), &home);
    cmd.arg("-c").arg(READER).arg(&template);
    let done = run_with_timeout(cmd, "SAM CLI's route reader", SAM_TIMEOUT);
    let last = done
        .stdout
        .trim()
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    if !done.success {
        return Err(format!(
            "SAM CLI's route reader failed on {}:\n{}{}",
            template.display(),
            done.stdout,
            done.stderr
        ));
    }
    serde_json::from_str(&last).map_err(|e| {
        format!(
            "SAM CLI's route reader printed no JSON for {} ({e}):\n{}",
            template.display(),
            done.stdout
        )
    })
}

/// Runs `sam validate --lint --template-file <template> --region us-east-1`, offline (see the
/// module docs), with a time limit. `sam` runs cfn-lint on the SAM template itself; a failure
/// carries its findings.
pub fn sam_validate_lint(template: &Path) -> Run {
    let template = absolute(template);
    let home = TempHome::new();
    let mut cmd = offline_command(&tool("sam"), &home);
    cmd.args(["validate", "--lint", "--template-file"])
        .arg(&template)
        .args(["--region", OFFLINE_REGION]);
    let done = run_with_timeout(cmd, "sam validate --lint", SAM_TIMEOUT);
    Run {
        success: done.success,
        output: format!("{}{}", done.stdout, done.stderr),
    }
}

/// Runs `sam <args>` offline (see the module docs) with `cwd` as its working directory and
/// a time limit; for commands beyond `validate --lint`, such as `sam build` (give it a
/// `--build-dir`: it writes there). SAM CLI looks at its working directory too (a
/// `manifest.json`, `tree.json` or `cdk.json` there makes it take any template for a CDK
/// app's), so `cwd` matters for what it prints.
pub fn sam_offline(args: &[&str], cwd: &Path) -> Run {
    let home = TempHome::new();
    let mut cmd = offline_command(&tool("sam"), &home);
    cmd.args(args).current_dir(cwd);
    let done = run_with_timeout(cmd, &format!("sam {}", args.join(" ")), SAM_TIMEOUT);
    Run {
        success: done.success,
        output: format!("{}{}", done.stdout, done.stderr),
    }
}

/// The time limit of one [`sam_build`]: a cold release build of a small Lambda crate
/// (`lambda_runtime`, tokio, LTO) takes 1–4 minutes on two busy cores; a cached one seconds.
pub const SAM_BUILD_TIMEOUT: Duration = Duration::from_secs(1200);

/// The caller's `CARGO_HOME` and `RUSTUP_HOME` (their defaults under the real `HOME`), which
/// the offline environment's temporary `HOME` would otherwise hide from cargo and rustup.
fn rust_homes() -> [(&'static str, PathBuf); 2] {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let var = |name: &str, default: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join(default))
    };
    [
        ("CARGO_HOME", var("CARGO_HOME", ".cargo")),
        ("RUSTUP_HOME", var("RUSTUP_HOME", ".rustup")),
    ]
}

/// Downloads the dependencies of the crate at `crate_dir` into cargo's cache, exactly as its
/// `Cargo.lock` pins them (`cargo fetch --locked`): the one network step of a Rust function's
/// build, like the validators' install, so that [`sam_build`] then runs offline. Fails when
/// the lock file is missing or stale.
pub fn fetch_crate_dependencies(crate_dir: &Path) -> Run {
    let mut cmd = Command::new("cargo");
    cmd.args(["fetch", "--locked", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let done = run_with_timeout(cmd, "cargo fetch", SAM_TIMEOUT);
    Run {
        success: done.success,
        output: format!("{}{}", done.stdout, done.stderr),
    }
}

/// Runs `sam build --template-file <template> --build-dir <build_dir>` offline (the module's
/// environment, with the caller's `CARGO_HOME`/`RUSTUP_HOME`, `CARGO_NET_OFFLINE=true` and
/// the crate's dependencies already fetched by [`fetch_crate_dependencies`]), with
/// cargo-lambda and zig ([`crate::cargo_lambda_bin_dir`]) and `cargo` first on `PATH`, and
/// `cargo_target_dir` as `CARGO_TARGET_DIR` (SAM's Rust builder leaves an explicit one alone
/// and finds the binary there, so a cached build stays fast and the source folder clean).
pub fn sam_build(template: &Path, build_dir: &Path, cargo_target_dir: &Path) -> Run {
    let template = absolute(template);
    let home = TempHome::new();
    let mut cmd = offline_command(&tool("sam"), &home);
    let cargo_bin = rust_homes()[0].1.join("bin");
    let path = std::env::join_paths(
        [crate::cargo_lambda_bin_dir(), cargo_bin]
            .into_iter()
            .chain(std::env::split_paths(
                &std::env::var_os("PATH").unwrap_or_default(),
            )),
    )
    .expect("a PATH");
    for (name, dir) in rust_homes() {
        cmd.env(name, dir);
    }
    // cargo-zigbuild writes its zig linker wrappers under the cache folder and hands their
    // paths to cargo (`CC_*`, linker): a stable folder, not the temporary HOME's, keeps those
    // paths, so cargo's fingerprints hold and a second build reuses the first.
    let zig_cache = cargo_target_dir.with_file_name("cache");
    cmd.env("PATH", path)
        .env("XDG_CACHE_HOME", zig_cache)
        .env("CARGO_NET_OFFLINE", "true")
        .env("CARGO_TARGET_DIR", cargo_target_dir)
        .args(["build", "--template-file"])
        .arg(&template)
        .arg("--build-dir")
        .arg(build_dir);
    let done = run_with_timeout(cmd, "sam build", SAM_BUILD_TIMEOUT);
    Run {
        success: done.success,
        output: format!("{}{}", done.stdout, done.stderr),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piped(mut cmd: Command) -> Command {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        cmd
    }

    #[test]
    fn the_translator_script_uses_the_same_constants() {
        let script =
            std::fs::read_to_string(workspace_root().join("tools/validators/sam_translate.py"))
                .expect("read sam_translate.py");
        assert!(
            script.contains(&format!("LOCAL_BUCKET = \"{LOCAL_ASSET_BUCKET}\"")),
            "sam_translate.py and LOCAL_ASSET_BUCKET disagree"
        );
        assert!(
            script.contains(&format!(
                "os.environ[\"AWS_DEFAULT_REGION\"] = \"{OFFLINE_REGION}\""
            )),
            "sam_translate.py and OFFLINE_REGION disagree"
        );
    }

    #[test]
    fn a_run_past_its_time_limit_is_killed_and_fails() {
        let mut cmd = Command::new("sleep");
        cmd.arg("30");
        let start = Instant::now();
        let done = run_with_timeout(piped(cmd), "sleep", Duration::from_millis(200));
        assert!(start.elapsed() < Duration::from_secs(10), "not killed");
        assert!(!done.success);
        assert!(
            done.stderr.contains("sleep did not finish within"),
            "{}",
            done.stderr
        );
    }

    #[test]
    fn a_run_within_its_time_limit_keeps_its_output_and_status() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo out; echo err >&2; exit 3"]);
        let done = run_with_timeout(piped(cmd), "sh", Duration::from_secs(60));
        assert!(!done.success);
        assert_eq!(
            (done.stdout.as_str(), done.stderr.as_str()),
            ("out\n", "err\n")
        );
        let mut cmd = Command::new("true");
        cmd.stdin(Stdio::null());
        assert!(run_with_timeout(piped(cmd), "true", Duration::from_secs(60)).success);
    }

    #[test]
    fn the_offline_environment_drops_the_callers_aws_settings() {
        let home = TempHome::new();
        let cmd = offline_command(Path::new("env"), &home);
        let envs: std::collections::BTreeMap<String, Option<String>> = cmd
            .get_envs()
            .map(|(k, v)| {
                (
                    k.to_string_lossy().into_owned(),
                    v.map(|v| v.to_string_lossy().into_owned()),
                )
            })
            .collect();
        assert_eq!(envs["AWS_DEFAULT_REGION"].as_deref(), Some(OFFLINE_REGION));
        assert_eq!(envs["SAM_CLI_TELEMETRY"].as_deref(), Some("0"));
        assert_eq!(envs["HTTPS_PROXY"].as_deref(), Some(NO_NETWORK_PROXY));
        assert_eq!(
            envs["HOME"].as_deref(),
            Some(home.0.to_string_lossy().as_ref())
        );
        // Any AWS_ variable the caller has is either removed or replaced.
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy().into_owned();
            if key.starts_with("AWS_") {
                assert!(envs.contains_key(&key), "{key} leaks into the tools");
            }
        }
        let seeded =
            std::fs::read_to_string(home.0.join(".aws-sam/metadata.json")).expect("seeded");
        assert!(seeded.contains("\"telemetryEnabled\": false"), "{seeded}");
        let dir = home.0.clone();
        drop(home);
        assert!(!dir.exists(), "the temporary HOME is removed");
    }
}
