//! Asset folders: listing, hashing and staging the files of a folder, and the relative path
//! of a folder referenced in place.
//!
//! What an asset may hold is decided here, once, for hashing and copying alike:
//! - regular files, folders, and symbolic links to them **inside** the asset folder (followed);
//! - a link that resolves outside the folder is an error unless the asset opted in
//!   ([`Asset::allow_links_outside`](crate::Asset::allow_links_outside)): it would ship a
//!   file of the build machine to Lambda;
//! - a link to one of its own ancestors (a loop) and a dangling link are errors;
//! - FIFOs, sockets and devices are errors (reading a FIFO would block synthesis forever);
//! - a file name that is not valid UTF-8 is an error: `sam package` zips the folder with
//!   Python's `zipfile`, which writes names as UTF-8 and fails on such a name, and a lossy
//!   conversion would merge distinct names (`\xff.py` and `\xfe.py`) into one.

use crate::value::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::value::FastIndexMap as IndexMap;
use sha2::{Digest, Sha256};

use super::AssetArtifact;
use crate::element::{AssetKind, ElementKind};
use crate::error::{Diagnostic, Error, Result};
use crate::tree::{Kind, Tree};

/// What the asset pass finds: per node, an asset's hash and its path relative to the
/// templates; the folders to stage (each once, in first-use order); the problems.
pub(super) struct Assets {
    pub(super) hash: Vec<Option<String>>,
    pub(super) path: Vec<Option<String>>,
    pub(super) artifacts: Vec<AssetArtifact>,
    pub(super) diags: Vec<Diagnostic>,
}

/// The asset pass: hashes every staged folder once (however many constructs use it) and
/// computes the relative path of every folder referenced in place.
pub(super) fn resolve(tree: &Tree) -> Assets {
    let mut out = Assets {
        hash: vec![None; tree.nodes.len()],
        path: vec![None; tree.nodes.len()],
        artifacts: Vec::new(),
        diags: Vec::new(),
    };
    let mut artifacts: IndexMap<String, AssetArtifact> = IndexMap::default();
    type Hashed = std::result::Result<(String, usize), Problem>;
    let mut cache: HashMap<(PathBuf, bool), Hashed> = HashMap::default();
    let cwd = std::env::current_dir().unwrap_or_default();
    let out_dir = tree.resolve_path(&tree.out_dir);
    for (n, node) in tree.nodes.iter().enumerate() {
        let Kind::Element(ElementKind::Asset(dir, kind)) = &node.kind else {
            continue;
        };
        let dir = &tree.resolve_path(dir);
        let links_outside = match *kind {
            AssetKind::InPlace => {
                match source_path(&cwd, &out_dir, dir) {
                    Ok(p) => out.path[n] = Some(p),
                    Err(msg) => out
                        .diags
                        .push(Diagnostic::new(tree.path(n), msg, HINT_MISSING)),
                }
                continue;
            }
            AssetKind::Staged { links_outside } => links_outside,
        };
        let hashed = cache
            .entry((dir.clone(), links_outside))
            .or_insert_with(|| hash_dir(dir, links_outside))
            .clone();
        match hashed {
            Ok((hash, files)) => {
                artifacts.entry(hash.clone()).or_insert(AssetArtifact {
                    hash: hash.clone(),
                    source: dir.clone(),
                    files,
                    links_outside,
                });
                out.path[n] = Some(format!("assets/{hash}"));
                out.hash[n] = Some(hash);
            }
            Err((msg, hint)) => out.diags.push(Diagnostic::new(tree.path(n), msg, hint)),
        }
    }
    out.artifacts = artifacts.into_values().collect();
    out
}

/// A problem with an asset folder: the message and a hint saying what to do.
pub(super) type Problem = (String, &'static str);

const HINT_MISSING: &str = "create the folder, or fix the path (relative paths start at the crate root for an app made with cdk_core::app!(), at the working directory for App::new())";
const HINT_UNREADABLE: &str =
    "make the folder and its files readable by the user running synthesis";

/// One file of an asset: its path relative to the asset folder (`/`-separated), the path to
/// read it from, and whether it is executable.
#[derive(Debug)]
pub(super) struct AssetFile {
    pub(super) rel: String,
    pub(super) path: PathBuf,
    pub(super) exec: bool,
}

/// The files of asset folder `dir`, sorted by relative path (see the module docs for what
/// is allowed). `links_outside`: whether links may resolve outside `dir`.
pub(super) fn list_files(
    dir: &Path,
    links_outside: bool,
) -> std::result::Result<Vec<AssetFile>, Problem> {
    list_files_skipping(dir, links_outside, &[])
}

/// [`list_files`], leaving out the entries named `skip_top` at the top of `dir`.
fn list_files_skipping(
    dir: &Path,
    links_outside: bool,
    skip_top: &[&str],
) -> std::result::Result<Vec<AssetFile>, Problem> {
    let meta = fs::metadata(dir).map_err(|_| {
        (
            format!(
                "asset folder `{}` does not exist or is not a folder",
                dir.display()
            ),
            HINT_MISSING,
        )
    })?;
    if !meta.is_dir() {
        return Err((
            format!(
                "asset folder `{}` does not exist or is not a folder",
                dir.display()
            ),
            HINT_MISSING,
        ));
    }
    let root = fs::canonicalize(dir).map_err(|e| unreadable(dir, &e))?;
    let mut walker = Walker {
        root: &root,
        links_outside,
        skip_top,
        out: Vec::new(),
        ancestors: vec![root.clone()],
    };
    walker.walk(dir, "")?;
    let mut out = walker.out;
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

fn unreadable(path: &Path, e: &std::io::Error) -> Problem {
    (
        format!("cannot read `{}`: {e}", path.display()),
        HINT_UNREADABLE,
    )
}

struct Walker<'a> {
    /// The asset folder, canonical.
    root: &'a Path,
    links_outside: bool,
    /// Names left out at the top of the folder (build outputs of a folder used in place).
    skip_top: &'a [&'a str],
    out: Vec<AssetFile>,
    /// Canonical paths of the folders being walked, outermost first (loop detection).
    ancestors: Vec<PathBuf>,
}

impl Walker<'_> {
    fn walk(&mut self, dir: &Path, prefix: &str) -> std::result::Result<(), Problem> {
        let entries = fs::read_dir(dir).map_err(|e| unreadable(dir, &e))?;
        for entry in entries {
            let entry = entry.map_err(|e| unreadable(dir, &e))?;
            let path = entry.path();
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                return Err((
                    format!(
                        "file name `{}` is not valid UTF-8",
                        path.display()
                    ),
                    "rename the file: `sam package` zips assets with UTF-8 file names and cannot store this one",
                ));
            };
            if prefix.is_empty() && self.skip_top.contains(&name) {
                continue;
            }
            let rel = if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}/{name}")
            };
            let file_type = entry.file_type().map_err(|e| unreadable(&path, &e))?;
            let (meta, real) = if file_type.is_symlink() {
                let real = fs::canonicalize(&path).map_err(|_| {
                    let to = fs::read_link(&path)
                        .map(|t| t.display().to_string())
                        .unwrap_or_default();
                    (
                        format!(
                            "symbolic link `{}` points to `{to}`, which does not exist",
                            path.display()
                        ),
                        "remove the link or create what it points to",
                    )
                })?;
                if !self.links_outside && !real.starts_with(self.root) {
                    return Err((
                        format!(
                            "symbolic link `{}` resolves to `{}`, outside the asset folder",
                            path.display(),
                            real.display()
                        ),
                        "the file would be shipped to Lambda from the build machine: copy it into the folder, or call `allow_links_outside()` on this asset if that is intended",
                    ));
                }
                let meta = fs::metadata(&real).map_err(|e| unreadable(&real, &e))?;
                (meta, Some(real))
            } else {
                let meta = entry.metadata().map_err(|e| unreadable(&path, &e))?;
                (meta, None)
            };
            if meta.is_dir() {
                let canonical = match real {
                    Some(r) => r,
                    None => self.ancestors[self.ancestors.len() - 1].join(name),
                };
                if self.ancestors.contains(&canonical) {
                    return Err((
                        format!(
                            "symbolic link `{}` points to `{}`, a folder that contains it (a loop)",
                            path.display(),
                            canonical.display()
                        ),
                        "remove the link, or point it at a folder that does not contain it",
                    ));
                }
                self.ancestors.push(canonical);
                self.walk(&path, &rel)?;
                self.ancestors.pop();
            } else if meta.is_file() {
                self.out.push(AssetFile {
                    rel,
                    path,
                    exec: is_executable(&meta),
                });
            } else {
                return Err((
                    format!(
                        "`{}` is a {}, not a file or folder",
                        path.display(),
                        special_kind(&meta)
                    ),
                    "an asset folder holds only files, folders and links to them: move it out of the folder",
                ));
            }
        }
        Ok(())
    }
}

fn special_kind(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "named pipe (FIFO)";
        }
        if t.is_socket() {
            return "socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "device";
        }
    }
    let _ = meta;
    "special file"
}

fn is_executable(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// SHA-256 over each file's relative path, executable bit, length and bytes, in path order,
/// and the number of files. Timestamps and the folder's own location do not count.
pub(super) fn hash_dir(
    dir: &Path,
    links_outside: bool,
) -> std::result::Result<(String, usize), Problem> {
    hash_files(list_files(dir, links_outside)?)
}

/// What a folder used in place holds that is not its source: the build outputs of
/// `cargo`/`cargo lambda` (`target/`) and `sam build` (`.aws-sam/`), and `.git/`. Left out of
/// [`hash_source_dir`] only at the top of the folder.
pub(super) const BUILD_OUTPUTS: &[&str] = &["target", ".aws-sam", ".git"];

/// The content hash of a folder referenced in place (a crate `sam build` compiles, a Docker
/// context): [`hash_dir`] of its files without the [`BUILD_OUTPUTS`] at its top. Links
/// outside it are followed (synthesis ships nothing from this folder; the build does).
pub(super) fn hash_source_dir(dir: &Path) -> std::result::Result<String, Problem> {
    hash_files(list_files_skipping(dir, true, BUILD_OUTPUTS)?).map(|(hash, _)| hash)
}

fn hash_files(files: Vec<AssetFile>) -> std::result::Result<(String, usize), Problem> {
    let mut h = Sha256::new();
    for f in &files {
        let bytes = fs::read(&f.path).map_err(|e| unreadable(&f.path, &e))?;
        h.update(f.rel.as_bytes());
        h.update([0, u8::from(f.exec)]);
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    Ok((super::hex(&h.finalize()), files.len()))
}

/// Copies the files of asset folder `source` into `target` (created). With `reuse` (the
/// same asset in the previous output), a file whose old copy has the same bytes and
/// executable bit is hard-linked from there instead (checked, not trusted: the old copy may
/// have been edited by hand); the old folder is not changed.
pub(super) fn stage_asset(
    source: &Path,
    links_outside: bool,
    target: &Path,
    reuse: Option<&Path>,
) -> Result<()> {
    let files = list_files(source, links_outside).map_err(|(message, _)| Error::Io {
        path: source.display().to_string(),
        message,
    })?;
    fs::create_dir_all(target).map_err(|e| Error::io(target, e))?;
    let mut made: Vec<PathBuf> = vec![target.to_path_buf()];
    for f in files {
        let dest = target.join(&f.rel);
        if let Some(p) = dest.parent() {
            if !made.iter().any(|m| m == p) {
                fs::create_dir_all(p).map_err(|e| Error::io(p, e))?;
                made.push(p.to_path_buf());
            }
        }
        if let Some(old) = reuse.map(|r| r.join(&f.rel)) {
            if same_file_content(&f, &old) && fs::hard_link(&old, &dest).is_ok() {
                continue;
            }
        }
        fs::copy(&f.path, &dest).map_err(|e| Error::io(&dest, e))?;
    }
    Ok(())
}

/// Whether `old` is a regular file with the bytes and executable bit of asset file `f`.
fn same_file_content(f: &AssetFile, old: &Path) -> bool {
    let (Ok(m_old), Ok(m_new)) = (fs::symlink_metadata(old), fs::metadata(&f.path)) else {
        return false;
    };
    if !m_old.is_file() || m_old.len() != m_new.len() || is_executable(&m_old) != f.exec {
        return false;
    }
    match (fs::read(old), fs::read(&f.path)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `path` made absolute (relative to `cwd`) with `.` and `..` removed lexically.
pub(super) fn normalize(cwd: &Path, path: &Path) -> PathBuf {
    let full = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for c in full.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The path of source folder `dir` relative to the output folder `out_dir`, with `/`
/// separators (`.` when they are the same folder). Both are made absolute from `cwd` and
/// normalized lexically. An error when the folder is missing or cannot be reached by a
/// relative path.
pub(super) fn source_path(
    cwd: &Path,
    out_dir: &Path,
    dir: &Path,
) -> std::result::Result<String, String> {
    if !dir.is_dir() {
        return Err(format!(
            "source folder `{}` does not exist or is not a folder",
            dir.display()
        ));
    }
    let from = normalize(cwd, out_dir);
    let to = normalize(cwd, dir);
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let rooted = |c: &Component| matches!(c, Component::Prefix(_) | Component::RootDir);
    if from[common..].iter().any(rooted) || to[common..].iter().any(rooted) {
        return Err(format!(
            "source folder `{}` cannot be reached from the output folder `{}` by a relative path",
            dir.display(),
            out_dir.display()
        ));
    }
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Ok(if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_paths_are_relative_to_the_output_folder() {
        let cwd = Path::new("/work/ws");
        // The source folder must exist; where the output folder is only matters lexically.
        let src = std::env::temp_dir();
        let name = src.file_name().unwrap().to_string_lossy().into_owned();
        let parent = src.parent().unwrap();
        assert_eq!(source_path(cwd, &src.join("a/b"), &src).unwrap(), "../..");
        assert_eq!(
            source_path(cwd, &parent.join("synth-out"), &src).unwrap(),
            format!("../{name}")
        );
        assert_eq!(
            source_path(cwd, &src.join("x/../out/."), &src).unwrap(),
            ".."
        );
        assert_eq!(source_path(cwd, &src, &src).unwrap(), ".");
        assert_eq!(
            normalize(cwd, Path::new("a/./b/../c")),
            PathBuf::from("/work/ws/a/c")
        );
        assert_eq!(normalize(cwd, Path::new("../../..")), PathBuf::from("/"));
        assert!(source_path(cwd, &src, &src.join("no-such-folder-here"))
            .unwrap_err()
            .contains("does not exist"));
    }
}
