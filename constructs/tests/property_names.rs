//! An L2 wraps its L1: no CloudFormation or SAM property name is written as a string literal
//! in `constructs/src`, except the entries of `tests/property_names.allow`, each with a reason.
//!
//! The known names are every property name the generated L1 sets (`set("Name", …)` in
//! `l1/src/services/*.rs`, CloudFormation and SAM). A literal in `constructs/src` (outside
//! `#[cfg(test)]` modules) equal to one of them must be listed, per file, in the allow-list;
//! the test fails when one is not (the count grew) and when an entry is no longer needed
//! (remove it: the list only shrinks).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rs_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literals of `code` (no raw strings, no escapes beyond `\"`), in order.
fn literals(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            // Skip comments (doc comments name properties in prose).
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            // A char literal such as '"' is not the start of a string.
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 3,
            b'\'' if bytes.get(i + 1) == Some(&b'\\') && bytes.get(i + 3) == Some(&b'\'') => i += 4,
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                out.push(&code[start..i.min(code.len())]);
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// `code` without its `#[cfg(test)]` modules (assertions on rendered JSON name properties).
fn without_tests(code: &str) -> &str {
    code.find("#[cfg(test)]\nmod tests")
        .map_or(code, |i| &code[..i])
}

fn known_names(l1: &Path) -> BTreeSet<String> {
    let mut files = Vec::new();
    rs_files(&l1.join("src/services"), &mut files);
    let mut names = BTreeSet::new();
    for f in files {
        let code = std::fs::read_to_string(&f).expect("read l1 file");
        for part in code.split("set(\"").skip(1) {
            if let Some(end) = part.find('"') {
                names.insert(part[..end].to_string());
            }
        }
    }
    names
}

#[test]
fn constructs_write_no_property_name_outside_the_allow_list() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let known = known_names(&root.join("../l1"));
    assert!(known.len() > 10_000, "l1 names found: {}", known.len());

    let mut files = Vec::new();
    rs_files(&root.join("src"), &mut files);
    files.sort();
    // (file, name) -> occurrences
    let mut found: BTreeMap<(String, String), usize> = BTreeMap::new();
    for f in &files {
        let code = std::fs::read_to_string(f).expect("read");
        let rel = f
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        for lit in literals(without_tests(&code)) {
            if known.contains(lit) {
                *found.entry((rel.clone(), lit.to_string())).or_default() += 1;
            }
        }
    }

    let allow_text = std::fs::read_to_string(root.join("tests/property_names.allow"))
        .expect("tests/property_names.allow");
    let mut allowed: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (n, line) in allow_text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (entry, reason) = line
            .split_once('#')
            .unwrap_or_else(|| panic!("line {}: an entry needs `# reason`: {line}", n + 1));
        assert!(
            !reason.trim().is_empty(),
            "line {}: empty reason: {line}",
            n + 1
        );
        let mut parts = entry.split_whitespace();
        let (Some(file), Some(name), count) = (parts.next(), parts.next(), parts.next()) else {
            panic!("line {}: expected `<file> <Name> [count] # reason`", n + 1);
        };
        let count = count.map_or(1, |c| c.parse().expect("count"));
        allowed.insert((file.to_string(), name.to_string()), count);
    }

    let mut problems = Vec::new();
    for ((file, name), n) in &found {
        let ok = allowed
            .get(&(file.clone(), name.clone()))
            .copied()
            .unwrap_or(0);
        if *n > ok {
            problems.push(format!(
                "{file}: `\"{name}\"` appears {n} time(s), the allow-list permits {ok}: use the typed L1 (cfn_l1) instead"
            ));
        }
    }
    for ((file, name), n) in &allowed {
        let have = found
            .get(&(file.clone(), name.clone()))
            .copied()
            .unwrap_or(0);
        if have < *n {
            problems.push(format!(
                "{file}: `\"{name}\"` is allowed {n} time(s) but appears {have}: lower or remove the entry"
            ));
        }
    }
    let total: usize = found.values().sum();
    assert!(
        problems.is_empty(),
        "{} problem(s) ({total} property-name literals in constructs/src):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
