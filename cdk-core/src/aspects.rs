//! Aspects: visitors over every construct below a scope, run by synthesis before it
//! validates anything, as AWS CDK's `Aspects.of(scope).add(aspect)`.
//!
//! ```
//! use cdk_core::{Aspects, App, CfnResource, Construct, Node, Stack};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "S");
//! CfnResource::new(&stack, "Queue", "Custom::Queue");
//! // A read-only aspect: every resource must have a `Name`.
//! Aspects::of(&stack).add(|node: &Node| {
//!     if let Some(r) = CfnResource::from_node(node) {
//!         if r.property("Name").is_none() {
//!             node.add_warning("this resource has no Name", "set one with set_property");
//!         }
//!     }
//! });
//! app.assemble().unwrap();
//! assert_eq!(app.warnings().len(), 1);
//! assert_eq!(app.warnings()[0].path, "S/Queue");
//! ```
//!
//! **Order** (AWS CDK's "aspects v2"): on each construct, the aspects of its ancestors and
//! its own run in priority order ([`AspectPriority::MUTATING`] 200 before
//! [`AspectPriority::DEFAULT`] 500 before [`AspectPriority::READONLY`] 1000); at equal
//! priority an ancestor's aspect runs before a nearer one's, so a nearer scope has the last
//! word. Each aspect visits each construct once. Synthesis walks the tree again as long as
//! a walk invoked anything (an aspect may add constructs, or aspects, which the next walk
//! visits), at most [`MAX_ROUNDS`] times; a tree that keeps changing is a synth error, as is
//! an aspect that would run on a construct after one of higher priority already did (added
//! too late: the order could not be kept).
//!
//! An aspect reports problems through the node it visits: [`Node::add_error`] fails
//! synthesis, [`Node::add_warning`] is printed and does not.

use std::rc::Rc;

use crate::error::Diagnostic;
use crate::tree::{Construct, Node, NodeId};
use crate::value::HashMap;

/// The most walks of the tree synthesis makes before it gives up on aspects that keep
/// changing it.
pub const MAX_ROUNDS: usize = 100;

/// A visitor that synthesis calls on every construct below the scope it was added to
/// (the scope included). Closures `Fn(&Node)` are aspects.
pub trait Aspect {
    /// Called once for each construct (`node`) below the aspect's scope.
    fn visit(&self, node: &Node);
}

impl<F: Fn(&Node)> Aspect for F {
    fn visit(&self, node: &Node) {
        self(node)
    }
}

/// Priorities of aspects, as AWS CDK's `AspectPriority`: lower runs first.
#[derive(Clone, Copy, Debug)]
pub struct AspectPriority;

impl AspectPriority {
    /// Aspects that change the tree (tags, defaults): run first.
    pub const MUTATING: u32 = 200;
    /// The priority of [`Aspects::add`].
    pub const DEFAULT: u32 = 500;
    /// Aspects that only read (checks): run last, on the final tree.
    pub const READONLY: u32 = 1000;
}

/// One aspect added to a scope.
pub(crate) struct Application {
    /// The scope it was added to.
    scope: NodeId,
    priority: u32,
    /// Its number in the app, in the order aspects were added: identifies it.
    seq: usize,
    aspect: Rc<dyn Aspect>,
}

/// The aspects of an app and what they already visited.
#[derive(Default)]
pub(crate) struct AspectState {
    applications: Vec<Application>,
    /// Per construct: the aspects (by `seq`) invoked on it, and the highest priority among
    /// them.
    invoked: HashMap<NodeId, (Vec<usize>, u32)>,
    /// Set while aspects run: an aspect that synthesizes (calls `assemble` itself) must not
    /// start another round.
    running: bool,
}

/// The aspects of one scope: `Aspects::of(&scope).add(aspect)`.
#[derive(Clone, Debug)]
pub struct Aspects {
    node: Node,
}

impl Aspects {
    /// The aspects of `scope` (a stack, a construct, a resource).
    pub fn of(scope: &impl Construct) -> Aspects {
        Aspects {
            node: scope.node().clone(),
        }
    }

    /// Adds `aspect` with [`AspectPriority::DEFAULT`].
    pub fn add(&self, aspect: impl Aspect + 'static) -> &Self {
        self.add_with_priority(aspect, AspectPriority::DEFAULT)
    }

    /// Adds `aspect` with `priority` (see [`AspectPriority`]; lower runs first).
    pub fn add_with_priority(&self, aspect: impl Aspect + 'static, priority: u32) -> &Self {
        let mut tree = self.node.tree_mut();
        let state = &mut tree.aspects;
        let seq = state.applications.len();
        state.applications.push(Application {
            scope: self.node.id,
            priority,
            seq,
            aspect: Rc::new(aspect),
        });
        self
    }

    /// The priorities of the aspects added to this scope itself, in the order they were
    /// added.
    pub fn priorities(&self) -> Vec<u32> {
        self.node
            .tree()
            .aspects
            .applications
            .iter()
            .filter(|a| a.scope == self.node.id)
            .map(|a| a.priority)
            .collect()
    }
}

/// Runs every aspect of the app `root` belongs to until a walk of the tree invokes nothing
/// new (see the module docs). Synthesis calls this first; calling it again invokes only
/// what is new.
pub(crate) fn invoke(root: &Node) {
    {
        let mut tree = root.tree_mut();
        if tree.aspects.running || tree.aspects.applications.is_empty() {
            return;
        }
        tree.aspects.running = true;
    }
    let app = Node {
        tree: root.tree.clone(),
        id: 0,
    };
    let mut settled = false;
    for _ in 0..MAX_ROUNDS {
        if !walk(&app, &[]) {
            settled = true;
            break;
        }
    }
    let mut tree = root.tree_mut();
    tree.aspects.running = false;
    if !settled {
        tree.diagnostics.push(Diagnostic::new(
            "<app>",
            format!("aspects still changed the tree after {MAX_ROUNDS} walks"),
            "an aspect adds constructs (or aspects) every time it runs; make it add them once",
        ));
    }
}

/// One walk below `node`, with the aspects inherited from its ancestors (`inherited`,
/// sorted); whether it invoked anything.
fn walk(node: &Node, inherited: &[(u32, usize)]) -> bool {
    // (priority, seq) of every aspect that applies here, ancestors' first at equal priority.
    let here: Vec<(u32, usize)> = {
        let tree = node.tree();
        let mut here: Vec<(u32, usize)> = inherited.to_vec();
        here.extend(
            tree.aspects
                .applications
                .iter()
                .filter(|a| a.scope == node.id)
                .map(|a| (a.priority, a.seq)),
        );
        // Stable: ancestors first at equal priority.
        here.sort_by_key(|&(p, _)| p);
        here
    };
    let mut did = false;
    for &(priority, seq) in &here {
        let aspect = {
            let mut tree = node.tree_mut();
            let entry = tree.aspects.invoked.entry(node.id).or_default();
            if entry.0.contains(&seq) {
                continue;
            }
            let highest = entry.1;
            let too_late = !entry.0.is_empty() && highest > priority;
            entry.0.push(seq);
            entry.1 = highest.max(priority);
            if too_late {
                let path = tree.path(node.id);
                tree.diagnostics.push(Diagnostic::new(
                    path,
                    format!("an aspect of priority {priority} was added after one of priority {highest} already ran on this construct"),
                    "add aspects before synthesis starts, or from an aspect of lower priority than the aspects it must precede",
                ));
                continue;
            }
            tree.aspects.applications[seq].aspect.clone()
        };
        aspect.visit(node);
        did = true;
    }
    for child in node.children() {
        did |= walk(&child, &here);
    }
    did
}
