//! Synthesis: validate the whole tree, resolve values to CloudFormation JSON, and write
//! `synth-out/` atomically.
//!
//! Three steps, each with one job:
//! 1. [`App::assemble`] validates and resolves everything in memory (logical IDs, references,
//!    cross-stack exports and imports, dependency cycles, limits, asset hashes) and collects
//!    *all* problems; nothing is written.
//! 2. Rendering turns each stack's template into canonical JSON and safe YAML.
//! 3. [`App::write`] writes everything into a fresh sibling folder, then swaps it into place,
//!    so on any error the previous output stays exactly as it was.
//!
//! Only this module serialises; the rest of the crate is plain data.

mod assets;
mod write;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use indexmap::{IndexMap, IndexSet};
use serde_json::{json, Map, Value as Json};
use sha2::{Digest, Sha256};

use crate::element::{AssetKind, ElementKind, OutputData, ResourceData};
use crate::error::{Diagnostic, Error, Result};
use crate::logical_id::{self, make_unique_id};
use crate::tree::{App, Kind, NodeId, Stack, Tree};
use crate::value::{Expr, Flavor, Target, PSEUDO_PARAMETERS};

use assets::{hash_dir, source_path};
pub use write::to_json_string;
use write::write_assembly;

/// CloudFormation quotas checked at synth.
pub mod limits {
    /// Resources per template.
    pub const RESOURCES: usize = 500;
    /// Outputs per template.
    pub const OUTPUTS: usize = 200;
    /// Parameters per template.
    pub const PARAMETERS: usize = 200;
    /// Mappings per template.
    pub const MAPPINGS: usize = 200;
    /// Template body size when deployed from S3 (as `sam deploy` does), in bytes.
    pub const TEMPLATE_BYTES: usize = 1_000_000;
    /// Length of the template description, in bytes.
    pub const DESCRIPTION_BYTES: usize = 1024;
    /// Length of an export name, in characters.
    pub const EXPORT_NAME_LENGTH: usize = 255;
}

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
    pub fn synth(&self) -> Result<()> {
        let summary = self.write()?;
        for s in &summary.stacks {
            println!("{s}");
        }
        Ok(())
    }

    /// Like [`App::synth`], without printing; returns what was written.
    pub fn write(&self) -> Result<Summary> {
        let assembly = self.assemble()?;
        let out = self.out_dir();
        let summary = write_assembly(&assembly, &out);
        // Freeing the rendered templates (tens of thousands of small allocations) is off the
        // critical path: a program usually exits right after synthesis.
        let _ = std::thread::Builder::new()
            .name("cdk-drop-assembly".into())
            .spawn(move || drop(assembly));
        summary
    }

    /// Validates and resolves every stack in memory; touches the file system only to read
    /// asset folders.
    pub fn assemble(&self) -> Result<Assembly> {
        let tree = self.node.tree();
        assemble(&tree)
    }
}

impl Stack {
    /// This stack's plain CloudFormation template as synthesis would write it (validating
    /// the whole app).
    pub fn template(&self) -> Result<Json> {
        self.template_of(Flavor::Cfn)
    }

    /// This stack's SAM template as synthesis would write it (validating the whole app).
    pub fn sam_template(&self) -> Result<Json> {
        self.template_of(Flavor::Sam)
    }

    /// This stack's template of `flavor`; an error if the stack opted out of it.
    pub fn template_of(&self, flavor: Flavor) -> Result<Json> {
        let name = self.stack_name();
        let app = App {
            node: crate::tree::Node {
                tree: self.node.tree.clone(),
                id: 0,
            },
        };
        let assembly = app.assemble()?;
        assembly
            .stack(&name)
            .and_then(|s| s.template(flavor))
            .cloned()
            .ok_or_else(|| {
                Error::Invalid(vec![Diagnostic::new(
                    name,
                    format!("the stack has no {} template", flavor.label()),
                    "see Stack::set_templates",
                )])
            })
    }
}

impl crate::assertions::Template {
    /// The template of `stack`, synthesized in memory (nothing is written). Panics with the
    /// synthesis errors if the app is invalid; use [`Stack::template`] to get them as a
    /// `Result`.
    #[track_caller]
    pub fn from_stack(stack: &Stack) -> crate::assertions::Template {
        match stack.template() {
            Ok(t) => crate::assertions::Template::from_json(t),
            Err(e) => panic!("{e}"),
        }
    }

    /// The SAM template of `stack`, synthesized in memory. Panics like
    /// [`from_stack`](Self::from_stack).
    #[track_caller]
    pub fn from_stack_sam(stack: &Stack) -> crate::assertions::Template {
        match stack.sam_template() {
            Ok(t) => crate::assertions::Template::from_json(t),
            Err(e) => panic!("{e}"),
        }
    }
}

// ---- assembly -----------------------------------------------------------------------------

struct Resolver<'t> {
    tree: &'t Tree,
    /// Per node: its construct path, built once (children come after their parents).
    tree_paths: Vec<String>,
    logical: Vec<Option<String>>,
    /// Per node: the content hash of a staged asset.
    asset_hash: Vec<Option<String>>,
    /// Per node: an asset's path relative to the templates (`assets/<hash>`, or the
    /// relative path of a folder referenced in place).
    asset_path: Vec<Option<String>>,
    diags: Vec<Diagnostic>,
    /// The template being rendered.
    flavor: Flavor,
    /// (producer stack, flavor) -> output logical id -> (export name, value)
    exports: IndexMap<(NodeId, Flavor), IndexMap<String, (String, Json)>>,
    /// consumer stack -> producer stacks
    stack_deps: IndexMap<NodeId, IndexSet<NodeId>>,
    /// Resource cycles reported so far: (stack, members).
    reported_cycles: Vec<(NodeId, IndexSet<NodeId>)>,
    /// (stack, flavor) -> the template's transforms (see [`template_transforms`]).
    transforms: HashMap<(NodeId, Flavor), Vec<String>>,
}

/// Where an expression is being resolved: its stack, the element using it (for messages),
/// and the resources it references (dependency edges).
struct At<'a> {
    stack: NodeId,
    element: NodeId,
    refs: &'a mut Vec<NodeId>,
}

fn kind_name(e: Option<&ElementKind>) -> &'static str {
    match e {
        Some(ElementKind::Resource(_)) => "a resource",
        Some(ElementKind::Output(_)) => "an output",
        Some(ElementKind::Parameter(_)) => "a parameter",
        Some(ElementKind::Condition(_)) => "a condition",
        Some(ElementKind::Mapping(_)) => "a mapping",
        Some(ElementKind::Asset(..)) => "an asset",
        None => "a construct that is not a template element",
    }
}

impl Resolver<'_> {
    fn diag(&mut self, at: NodeId, message: String, hint: &str) {
        let path = self.tree.path(at);
        self.diags.push(Diagnostic::new(path, message, hint));
    }

    /// Checks that `t` is in this app; returns its stack.
    fn check_target(&mut self, t: &Target, at: &At) -> Option<NodeId> {
        if t.app != self.tree.app || t.node >= self.tree.nodes.len() {
            self.diag(
                at.element,
                format!("refers to `{}`, which belongs to another App", t.path()),
                "references work between stacks of the same App; to use a value from another app, export it (CfnOutput::export_name) and read it with fns::import_value",
            );
            return None;
        }
        self.tree.stack_of(t.node)
    }

    fn same_stack_only(&mut self, t: &Target, at: &At, what: &str) -> Option<String> {
        let stack = self.check_target(t, at)?;
        if stack != at.stack {
            self.diag(
                at.element,
                format!(
                    "uses {what} `{}` of stack `{}`; {what}s can only be used in their own stack",
                    t.path(),
                    self.tree.path(stack)
                ),
                "declare it in this stack too",
            );
            return None;
        }
        self.logical[t.node].clone()
    }

    fn resolve(&mut self, e: &Expr, at: &mut At) -> Json {
        match e {
            Expr::Null => Json::Null,
            Expr::Bool(b) => Json::Bool(*b),
            Expr::Number(n) => Json::Number(n.clone()),
            Expr::String(s) => Json::String(s.clone()),
            Expr::List(items) => Json::Array(items.iter().map(|i| self.resolve(i, at)).collect()),
            Expr::Map(m) => Json::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), self.resolve(v, at)))
                    .collect(),
            ),
            Expr::Pseudo(p) => json!({ "Ref": p }),
            Expr::Ref(t) => self.reference(t, None, at),
            Expr::GetAtt(t, attr) => self.reference(t, Some(attr), at),
            Expr::Sub(template, vars) => {
                self.check_sub(template, vars, at);
                let vars: Map<String, Json> = vars
                    .iter()
                    .map(|(k, v)| (k.clone(), self.resolve(v, at)))
                    .collect();
                if vars.is_empty() {
                    json!({ "Fn::Sub": template })
                } else {
                    json!({ "Fn::Sub": [template, vars] })
                }
            }
            Expr::Call(name, args) => {
                if let (true, Expr::List(items)) = (matches!(*name, "Fn::And" | "Fn::Or"), &**args)
                {
                    if !(2..=10).contains(&items.len()) {
                        self.diag(
                            at.element,
                            format!("{name} takes 2 to 10 conditions, not {}", items.len()),
                            "split or combine the conditions",
                        );
                    }
                }
                let mut m = Map::new();
                m.insert((*name).to_string(), self.resolve(args, at));
                Json::Object(m)
            }
            Expr::If(cond, a, b) => {
                let name = self.condition_name(cond, at);
                let (a, b) = (self.resolve(a, at), self.resolve(b, at));
                json!({ "Fn::If": [name, a, b] })
            }
            Expr::Condition(cond) => {
                let name = self.condition_name(cond, at);
                json!({ "Condition": name })
            }
            Expr::FindInMap(t, k1, k2) => {
                let name =
                    self.kind_checked(t, at, "mapping", |k| matches!(k, ElementKind::Mapping(_)));
                let (k1, k2) = (self.resolve(k1, at), self.resolve(k2, at));
                json!({ "Fn::FindInMap": [name, k1, k2] })
            }
            Expr::PerFlavor(cfn, sam) => match self.flavor {
                Flavor::Cfn => self.resolve(cfn, at),
                Flavor::Sam => self.resolve(sam, at),
            },
            Expr::Asset(t) => {
                if self.check_target(t, at).is_none() {
                    return Json::Null;
                }
                match &self.asset_path[t.node] {
                    Some(p) => Json::String(p.clone()),
                    None => Json::Null, // reported when hashing / resolving the folder
                }
            }
            Expr::TransformRef(t, suffix) => self.transform_ref(t.as_ref(), suffix, at),
        }
    }

    fn kind_checked(
        &mut self,
        t: &Target,
        at: &At,
        what: &str,
        ok: impl Fn(&ElementKind) -> bool,
    ) -> Json {
        if t.app == self.tree.app && t.node < self.tree.nodes.len() {
            let el = self.tree.element(t.node);
            if !el.is_some_and(&ok) {
                let found = kind_name(el);
                self.diag(
                    at.element,
                    format!("expected {what} at `{}`, found {found}", t.path()),
                    "a handle of one kind of element cannot stand for another: pass the CfnMapping or CfnCondition itself",
                );
                return Json::Null;
            }
        }
        self.same_stack_only(t, at, what)
            .map_or(Json::Null, Json::String)
    }

    fn condition_name(&mut self, t: &Target, at: &At) -> Json {
        self.kind_checked(t, at, "condition", |k| {
            matches!(k, ElementKind::Condition(_))
        })
    }

    fn reference(&mut self, t: &Target, attr: Option<&String>, at: &mut At) -> Json {
        let Some(stack) = self.check_target(t, at) else {
            return Json::Null;
        };
        let el = self.tree.element(t.node);
        if let Some(e @ ElementKind::Resource(_)) = el {
            if !e.in_flavor(self.flavor) {
                let f = self.flavor.label();
                self.diag(
                    at.element,
                    format!("refers to `{}`, which is not in the {f} template", t.path()),
                    "give each template its own value with Flavor::either, or put the referencing element in the other template only",
                );
                return Json::Null;
            }
        }
        match (el, attr) {
            (Some(ElementKind::Resource(_)), _) => {}
            (Some(ElementKind::Parameter(_)), None) => {
                return self
                    .same_stack_only(t, at, "parameter")
                    .map_or(Json::Null, |id| json!({ "Ref": id }));
            }
            (el, _) => {
                let found = kind_name(el);
                let f = if attr.is_some() { "Fn::GetAtt" } else { "Ref" };
                self.diag(
                    at.element,
                    format!("{f} of `{}`, which is {found}", t.path()),
                    "Ref works on resources and parameters, Fn::GetAtt on resources",
                );
                return Json::Null;
            }
        }
        let Some(logical) = self.logical[t.node].clone() else {
            return Json::Null;
        };
        let local = match attr {
            None => json!({ "Ref": logical }),
            Some(a) => json!({ "Fn::GetAtt": [logical, a] }),
        };
        if stack == at.stack {
            at.refs.push(t.node);
            return local;
        }
        self.import_from(stack, local, at)
    }

    /// A reference `local` into `stack`, another stack of this app: export there, import
    /// here. As in CDK, the output's id is `Output` + the compact JSON of the reference (whose
    /// non-alphanumerics the logical ID drops, but whose hash covers them).
    fn import_from(&mut self, stack: NodeId, local: Json, at: &At) -> Json {
        let output_id = make_unique_id(&["Exports".to_string(), format!("Output{local}")]);
        let export_name = generated_export_name(&self.tree.nodes[stack].id, &output_id);
        self.exports
            .entry((stack, self.flavor))
            .or_default()
            .insert(output_id, (export_name.clone(), local));
        self.stack_deps.entry(at.stack).or_default().insert(stack);
        json!({ "Fn::ImportValue": export_name })
    }

    /// `{"Ref": …}` of a name a transform generates (see `Expr::TransformRef`).
    fn transform_ref(&mut self, t: Option<&Target>, suffix: &str, at: &mut At) -> Json {
        let has_transform = |r: &Self, stack: NodeId| {
            r.transforms
                .get(&(stack, r.flavor))
                .is_some_and(|t| !t.is_empty())
        };
        let shown = match t {
            Some(t) => format!("`{}` + `{suffix}`", t.path()),
            None => format!("`{suffix}`"),
        };
        if !has_transform(self, at.stack) {
            self.diag(
                at.element,
                format!(
                    "refers to {shown}, a name only a template transform generates, in the {} template, which has no transform",
                    self.flavor.label()
                ),
                "give this template its own value with Flavor::either",
            );
            return Json::Null;
        }
        let Some(t) = t else {
            let valid = !suffix.is_empty()
                && suffix.len() <= 255
                && suffix
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.');
            if !valid {
                self.diag(
                    at.element,
                    format!("`{suffix}` is not a logical ID a transform can generate"),
                    "logical IDs are ASCII letters and digits (SAM adds `.Alias` / `.Version`)",
                );
                return Json::Null;
            }
            return json!({ "Ref": suffix });
        };
        let Some(stack) = self.check_target(t, at) else {
            return Json::Null;
        };
        let el = self.tree.element(t.node);
        match el {
            Some(e @ ElementKind::Resource(_)) if !e.in_flavor(self.flavor) => {
                let f = self.flavor.label();
                self.diag(
                    at.element,
                    format!("refers to `{}`, which is not in the {f} template", t.path()),
                    "give each template its own value with Flavor::either, or put the referencing element in the other template only",
                );
                return Json::Null;
            }
            Some(ElementKind::Resource(_)) => {}
            other => {
                let found = kind_name(other);
                self.diag(
                    at.element,
                    format!("a transform reference to `{}`, which is {found}", t.path()),
                    "transform references derive from resources",
                );
                return Json::Null;
            }
        }
        let Some(id) = &self.logical[t.node] else {
            return Json::Null;
        };
        let local = json!({ "Ref": format!("{id}{suffix}") });
        if stack == at.stack {
            return local;
        }
        // Another stack: exported from its template (the transform resolves the name in
        // `Outputs` too), when that template has a transform.
        if !has_transform(self, stack) {
            self.diag(
                at.element,
                format!(
                    "refers to a name the transform derives from `{}` of stack `{}`, whose {} template has no transform",
                    t.path(),
                    self.tree.path(stack),
                    self.flavor.label()
                ),
                "give this template its own value with Flavor::either",
            );
            return Json::Null;
        }
        self.import_from(stack, local, at)
    }

    fn check_sub(&mut self, template: &str, vars: &IndexMap<String, Expr>, at: &At) {
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                self.diag(
                    at.element,
                    format!("Fn::Sub template `{template}` has an unclosed `${{`"),
                    "close it with `}`, or write `${!` for a literal `${`",
                );
                return;
            };
            let name = &after[..end];
            if !name.starts_with('!')
                && !vars.contains_key(name)
                && !PSEUDO_PARAMETERS.contains(&name)
            {
                self.diag(
                    at.element,
                    format!(
                        "Fn::Sub template `{template}` uses `${{{name}}}`, which is neither one of its variables nor a pseudo parameter"
                    ),
                    "pass the value as a variable: fns::sub(template, [(\"Name\", value)])",
                );
            }
            rest = &after[end + 1..];
        }
    }
}

fn assemble(tree: &Tree) -> Result<Assembly> {
    let mut tree_paths: Vec<String> = Vec::with_capacity(tree.nodes.len());
    for node in &tree.nodes {
        let path = match node.parent {
            None | Some(0) => node.id.clone(),
            Some(p) => format!("{}/{}", tree_paths[p], node.id),
        };
        tree_paths.push(path);
    }
    let mut r = Resolver {
        tree,
        tree_paths,
        logical: vec![None; tree.nodes.len()],
        asset_hash: vec![None; tree.nodes.len()],
        asset_path: vec![None; tree.nodes.len()],
        diags: tree.diagnostics.clone(),
        flavor: Flavor::Cfn,
        exports: IndexMap::new(),
        stack_deps: IndexMap::new(),
        transforms: HashMap::new(),
        reported_cycles: Vec::new(),
    };
    let stacks: Vec<NodeId> = tree.nodes[0]
        .children
        .iter()
        .copied()
        .filter(|&n| tree.stack_data(n).is_some())
        .collect();
    if stacks.is_empty() {
        r.diags.push(Diagnostic::new(
            "<app>",
            "the app has no stacks",
            "create one with Stack::new(&app, \"Name\")",
        ));
    }

    // Assets: hash each folder once.
    let mut assets: IndexMap<String, AssetArtifact> = IndexMap::new();
    let mut hash_cache: HashMap<
        (PathBuf, bool),
        std::result::Result<(String, usize), assets::Problem>,
    > = HashMap::new();
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
                    Ok(p) => r.asset_path[n] = Some(p),
                    Err(msg) => {
                        r.diags
                            .push(Diagnostic::new(tree.path(n), msg, assets::HINT_MISSING))
                    }
                }
                continue;
            }
            AssetKind::Staged { links_outside } => links_outside,
        };
        let res = hash_cache
            .entry((dir.clone(), links_outside))
            .or_insert_with(|| hash_dir(dir, links_outside))
            .clone();
        match res {
            Ok((hash, files)) => {
                assets.entry(hash.clone()).or_insert(AssetArtifact {
                    hash: hash.clone(),
                    source: dir.clone(),
                    files,
                    links_outside,
                });
                r.asset_path[n] = Some(format!("assets/{hash}"));
                r.asset_hash[n] = Some(hash);
            }
            Err((msg, hint)) => r.diags.push(Diagnostic::new(tree.path(n), msg, hint)),
        }
    }

    // Logical IDs: from the path or an explicit override, then content-hashed ones (which
    // need the others to render their source), then uniqueness per template section.
    let mut elements_of: HashMap<NodeId, Vec<NodeId>> = HashMap::new();
    for &stack in &stacks {
        let elements: Vec<NodeId> = tree
            .descendants(stack)
            .into_iter()
            .filter(|&n| {
                tree.element(n)
                    .is_some_and(|e| !matches!(e, ElementKind::Asset(..)))
            })
            .collect();
        for &n in &elements {
            let explicit = match tree.element(n) {
                Some(ElementKind::Resource(d)) => d.logical_id.clone(),
                Some(ElementKind::Output(o)) => o.logical_id.clone(),
                _ => None,
            };
            r.logical[n] = Some(explicit.unwrap_or_else(|| make_unique_id(&tree.path_in_stack(n))));
        }
        if let Some(d) = tree.stack_data(stack) {
            for &flavor in &d.flavors {
                let t = template_transforms(tree, d, &elements, flavor);
                r.transforms.insert((stack, flavor), t);
            }
        }
        elements_of.insert(stack, elements);
    }
    for &stack in &stacks {
        for &n in &elements_of[&stack] {
            if let Some(ElementKind::Resource(d)) = tree.element(n) {
                if let Some((prefix, source)) = &d.content_id {
                    let id = content_logical_id(&mut r, stack, prefix, source);
                    r.logical[n] = Some(id);
                }
            }
        }
    }
    // A node whose id (or an ancestor's) was rejected at construction has been reported
    // once already; its logical ID derives from that id, so it is not checked again.
    let mut bad_id = vec![false; tree.nodes.len()];
    for (n, node) in tree.nodes.iter().enumerate() {
        bad_id[n] = node.bad_id || node.parent.is_some_and(|p| bad_id[p]);
    }
    for &stack in &stacks {
        let mut seen: HashMap<(Flavor, &str, String), NodeId> = HashMap::new();
        for &n in &elements_of[&stack] {
            let Some(el) = tree.element(n) else { continue };
            if bad_id[n] {
                continue;
            }
            let explicit = match el {
                ElementKind::Resource(d) => d.logical_id.is_some() || d.content_id.is_some(),
                ElementKind::Output(o) => o.logical_id.is_some(),
                _ => false,
            };
            let id = r.logical[n].clone().unwrap_or_default();
            if !logical_id::is_valid(&id) {
                r.diags.push(Diagnostic::new(
                    tree.path(n),
                    format!("`{id}` is not a valid logical ID"),
                    if explicit {
                        "a logical ID has 1 to 255 ASCII letters and digits"
                    } else {
                        "give the construct an id with letters or digits (ids of only `Default` have no logical ID)"
                    },
                ));
            }
            // Resources and parameters share the `Ref` namespace.
            let section = match el {
                ElementKind::Parameter(_) => "Resources",
                other => other.section(),
            };
            for flavor in Flavor::ALL {
                if !el.in_flavor(flavor) {
                    continue;
                }
                if let Some(&first) = seen.get(&(flavor, section, id.clone())) {
                    r.diags.push(Diagnostic::new(
                        tree.path(n),
                        format!("logical ID `{id}` is also used by `{}`", tree.path(first)),
                        "rename one of the constructs, or override one logical ID",
                    ));
                } else {
                    seen.insert((flavor, section, id.clone()), n);
                }
            }
        }
        if let Some(data) = tree.stack_data(stack) {
            if data.flavors.is_empty() {
                r.diags.push(Diagnostic::new(
                    tree.path(stack),
                    "the stack opted out of every template",
                    "keep at least one of Flavor::Cfn and Flavor::Sam in Stack::set_templates",
                ));
            }
            for (flavor, id, reason) in &data.reserved {
                if let Some(&n) = seen.get(&(*flavor, "Resources", id.clone())) {
                    r.diags.push(Diagnostic::new(
                        tree.path(n),
                        format!(
                            "logical ID `{id}` collides with a name the {} template reserves: {reason}",
                            flavor.label()
                        ),
                        "rename the construct, or override its logical ID",
                    ));
                }
            }
        }
    }

    // Resolve every stack, once per template it has.
    let mut templates: Vec<Rendered> = Vec::new();
    for &stack in &stacks {
        let flavors = tree
            .stack_data(stack)
            .map(|d| d.flavors.clone())
            .unwrap_or_default();
        for flavor in flavors {
            r.flavor = flavor;
            let (template, stack_assets) = render_stack(&mut r, stack, &elements_of[&stack]);
            templates.push((stack, flavor, template, stack_assets));
        }
    }

    // Explicit stack dependencies.
    for &stack in &stacks {
        if let Some(data) = tree.stack_data(stack) {
            for &d in &data.dependencies {
                r.stack_deps.entry(stack).or_default().insert(d);
            }
        }
    }

    // Exports go into their producers' Outputs.
    for (stack, flavor, template, _) in &mut templates {
        if let Some(exports) = r.exports.get(&(*stack, *flavor)) {
            let outputs = template
                .entry("Outputs")
                .or_insert_with(|| Json::Object(Map::new()));
            if let Json::Object(outputs) = outputs {
                for (id, (name, value)) in exports {
                    outputs.insert(
                        id.clone(),
                        json!({ "Value": value, "Export": { "Name": name } }),
                    );
                }
            }
        }
    }

    // Stack order, and cycles between stacks.
    let graph: Vec<Vec<usize>> = stacks
        .iter()
        .map(|s| {
            r.stack_deps
                .get(s)
                .map(|deps| {
                    deps.iter()
                        .filter_map(|d| stacks.iter().position(|x| x == d))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    for cycle in cycles(&graph) {
        let names: Vec<String> = cycle
            .iter()
            .map(|&i| tree.nodes[stacks[i]].id.clone())
            .collect();
        r.diags.push(Diagnostic::new(
            tree.path(stacks[cycle[0]]),
            format!(
                "stacks depend on each other in a cycle: {} -> {}",
                names.join(" -> "),
                names[0]
            ),
            "move the shared resources into a stack of their own that both use",
        ));
    }

    // Limits.
    for (stack, flavor, template, _) in &templates {
        check_limits(&mut r, *stack, *flavor, template);
    }

    if !r.diags.is_empty() {
        let mut diags = r.diags;
        dedup(&mut diags);
        return Err(Error::Invalid(diags));
    }

    let order = topo_order(&graph);
    let mut by_stack: HashMap<NodeId, Vec<Rendered>> = HashMap::new();
    for t in templates {
        by_stack.entry(t.0).or_default().push(t);
    }
    let stacks_out = order
        .into_iter()
        .map(|i| {
            let stack = stacks[i];
            let mut assets: IndexSet<String> = IndexSet::new();
            let mut out = Vec::new();
            // Move (not clone) the rendered templates: they are the bulk of peak memory.
            for (_, flavor, template, a) in by_stack.remove(&stack).unwrap_or_default() {
                assets.extend(a);
                out.push((flavor, Json::Object(template)));
            }
            StackArtifact {
                name: tree.nodes[stack].id.clone(),
                templates: out,
                dependencies: graph[i]
                    .iter()
                    .map(|&d| tree.nodes[stacks[d]].id.clone())
                    .collect(),
                assets: assets.into_iter().collect(),
            }
        })
        .collect();
    Ok(Assembly {
        stacks: stacks_out,
        assets: assets.into_values().collect(),
    })
}

/// `prefix` + the first 10 hex digits of the SHA-256 of `source`'s rendered `Properties` in
/// the plain template: a new ID exactly when the source's content changes (SAM's scheme for
/// `AWS::Lambda::Version`).
fn content_logical_id(r: &mut Resolver, stack: NodeId, prefix: &str, source: &Target) -> String {
    let tree = r.tree;
    let props = match tree.element(source.node) {
        Some(ElementKind::Resource(d)) if source.app == tree.app => &d.properties,
        _ => {
            r.diags.push(Diagnostic::new(
                source.path(),
                "a content-hashed logical ID must hash a resource of the same app",
                "pass logical_id_from_content a resource created in this app (a version hashes its own function)",
            ));
            return prefix.to_string();
        }
    };
    // Render without side effects: problems are reported when the source itself renders.
    let saved = (
        std::mem::take(&mut r.diags),
        std::mem::take(&mut r.exports),
        std::mem::take(&mut r.stack_deps),
        r.flavor,
    );
    r.flavor = Flavor::Cfn;
    let mut refs = Vec::new();
    let mut at = At {
        stack,
        element: source.node,
        refs: &mut refs,
    };
    let rendered: Map<String, Json> = props
        .iter()
        .map(|(k, v)| (k.clone(), r.resolve(&v.0, &mut at)))
        .collect();
    (r.diags, r.exports, r.stack_deps, r.flavor) = saved;
    let hash = sha256_hex(
        serde_json::to_string(&rendered)
            .unwrap_or_default()
            .as_bytes(),
    );
    format!("{prefix}{}", &hash[..10])
}

/// One rendered template: its stack, flavor, body and the asset hashes it uses.
type Rendered = (NodeId, Flavor, Map<String, Json>, Vec<String>);

fn dedup(diags: &mut Vec<Diagnostic>) {
    let mut seen = IndexSet::new();
    diags.retain(|d| seen.insert(d.clone()));
}

fn check_limits(r: &mut Resolver, stack: NodeId, flavor: Flavor, template: &Map<String, Json>) {
    let count = |k: &str| {
        template
            .get(k)
            .and_then(Json::as_object)
            .map_or(0, Map::len)
    };
    let path = r.tree.path(stack);
    if count("Resources") == 0 {
        r.diags.push(Diagnostic::new(
            &path,
            "the stack has no resources; CloudFormation requires at least one",
            "add a resource, or remove the stack",
        ));
    }
    for (section, max) in [
        ("Resources", limits::RESOURCES),
        ("Outputs", limits::OUTPUTS),
        ("Parameters", limits::PARAMETERS),
        ("Mappings", limits::MAPPINGS),
    ] {
        let n = count(section);
        if n > max {
            r.diags.push(Diagnostic::new(
                &path,
                format!("the template has {n} {section}; CloudFormation allows at most {max}"),
                "split the stack into several stacks",
            ));
        }
    }
    if let Some(Json::String(d)) = template.get("Description") {
        if d.len() > limits::DESCRIPTION_BYTES {
            r.diags.push(Diagnostic::new(
                &path,
                format!(
                    "the description is {} bytes; CloudFormation allows {}",
                    d.len(),
                    limits::DESCRIPTION_BYTES
                ),
                "shorten it",
            ));
        }
    }
    // Count the compact JSON's bytes without building it.
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    let size = serde_json::to_writer(&mut count, template).map_or(0, |()| count.0);
    if size > limits::TEMPLATE_BYTES {
        r.diags.push(Diagnostic::new(
            &path,
            format!(
                "the {} template is {size} bytes; CloudFormation accepts at most {} bytes",
                flavor.label(),
                limits::TEMPLATE_BYTES
            ),
            "split the stack into several stacks",
        ));
    }
}

/// The transforms of `stack`'s template in `flavor`: the stack's own, SAM's in the SAM
/// flavor, then those the stack's resources in this flavor require, each once, in that order.
fn template_transforms(
    tree: &Tree,
    d: &crate::tree::StackData,
    elements: &[NodeId],
    flavor: Flavor,
) -> Vec<String> {
    let mut transforms = d.transforms.clone();
    let mut add = |t: &str| {
        if !transforms.iter().any(|x| x == t) {
            transforms.push(t.to_string());
        }
    };
    if flavor == Flavor::Sam {
        add(SAM_TRANSFORM);
    }
    for &n in elements {
        if let Some(ElementKind::Resource(res)) = tree.element(n) {
            if res.only_in.is_none_or(|f| f == flavor) {
                res.transforms.iter().for_each(|t| add(t));
            }
        }
    }
    transforms
}

fn render_stack(
    r: &mut Resolver,
    stack: NodeId,
    elements: &[NodeId],
) -> (Map<String, Json>, Vec<String>) {
    let tree = r.tree;
    let data = tree.stack_data(stack);
    let path_metadata = data.is_some_and(|d| d.path_metadata);
    let mut t = Map::new();
    t.insert(
        "AWSTemplateFormatVersion".into(),
        json!(TEMPLATE_FORMAT_VERSION),
    );
    let mut sections: BTreeMap<&str, Map<String, Json>> = BTreeMap::new();
    let mut graph_edges: IndexMap<NodeId, Vec<NodeId>> = IndexMap::new();
    let mut stack_assets: IndexSet<String> = IndexSet::new();

    if let Some(d) = data {
        if let Some(desc) = &d.description {
            t.insert("Description".into(), json!(desc));
        }
        let transforms = r
            .transforms
            .get(&(stack, r.flavor))
            .cloned()
            .unwrap_or_default();
        match transforms.as_slice() {
            [] => {}
            [one] => {
                t.insert("Transform".into(), json!(one));
            }
            many => {
                t.insert("Transform".into(), json!(many));
            }
        }
        if !d.metadata.is_empty() {
            let mut refs = Vec::new();
            let mut at = At {
                stack,
                element: stack,
                refs: &mut refs,
            };
            let m: Map<String, Json> = d
                .metadata
                .iter()
                .map(|(k, v)| (k.clone(), r.resolve(&v.0, &mut at)))
                .collect();
            t.insert("Metadata".into(), Json::Object(m));
        }
    }

    for &n in elements {
        let Some(el) = tree.element(n) else { continue };
        if !el.in_flavor(r.flavor) {
            continue;
        }
        let Some(id) = r.logical[n].clone() else {
            if let ElementKind::Asset(..) = el {
                if let Some(h) = &r.asset_hash[n] {
                    stack_assets.insert(h.clone());
                }
            }
            continue;
        };
        let mut refs = Vec::new();
        let mut at = At {
            stack,
            element: n,
            refs: &mut refs,
        };
        let (section, body) = match el {
            ElementKind::Resource(d) => {
                let body = render_resource(
                    r,
                    d,
                    &mut at,
                    path_metadata.then(|| r.tree_paths[n].clone()),
                );
                ("Resources", body)
            }
            ElementKind::Output(o) => ("Outputs", render_output(r, o, &mut at)),
            ElementKind::Parameter(p) => (
                "Parameters",
                Json::Object(
                    p.entries
                        .iter()
                        .map(|(k, v)| (k.clone(), r.resolve(&v.0, &mut at)))
                        .collect(),
                ),
            ),
            ElementKind::Condition(c) => ("Conditions", r.resolve(&c.0, &mut at)),
            ElementKind::Mapping(m) => (
                "Mappings",
                Json::Object(
                    m.iter()
                        .map(|(k, inner)| {
                            let inner: Map<String, Json> = inner
                                .iter()
                                .map(|(k2, v)| (k2.clone(), r.resolve(&v.0, &mut at)))
                                .collect();
                            (k.clone(), Json::Object(inner))
                        })
                        .collect(),
                ),
            ),
            ElementKind::Asset(..) => continue,
        };
        if section == "Resources" {
            graph_edges.insert(n, refs);
        }
        sections.entry(section).or_default().insert(id, body);
    }

    // Assets declared in this stack.
    for n in tree.descendants(stack) {
        if let Some(ElementKind::Asset(..)) = tree.element(n) {
            if let Some(h) = &r.asset_hash[n] {
                stack_assets.insert(h.clone());
            }
        }
    }

    for name in [
        "Parameters",
        "Mappings",
        "Conditions",
        "Resources",
        "Outputs",
    ] {
        if let Some(s) = sections.remove(name) {
            t.insert(name.into(), Json::Object(s));
        }
    }

    // Dependency cycles between resources of this stack.
    let index: HashMap<NodeId, usize> = graph_edges
        .keys()
        .enumerate()
        .map(|(i, &n)| (n, i))
        .collect();
    let graph: Vec<Vec<usize>> = graph_edges
        .values()
        .map(|targets| {
            targets
                .iter()
                .filter_map(|t| index.get(t).copied())
                .collect()
        })
        .collect();
    let nodes: Vec<NodeId> = graph_edges.keys().copied().collect();
    for cycle in cycles(&graph) {
        // The same cycle in the stack's other template is one mistake: report it once.
        let members_set: IndexSet<NodeId> = cycle.iter().map(|&i| nodes[i]).collect();
        let known = r
            .reported_cycles
            .iter()
            .any(|(s, m)| *s == stack && m.iter().any(|n| members_set.contains(n)));
        if known {
            continue;
        }
        let hint = cycle
            .iter()
            .find_map(|&i| match tree.element(nodes[i]) {
                Some(ElementKind::Resource(d)) => d.cycle_hint.clone(),
                _ => None,
            })
            .unwrap_or_else(|| {
                "CloudFormation cannot create resources that depend on each other; remove one reference or DependsOn on the cycle".to_string()
            });
        r.reported_cycles.push((stack, members_set));
        let members: Vec<String> = cycle
            .iter()
            .map(|&i| {
                let n = nodes[i];
                format!(
                    "{} ({})",
                    r.logical[n].clone().unwrap_or_default(),
                    tree.path(n)
                )
            })
            .collect();
        r.diags.push(Diagnostic::new(
            tree.path(nodes[cycle[0]]),
            format!(
                "dependency cycle between {} resources: {} -> {}",
                members.len(),
                members.join(" -> "),
                members[0]
            ),
            hint,
        ));
    }
    (t, stack_assets.into_iter().collect())
}

fn render_resource(r: &mut Resolver, d: &ResourceData, at: &mut At, path: Option<String>) -> Json {
    let mut m = Map::new();
    m.insert("Type".into(), json!(d.type_));
    if !d.properties.is_empty() {
        let props: Map<String, Json> = d
            .properties
            .iter()
            .map(|(k, v)| (k.clone(), r.resolve(&v.0, at)))
            .collect();
        m.insert("Properties".into(), Json::Object(props));
    }
    let mut deps: Vec<String> = Vec::new();
    for t in &d.depends_on {
        let Some(stack) = r.check_target(t, at) else {
            continue;
        };
        if stack != at.stack {
            r.stack_deps.entry(at.stack).or_default().insert(stack);
            continue;
        }
        // A dependency on a construct (`add_dependency(&function)`) covers every resource
        // in it, including those that exist only in the other template: skip those here.
        if r.tree
            .element(t.node)
            .is_some_and(|e| !e.in_flavor(r.flavor))
        {
            continue;
        }
        if let Some(id) = r.logical[t.node].clone() {
            at.refs.push(t.node);
            deps.push(id);
        }
    }
    deps.sort();
    deps.dedup();
    if !deps.is_empty() {
        m.insert("DependsOn".into(), json!(deps));
    }
    if let Some(c) = &d.condition {
        let name = r.condition_name(c, at);
        m.insert("Condition".into(), name);
    }
    if let Some(p) = &d.creation_policy {
        let v = r.resolve(&p.0, at);
        m.insert("CreationPolicy".into(), v);
    }
    if let Some(p) = &d.update_policy {
        let v = r.resolve(&p.0, at);
        m.insert("UpdatePolicy".into(), v);
    }
    if let Some(p) = d.update_replace_policy {
        m.insert("UpdateReplacePolicy".into(), json!(p.as_str()));
    }
    if let Some(p) = d.deletion_policy {
        m.insert("DeletionPolicy".into(), json!(p.as_str()));
    }
    let mut meta = Map::new();
    if let Some(p) = path {
        meta.insert("aws:cdk:path".into(), json!(p));
    }
    for (k, v) in &d.metadata {
        let v = r.resolve(&v.0, at);
        meta.insert(k.clone(), v);
    }
    if !meta.is_empty() {
        m.insert("Metadata".into(), Json::Object(meta));
    }
    let mut out = Json::Object(m);
    for (path, value) in &d.overrides {
        let parts = split_override_path(path);
        match value {
            Some(v) => {
                let v = r.resolve(&v.0, at);
                set_path(&mut out, &parts, v);
            }
            None => delete_path(&mut out, &parts),
        }
    }
    out
}

fn render_output(r: &mut Resolver, o: &OutputData, at: &mut At) -> Json {
    let mut m = Map::new();
    if let Some(d) = &o.description {
        m.insert("Description".into(), json!(d));
    }
    m.insert("Value".into(), r.resolve(&o.value.0, at));
    if let Some(e) = &o.export_name {
        let name = r.resolve(&e.0, at);
        if let Some(text) = name.as_str() {
            if text.is_empty() || text.chars().count() > limits::EXPORT_NAME_LENGTH {
                r.diag(
                    at.element,
                    format!(
                        "export name `{text}` has {} characters; CloudFormation allows 1 to {}",
                        text.chars().count(),
                        limits::EXPORT_NAME_LENGTH
                    ),
                    "shorten the name given to CfnOutput::export_name (it must be unique in the account and region)",
                );
            }
        }
        m.insert("Export".into(), json!({ "Name": name }));
    }
    if let Some(c) = &o.condition {
        let name = r.condition_name(c, at);
        m.insert("Condition".into(), name);
    }
    Json::Object(m)
}

/// The export name of a cross-stack reference: `<stack>:<output id>`, as AWS CDK writes it,
/// keeping the *end* of the output id when the whole would exceed CloudFormation's 255
/// characters (CDK's `generateExportName` does the same, so the names match CDK's). The end
/// holds the id's hash, so shortened names stay distinct and deterministic.
fn generated_export_name(stack: &str, output_id: &str) -> String {
    let prefix = format!("{stack}:");
    let room = limits::EXPORT_NAME_LENGTH.saturating_sub(prefix.len());
    let skip = output_id.len().saturating_sub(room);
    format!("{prefix}{}", &output_id[skip..])
}

/// Splits an override path at `.`, honouring `\.` as a literal dot.
fn split_override_path(path: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'.') => {
                chars.next();
                if let Some(p) = parts.last_mut() {
                    p.push('.');
                }
            }
            '.' => parts.push(String::new()),
            c => {
                if let Some(p) = parts.last_mut() {
                    p.push(c);
                }
            }
        }
    }
    parts
}

fn set_path(target: &mut Json, parts: &[String], value: Json) {
    let Some((first, rest)) = parts.split_first() else {
        merge_override(target, value);
        return;
    };
    if let Json::Array(a) = target {
        if let Some(slot) = first.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
            return set_path(slot, rest, value);
        }
    }
    if !target.is_object() || is_intrinsic(target) {
        *target = Json::Object(Map::new());
    }
    if let Json::Object(m) = target {
        let slot = m.entry(first.clone()).or_insert(Json::Null);
        if rest.is_empty() {
            merge_override(slot, value);
        } else {
            set_path(slot, rest, value);
        }
    }
}

/// CDK's `deepMerge`: an object merges into an existing object key by key (recursively);
/// anything else, or an intrinsic (`{"Ref": …}`, `{"Fn::If": …}`) on either side, replaces.
fn merge_override(slot: &mut Json, value: Json) {
    match (&mut *slot, value) {
        (Json::Object(existing), Json::Object(new))
            if !is_intrinsic_map(&new) && !is_intrinsic_map(existing) =>
        {
            for (k, v) in new {
                match existing.get_mut(&k) {
                    Some(e) => merge_override(e, v),
                    None => {
                        existing.insert(k, v);
                    }
                }
            }
        }
        (_, value) => *slot = value,
    }
}

fn is_intrinsic(v: &Json) -> bool {
    v.as_object().is_some_and(is_intrinsic_map)
}

fn is_intrinsic_map(m: &Map<String, Json>) -> bool {
    m.len() == 1 && m.keys().all(|k| k == "Ref" || k.starts_with("Fn::"))
}

fn delete_path(target: &mut Json, parts: &[String]) {
    let Some((first, rest)) = parts.split_first() else {
        return;
    };
    match target {
        Json::Object(m) if rest.is_empty() => {
            m.shift_remove(first);
        }
        Json::Object(m) => {
            if let Some(next) = m.get_mut(first) {
                delete_path(next, rest);
            }
        }
        Json::Array(a) => {
            if let Ok(i) = first.parse::<usize>() {
                if rest.is_empty() && i < a.len() {
                    a.remove(i);
                } else if let Some(next) = a.get_mut(i) {
                    delete_path(next, rest);
                }
            }
        }
        _ => {}
    }
}

/// Strongly connected components with more than one member, or with a self-loop
/// (Tarjan's algorithm, iterative). Each is returned as one concrete cycle through all of
/// its members where possible, starting at its lowest index.
fn cycles(graph: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = graph.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = graph[v].get(*edge) {
                *edge += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 || graph[v].contains(&v) {
                    comp.sort_unstable();
                    out.push(order_cycle(graph, &comp));
                }
            }
        }
    }
    out.sort();
    out
}

/// Orders the members of a strongly connected component along edges, starting at the
/// lowest, so the message reads as a path; members the walk misses are appended.
fn order_cycle(graph: &[Vec<usize>], comp: &[usize]) -> Vec<usize> {
    let mut path = vec![comp[0]];
    let mut cur = comp[0];
    loop {
        let next = graph[cur]
            .iter()
            .copied()
            .filter(|w| comp.contains(w) && !path.contains(w))
            .min();
        match next {
            Some(w) => {
                path.push(w);
                cur = w;
            }
            None => break,
        }
    }
    for &m in comp {
        if !path.contains(&m) {
            path.push(m);
        }
    }
    path
}

/// Dependencies first; among the ready, the earliest created.
fn topo_order(graph: &[Vec<usize>]) -> Vec<usize> {
    let n = graph.len();
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let Some(i) = (0..n).find(|&i| !done[i] && graph[i].iter().all(|&d| done[d] || d == i))
        else {
            // Only reachable with a cycle, which is reported before this runs.
            order.extend((0..n).filter(|&i| !done[i]));
            break;
        };
        done[i] = true;
        order.push(i);
    }
    order
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

#[cfg(test)]
mod tests {
    use super::assets::normalize;
    use super::*;
    use std::path::Path;

    #[test]
    fn override_paths() {
        assert_eq!(split_override_path("A.B"), vec!["A", "B"]);
        assert_eq!(split_override_path(r"A\.B.C"), vec!["A.B", "C"]);
        let mut v = json!({"Properties": {"Tags": [{"Key": "a"}], "X": 1}});
        set_path(
            &mut v,
            &split_override_path("Properties.Tags.0.Key"),
            json!("b"),
        );
        set_path(&mut v, &split_override_path("Properties.X.Y"), json!(2));
        set_path(
            &mut v,
            &split_override_path("Properties.New.Deep"),
            json!(true),
        );
        assert_eq!(
            v,
            json!({"Properties": {"Tags": [{"Key": "b"}], "X": {"Y": 2}, "New": {"Deep": true}}})
        );
        delete_path(&mut v, &split_override_path("Properties.X"));
        delete_path(&mut v, &split_override_path("Properties.Missing.Deep"));
        assert_eq!(
            v,
            json!({"Properties": {"Tags": [{"Key": "b"}], "New": {"Deep": true}}})
        );
    }

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

    #[test]
    fn cycle_detection() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0
        let g = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        assert_eq!(cycles(&g), vec![vec![0, 1, 2], vec![3]]);
        assert!(cycles(&[vec![1], vec![]]).is_empty());
    }

    #[test]
    fn topological_order() {
        // 0 depends on 2, 1 on nothing, 2 on 1
        assert_eq!(topo_order(&[vec![2], vec![], vec![1]]), vec![1, 2, 0]);
    }
}
