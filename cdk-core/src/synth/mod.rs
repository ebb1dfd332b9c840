//! Synthesis: validate the whole tree, resolve values to CloudFormation JSON, and write
//! `synth-out/` atomically.
//!
//! [`App::assemble`] runs the passes in order, each a function that returns what it found
//! (results and diagnostics) rather than changing shared state:
//! 1. `ids`: construct paths and logical IDs (path-derived or overridden);
//! 2. `assets`: asset folders hashed, relative paths of folders used in place;
//! 3. `render`: content-hashed IDs (SAM's version scheme), then every stack rendered once per
//!    template, which resolves references (`resolve`: `Ref`/`Fn::GetAtt`, cross-stack
//!    exports and imports) and finds dependency cycles between resources (`graph`);
//! 4. checks on the result: logical IDs (`ids::check`), stack order and cycles between
//!    stacks (`graph`), quotas (`limits`).
//!
//! *All* problems are reported together and nothing is written. Then [`App::write`]
//! (`write`) renders JSON and YAML and swaps the new folder in atomically.
//!
//! Only this module serialises; the rest of the crate is plain data.

mod assets;
mod files;
mod graph;
mod ids;
pub mod limits;
mod render;
mod resolve;
mod stack;
mod subset;
mod write;

use crate::value::HashMap;
use std::path::PathBuf;

use crate::value::IndexSet;
use serde_json::{Map, Value as Json};
use sha2::{Digest, Sha256};

use crate::doc::{self, DocMap};
use crate::error::{Diagnostic, Error, Result};
use crate::tree::{App, NodeId, Tree};
use crate::value::Flavor;

use limits::Size;
use render::Rendered;
use resolve::Context;
pub use write::to_json_string;
use write::write_assembly;

/// The template format version every template declares.
pub const TEMPLATE_FORMAT_VERSION: &str = "2010-09-09";

/// One synthesized stack, in memory.
#[derive(Clone, Debug)]
pub struct StackArtifact {
    /// The stack's name.
    pub name: String,
    /// Its templates: plain CloudFormation and/or SAM, in that order.
    pub templates: Vec<(Flavor, Json)>,
    /// Stacks that must be deployed first (explicit or through cross-stack references).
    pub dependencies: Vec<String>,
    /// Asset hashes this stack's template points at.
    pub assets: Vec<String>,
    /// Its output files ([`OutputFile`](crate::OutputFile)): file name and content.
    pub files: Vec<(String, Json)>,
}

impl StackArtifact {
    /// The template of `flavor`, if the stack has one.
    pub fn template(&self, flavor: Flavor) -> Option<&Json> {
        self.templates
            .iter()
            .find(|(f, _)| *f == flavor)
            .map(|(_, t)| t)
    }

    /// The number of resources in the stack's first template (plain, unless opted out).
    pub fn resource_count(&self) -> usize {
        self.templates.first().map_or(0, |(_, t)| resource_count(t))
    }
}

/// The number of resources in a rendered template.
fn built_resource_count(template: &DocMap) -> usize {
    match doc::get(template, "Resources") {
        Some(doc::Doc::Map(m)) => m.len(),
        _ => 0,
    }
}

fn resource_count(template: &Json) -> usize {
    template
        .get("Resources")
        .and_then(Json::as_object)
        .map_or(0, Map::len)
}

/// The file names of a stack's template of `flavor`: (JSON, YAML).
pub fn file_names(stack: &str, flavor: Flavor) -> (String, String) {
    match flavor {
        Flavor::Cfn => (
            format!("{stack}.template.json"),
            format!("{stack}.template.yaml"),
        ),
        Flavor::Sam => (format!("{stack}.sam.json"), format!("{stack}.sam.yaml")),
    }
}

/// The transform that makes a template a SAM template.
pub const SAM_TRANSFORM: &str = "AWS::Serverless-2016-10-31";

/// A staged asset: a local folder identified by the hash of its content.
#[derive(Clone, Debug)]
pub struct AssetArtifact {
    /// SHA-256 (hex) over the folder's relative file paths, executable bits and contents.
    pub hash: String,
    /// The folder to copy from.
    pub source: PathBuf,
    /// The number of files in it.
    pub files: usize,
    /// Whether symbolic links in it may resolve outside it
    /// ([`Asset::allow_links_outside`](crate::Asset::allow_links_outside)).
    pub links_outside: bool,
}

/// Everything synthesis produces, before it is written.
#[derive(Clone, Debug)]
pub struct Assembly {
    /// The stacks in deployment order (dependencies first), ties in creation order.
    pub stacks: Vec<StackArtifact>,
    /// The assets, in first-use order, each once.
    pub assets: Vec<AssetArtifact>,
}

impl Assembly {
    /// The artifact of the stack named `name`.
    pub fn stack(&self, name: &str) -> Option<&StackArtifact> {
        self.stacks.iter().find(|s| s.name == name)
    }
}

/// What [`App::write`] wrote, one entry per stack.
#[derive(Clone, Debug)]
pub struct Summary {
    /// Per stack: name, resource count, files written (relative to the output folder).
    pub stacks: Vec<StackSummary>,
    /// Where the output went.
    pub out_dir: PathBuf,
}

/// One line of a [`Summary`].
#[derive(Clone, Debug)]
pub struct StackSummary {
    /// The stack's name.
    pub name: String,
    /// Resources in its template.
    pub resources: usize,
    /// Files written for it, relative to the output folder.
    pub files: Vec<String>,
}

impl std::fmt::Display for StackSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} resource{} -> {}",
            self.name,
            self.resources,
            if self.resources == 1 { "" } else { "s" },
            self.files.join(", ")
        )
    }
}

impl App {
    /// Validates and synthesizes the app into its output folder (`synth-out/` by default),
    /// replacing the folder atomically, and prints one line per stack. On any error nothing
    /// is written and the error lists every problem with its construct path.
    /// Warnings ([`Node::add_warning`](crate::Node::add_warning), the checks' warnings) are
    /// printed to standard error, whether synthesis succeeds or not.
    pub fn synth(&self) -> Result<()> {
        let written = self.write();
        crate::checks::print_warnings(self);
        let summary = written?;
        for s in &summary.stacks {
            println!("{s}");
        }
        if let Some(report) = self.last_check_report() {
            println!(
                "{} -> {}",
                report.summary_line(),
                crate::checks::REPORT_FILE
            );
        }
        Ok(())
    }

    /// Like [`App::synth`], without printing; returns what was written. Runs the aspects
    /// first ([`Aspects`](crate::Aspects)), and the checks when they are on
    /// ([`App::set_checks_on_synth`]).
    pub fn write(&self) -> Result<Summary> {
        crate::aspects::invoke(&self.node);
        let out = self.out_dir();
        let validation = run_validations(&self.node);
        let tree = self.node.tree();
        // The templates are written straight from the rendered documents, which borrow
        // from the tree: nothing is converted or copied on the way to the files.
        with_assembly(&tree, validation, Size::Deferred, |built| {
            let files = crate::checks::on_write(&tree, || built.to_assembly(|_| true))?;
            write_assembly(built, &files, &out)
        })?
    }

    /// Validates and resolves every stack in memory (after running the aspects); touches
    /// the file system only to read asset folders.
    pub fn assemble(&self) -> Result<Assembly> {
        crate::aspects::invoke(&self.node);
        let validation = run_validations(&self.node);
        let tree = self.node.tree();
        with_assembly(&tree, validation, Size::Now, |built| {
            built.to_assembly(|_| true)
        })
    }

    /// Like [`App::assemble`], with the templates of stack `name` only (converting every
    /// stack's templates to `serde_json` values would be wasted on a caller that reads one).
    pub(crate) fn assemble_stack(&self, name: &str) -> Result<Assembly> {
        crate::aspects::invoke(&self.node);
        let validation = run_validations(&self.node);
        let tree = self.node.tree();
        with_assembly(&tree, validation, Size::Now, |built| {
            built.to_assembly(|s| s == name)
        })
    }
}

/// The diagnostics of the checks constructs registered (`Node::add_validation`), run with no
/// borrow of the tree held.
fn run_validations(app: &crate::tree::Node) -> Vec<Diagnostic> {
    let checks: Vec<(String, crate::tree::Validation)> = {
        let tree = app.tree();
        tree.validations
            .iter()
            .map(|(node, check)| (tree.path(*node), check.clone()))
            .collect()
    };
    let mut out = Vec::new();
    for (path, check) in checks {
        for (message, hint) in check() {
            out.push(Diagnostic::new(path.clone(), message, hint));
        }
    }
    out
}

/// What synthesis produced, borrowing from the tree and the synthesis context: the
/// templates as rendered documents, which the write path writes and [`Built::to_assembly`]
/// converts to the public [`Assembly`].
pub(crate) struct Built<'c> {
    /// The stacks in deployment order.
    pub(crate) stacks: Vec<BuiltStack<'c>>,
    /// The assets, in first-use order, each once.
    pub(crate) assets: Vec<AssetArtifact>,
}

/// One stack of [`Built`].
pub(crate) struct BuiltStack<'c> {
    pub(crate) name: String,
    /// Its construct path, for diagnostics of the write path.
    pub(crate) path: String,
    pub(crate) templates: Vec<(Flavor, DocMap<'c>)>,
    pub(crate) dependencies: Vec<String>,
    pub(crate) assets: Vec<String>,
    /// Output files: file name, content.
    pub(crate) files: Vec<(String, &'c Json)>,
}

impl BuiltStack<'_> {
    /// The number of resources in the stack's first template (plain, unless opted out).
    fn resource_count(&self) -> usize {
        self.templates
            .first()
            .map_or(0, |(_, t)| built_resource_count(t))
    }
}

impl Built<'_> {
    /// The public form, with the templates of the stacks `keep` selects converted to
    /// `serde_json` values (the others have none).
    fn to_assembly(&self, keep: impl Fn(&str) -> bool) -> Assembly {
        Assembly {
            stacks: self
                .stacks
                .iter()
                .map(|s| StackArtifact {
                    name: s.name.clone(),
                    templates: if keep(&s.name) {
                        s.templates
                            .iter()
                            .map(|(f, t)| (*f, Json::Object(doc::map_to_json(t))))
                            .collect()
                    } else {
                        Vec::new()
                    },
                    dependencies: s.dependencies.clone(),
                    assets: s.assets.clone(),
                    files: s
                        .files
                        .iter()
                        .map(|(name, content)| (name.clone(), (*content).clone()))
                        .collect(),
                })
                .collect(),
            assets: self.assets.clone(),
        }
    }
}

/// Validates and renders every stack of `tree` (`validation`: what the constructs' own
/// checks found), then hands the result to `then` (the
/// rendered documents borrow from the synthesis context, which lives only in here).
/// With `Size::Deferred` the template size quota is left to `then` (the write path), unless
/// another problem is found: then it is checked here, to report everything at once.
/// Below this many template elements, one thread renders and writes everything: starting
/// threads would cost more than it saves (a small app is done in well under a millisecond).
pub(super) const PARALLEL_FROM_ELEMENTS: usize = 100;

/// The number of threads worth running (the machine's cores, or the CPU quota of the cgroup,
/// at most 8), asked once per process: it reads `/proc` and `/sys`.
pub(super) fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| {
        std::thread::available_parallelism()
            .map_or(1, usize::from)
            .clamp(1, 8)
    })
}

fn with_assembly<R>(
    tree: &Tree,
    validation: Vec<Diagnostic>,
    size: Size,
    then: impl FnOnce(&Built<'_>) -> R,
) -> Result<R> {
    let mut diags = tree.diagnostics.clone();
    diags.extend(validation);
    let stacks: Vec<NodeId> = tree.nodes[0]
        .children
        .iter()
        .copied()
        .filter(|&n| tree.stack_data(n).is_some())
        .collect();
    if stacks.is_empty() {
        diags.push(Diagnostic::new(
            "<app>",
            "the app has no stacks",
            "create one with Stack::new(&app, \"Name\")",
        ));
    }

    // 1-2. Logical IDs and assets.
    let elements_of = ids::elements_by_stack(tree, &stacks);
    let assets = assets::resolve(tree);
    diags.extend(assets.diags);
    let mut transforms = HashMap::default();
    for &stack in &stacks {
        if let Some(d) = tree.stack_data(stack) {
            for &flavor in &d.flavors {
                let t = render::template_transforms(tree, d, &elements_of[&stack], flavor);
                transforms.insert((stack, flavor), t);
            }
        }
    }
    // The rendered documents' arenas: the calling thread's, and one per other thread that
    // renders stacks of a large app; declared before the context so that they outlive it.
    let bump = doc::Bump::new();
    let elements: usize = elements_of.values().map(Vec::len).sum();
    let mut arenas: Vec<doc::Bump> = if stacks.len() > 1 && elements >= PARALLEL_FROM_ELEMENTS {
        (1..cores().min(stacks.len()))
            .map(|_| doc::Bump::new())
            .collect()
    } else {
        Vec::new()
    };
    let mut ctx = Context {
        tree: tree.view(),
        paths: ids::paths(tree),
        logical: ids::assign(tree, &elements_of),
        asset_hash: assets.hash,
        asset_path: assets.path,
        transforms,
    };

    // 3. Content-hashed IDs (they render their sources with the other IDs), then every
    //    template.
    let (content_ids, content_diags) = render::content_ids(&ctx, &bump, &stacks, &elements_of);
    diags.extend(content_diags);
    for (n, id) in content_ids {
        ctx.logical[n] = Some(id);
    }
    diags.extend(ids::check(tree, &ctx.logical, &stacks, &elements_of));
    let (mut templates, mut fx) =
        render::render_all(&ctx, &bump, &mut arenas, &stacks, &elements_of);
    render::add_exports(&bump, &mut templates, &mut fx);
    diags.append(&mut fx.diags);

    // Output files.
    let mut files = HashMap::default();
    for &stack in &stacks {
        let (f, d) = files::of_stack(tree, stack);
        diags.extend(d);
        files.insert(stack, f);
    }

    // 4. Stack order (explicit dependencies and cross-stack references), quotas.
    for &stack in &stacks {
        if let Some(data) = tree.stack_data(stack) {
            for &d in &data.dependencies {
                fx.stack_deps.entry(stack).or_default().insert(d);
            }
        }
    }
    let (graph, stack_diags) = graph::stack_graph(tree, &stacks, &fx.stack_deps);
    diags.extend(stack_diags);
    for (stack, flavor, template, _) in &templates {
        diags.extend(limits::check(tree, *stack, *flavor, template, size));
    }
    if size == Size::Deferred && !diags.is_empty() {
        for (stack, flavor, template, _) in &templates {
            diags.extend(limits::size_check(&tree.path(*stack), *flavor, template));
        }
    }

    if !diags.is_empty() {
        dedup(&mut diags);
        return Err(Error::Invalid(diags));
    }
    let built = Built {
        stacks: artifacts(tree, &stacks, &graph, templates, files),
        assets: assets.artifacts,
    };
    Ok(then(&built))
}

/// The stacks in deployment order, with their templates moved (not cloned: they
/// are the bulk of peak memory) out of `templates`.
fn artifacts<'c>(
    tree: &Tree,
    stacks: &[NodeId],
    graph: &[Vec<usize>],
    templates: Vec<Rendered<'c>>,
    mut files: HashMap<NodeId, Vec<(String, &'c Json)>>,
) -> Vec<BuiltStack<'c>> {
    let mut by_stack: HashMap<NodeId, Vec<Rendered<'c>>> = HashMap::default();
    for t in templates {
        by_stack.entry(t.0).or_default().push(t);
    }
    graph::topo_order(graph)
        .into_iter()
        .map(|i| {
            let stack = stacks[i];
            let mut assets: IndexSet<String> = IndexSet::default();
            let mut out = Vec::new();
            for (_, flavor, template, a) in by_stack.remove(&stack).unwrap_or_default() {
                assets.extend(a);
                out.push((flavor, template));
            }
            BuiltStack {
                name: tree.nodes[stack].id.clone(),
                path: tree.path(stack),
                templates: out,
                dependencies: graph[i]
                    .iter()
                    .map(|&d| tree.nodes[stacks[d]].id.clone())
                    .collect(),
                assets: assets.into_iter().collect(),
                files: files.remove(&stack).unwrap_or_default(),
            }
        })
        .collect()
}

/// Drops repeated diagnostics (the same problem found in both templates).
fn dedup(diags: &mut Vec<Diagnostic>) {
    let mut seen = IndexSet::default();
    diags.retain(|d| seen.insert(d.clone()));
}

/// Lowercase hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The hash `manifest.json` records for a written file: XXH3-128 of its bytes, as 32
/// lowercase hex digits (what `xxhsum -H2` prints).
fn file_hash(bytes: &[u8]) -> String {
    hex(&twox_hash::XxHash3_128::oneshot(bytes).to_be_bytes())
}
