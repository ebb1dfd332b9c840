//! The construct tree: [`App`], [`Stack`], plain [`Scope`]s and the [`Node`] handle every
//! construct carries.
//!
//! The tree lives in one arena per app behind `Rc<RefCell<…>>`; handles are an `Rc` and an
//! index, so they are cheap to clone and a construct made early can be changed later (a grant
//! adds a statement to a role after both exist). Mistakes in construction (an empty id, a `/`
//! in an id, two siblings with the same id) never panic: they are recorded on the node and
//! reported, all together, by [`App::synth`].

use std::cell::{Ref, RefCell, RefMut};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::value::IndexMap;

use crate::element::ElementKind;
use crate::error::Diagnostic;
use crate::value::{Flavor, Value};

pub(crate) type NodeId = usize;

pub(crate) struct NodeData {
    pub(crate) id: String,
    pub(crate) parent: Option<NodeId>,
    pub(crate) children: Vec<NodeId>,
    pub(crate) kind: Kind,
    /// The id was rejected at construction (empty, has `/`, or a sibling has it). That is
    /// reported once; what derives from the id (the logical ID, its uniqueness) is not
    /// reported again for this node and its descendants.
    pub(crate) bad_id: bool,
    /// A hash of `id` ([`id_hash`]), so that the check for a sibling with the same id
    /// compares numbers, not strings (a stack has hundreds of children).
    pub(crate) id_hash: u64,
}

/// The hash of a construct id kept in [`NodeData::id_hash`].
fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(id)
}

// One per construct and element: keep it small (box a new large kind instead).
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<NodeData>() <= 120);

// Nodes live in one arena `Vec`: the large variants are boxed, so a node of the common
// kinds (a scope, a resource) is not as large as a stack's settings.
pub(crate) enum Kind {
    App,
    Stack(Box<StackData>),
    Scope,
    Element(ElementKind),
    /// A file written beside the stack's templates ([`OutputFile`](crate::OutputFile)).
    File(Box<crate::element::FileData>),
}

/// Template-level settings of a stack.
#[derive(Default)]
pub(crate) struct StackData {
    pub(crate) description: Option<String>,
    pub(crate) transforms: Vec<String>,
    pub(crate) metadata: IndexMap<String, Value>,
    pub(crate) dependencies: Vec<NodeId>,
    pub(crate) path_metadata: bool,
    pub(crate) flavors: Vec<Flavor>,
    pub(crate) reserved: Vec<(Flavor, String, String)>,
}

/// A check registered with [`Node::add_validation`]: `(message, hint)` pairs.
pub(crate) type Validation = Rc<dyn Fn() -> Vec<(String, String)>>;

thread_local! {
    /// The apps of this thread, to name a reference's target in messages: values hold only
    /// an app id and a node index (plain data, so the nodes can be freed on another thread),
    /// and a message about a target looks its tree up here.
    static TREES: RefCell<Vec<(u64, std::rc::Weak<RefCell<Tree>>)>> = const { RefCell::new(Vec::new()) };
}

/// The construct path of node `node` of app `app`, if that app lives on this thread and is
/// not borrowed mutably right now.
pub(crate) fn path_in_app(app: u64, node: NodeId) -> Option<String> {
    let tree = TREES.with(|t| {
        t.borrow()
            .iter()
            .find(|(id, _)| *id == app)
            .and_then(|(_, w)| w.upgrade())
    })?;
    let t = tree.try_borrow().ok()?;
    (node < t.nodes.len()).then(|| t.path(node))
}

/// A tree with at least this many nodes is freed on a thread of its own: freeing is one
/// `free` per string, vector and map of every value (3.5 ms for the 1,800 resources of the
/// bench's largest app, a tenth of its run), and nothing waits for it. Below this, starting
/// the thread would cost more than it saves.
const FREE_IN_BACKGROUND_FROM_NODES: usize = 1000;

// The nodes hold plain data only (no `Rc`), which is what lets them move to another thread.
const _: () = {
    const fn send<T: Send>() {}
    send::<Vec<NodeData>>();
};

impl Drop for Tree {
    fn drop(&mut self) {
        let app = self.app;
        // `try_with`: a tree dropped while the thread's locals are torn down.
        let _ = TREES.try_with(|t| t.borrow_mut().retain(|(id, _)| *id != app));
        if self.nodes.len() >= FREE_IN_BACKGROUND_FROM_NODES {
            let nodes = std::mem::take(&mut self.nodes);
            // If no thread can be started, the nodes come back in the error and are freed here.
            let _ = std::thread::Builder::new()
                .name("cdk-free".into())
                .spawn(move || drop(nodes));
        }
    }
}

pub(crate) struct Tree {
    pub(crate) app: u64,
    pub(crate) nodes: Vec<NodeData>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Checks run by every synthesis, each with the node it reports on.
    pub(crate) validations: Vec<(NodeId, Validation)>,
    /// Problems that do not fail synthesis ([`Node::add_warning`]), printed by it.
    pub(crate) warnings: Vec<Diagnostic>,
    /// The aspects and what they visited ([`Aspects`](crate::Aspects)).
    pub(crate) aspects: crate::aspects::AspectState,
    /// Check packs, acknowledgements and whether synthesis runs the packs
    /// ([`checks`](crate::checks)).
    pub(crate) checks: crate::checks::CheckState,
    /// Data constructs keep on nodes ([`Node::with_attachment`]), by node and type.
    pub(crate) attachments:
        crate::value::HashMap<(NodeId, std::any::TypeId), Box<dyn std::any::Any>>,
    pub(crate) out_dir: PathBuf,
    /// The user's crate root (absolute), when the app was made with [`app!`](crate::app):
    /// relative asset paths and a relative output folder resolve against it.
    pub(crate) root: Option<PathBuf>,
}

/// The read-only part of a [`Tree`] synthesis renders from: its nodes (plain data, so this
/// view can be shared by the threads that render stacks side by side), the app's id and the
/// crate root.
#[derive(Clone, Copy)]
pub(crate) struct Nodes<'t> {
    pub(crate) app: u64,
    pub(crate) nodes: &'t [NodeData],
    pub(crate) root: Option<&'t std::path::Path>,
}

// Shared by the rendering threads.
const _: () = {
    const fn sync<T: Sync>() {}
    sync::<Nodes<'static>>();
};

impl Tree {
    /// The read-only view of the nodes.
    pub(crate) fn view(&self) -> Nodes<'_> {
        Nodes {
            app: self.app,
            nodes: &self.nodes,
            root: self.root.as_deref(),
        }
    }

    /// See [`Nodes::resolve_path`].
    pub(crate) fn resolve_path(&self, path: &std::path::Path) -> PathBuf {
        self.view().resolve_path(path)
    }

    /// See [`Nodes::path`].
    pub(crate) fn path(&self, id: NodeId) -> String {
        self.view().path(id)
    }

    /// See [`Nodes::path_in_stack`].
    pub(crate) fn path_in_stack(&self, id: NodeId) -> Vec<&str> {
        self.view().path_in_stack(id)
    }

    /// See [`Nodes::stack_of`].
    pub(crate) fn stack_of(&self, id: NodeId) -> Option<NodeId> {
        self.view().stack_of(id)
    }

    /// See [`Nodes::element`].
    pub(crate) fn element(&self, id: NodeId) -> Option<&ElementKind> {
        self.view().element(id)
    }

    /// See [`Nodes::stack_data`].
    pub(crate) fn stack_data(&self, id: NodeId) -> Option<&StackData> {
        self.view().stack_data(id)
    }

    /// See [`Nodes::descendants`].
    pub(crate) fn descendants(&self, id: NodeId) -> Vec<NodeId> {
        self.view().descendants(id)
    }
}

impl<'t> Nodes<'t> {
    /// `path` as synthesis uses it: a relative path is taken from the crate root when the
    /// app knows it, else from the working directory (returned unchanged).
    pub(crate) fn resolve_path(&self, path: &std::path::Path) -> PathBuf {
        match self.root {
            Some(root) if path.is_relative() => root.join(path),
            _ => path.to_path_buf(),
        }
    }

    pub(crate) fn path(&self, mut id: NodeId) -> String {
        // Room for a usual depth, so the vector does not grow on the way up.
        let mut parts = Vec::with_capacity(8);
        while let Some(parent) = self.nodes[id].parent {
            parts.push(self.nodes[id].id.as_str());
            id = parent;
        }
        parts.reverse();
        parts.join("/")
    }

    /// The ids from the stack (exclusive) down to `id` (inclusive).
    pub(crate) fn path_in_stack(&self, mut id: NodeId) -> Vec<&'t str> {
        let mut parts = Vec::with_capacity(8);
        while !matches!(self.nodes[id].kind, Kind::Stack(_) | Kind::App) {
            parts.push(self.nodes[id].id.as_str());
            match self.nodes[id].parent {
                Some(p) => id = p,
                None => break,
            }
        }
        parts.reverse();
        parts
    }

    pub(crate) fn stack_of(&self, mut id: NodeId) -> Option<NodeId> {
        loop {
            if matches!(self.nodes[id].kind, Kind::Stack(_)) {
                return Some(id);
            }
            id = self.nodes[id].parent?;
        }
    }

    pub(crate) fn element(&self, id: NodeId) -> Option<&'t ElementKind> {
        match &self.nodes[id].kind {
            Kind::Element(e) => Some(e),
            _ => None,
        }
    }

    pub(crate) fn stack_data(&self, id: NodeId) -> Option<&'t StackData> {
        match &self.nodes[id].kind {
            Kind::Stack(s) => Some(s),
            _ => None,
        }
    }

    /// Every node below `id` (inclusive), depth first in insertion order.
    pub(crate) fn descendants(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            out.push(n);
            stack.extend(self.nodes[n].children.iter().rev().copied());
        }
        out
    }
}

/// A handle on one node of the construct tree. Cheap to clone.
#[derive(Clone)]
pub struct Node {
    pub(crate) tree: Rc<RefCell<Tree>>,
    pub(crate) id: NodeId,
}

impl std::fmt::Debug for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Node({})", self.path())
    }
}

impl Node {
    pub(crate) fn tree(&self) -> Ref<'_, Tree> {
        self.tree.borrow()
    }

    pub(crate) fn tree_mut(&self) -> RefMut<'_, Tree> {
        self.tree.borrow_mut()
    }

    /// Adds a child node, validating its id. Invalid or duplicate ids are recorded as
    /// diagnostics; the node is created anyway so construction can go on.
    pub(crate) fn add_child(&self, id: &str, kind: Kind) -> Node {
        let mut tree = self.tree_mut();
        let hash = id_hash(id);
        let duplicate = tree.nodes[self.id]
            .children
            .iter()
            .any(|&c| tree.nodes[c].id_hash == hash && tree.nodes[c].id == id);
        let mut problems = Vec::new();
        if id.is_empty() || id.contains('/') || duplicate {
            // Paths are only built for messages: construction stays cheap.
            let parent_path = tree.path(self.id);
            let shown = |id: &str| {
                if parent_path.is_empty() {
                    id.to_string()
                } else {
                    format!("{parent_path}/{id}")
                }
            };
            if id.is_empty() {
                problems.push(Diagnostic::new(
                    shown("<empty>"),
                    "a construct id must not be empty",
                    "give the construct a short name that is unique among its siblings",
                ));
            }
            if id.contains('/') {
                problems.push(Diagnostic::new(
                    shown(id),
                    format!("construct id `{id}` contains `/`, the path separator"),
                    "use another character, e.g. `-`; nest constructs with a Scope instead",
                ));
            }
            if duplicate {
                problems.push(Diagnostic::new(
                    shown(id),
                    format!(
                        "there is already a construct with id `{id}` in `{}`",
                        if parent_path.is_empty() {
                            "the app"
                        } else {
                            &parent_path
                        }
                    ),
                    "ids must be unique among siblings; rename one of them",
                ));
            }
        }
        let new_id = tree.nodes.len();
        tree.nodes.push(NodeData {
            id: id.to_string(),
            parent: Some(self.id),
            children: Vec::new(),
            kind,
            bad_id: !problems.is_empty(),
            id_hash: hash,
        });
        tree.nodes[self.id].children.push(new_id);
        tree.diagnostics.extend(problems);
        Node {
            tree: self.tree.clone(),
            id: new_id,
        }
    }

    /// The construct's id (its last path component).
    pub fn id(&self) -> String {
        self.tree().nodes[self.id].id.clone()
    }

    /// The construct's path from its stack, e.g. `ImageStack/Images/Resource`.
    pub fn path(&self) -> String {
        self.tree().path(self.id)
    }

    /// The stack this construct belongs to.
    pub fn stack(&self) -> Stack {
        let stack = self.tree().stack_of(self.id).unwrap_or(0);
        Stack {
            node: Node {
                tree: self.tree.clone(),
                id: stack,
            },
        }
    }

    /// Records an error on this construct; [`App::synth`] reports it (with this construct's
    /// path and the hint) and writes nothing. Constructs use this to validate their input
    /// without panicking.
    pub fn add_error(&self, message: impl Into<String>, hint: impl Into<String>) {
        let path = self.path();
        self.tree_mut()
            .diagnostics
            .push(Diagnostic::new(path, message, hint));
    }

    /// Registers `check`, which every synthesis runs before anything else: each
    /// `(message, hint)` it returns is reported on this construct, like
    /// [`add_error`](Self::add_error). For mistakes that only show once the construct is
    /// complete (a container left empty, a requirement nothing fulfilled), which a
    /// construct cannot see when it is built. `check` reads state the construct shares with
    /// it; it must not hold a handle on the tree (that would keep the app alive forever) and
    /// must not change the tree.
    pub fn add_validation(&self, check: impl Fn() -> Vec<(String, String)> + 'static) {
        let id = self.id;
        self.tree_mut().validations.push((id, Rc::new(check)));
    }

    /// Records a warning on this construct: synthesis prints it (with this construct's path
    /// and the hint) and goes on. For what is probably, but not certainly, a mistake.
    pub fn add_warning(&self, message: impl Into<String>, hint: impl Into<String>) {
        let path = self.path();
        let d = Diagnostic::new(path, message, hint);
        let mut tree = self.tree_mut();
        if !tree.warnings.contains(&d) {
            tree.warnings.push(d);
        }
    }

    /// Runs `f` on this node's attachment of type `T` (created with `T::default()` on first
    /// use): data a construct library keeps on nodes of the tree without the tree knowing
    /// what it is (the tags an aspect manages on a resource, say). Never rendered. `f` must
    /// not use the tree (it runs while the tree is borrowed).
    pub fn with_attachment<T: Default + 'static, R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        let mut tree = self.tree_mut();
        let slot = tree
            .attachments
            .entry((self.id, std::any::TypeId::of::<T>()))
            .or_insert_with(|| Box::new(T::default()));
        match slot.downcast_mut::<T>() {
            Some(t) => f(t),
            // The key is the type's id, so the box always holds a `T`.
            None => f(&mut T::default()),
        }
    }

    /// A stable id for this construct, unique in its app: its whole path (stack included)
    /// through the logical-ID scheme, as CDK's `Names.nodeUniqueId`
    /// (`MyStack/Queue` → `MyStackQueue3E046D3D`). Constructs use it to name what they
    /// create for another construct (`SqsEventSource:<queue's unique id>`).
    pub fn unique_id(&self) -> String {
        let tree = self.tree();
        // The path's components straight from the tree, without joining and splitting them.
        let mut parts = Vec::with_capacity(8);
        let mut id = self.id;
        while let Some(parent) = tree.nodes[id].parent {
            parts.push(tree.nodes[id].id.as_str());
            id = parent;
        }
        parts.reverse();
        if parts.iter().any(|p| p.contains('/')) {
            // An id with `/` (reported at construction) splits as in the joined path.
            let path = parts.join("/");
            let split: Vec<&str> = path.split('/').collect();
            return crate::logical_id::make_unique_id(&split);
        }
        crate::logical_id::make_unique_id(&parts)
    }

    /// Whether both handles point at the same construct.
    pub fn same(&self, other: &Node) -> bool {
        Rc::ptr_eq(&self.tree, &other.tree) && self.id == other.id
    }

    /// The handles of this construct's direct children, in creation order.
    pub fn children(&self) -> Vec<Node> {
        self.tree().nodes[self.id]
            .children
            .iter()
            .map(|&id| Node {
                tree: self.tree.clone(),
                id,
            })
            .collect()
    }

    pub(crate) fn app_id(&self) -> u64 {
        self.tree().app
    }

    /// Whether `other` belongs to the same [`App`] as this node. A construct must never
    /// change a construct of another app (that app would synthesize the change even though
    /// the app that made it fails): check this before wiring two constructs together.
    pub fn same_app(&self, other: &Node) -> bool {
        Rc::ptr_eq(&self.tree, &other.tree)
    }
}

/// Anything that sits in the construct tree below a stack: stacks, scopes, resources and the
/// higher-level constructs built from them. A construct is the scope of the constructs it
/// creates.
pub trait Construct {
    /// This construct's node in the tree.
    fn node(&self) -> &Node;
}

impl Construct for Node {
    fn node(&self) -> &Node {
        self
    }
}

impl<T: Construct> Construct for &T {
    fn node(&self) -> &Node {
        (**self).node()
    }
}

/// The root of a construct tree: a set of stacks synthesized together.
///
/// ```
/// use cdk_core::{App, Construct, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "MyStack");
/// assert_eq!(stack.node().path(), "MyStack");
/// ```
#[derive(Clone)]
pub struct App {
    pub(crate) node: Node,
}

impl Default for App {
    fn default() -> Self {
        App::new()
    }
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "App({})", self.node.tree().out_dir.display())
    }
}

impl App {
    /// A new, empty app that synthesizes into `synth-out/`. It does not know your crate, so
    /// relative paths (asset folders, the output folder) are taken from the **working
    /// directory** at synth. A program should use [`app!`](crate::app) instead, which
    /// resolves them against the crate root wherever `cargo run` is started from; `App::new`
    /// suits tests that assert on templates in memory.
    pub fn new() -> App {
        App::with_out_dir("synth-out")
    }

    /// A new, empty app whose relative paths resolve against `root` (absolute: the crate
    /// root, which [`app!`](crate::app) passes as `env!("CARGO_MANIFEST_DIR")`). It writes to
    /// `<root>/synth-out/` unless [`set_out_dir`](Self::set_out_dir) says otherwise.
    pub fn with_root(root: impl Into<PathBuf>) -> App {
        let app = App::with_out_dir("synth-out");
        app.node.tree_mut().root = Some(root.into());
        app
    }

    /// Changes the output folder; a relative one resolves like asset paths (against the
    /// crate root for an app made by [`app!`](crate::app)).
    pub fn set_out_dir(&self, out_dir: impl Into<PathBuf>) -> &App {
        self.node.tree_mut().out_dir = out_dir.into();
        self
    }

    /// A new, empty app that synthesizes into `out_dir` (a relative one from the working
    /// directory).
    pub fn with_out_dir(out_dir: impl Into<PathBuf>) -> App {
        static NEXT_APP: AtomicU64 = AtomicU64::new(1);
        let tree = Tree {
            app: NEXT_APP.fetch_add(1, Ordering::Relaxed),
            nodes: vec![NodeData {
                id: String::new(),
                parent: None,
                children: Vec::new(),
                kind: Kind::App,
                bad_id: false,
                id_hash: id_hash(""),
            }],
            diagnostics: Vec::new(),
            validations: Vec::new(),
            warnings: Vec::new(),
            aspects: Default::default(),
            checks: Default::default(),
            attachments: Default::default(),
            out_dir: out_dir.into(),
            root: None,
        };
        let app_id = tree.app;
        let tree = Rc::new(RefCell::new(tree));
        TREES.with(|t| t.borrow_mut().push((app_id, Rc::downgrade(&tree))));
        App {
            node: Node { tree, id: 0 },
        }
    }

    /// The folder [`App::synth`] writes to (resolved against the crate root, see
    /// [`app!`](crate::app)).
    pub fn out_dir(&self) -> PathBuf {
        let tree = self.node.tree();
        tree.resolve_path(&tree.out_dir)
    }

    /// The crate root relative paths resolve against, when the app knows it.
    pub fn root(&self) -> Option<PathBuf> {
        self.node.tree().root.clone()
    }

    /// The warnings recorded so far ([`Node::add_warning`]; aspects add theirs when synthesis
    /// runs them), in the order they were recorded, each once.
    pub fn warnings(&self) -> Vec<crate::Diagnostic> {
        self.node.tree().warnings.clone()
    }

    /// The app's stacks, in creation order.
    pub fn stacks(&self) -> Vec<Stack> {
        self.node
            .children()
            .into_iter()
            .filter(|n| matches!(n.tree().nodes[n.id].kind, Kind::Stack(_)))
            .map(|node| Stack { node })
            .collect()
    }
}

/// A CloudFormation stack: the unit of deployment, one template.
///
/// The stack's id is its CloudFormation stack name, so it must match
/// `[A-Za-z][A-Za-z0-9-]*` and be at most 128 characters (checked at synth).
#[derive(Clone, Debug)]
pub struct Stack {
    pub(crate) node: Node,
}

impl Construct for Stack {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl Stack {
    /// A new stack in `app`, named `id`.
    pub fn new(app: &App, id: &str) -> Stack {
        let node = app.node.add_child(
            id,
            Kind::Stack(Box::new(StackData {
                path_metadata: true,
                flavors: Flavor::ALL.to_vec(),
                ..StackData::default()
            })),
        );
        let valid = !id.is_empty()
            && id.len() <= 128
            && id.starts_with(|c: char| c.is_ascii_alphabetic())
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            node.add_error(
                format!("`{id}` is not a valid CloudFormation stack name"),
                "a stack name starts with a letter, has only letters, digits and `-`, and is at most 128 characters",
            );
        }
        Stack { node }
    }

    /// The stack's name (its id).
    pub fn stack_name(&self) -> String {
        self.node.id()
    }

    fn with_data(&self, f: impl FnOnce(&mut StackData)) {
        let mut tree = self.node.tree_mut();
        if let Kind::Stack(data) = &mut tree.nodes[self.node.id].kind {
            f(data);
        }
    }

    /// Sets the template's `Description` (at most 1024 bytes; checked at synth).
    pub fn set_description(&self, description: impl Into<String>) -> &Self {
        let d = description.into();
        self.with_data(|s| s.description = Some(d));
        self
    }

    /// Adds a `Transform` (macro) to the template, e.g. `AWS::Serverless-2016-10-31`. Adding
    /// the same transform twice keeps one.
    pub fn add_transform(&self, transform: impl Into<String>) -> &Self {
        let t = transform.into();
        self.with_data(|s| {
            if !s.transforms.contains(&t) {
                s.transforms.push(t);
            }
        });
        self
    }

    /// Adds a key to the template's top-level `Metadata`.
    pub fn add_metadata(&self, key: impl Into<String>, value: impl Into<Value>) -> &Self {
        let (k, v) = (key.into(), value.into());
        self.with_data(|s| {
            s.metadata.insert(k, v);
        });
        self
    }

    /// Whether the plain template's resources carry `Metadata: {"aws:cdk:path": …}` with
    /// their construct path, as AWS CDK writes it (default: yes). The SAM template never
    /// does: SAM CLI takes that key as the mark of a CDK app (`sam validate`: "CDK apps are
    /// not officially supported"; `sam build`/`sam local`: functions named by their construct
    /// id instead of their logical ID, and "Cannot detect function id" for every deeper
    /// path), while the SAM template is the one written for SAM CLI.
    pub fn set_path_metadata(&self, enabled: bool) -> &Self {
        self.with_data(|s| s.path_metadata = enabled);
        self
    }

    /// Which templates synthesis writes for this stack (default: both, plain CloudFormation
    /// and SAM). An empty list is a synth error.
    pub fn set_templates(&self, flavors: &[Flavor]) -> &Self {
        let mut f: Vec<Flavor> = flavors.to_vec();
        f.sort();
        f.dedup();
        self.with_data(|s| s.flavors = f);
        self
    }

    /// The templates synthesis writes for this stack.
    pub fn templates(&self) -> Vec<Flavor> {
        self.node
            .tree()
            .stack_data(self.node.id)
            .map(|d| d.flavors.clone())
            .unwrap_or_default()
    }

    /// Reserves logical ID `id` in the `flavor` template: a resource of ours with that ID is a
    /// synth error that quotes `reason`. Constructs use it for names a transform generates
    /// (SAM's `<Function>Role`, `ServerlessDeploymentApplication`, …).
    pub fn reserve_logical_id(&self, flavor: Flavor, id: &str, reason: &str) -> &Self {
        let entry = (flavor, id.to_string(), reason.to_string());
        self.with_data(|s| {
            if !s.reserved.contains(&entry) {
                s.reserved.push(entry);
            }
        });
        self
    }

    /// Deploy `other` before this stack. References between stacks add this automatically.
    pub fn add_dependency(&self, other: &Stack) -> &Self {
        let other_id = other.node.id;
        if !Rc::ptr_eq(&self.node.tree, &other.node.tree) {
            self.node.add_error(
                format!(
                    "cannot depend on stack `{}`: it belongs to another app",
                    other.node.path()
                ),
                "stacks can only depend on stacks of the same App",
            );
            return self;
        }
        self.with_data(|s| {
            if !s.dependencies.contains(&other_id) {
                s.dependencies.push(other_id);
            }
        });
        self
    }
}

/// A plain construct that groups other constructs; its id becomes part of their paths (and
/// therefore of their logical IDs).
///
/// ```
/// use cdk_core::{App, Stack, Scope, Construct};
/// let app = App::new();
/// let stack = Stack::new(&app, "S");
/// let api = Scope::new(&stack, "Api");
/// let v1 = Scope::new(&api, "V1");
/// assert_eq!(v1.node().path(), "S/Api/V1");
/// ```
#[derive(Clone, Debug)]
pub struct Scope {
    node: Node,
}

impl Construct for Scope {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl Scope {
    /// A new scope named `id` inside `scope`.
    pub fn new(scope: &impl Construct, id: &str) -> Scope {
        Scope {
            node: scope.node().add_child(id, Kind::Scope),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logical_id::make_unique_id;

    /// `unique_id` as first written: the path joined by `/`, split again.
    fn by_path(node: &Node) -> String {
        let path = node.path();
        make_unique_id(&path.split('/').collect::<Vec<_>>())
    }

    #[test]
    fn unique_ids_are_the_logical_id_scheme_over_the_whole_path() {
        let app = App::new();
        let stack = Stack::new(&app, "MyStack");
        let queue = Scope::new(&stack, "Queue");
        assert_eq!(queue.node().unique_id(), "MyStackQueue3E046D3D"); // MD5("MyStack/Queue")
        let deep = Scope::new(&Scope::new(&queue, "Default"), "Resource");
        // Bad ids (reported at construction) still give the id the joined path gives.
        let slash = Scope::new(&queue, "a/b");
        let empty = Scope::new(&slash, "");
        for n in [
            stack.node(),
            queue.node(),
            deep.node(),
            slash.node(),
            empty.node(),
        ] {
            assert_eq!(n.unique_id(), by_path(n), "{}", n.path());
        }
        assert_eq!(app.node.unique_id(), "");
    }
}
