//! Writing an assembly into its output folder.
//!
//! The rules, in the order [`write_assembly`] applies them:
//! 1. **One writer at a time.** An advisory lock on `.<name>.lock` beside the output folder
//!    serialises synthesis processes writing to the same folder: a second one waits, then
//!    writes its own complete output. The holder removes the file as it releases the lock
//!    (on Unix); a waiter that then holds the lock of a removed file locks the path again.
//! 2. **Only our own folder is replaced.** An existing output path must be a folder that a
//!    previous synthesis wrote: it has our `manifest.json` and nothing the manifest does not
//!    list. A folder with other files, a file, a symbolic link or a read-only folder is an
//!    error ([`Error::OutputFolder`]) and is left exactly as it was.
//! 3. **Leftovers of dead writers are removed**: `<name>.tmp-<pid>` and `<name>.old-<pid>`
//!    folders beside the output whose process no longer runs (a synthesis killed midway).
//!    Those of running processes are left alone.
//! 4. **The new output is built beside the old** in `<name>.tmp-<pid>`, then **swapped in
//!    atomically**: on Linux and macOS one `renameat2(RENAME_EXCHANGE)` / `renamex_np(RENAME_SWAP)`
//!    exchanges the two folders, so at every instant `<name>` is either the complete old
//!    output or the complete new one, even under `SIGKILL`. Where the OS or file system has
//!    no exchange (Windows, some network file systems) the fallback is two renames
//!    (`<name>` → `<name>.old-<pid>`, then `<name>.tmp-<pid>` → `<name>`), with a short
//!    window in which `<name>` is missing; the old output then survives as
//!    `<name>.old-<pid>` until the next synthesis cleans it up.
//! 5. **What did not change is linked, not written.** A file of the new output whose bytes
//!    the previous output already holds (checked byte for byte; for templates and output
//!    files only when the old manifest lists the same hash) is hard-linked from the old
//!    folder, which is only read. A failed link (no hard links, another file system) writes.
//!
//! No `fsync`: the guarantee is about processes dying, not about power loss.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value as Json};

use super::assets::stage_asset;
use super::{built_resource_count, file_names, limits, Built, StackSummary, Summary};
use crate::doc::{write_reusing, DocMap, Reuse, ReuseMap};
use crate::error::{Error, Result};
use crate::value::{Flavor, HashMap};

/// The canonical JSON text of a template: 2-space indent, key order as built, trailing
/// newline.
pub fn to_json_string(template: &Json) -> String {
    let mut s = serde_json::to_string_pretty(template).unwrap_or_default();
    s.push('\n');
    s
}

/// Appends the canonical JSON text of a rendered template (as [`to_json_string`]) to `buf`,
/// as UTF-8 bytes (written from UTF-8 strings and ASCII only).
fn write_json(buf: &mut Vec<u8>, template: &DocMap, reuse: &mut Reuse<Vec<u8>>) {
    crate::doc::write_pretty_reusing(buf, template, reuse);
    buf.push(b'\n');
}

/// Writes `assembly` and the app's `files` (name, content: `checks.json`) into folder `out`
/// (see the module docs).
pub(super) fn write_assembly(
    assembly: &Built,
    files: &[(String, Json)],
    out: &Path,
) -> Result<Summary> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Some(name) = out.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
        return Err(Error::OutputFolder {
            path: out.display().to_string(),
            problem: "the path does not end in a folder name (or the name is not UTF-8)".into(),
            hint: "give App::with_out_dir a path such as `synth-out` or `build/templates`".into(),
        });
    };
    fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let _lock = lock(&parent.join(format!(".{name}.lock")))?;
    let previous = check_ours(out)?;
    remove_leftovers(&parent, &name);

    let pid = std::process::id();
    let tmp = parent.join(format!("{name}.tmp-{pid}"));
    let stacks = match write_into(assembly, files, &tmp, &previous) {
        Ok(s) => s,
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    if let Err(e) = swap_in(&tmp, out, &parent.join(format!("{name}.old-{pid}"))) {
        let _ = fs::remove_dir_all(&tmp);
        return Err(Error::io(out, e));
    }
    Ok(Summary {
        stacks,
        out_dir: out.to_path_buf(),
    })
}

/// The exclusive advisory lock beside the output folder, held while synthesis writes. Its
/// file is removed when the lock is released (on Unix), so no `.<out>.lock` stays behind:
/// a test suite that synthesizes into a thousand temporary folders left a thousand of them
/// in the system's temporary folder.
struct Lock {
    /// Holds the lock until it is closed.
    _file: fs::File,
    /// Removed on release (read on Unix only).
    #[cfg_attr(not(unix), allow(dead_code))]
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held: a writer waiting on this file finds, once it has the
        // lock, that the path no longer names it, and locks the path's new file instead.
        #[cfg(unix)]
        let _ = fs::remove_file(&self.path);
    }
}

/// Takes the exclusive advisory lock on `path` (created if missing), waiting for another
/// holder to finish. Released when the returned [`Lock`] is dropped, or when the process
/// dies (a killed writer leaves the file, which the next writer locks and removes).
fn lock(path: &Path) -> Result<Lock> {
    // Each retry means another writer finished in between (and removed the file we had
    // opened); the bound only turns a file system whose file identities are not stable
    // into an error rather than a hang.
    for _ in 0..10_000 {
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        file.lock().map_err(|e| Error::io(path, e))?;
        if still_at(&file, path)? {
            return Ok(Lock {
                _file: file,
                path: path.to_path_buf(),
            });
        }
    }
    Err(Error::Io {
        path: path.display().to_string(),
        message: "could not take the lock: the file kept being replaced (a file system \
                  whose files have no stable identity?); remove the file and run again"
            .into(),
    })
}

/// Whether `file` (locked) is still the file at `path`: not removed by the writer that held
/// the lock before.
#[cfg(unix)]
fn still_at(file: &fs::File, path: &Path) -> Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let held = file.metadata().map_err(|e| Error::io(path, e))?;
    match fs::symlink_metadata(path) {
        Ok(now) => Ok(now.dev() == held.dev() && now.ino() == held.ino()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Elsewhere the file is never removed, so the locked file is the one at the path.
#[cfg(not(unix))]
fn still_at(_: &fs::File, _: &Path) -> Result<bool> {
    Ok(true)
}

fn refuse(out: &Path, problem: impl Into<String>, hint: impl Into<String>) -> Error {
    Error::OutputFolder {
        path: out.display().to_string(),
        problem: problem.into(),
        hint: hint.into(),
    }
}

/// What the output folder held before this synthesis, to reuse what did not change: a file
/// whose bytes are the same is hard-linked into the new folder instead of written again (no
/// new inode, no data to write, and nothing to free when the old folder goes). The old folder
/// itself is never changed, so the swap stays atomic.
#[derive(Default)]
struct Previous {
    /// The old output folder (`None`: there was none, or it was empty).
    dir: Option<PathBuf>,
    /// The files its manifest lists, with their SHA-256.
    hashes: HashMap<String, String>,
    /// Its `manifest.json`, as written.
    manifest: Vec<u8>,
}

impl Previous {
    /// The old copy of file `name` (relative to the output folder) when its manifest gave
    /// it `hash` (`None`: compare the bytes only, for the manifest itself).
    fn candidate(&self, name: &str, hash: Option<&str>) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        match hash {
            Some(h) if self.hashes.get(name).map(String::as_str) != Some(h) => None,
            _ => Some(dir.join(name)),
        }
    }
}

/// Writes `text` as `dir/name`, or hard-links the previous output's copy when it holds
/// exactly these bytes (checked, not taken from the old manifest on trust: a hand-edited
/// file is written anew). Any failure to link (another file system, no hard links) writes.
fn put_file(
    previous: &Previous,
    dir: &Path,
    name: &str,
    text: &[u8],
    hash: Option<&str>,
) -> Result<()> {
    let path = dir.join(name);
    if let Some(old) = previous.candidate(name, hash) {
        if same_bytes(&old, text) && fs::hard_link(&old, &path).is_ok() {
            return Ok(());
        }
    }
    write_file(&path, text)
}

/// Whether file `path` holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {}
        _ => return false,
    }
    fs::read(path).is_ok_and(|old| old == bytes)
}

/// Ok when `out` does not exist or is a folder synthesis wrote (see the module docs), with
/// what it holds.
fn check_ours(out: &Path) -> Result<Previous> {
    let meta = match fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Previous::default()),
        Err(e) => return Err(Error::io(out, e)),
    };
    let elsewhere = "or give App::with_out_dir another path";
    if meta.file_type().is_symlink() {
        let to = fs::read_link(out)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        return Err(refuse(
            out,
            format!("it is a symbolic link (to `{to}`), and synthesis replaces its output folder rather than writing through a link"),
            "point App::with_out_dir at the real folder, or remove the link",
        ));
    }
    if !meta.is_dir() {
        return Err(refuse(
            out,
            "it is a file, not a folder",
            format!("move the file away, {elsewhere}"),
        ));
    }
    if is_read_only(&meta) {
        return Err(refuse(
            out,
            "the folder is read-only",
            format!("make it writable (`chmod u+w`) if synthesis may replace it, {elsewhere}"),
        ));
    }
    let entries: Vec<String> = read_names(out)?;
    if entries.is_empty() {
        return Ok(Previous::default());
    }
    let manifest_bytes = fs::read(out.join("manifest.json")).unwrap_or_default();
    let manifest = serde_json::from_slice::<Json>(&manifest_bytes)
        .ok()
        .filter(is_our_manifest);
    let Some(manifest) = manifest else {
        return Err(refuse(
            out,
            "the folder exists and is not a synthesis output (it has no manifest.json written by synthesis), so replacing it would delete what it holds",
            format!("remove or rename the folder yourself if its contents can go, {elsewhere}"),
        ));
    };
    let mut known: Vec<&str> = vec!["manifest.json", "assets"];
    if let Some(files) = manifest["files"].as_object() {
        known.extend(files.keys().map(String::as_str));
    }
    if let Some(stacks) = manifest["stacks"].as_object() {
        for stack in stacks.values() {
            if let Some(files) = stack["files"].as_object() {
                known.extend(files.keys().map(String::as_str));
            }
        }
    }
    let foreign = |names: &[String], known: &[&str], folder: &str| -> Result<()> {
        let mut extra: Vec<&String> = names
            .iter()
            .filter(|n| !known.contains(&n.as_str()))
            .collect();
        if extra.is_empty() {
            return Ok(());
        }
        extra.sort();
        let shown: Vec<String> = extra
            .iter()
            .take(5)
            .map(|n| format!("`{folder}{n}`"))
            .collect();
        Err(refuse(
            out,
            format!(
                "it holds {}{}, which synthesis did not write, and replacing the folder would delete {}",
                shown.join(", "),
                if extra.len() > 5 { format!(" and {} more", extra.len() - 5) } else { String::new() },
                if extra.len() == 1 { "it" } else { "them" }
            ),
            format!("move {} out of the folder, {elsewhere}", if extra.len() == 1 { "it" } else { "them" }),
        ))
    };
    foreign(&entries, &known, "")?;
    let assets_dir = out.join("assets");
    if let Ok(m) = fs::symlink_metadata(&assets_dir) {
        if !m.is_dir() {
            // Not a folder: always foreign, so this returns the error.
            foreign(&["assets".to_string()], &[], "")?;
            return Ok(Previous::default());
        }
        let hashes: Vec<&str> = manifest["assets"]
            .as_object()
            .map(|a| a.keys().map(String::as_str).collect())
            .unwrap_or_default();
        foreign(&read_names(&assets_dir)?, &hashes, "assets/")?;
    }
    let mut hashes = HashMap::default();
    let mut listed = |files: &Json| {
        for (name, hash) in files.as_object().into_iter().flatten() {
            if let Some(h) = hash.as_str() {
                hashes.insert(name.clone(), h.to_string());
            }
        }
    };
    listed(&manifest["files"]);
    for stack in manifest["stacks"].as_object().into_iter().flatten() {
        listed(&stack.1["files"]);
    }
    Ok(Previous {
        dir: Some(out.to_path_buf()),
        hashes,
        manifest: manifest_bytes,
    })
}

/// Whether `m` is the `manifest.json` synthesis writes (version 1, with order, stacks and
/// assets).
fn is_our_manifest(m: &Json) -> bool {
    m["version"] == json!(1)
        && m["order"].is_array()
        && m["stacks"].is_object()
        && m["assets"].is_object()
}

fn read_names(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    Ok(names)
}

fn is_read_only(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        // The owner's write bit, not `Permissions::readonly` alone: synthesis often runs as
        // root, which the kernel lets write anywhere; a folder made read-only was meant to
        // stay as it is.
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o200 == 0
    }
    #[cfg(not(unix))]
    {
        meta.permissions().readonly()
    }
}

/// Removes `<name>.tmp-<pid>` / `<name>.old-<pid>` folders in `parent` whose process is
/// gone. Best effort: a leftover that cannot be removed now is tried again next time.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let own = std::process::id();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(pid) = leftover_pid(file_name, name) else {
            continue;
        };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && pid != own && !process_runs(pid) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// The pid in `<name>.tmp-<pid>` or `<name>.old-<pid>`.
fn leftover_pid(file_name: &str, name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix(name)?;
    let digits = rest
        .strip_prefix(".tmp-")
        .or_else(|| rest.strip_prefix(".old-"))?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Whether process `pid` runs. Where that cannot be known, it is assumed to (so nothing of
/// it is removed).
fn process_runs(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return true;
        };
        // Signal 0 only checks: ESRCH means no such process; EPERM means it exists.
        !matches!(
            rustix::process::test_kill_process(pid),
            Err(rustix::io::Errno::SRCH)
        )
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Puts folder `new` in place of `out`, atomically where the OS can (see the module docs).
/// `old` is the fallback's temporary name for the previous output.
fn swap_in(new: &Path, out: &Path, old: &Path) -> io::Result<()> {
    match fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return fs::rename(new, out),
        Err(e) => return Err(e),
        Ok(_) => {}
    }
    if exchange(new, out)? {
        // `new` now names the previous output.
        let _ = fs::remove_dir_all(new);
        return Ok(());
    }
    fs::rename(out, old)?;
    if let Err(e) = fs::rename(new, out) {
        let _ = fs::rename(old, out);
        return Err(e);
    }
    let _ = fs::remove_dir_all(old);
    Ok(())
}

/// Exchanges `a` and `b` in one step. `Ok(false)` when the OS or file system has no such
/// operation (the caller falls back to renames).
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        use rustix::io::Errno;
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

fn write_file(path: &Path, text: &[u8]) -> Result<()> {
    fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// One file to write: its name, the template, whether it is the YAML form, and the index of
/// its stack.
type FileJob<'j, 'c> = (String, &'j DocMap<'c>, bool, usize);

/// The number of resources in a template (what its rendering cost grows with).
fn resources_in(template: &DocMap) -> usize {
    template
        .iter()
        .find(|(k, _)| *k == "Resources")
        .map_or(0, |(_, v)| match v {
            crate::doc::Doc::Map(m) => m.len(),
            _ => 0,
        })
}

/// A writer thread's two text buffers, reused from one file to the next (a fresh buffer for
/// each file grew by doubling to its size, copying what it held at each step). The first
/// file of a pair is kept while the second is written from it (see [`Reuse`]). A YAML pair
/// uses them as `String`s, which an emptied buffer becomes and stops being at no cost: one
/// pair of buffers per thread serves both formats (two pairs, one per format, were a quarter
/// of peak memory).
#[derive(Default)]
struct Buffers([Vec<u8>; 2]);

impl Buffers {
    /// The buffers, emptied, as strings (for a YAML pair; [`Buffers::put_strings`] gives
    /// them back).
    fn take_strings(&mut self) -> [String; 2] {
        self.0.each_mut().map(|b| {
            let mut bytes = std::mem::take(b);
            bytes.clear();
            // Empty, so valid UTF-8: no check to run, the capacity kept.
            String::from_utf8(bytes).unwrap_or_default()
        })
    }

    fn put_strings(&mut self, strings: [String; 2]) {
        self.0 = strings.map(String::into_bytes);
    }
}

/// Renders and writes every template file into `dir`, returning each file's SHA-256 and
/// length in job order.
///
/// The files of one stack in one format (its plain and SAM JSON, or its plain and SAM YAML)
/// are written one after the other by one thread, the second copying the text of the
/// `Properties` both templates share from the first ([`Reuse`]). The templates are plain
/// data by now, so the work of a large app is spread over the machine's cores, the calling
/// thread working too: each thread takes the next such pair not yet taken, the largest
/// first (a fixed split left one thread idle while the other finished). Each text is
/// dropped once its pair is written, and the result does not depend on how the work was
/// split.
fn write_files(jobs: &[FileJob], dir: &Path, previous: &Previous) -> Result<Vec<(String, usize)>> {
    // The pairs, in job order: (stack, format) -> the jobs' indices.
    let mut units: Vec<Vec<usize>> = Vec::new();
    let mut unit_of: crate::value::HashMap<(usize, bool), usize> = Default::default();
    for (i, (_, _, yaml, stack)) in jobs.iter().enumerate() {
        let u = *unit_of.entry((*stack, *yaml)).or_insert_with(|| {
            units.push(Vec::new());
            units.len() - 1
        });
        units[u].push(i);
    }
    let write_unit = |unit: &[usize], bufs: &mut Buffers| {
        let mut seen = ReuseMap::default();
        let mut done: Vec<(usize, Result<(String, usize)>)> = Vec::with_capacity(unit.len());
        // The files of a pair are in one format.
        let mut strings = unit
            .first()
            .is_some_and(|&i| jobs[i].2)
            .then(|| bufs.take_strings());
        for (k, &i) in unit.iter().enumerate() {
            let (name, template, _, _) = &jobs[i];
            // The first file of the pair remembers, the other copies from it.
            let (first, pair) = (k == 0, unit.len() > 1);
            let bytes = match &mut strings {
                Some(yaml) => write_reusing(yaml, first, pair, &mut seen, |out, reuse| {
                    crate::yaml::write_doc(out, template, reuse)
                }),
                None => write_reusing(&mut bufs.0, first, pair, &mut seen, |out, reuse| {
                    write_json(out, template, reuse)
                }),
            };
            let hash = super::file_hash(bytes);
            let result =
                put_file(previous, dir, name, bytes, Some(&hash)).map(|()| (hash, bytes.len()));
            let failed = result.is_err();
            done.push((i, result));
            if failed {
                break;
            }
        }
        if let Some(yaml) = strings {
            bufs.put_strings(yaml);
        }
        done
    };
    let resources: Vec<usize> = units
        .iter()
        .map(|u| u.iter().map(|&i| resources_in(jobs[i].1)).sum())
        .collect();
    let threads = if resources.iter().sum::<usize>() < super::PARALLEL_FROM_ELEMENTS {
        1
    } else {
        super::cores().min(units.len().max(1))
    };
    // Largest first; a stable sort keeps the order of equal sizes.
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by_key(|&u| std::cmp::Reverse(resources[u]));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        let mut bufs = Buffers::default();
        loop {
            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&u) = order.get(k) else { break };
            let part = write_unit(&units[u], &mut bufs);
            let failed = part.iter().any(|(_, r)| r.is_err());
            done.extend(part);
            if failed {
                // Let the others stop too: the write fails anyway.
                next.store(order.len(), std::sync::atomic::Ordering::Relaxed);
                break;
            }
        }
        done
    };
    let mut results: Vec<Option<Result<(String, usize)>>> = (0..jobs.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        // Every thread is joined before an error returns (an unjoined panic would escape
        // the scope as a panic).
        let mut parts = vec![Ok(work())];
        parts.extend(handles.into_iter().map(|h| h.join()));
        for part in parts {
            match part {
                Ok(done) => {
                    for (i, r) in done {
                        results[i] = Some(r);
                    }
                }
                Err(_) => {
                    return Err(Error::Io {
                        path: dir.display().to_string(),
                        message: "a thread writing templates panicked".into(),
                    })
                }
            }
        }
        Ok(())
    })?;
    // The first failure in job order among the files tried; a file left untried (another
    // one failed first) has no result.
    let mut hashes = Vec::with_capacity(jobs.len());
    let mut first_error = None;
    for r in results {
        match r {
            Some(Ok(h)) => hashes.push(h),
            Some(Err(e)) => {
                first_error.get_or_insert(e);
            }
            None => {}
        }
    }
    match first_error {
        Some(e) => Err(e),
        None if hashes.len() == jobs.len() => Ok(hashes),
        None => Err(Error::Io {
            path: dir.display().to_string(),
            message: "a template was not written".into(),
        }),
    }
}

/// The template size quota, left to this path by synthesis (`limits::Size::Deferred`): a
/// template's pretty JSON is never shorter than its compact form, which the quota is about,
/// so only a template whose JSON file is over the quota is measured. Problems fail the write
/// (the new folder is removed by the caller, nothing else was touched).
fn size_quota(assembly: &Built, jobs: &[FileJob], written: &[(String, usize)]) -> Result<()> {
    let mut diags = Vec::new();
    for ((_, template, yaml, _), (_, len)) in jobs.iter().zip(written) {
        if *yaml || *len <= limits::TEMPLATE_BYTES {
            continue;
        }
        let owner = assembly.stacks.iter().find_map(|s| {
            s.templates
                .iter()
                .find(|(_, t)| std::ptr::eq(t, *template))
                .map(|(f, _)| (s, *f))
        });
        if let Some((stack, flavor)) = owner {
            diags.extend(limits::size_check(&stack.path, flavor, template));
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(diags))
    }
}

/// Writes every template, the staged assets, the app's `files` and `manifest.json` into
/// the new folder `dir`.
fn write_into(
    assembly: &Built,
    app_files: &[(String, Json)],
    dir: &Path,
    previous: &Previous,
) -> Result<Vec<StackSummary>> {
    if fs::symlink_metadata(dir).is_ok() {
        // Our own name (`<out>.tmp-<our pid>`): a leftover of an earlier run in this
        // process, or of a dead process that had our pid.
        fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut jobs: Vec<FileJob> = Vec::new();
    for (s, stack) in assembly.stacks.iter().enumerate() {
        for (flavor, template) in &stack.templates {
            let (json_name, yaml_name) = file_names(&stack.name, *flavor);
            jobs.push((json_name, template, false, s));
            jobs.push((yaml_name, template, true, s));
        }
    }
    let hashes = write_files(&jobs, dir, previous)?;
    size_quota(assembly, &jobs, &hashes)?;
    let mut written = jobs.iter().zip(hashes);
    let mut summaries = Vec::new();
    let mut manifest_stacks = Map::new();
    for stack in &assembly.stacks {
        let mut files = Vec::new();
        let mut templates = Map::new();
        let mut file_hashes = Map::new();
        for (flavor, template) in &stack.templates {
            let (json_name, yaml_name) = file_names(&stack.name, *flavor);
            templates.insert(
                match flavor {
                    Flavor::Cfn => "cloudformation".into(),
                    Flavor::Sam => "sam".into(),
                },
                json!({ "json": json_name, "yaml": yaml_name, "resources": built_resource_count(template) }),
            );
            for _ in 0..2 {
                if let Some(((file, _, _, _), (hash, _))) = written.next() {
                    file_hashes.insert(file.clone(), json!(hash));
                    files.push(file.clone());
                }
            }
        }
        for (name, content) in &stack.files {
            let text = to_json_string(content);
            let hash = super::file_hash(text.as_bytes());
            put_file(previous, dir, name, text.as_bytes(), Some(&hash))?;
            file_hashes.insert(name.clone(), json!(hash));
            files.push(name.clone());
        }
        manifest_stacks.insert(
            stack.name.clone(),
            json!({
                "resources": stack.resource_count(),
                "templates": templates,
                "dependencies": stack.dependencies,
                "files": file_hashes,
                "assets": stack.assets,
            }),
        );
        summaries.push(StackSummary {
            name: stack.name.clone(),
            resources: stack.resource_count(),
            files,
        });
    }
    let mut manifest_assets = Map::new();
    for asset in &assembly.assets {
        let target = dir.join("assets").join(&asset.hash);
        let reuse = previous
            .dir
            .as_ref()
            .map(|d| d.join("assets").join(&asset.hash));
        stage_asset(
            &asset.source,
            asset.links_outside,
            &target,
            reuse.as_deref(),
        )?;
        manifest_assets.insert(
            asset.hash.clone(),
            json!({ "path": format!("assets/{}", asset.hash), "files": asset.files }),
        );
    }
    let mut manifest = json!({
        "version": 1,
        "order": assembly.stacks.iter().map(|s| s.name.clone()).collect::<Vec<_>>(),
        "stacks": manifest_stacks,
        "assets": manifest_assets,
    });
    if !app_files.is_empty() {
        let mut hashes = Map::new();
        for (name, content) in app_files {
            let text = to_json_string(content);
            let hash = super::file_hash(text.as_bytes());
            put_file(previous, dir, name, text.as_bytes(), Some(&hash))?;
            hashes.insert(name.clone(), json!(hash));
        }
        manifest["files"] = Json::Object(hashes);
    }
    let text = to_json_string(&manifest);
    if previous.dir.is_some() && previous.manifest == text.as_bytes() {
        put_file(previous, dir, "manifest.json", text.as_bytes(), None)?;
    } else {
        write_file(&dir.join("manifest.json"), text.as_bytes())?;
    }
    Ok(summaries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftover_names() {
        assert_eq!(leftover_pid("synth-out.tmp-123", "synth-out"), Some(123));
        assert_eq!(leftover_pid("synth-out.old-9", "synth-out"), Some(9));
        assert_eq!(leftover_pid("synth-out.tmp-", "synth-out"), None);
        assert_eq!(leftover_pid("synth-out.tmp-12a", "synth-out"), None);
        assert_eq!(leftover_pid("synth-out.new-12", "synth-out"), None);
        assert_eq!(leftover_pid("other.tmp-12", "synth-out"), None);
        assert_eq!(leftover_pid("synth-out2.tmp-12", "synth-out"), None);
    }

    #[test]
    fn this_process_runs() {
        assert!(process_runs(std::process::id()));
    }
}
