//! Writing some of an app's stacks: those asked for and every stack they depend on.

use super::write::write_assembly;
use super::{with_assembly, Built, BuiltStack, Size, Summary};
use crate::error::{Diagnostic, Error, Result};
use crate::tree::App;

impl App {
    /// Like [`App::write`], but the output folder then holds only the stacks named in
    /// `names`, the stacks they depend on (directly or not), and the assets those use. The
    /// whole app is still validated (a problem anywhere is an error) and the folder is still
    /// replaced atomically. An unknown name is an error listing the stacks there are.
    pub fn write_stacks(&self, names: &[&str]) -> Result<Summary> {
        crate::aspects::invoke(&self.node);
        let out = self.out_dir();
        let validation = super::run_validations(&self.node);
        let tree = self.node.tree();
        with_assembly(&tree, validation, Size::Deferred, |built| {
            let keep = with_dependencies(built, names)?;
            let files = crate::checks::on_write(&tree, || built.to_assembly(|_| true))?;
            let subset = Built {
                stacks: built
                    .stacks
                    .iter()
                    .filter(|s| keep.contains(&s.name.as_str()))
                    .map(clone_stack)
                    .collect(),
                assets: built
                    .assets
                    .iter()
                    .filter(|a| {
                        built
                            .stacks
                            .iter()
                            .any(|s| keep.contains(&s.name.as_str()) && s.assets.contains(&a.hash))
                    })
                    .cloned()
                    .collect(),
            };
            write_assembly(&subset, &files, &out)
        })?
    }
}

/// `names` and everything they depend on, transitively.
fn with_dependencies<'b>(built: &'b Built<'_>, names: &[&str]) -> Result<Vec<&'b str>> {
    let mut keep: Vec<&str> = Vec::new();
    let mut todo: Vec<&str> = Vec::new();
    let mut unknown = Vec::new();
    for name in names {
        match built.stacks.iter().find(|s| s.name == *name) {
            Some(s) => todo.push(&s.name),
            None => unknown.push(Diagnostic::new(
                *name,
                format!("the app has no stack named `{name}`"),
                format!(
                    "the stacks are: {}",
                    built
                        .stacks
                        .iter()
                        .map(|s| s.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
    if !unknown.is_empty() {
        return Err(Error::Invalid(unknown));
    }
    while let Some(name) = todo.pop() {
        if keep.contains(&name) {
            continue;
        }
        keep.push(name);
        if let Some(s) = built.stacks.iter().find(|s| s.name == name) {
            todo.extend(s.dependencies.iter().map(String::as_str));
        }
    }
    Ok(keep)
}

fn clone_stack<'c>(s: &BuiltStack<'c>) -> BuiltStack<'c> {
    BuiltStack {
        name: s.name.clone(),
        path: s.path.clone(),
        templates: s.templates.clone(),
        dependencies: s.dependencies.clone(),
        assets: s.assets.clone(),
        files: s.files.clone(),
    }
}
