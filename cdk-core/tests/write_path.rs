//! The write path under hostile conditions: output paths synthesis does not own, leftovers of
//! killed runs, concurrent writers, `SIGKILL` at any moment, and asset folders holding
//! things that are not plain files.
//!
//! The process-level tests start this test binary again as a child (the ignored test
//! `child_writer`, driven by environment variables), so they kill and race real processes;
//! each is bounded in time.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cdk_core::{App, Asset, CfnResource, Error, Stack};
use serde_json::Value as Json;

// ---- helpers ------------------------------------------------------------------------------

mod common;
use common::TempDir;

/// Everything below `dir` (files with their bytes, folders, links with their targets),
/// without following links.
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("dir entry").path();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                out.insert(
                    rel,
                    format!("link -> {}", fs::read_link(&path).unwrap().display()),
                );
            } else if meta.is_dir() {
                out.insert(rel.clone(), "dir".into());
                walk(root, &path, out);
            } else {
                out.insert(rel, format!("{:?}", fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// An app with `stacks` stacks of `per_stack` queues each, every stack named after `tag`.
fn app(out: &Path, tag: &str, stacks: usize, per_stack: usize) -> App {
    let app = App::with_out_dir(out);
    for s in 0..stacks {
        let stack = Stack::new(&app, &format!("{tag}{s}"));
        for q in 0..per_stack {
            let r = CfnResource::new(&stack, &format!("Queue{q}"), "AWS::SQS::Queue");
            r.set_property("QueueName", format!("{tag}-{s}-{q}"));
        }
    }
    app
}

fn write_err(app: &App) -> Error {
    app.write().expect_err("synthesis must refuse")
}

/// Checks that `out` is one complete synthesis output: a manifest, every file it lists with
/// the hash it records, nothing else. Returns the stack names.
fn complete_output(out: &Path) -> Result<Vec<String>, String> {
    let manifest: Json = serde_json::from_slice(
        &fs::read(out.join("manifest.json")).map_err(|e| format!("no manifest: {e}"))?,
    )
    .map_err(|e| format!("manifest is not JSON: {e}"))?;
    let mut expected = vec!["manifest.json".to_string()];
    let stacks = manifest["stacks"].as_object().ok_or("no stacks")?;
    for stack in stacks.values() {
        for (file, hash) in stack["files"].as_object().ok_or("no files")? {
            let bytes = fs::read(out.join(file)).map_err(|e| format!("{file}: {e}"))?;
            // XXH3-128, as `xxhsum -H2` prints it.
            let actual = format!("{:032x}", twox_hash::XxHash3_128::oneshot(&bytes));
            if hash.as_str() != Some(actual.as_str()) {
                return Err(format!("{file} does not match its hash"));
            }
            expected.push(file.clone());
        }
    }
    expected.sort();
    let found = entries(out);
    if found != expected {
        return Err(format!("entries {found:?}, manifest lists {expected:?}"));
    }
    Ok(stacks.keys().cloned().collect())
}

fn leftovers(parent: &Path) -> Vec<String> {
    entries(parent)
        .into_iter()
        .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
        .collect()
}

/// Runs `f` on another thread and fails the test if it does not finish within `limit`
/// (a hang must fail, not block the suite).
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("did not finish within {limit:?} (a hang)"))
}

// ---- output paths synthesis does not own -------------------------------------------------

#[test]
fn a_folder_that_is_not_a_synthesis_output_is_refused_and_left_alone() {
    let dir = TempDir::new("not-ours");
    let out = dir.join("p");
    fs::create_dir_all(out.join("src")).unwrap();
    fs::write(out.join("notes.txt"), "my notes").unwrap();
    fs::write(out.join("src/main.rs"), "fn main() {}").unwrap();
    let before = snapshot(&out);

    let err = write_err(&app(&out, "S", 1, 1));
    let text = err.to_string();
    assert!(matches!(err, Error::OutputFolder { .. }), "{text}");
    assert!(
        text.contains(&out.display().to_string()),
        "names the folder: {text}"
    );
    assert!(text.contains("not a synthesis output"), "{text}");
    assert!(text.contains("hint:"), "says what to do: {text}");
    assert_eq!(snapshot(&out), before, "the folder changed");
    assert_eq!(leftovers(&dir.0), Vec::<String>::new());
}

#[test]
fn a_synthesis_output_with_a_foreign_file_is_refused() {
    let dir = TempDir::new("foreign");
    let out = dir.join("out");
    app(&out, "S", 1, 1).write().unwrap();
    fs::write(out.join("assets-notes.md"), "mine").unwrap();
    fs::create_dir_all(out.join("assets/not-a-hash")).unwrap();
    let before = snapshot(&out);
    let text = write_err(&app(&out, "S", 1, 2)).to_string();
    assert!(text.contains("`assets-notes.md`"), "{text}");
    assert_eq!(snapshot(&out), before);
    // Inside `assets/`, only the hashes the manifest lists are ours.
    fs::remove_file(out.join("assets-notes.md")).unwrap();
    let text = write_err(&app(&out, "S", 1, 2)).to_string();
    assert!(text.contains("`assets/not-a-hash`"), "{text}");
    fs::remove_dir_all(out.join("assets")).unwrap();
    app(&out, "S", 1, 2).write().unwrap();
    assert_eq!(complete_output(&out).unwrap(), ["S0"]);
}

#[test]
fn a_file_at_the_output_path_is_refused() {
    let dir = TempDir::new("file");
    let out = dir.join("synth-out");
    fs::write(&out, "not a folder").unwrap();
    let err = write_err(&app(&out, "S", 1, 1));
    assert!(matches!(err, Error::OutputFolder { .. }), "{err}");
    assert!(err.to_string().contains("it is a file"), "{err}");
    assert_eq!(fs::read_to_string(&out).unwrap(), "not a folder");
    // Nothing else beside it: the lock file went when the lock was released.
    assert_eq!(entries(&dir.0), ["synth-out"]);
}

#[test]
fn a_symlink_at_the_output_path_is_refused_and_its_target_untouched() {
    let dir = TempDir::new("symlink");
    let real = dir.join("real");
    app(&real, "S", 1, 1).write().unwrap(); // even a real synthesis output behind the link
    let before = snapshot(&real);
    let out = dir.join("out");
    std::os::unix::fs::symlink(&real, &out).unwrap();
    let err = write_err(&app(&out, "T", 1, 1));
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(snapshot(&real), before);
    assert!(fs::symlink_metadata(&out).unwrap().file_type().is_symlink());
}

#[test]
fn a_read_only_output_folder_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("read-only");
    let out = dir.join("out");
    app(&out, "S", 1, 1).write().unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o555)).unwrap();
    let before = snapshot(&out);
    let err = write_err(&app(&out, "T", 1, 1));
    assert!(err.to_string().contains("read-only"), "{err}");
    assert_eq!(snapshot(&out), before);
    assert_eq!(complete_output(&out).unwrap(), ["S0"]);
}

#[test]
fn an_empty_folder_is_used_and_a_previous_output_replaced() {
    let dir = TempDir::new("empty");
    let out = dir.join("out");
    fs::create_dir_all(&out).unwrap();
    app(&out, "S", 2, 1).write().unwrap();
    assert_eq!(complete_output(&out).unwrap(), ["S0", "S1"]);
    app(&out, "T", 1, 3).write().unwrap();
    assert_eq!(complete_output(&out).unwrap(), ["T0"]);
    assert_eq!(leftovers(&dir.0), Vec::<String>::new());
}

// ---- leftovers ----------------------------------------------------------------------------

/// The pid of a process that has exited (and been reaped).
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("spawn true");
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn leftovers_of_dead_processes_are_removed_and_only_those() {
    let dir = TempDir::new("leftovers");
    let out = dir.join("synth-out");
    app(&out, "S", 1, 1).write().unwrap();
    let dead = dead_pid();
    let mut alive = Command::new("sleep")
        .arg("30")
        .spawn()
        .expect("spawn sleep");
    let mk = |name: String| {
        let p = dir.join(&name);
        fs::create_dir_all(p.join("assets")).unwrap();
        fs::write(p.join("S0.template.json"), "{}").unwrap();
        name
    };
    let dead_tmp = mk(format!("synth-out.tmp-{dead}"));
    let dead_old = mk(format!("synth-out.old-{dead}"));
    let live_tmp = mk(format!("synth-out.tmp-{}", alive.id()));
    let other = mk(format!("other-out.tmp-{dead}"));
    let not_pid = mk("synth-out.tmp-notes".to_string());

    app(&out, "S", 1, 2).write().unwrap();
    let _ = alive.kill();
    let _ = alive.wait();

    let left = entries(&dir.0);
    assert!(
        !left.contains(&dead_tmp) && !left.contains(&dead_old),
        "{left:?}"
    );
    for kept in [&live_tmp, &other, &not_pid] {
        assert!(left.contains(kept), "{kept} must stay: {left:?}");
    }
}

// ---- killed and concurrent writers (process level) ---------------------------------------

const CHILD_OUT: &str = "CDK_WRITE_PATH_CHILD_OUT";
const CHILD_TAG: &str = "CDK_WRITE_PATH_CHILD_TAG";
const CHILD_RUNS: &str = "CDK_WRITE_PATH_CHILD_RUNS";
const CHILD_QUEUES: &str = "CDK_WRITE_PATH_CHILD_QUEUES";

/// The child process of the tests below: synthesizes an app of 12 stacks x
/// `$CDK_WRITE_PATH_CHILD_QUEUES` queues (default 40) into `$CDK_WRITE_PATH_CHILD_OUT`,
/// `$CDK_WRITE_PATH_CHILD_RUNS` times (default once). Run alone
/// (`--ignored`), it writes into a temporary folder and checks the result.
#[test]
#[ignore = "the child process of the process-level tests"]
fn child_writer() {
    let (out, _keep) = match std::env::var_os(CHILD_OUT) {
        Some(p) => (PathBuf::from(p), None),
        None => {
            let t = TempDir::new("child");
            (t.join("out"), Some(t))
        }
    };
    let tag = std::env::var(CHILD_TAG).unwrap_or_else(|_| "Child".into());
    let runs: usize = std::env::var(CHILD_RUNS)
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    let queues: usize = std::env::var(CHILD_QUEUES)
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(40);
    for _ in 0..runs {
        app(&out, &tag, 12, queues)
            .write()
            .expect("child synthesis");
    }
    if _keep.is_some() {
        // Alone, nobody else writes: the output must be this run's. (Under the parent's
        // tests another writer may swap its own output in at any moment; the parent checks.)
        complete_output(&out).expect("child output complete");
    }
}

fn spawn_child(out: &Path, tag: &str, runs: usize, queues: usize) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "child_writer",
            "--exact",
            "--ignored",
            "--test-threads=1",
            "--quiet",
        ])
        .env(CHILD_OUT, out)
        .env(CHILD_TAG, tag)
        .env(CHILD_RUNS, runs.to_string())
        .env(CHILD_QUEUES, queues.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the child writer")
}

#[test]
fn sigkill_at_any_moment_leaves_a_complete_output_and_no_leftovers() {
    let dir = TempDir::new("sigkill");
    let out = dir.join("synth-out");
    app(&out, "Before", 3, 2).write().unwrap();

    // While children are killed, a watcher checks that the output folder never goes
    // missing: the swap is one atomic exchange, not two renames.
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (stop, out) = (stop.clone(), out.clone());
        std::thread::spawn(move || {
            let mut checks = 0u64;
            while !stop.load(Ordering::Relaxed) {
                assert!(
                    out.join("manifest.json").exists(),
                    "the output folder was missing for a moment"
                );
                checks += 1;
            }
            checks
        })
    };
    let started = Instant::now();
    for i in 0..24u64 {
        let mut child = spawn_child(&out, &format!("Kill{i}x"), 1000, 40);
        // Kill moments spread over start-up, building, writing and swapping.
        std::thread::sleep(Duration::from_millis(15 + (i * 37) % 180));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let stacks = complete_output(&out)
            .unwrap_or_else(|e| panic!("after kill {i}, the output is incomplete: {e}"));
        let tag = stacks[0].trim_end_matches(char::is_numeric).to_string();
        assert!(
            stacks.iter().all(|s| s.starts_with(&tag)),
            "one run's output, not a mix: {stacks:?}"
        );
    }
    stop.store(true, Ordering::Relaxed);
    let checks = watcher.join().expect("watcher");
    assert!(checks > 100, "the watcher ran ({checks} checks)");
    assert!(started.elapsed() < Duration::from_secs(60));

    // The next synthesis removes what the killed ones left.
    app(&out, "After", 1, 1).write().unwrap();
    assert_eq!(complete_output(&out).unwrap(), ["After0"]);
    assert_eq!(leftovers(&dir.0), Vec::<String>::new());
}

#[test]
fn concurrent_writers_take_turns_and_all_succeed() {
    let dir = TempDir::new("concurrent");
    let out = dir.join("synth-out");
    for round in 0..3 {
        let children: Vec<(String, Child)> = (0..6)
            .map(|c| {
                let tag = format!("R{round}W{c}x");
                // Small apps, so that the writers' swaps overlap often (with the old two-rename
                // swap and no lock, some writers failed in every run of this test).
                let child = spawn_child(&out, &tag, 6, 4);
                (tag, child)
            })
            .collect();
        let tags: Vec<String> = children.iter().map(|(t, _)| t.clone()).collect();
        for (tag, child) in children {
            let output = within(Duration::from_secs(120), move || child.wait_with_output())
                .expect("wait for child");
            assert!(
                output.status.success(),
                "writer {tag} failed: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let stacks = complete_output(&out).unwrap();
        assert_eq!(stacks.len(), 12);
        assert!(
            tags.iter()
                .any(|t| stacks.iter().all(|s| s.strip_prefix(t.as_str()).is_some())),
            "the final folder is one writer's complete output: {stacks:?}"
        );
        // Each writer removes the lock file as it releases the lock; the writers that waited
        // on a removed file took the lock again on the new one.
        assert_eq!(entries(&dir.0), ["synth-out"], "round {round}");
    }
    assert_eq!(leftovers(&dir.0), Vec::<String>::new());
}

// ---- asset folders ------------------------------------------------------------------------

fn asset_app(out: &Path, src: &Path, allow_outside: bool) -> App {
    let app = App::with_out_dir(out);
    let stack = Stack::new(&app, "S");
    let code = Asset::from_dir(&stack, "Code", src);
    if allow_outside {
        code.allow_links_outside();
    }
    CfnResource::new(&stack, "Fn", "AWS::Lambda::Function").set_property("Code", code.path());
    app
}

fn single_diagnostic(app: &App) -> cdk_core::Diagnostic {
    let err = app.write().expect_err("synthesis must fail");
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "one mistake, one diagnostic: {err}");
    assert_eq!(d[0].path, "S/Code");
    assert!(!d[0].hint.is_empty(), "{err}");
    d[0].clone()
}

/// The one staged asset folder of an output.
fn staged_asset(out: &Path) -> PathBuf {
    let mut folders = fs::read_dir(out.join("assets")).expect("assets/");
    folders.next().expect("one asset").expect("entry").path()
}

fn src_with_index(dir: &TempDir) -> PathBuf {
    let src = dir.join("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("index.py"), "def handler(e, c): pass\n").unwrap();
    src
}

#[test]
fn a_fifo_in_an_asset_folder_is_an_error_not_a_hang() {
    let dir = TempDir::new("fifo");
    let src = src_with_index(&dir);
    let fifo = src.join("pipe");
    let status = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    let out = dir.join("out");
    let d = within(Duration::from_secs(20), move || {
        single_diagnostic(&asset_app(&out, &src, false))
    });
    assert!(d.message.contains(&fifo.display().to_string()), "{d}");
    assert!(d.message.contains("FIFO"), "{d}");
    assert!(!dir.join("out").exists());
}

#[test]
fn a_socket_in_an_asset_folder_is_an_error() {
    let dir = TempDir::new("socket");
    let src = src_with_index(&dir);
    let _listener = std::os::unix::net::UnixListener::bind(src.join("sock")).unwrap();
    let d = single_diagnostic(&asset_app(&dir.join("out"), &src, false));
    assert!(d.message.contains("socket"), "{d}");
}

#[test]
fn non_utf8_file_names_are_an_error_naming_the_file() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = TempDir::new("non-utf8");
    let src = src_with_index(&dir);
    fs::write(src.join(OsStr::from_bytes(b"\xff.py")), "a").unwrap();
    fs::write(src.join(OsStr::from_bytes(b"\xfe.py")), "b").unwrap();
    let d = single_diagnostic(&asset_app(&dir.join("out"), &src, false));
    assert!(d.message.contains("not valid UTF-8"), "{d}");
    assert!(d.message.contains(".py"), "{d}");
    assert!(d.hint.contains("rename"), "{d}");
}

#[test]
fn a_link_outside_the_asset_folder_is_an_error_unless_allowed() {
    let dir = TempDir::new("link-out");
    let src = src_with_index(&dir);
    let secret = dir.join("secret.txt");
    fs::write(&secret, "build machine secret").unwrap();
    std::os::unix::fs::symlink(&secret, src.join("leak.txt")).unwrap();
    let d = single_diagnostic(&asset_app(&dir.join("out"), &src, false));
    assert!(d.message.contains("leak.txt"), "{d}");
    assert!(d.message.contains("outside the asset folder"), "{d}");
    assert!(d.hint.contains("allow_links_outside"), "{d}");
    assert!(!dir.join("out").exists());

    // Opted in: the target's bytes are staged under the link's name.
    let out = dir.join("out");
    asset_app(&out, &src, true).write().unwrap();
    let staged = staged_asset(&out);
    assert_eq!(
        fs::read_to_string(staged.join("leak.txt")).unwrap(),
        "build machine secret"
    );
}

#[test]
fn links_inside_the_asset_folder_are_followed() {
    let dir = TempDir::new("link-in");
    let src = src_with_index(&dir);
    fs::create_dir_all(src.join("lib")).unwrap();
    fs::write(src.join("lib/util.py"), "X = 1\n").unwrap();
    std::os::unix::fs::symlink("index.py", src.join("main.py")).unwrap();
    std::os::unix::fs::symlink("lib", src.join("vendor")).unwrap();
    let out = dir.join("out");
    asset_app(&out, &src, false).write().unwrap();
    let staged = staged_asset(&out);
    assert_eq!(entries(&staged), ["index.py", "lib", "main.py", "vendor"]);
    assert_eq!(
        fs::read_to_string(staged.join("vendor/util.py")).unwrap(),
        "X = 1\n"
    );
    assert!(!fs::symlink_metadata(staged.join("main.py"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn link_loops_and_dangling_links_are_errors() {
    let dir = TempDir::new("link-loop");
    let src = src_with_index(&dir);
    fs::create_dir_all(src.join("a")).unwrap();
    std::os::unix::fs::symlink("..", src.join("a/up")).unwrap();
    let out = dir.join("out");
    let d = within(Duration::from_secs(20), {
        let (out, src) = (out.clone(), src.clone());
        move || single_diagnostic(&asset_app(&out, &src, true))
    });
    assert!(d.message.contains("a loop"), "{d}");

    fs::remove_file(src.join("a/up")).unwrap();
    std::os::unix::fs::symlink("missing.py", src.join("a/gone.py")).unwrap();
    let d = single_diagnostic(&asset_app(&out, &src, false));
    assert!(d.message.contains("does not exist"), "{d}");
    assert!(d.message.contains("gone.py"), "{d}");
}

// ---- reusing the previous output ----------------------------------------------------------

/// The inode of `path` (the same inode: the file was hard-linked, not written again).
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).expect("metadata").ino()
}

#[test]
fn unchanged_files_are_linked_from_the_previous_output_and_edited_ones_written_anew() {
    let dir = TempDir::new("reuse");
    let src = src_with_index(&dir);
    let out = dir.join("out");
    asset_app(&out, &src, false)
        .write()
        .expect("first synthesis");
    let first = snapshot(&out);
    let template = out.join("S.template.json");
    let asset_file = staged_asset(&out).join("index.py");
    let (t_ino, m_ino, a_ino) = (
        inode(&template),
        inode(&out.join("manifest.json")),
        inode(&asset_file),
    );

    // The same app again: the same bytes, and every file the same inode (linked).
    asset_app(&out, &src, false)
        .write()
        .expect("second synthesis");
    assert_eq!(snapshot(&out), first);
    assert_eq!(inode(&template), t_ino);
    assert_eq!(inode(&out.join("manifest.json")), m_ino);
    assert_eq!(inode(&staged_asset(&out).join("index.py")), a_ino);

    // Files edited by hand in the output (the manifest's hashes now wrong) are not taken
    // on trust: they are written again from the app and the source folder.
    fs::write(&template, "{}\n").unwrap();
    fs::write(staged_asset(&out).join("index.py"), "tampered\n").unwrap();
    asset_app(&out, &src, false)
        .write()
        .expect("third synthesis");
    assert_eq!(snapshot(&out), first);
    assert_ne!(inode(&template), t_ino);
    assert_eq!(inode(&out.join("manifest.json")), m_ino);
    assert_eq!(leftovers(&dir.0), Vec::<String>::new());
}

#[test]
fn a_changed_app_writes_its_changed_files() {
    let dir = TempDir::new("reuse-changed");
    let out = dir.join("out");
    app(&out, "A", 2, 1).write().expect("first synthesis");
    let kept = inode(&out.join("A1.template.json"));
    let changed = inode(&out.join("A0.template.json"));
    // Stack A0 gets another queue; A1 stays as it was.
    let next = App::with_out_dir(&out);
    for s in 0..2 {
        let stack = Stack::new(&next, &format!("A{s}"));
        let r = CfnResource::new(&stack, "Queue0", "AWS::SQS::Queue");
        r.set_property("QueueName", format!("A-{s}-0"));
        if s == 0 {
            CfnResource::new(&stack, "Extra", "AWS::SQS::Queue");
        }
    }
    next.write().expect("second synthesis");
    assert_eq!(inode(&out.join("A1.template.json")), kept);
    assert_ne!(inode(&out.join("A0.template.json")), changed);
    let t: Json = serde_json::from_slice(&fs::read(out.join("A0.template.json")).unwrap()).unwrap();
    assert!(t["Resources"].get("Extra").is_some(), "{t}");
    assert_eq!(
        complete_output(&out),
        Ok(vec!["A0".to_string(), "A1".to_string()])
    );
}
