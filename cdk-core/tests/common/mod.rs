//! Helpers shared by the integration tests.

use std::fs;
use std::path::{Path, PathBuf};

/// A folder under the system temp dir, unique per process and test, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A new, empty folder for test `test`.
    pub fn new(test: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("cdk-core-test-{}-{test}", std::process::id()));
        let _ = fs::remove_dir_all(&p);
        fs::create_dir_all(&p).expect("create temp dir");
        TempDir(p)
    }

    /// A path inside the folder.
    pub fn join(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        make_writable(&self.0);
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Gives every folder below `dir` its write bits back (a test may have taken them).
pub fn make_writable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(m) = fs::symlink_metadata(dir) {
        if m.is_dir() {
            let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o755));
            for e in fs::read_dir(dir).into_iter().flatten().flatten() {
                make_writable(&e.path());
            }
        }
    }
}
