//! Headless Chromium (Debian's `chromium` package), for tests that look at a picture:
//! installed by `ensure.sh chromium` when missing (a missing browser fails the test's set-up,
//! it never skips it), run offline on a local file.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::{workspace_root, Run};

/// The `chromium` program, installing Debian's package first if needed.
///
/// Panics (this is test tooling) with the installer's output when the install fails.
pub fn chromium() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let script = workspace_root().join("tools/validators/ensure.sh");
        let out = Command::new("bash")
            .arg(&script)
            .arg("chromium")
            .output()
            .expect("run tools/validators/ensure.sh chromium");
        assert!(
            out.status.success(),
            "installing chromium failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        PathBuf::from(String::from_utf8(out.stdout).expect("utf-8 path").trim())
    })
    .clone()
}

/// Screenshots a local file (an SVG or HTML page) at `width`×`height` CSS pixels, scale 1,
/// into `png`. Headless, no sandbox (tests run as root), a fresh profile in `scratch`, no
/// network (every proxy points at a closed port), a time limit.
pub fn screenshot(page: &Path, width: u32, height: u32, png: &Path, scratch: &Path) -> Run {
    let profile = scratch.join("chromium-profile");
    std::fs::create_dir_all(&profile).expect("create the profile folder");
    let out = Command::new("timeout")
        .arg("120")
        .arg(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--proxy-server=127.0.0.1:9",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .env("HOME", scratch)
        .output()
        .unwrap_or_else(|e| panic!("cannot run chromium: {e}"));
    Run {
        success: out.status.success() && png.exists(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}
