//! Logical IDs: every element's ID from its construct path (AWS CDK's scheme) or its
//! override, and the checks on them: valid, unique per template section, clear of the names
//! a transform reserves.

use crate::value::HashMap;

use crate::element::ElementKind;
use crate::error::Diagnostic;
use crate::logical_id::{self, make_unique_id};
use crate::tree::{NodeId, Tree};
use crate::value::Flavor;

/// Every node's construct path, in one buffer.
pub(super) struct Paths {
    text: String,
    /// Per node: its path's range in `text`.
    ranges: Vec<(usize, usize)>,
}

impl Paths {
    /// The path of node `n`.
    pub(super) fn get(&self, n: NodeId) -> &str {
        let (start, end) = self.ranges[n];
        self.text.get(start..end).unwrap_or_default()
    }
}

/// Per node: its construct path (children come after their parents in the arena, so each
/// path is its parent's plus one component), all in one buffer: two allocations for the
/// whole tree instead of one per node.
pub(super) fn paths(tree: &Tree) -> Paths {
    let mut text: Vec<u8> = Vec::new();
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(tree.nodes.len());
    for node in &tree.nodes {
        let start = text.len();
        if let Some(p) = node.parent.filter(|&p| p != 0) {
            let (ps, pe) = ranges[p];
            text.extend_from_within(ps..pe);
            text.push(b'/');
        }
        text.extend_from_slice(node.id.as_bytes());
        ranges.push((start, text.len()));
    }
    // Concatenations of UTF-8 strings and `/`: always UTF-8.
    let text = String::from_utf8(text).unwrap_or_default();
    Paths { text, ranges }
}

/// Per stack: its template elements (everything but assets), in tree order.
pub(super) fn elements_by_stack(tree: &Tree, stacks: &[NodeId]) -> HashMap<NodeId, Vec<NodeId>> {
    stacks
        .iter()
        .map(|&stack| {
            let elements = tree
                .descendants(stack)
                .into_iter()
                .filter(|&n| {
                    tree.element(n)
                        .is_some_and(|e| !matches!(e, ElementKind::Asset(..)))
                })
                .collect();
            (stack, elements)
        })
        .collect()
}

/// Per node: the logical ID of each element, from its override or its path. (Content-hashed
/// IDs come later, from `render::content_ids`, because they need these to render.)
pub(super) fn assign(
    tree: &Tree,
    elements_of: &HashMap<NodeId, Vec<NodeId>>,
) -> Vec<Option<String>> {
    let nodes = tree.view();
    let id_of = |n: NodeId| {
        let explicit = match nodes.element(n) {
            Some(ElementKind::Resource(d)) => d.logical_id.clone(),
            Some(ElementKind::Output(o)) => o.logical_id.clone(),
            _ => None,
        };
        explicit.unwrap_or_else(|| make_unique_id(&nodes.path_in_stack(n)))
    };
    let all: Vec<NodeId> = elements_of.values().flatten().copied().collect();
    let threads = if all.len() >= super::PARALLEL_FROM_ELEMENTS {
        super::cores()
    } else {
        1
    };
    // An MD5 and two strings per element: for a large app, spread over the cores in small
    // chunks, each thread taking the next one (a thread that starts late takes fewer; see
    // ARCHITECTURE.md, *Threads*).
    let ids: Vec<String> = if threads <= 1 {
        all.iter().map(|&n| id_of(n)).collect()
    } else {
        const CHUNK: usize = 64;
        let chunks: Vec<&[NodeId]> = all.chunks(CHUNK).collect();
        let next = std::sync::atomic::AtomicUsize::new(0);
        let work = || {
            let mut done = Vec::new();
            loop {
                let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(part) = chunks.get(k) else { break };
                done.push((k, part.iter().map(|&n| id_of(n)).collect::<Vec<_>>()));
            }
            done
        };
        let mut by_chunk: Vec<Option<Vec<String>>> = vec![None; chunks.len()];
        std::thread::scope(|scope| {
            let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
            for (k, ids) in work() {
                by_chunk[k] = Some(ids);
            }
            for h in handles {
                // A panic there cannot happen (the work does not panic); the chunks it
                // took are computed below then.
                for (k, ids) in h.join().unwrap_or_default() {
                    by_chunk[k] = Some(ids);
                }
            }
        });
        by_chunk
            .into_iter()
            .zip(&chunks)
            .flat_map(|(ids, part)| ids.unwrap_or_else(|| part.iter().map(|&n| id_of(n)).collect()))
            .collect()
    };
    let mut logical = vec![None; tree.nodes.len()];
    for (n, id) in all.into_iter().zip(ids) {
        logical[n] = Some(id);
    }
    logical
}

/// The problems with the logical IDs: invalid ones, two elements with one ID in a template
/// section, an ID a template reserves, and a stack with no template at all.
pub(super) fn check(
    tree: &Tree,
    logical: &[Option<String>],
    stacks: &[NodeId],
    elements_of: &HashMap<NodeId, Vec<NodeId>>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // A node whose id (or an ancestor's) was rejected at construction has been reported
    // once already; its logical ID derives from that id, so it is not checked again.
    let mut bad_id = vec![false; tree.nodes.len()];
    for (n, node) in tree.nodes.iter().enumerate() {
        bad_id[n] = node.bad_id || node.parent.is_some_and(|p| bad_id[p]);
    }
    for &stack in stacks {
        // (section, logical ID) -> the first element with it, per flavor (in `Flavor::ALL`
        // order): one hash per element, however many templates it is in.
        let elements = &elements_of[&stack];
        let mut seen: HashMap<(&str, &str), [Option<NodeId>; 2]> =
            HashMap::with_capacity_and_hasher(elements.len(), Default::default());
        for &n in elements {
            let Some(el) = tree.element(n) else { continue };
            if bad_id[n] {
                continue;
            }
            let explicit = match el {
                ElementKind::Resource(d) => d.logical_id.is_some() || d.content_id.is_some(),
                ElementKind::Output(o) => o.logical_id.is_some(),
                _ => false,
            };
            let id = logical[n].as_deref().unwrap_or_default();
            if !logical_id::is_valid(id) {
                diags.push(Diagnostic::new(
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
            let slots = seen.entry((section, id)).or_default();
            for (slot, flavor) in slots.iter_mut().zip(Flavor::ALL) {
                if !el.in_flavor(flavor) {
                    continue;
                }
                match *slot {
                    Some(first) => diags.push(Diagnostic::new(
                        tree.path(n),
                        format!("logical ID `{id}` is also used by `{}`", tree.path(first)),
                        "rename one of the constructs, or override one logical ID",
                    )),
                    None => *slot = Some(n),
                }
            }
        }
        if let Some(data) = tree.stack_data(stack) {
            if data.flavors.is_empty() {
                diags.push(Diagnostic::new(
                    tree.path(stack),
                    "the stack opted out of every template",
                    "keep at least one of Flavor::Cfn and Flavor::Sam in Stack::set_templates",
                ));
            }
            for (flavor, id, reason) in &data.reserved {
                let slot = usize::from(*flavor == Flavor::ALL[1]);
                if let Some(n) = seen
                    .get(&("Resources", id.as_str()))
                    .and_then(|slots| slots[slot])
                {
                    diags.push(Diagnostic::new(
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
    diags
}
