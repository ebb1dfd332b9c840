//! Output files: the [`OutputFile`](crate::OutputFile)s of each stack, checked and named
//! `<Stack>.<name>`.

use serde_json::Value as Json;

use crate::error::Diagnostic;
use crate::tree::{Kind, NodeId, Tree};

/// The longest name after `<Stack>.`.
const MAX_NAME: usize = 200;

/// The name parts the templates use (`<Stack>.template.json`, …): never an output file's.
const TEMPLATE_NAMES: [&str; 4] = ["template.json", "template.yaml", "sam.json", "sam.yaml"];

/// `stack`'s output files in tree order, as (file name, content), and the problems with
/// their names (each file with a problem is left out).
pub(super) fn of_stack(tree: &Tree, stack: NodeId) -> (Vec<(String, &Json)>, Vec<Diagnostic>) {
    let mut files: Vec<(String, &Json)> = Vec::new();
    let mut diags = Vec::new();
    let mut names: Vec<(&str, NodeId)> = Vec::new();
    for n in tree.descendants(stack) {
        let Kind::File(f) = &tree.nodes[n].kind else {
            continue;
        };
        let name = f.name.as_str();
        let plain = !name.is_empty()
            && name.len() <= MAX_NAME
            && !name.starts_with('.')
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
        if !plain {
            diags.push(Diagnostic::new(
                tree.path(n),
                format!("`{name}` is not a plain file name"),
                format!("use 1 to {MAX_NAME} ASCII letters, digits, `.`, `-` and `_`, not starting with `.` (e.g. `Orders.asl.json`)"),
            ));
            continue;
        }
        if TEMPLATE_NAMES.contains(&name) {
            diags.push(Diagnostic::new(
                tree.path(n),
                format!("`{name}` is the name of one of the stack's templates"),
                "give the file another name (e.g. `Orders.asl.json`)",
            ));
            continue;
        }
        if let Some(&(_, first)) = names.iter().find(|(m, _)| *m == name) {
            diags.push(Diagnostic::new(
                tree.path(n),
                format!(
                    "the stack already has an output file `{name}`, from `{}`",
                    tree.path(first)
                ),
                "give one of the files another name",
            ));
            continue;
        }
        names.push((name, n));
        files.push((format!("{}.{name}", tree.nodes[stack].id), &f.content));
    }
    (files, diags)
}
