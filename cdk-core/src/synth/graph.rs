//! Graphs: dependency cycles (one concrete cycle per strongly connected component), a
//! deterministic topological order, and the graph of stacks.

use crate::value::{FastIndexMap as IndexMap, IndexSet};

use crate::error::Diagnostic;
use crate::tree::{NodeId, Tree};

/// The stacks' dependency graph (by index into `stacks`) and a diagnostic per cycle.
pub(super) fn stack_graph(
    tree: &Tree,
    stacks: &[NodeId],
    deps: &IndexMap<NodeId, IndexSet<NodeId>>,
) -> (Vec<Vec<usize>>, Vec<Diagnostic>) {
    let graph: Vec<Vec<usize>> = stacks
        .iter()
        .map(|s| {
            deps.get(s)
                .map(|deps| {
                    deps.iter()
                        .filter_map(|d| stacks.iter().position(|x| x == d))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let diags = cycles(graph.as_slice())
        .into_iter()
        .map(|cycle| {
            let names: Vec<String> = cycle
                .iter()
                .map(|&i| tree.nodes[stacks[i]].id.clone())
                .collect();
            Diagnostic::new(
                tree.path(stacks[cycle[0]]),
                format!(
                    "stacks depend on each other in a cycle: {} -> {}",
                    names.join(" -> "),
                    names[0]
                ),
                "move the shared resources into a stack of their own that both use",
            )
        })
        .collect();
    (graph, diags)
}

/// A directed graph over `0..len()`, by its adjacency lists.
pub(super) trait Adjacency {
    /// The number of vertices.
    fn len(&self) -> usize;
    /// The targets of `v`'s edges.
    fn edges(&self, v: usize) -> &[usize];
}

impl Adjacency for [Vec<usize>] {
    fn len(&self) -> usize {
        <[Vec<usize>]>::len(self)
    }
    fn edges(&self, v: usize) -> &[usize] {
        &self[v]
    }
}

/// A graph in one vector of edges: vertex `v`'s targets are
/// `edges[offsets[v]..offsets[v + 1]]` (two allocations for any number of vertices).
pub(super) struct Csr {
    pub(super) offsets: Vec<usize>,
    pub(super) edges: Vec<usize>,
}

impl Adjacency for Csr {
    fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }
    fn edges(&self, v: usize) -> &[usize] {
        &self.edges[self.offsets[v]..self.offsets[v + 1]]
    }
}

/// Strongly connected components with more than one member, or with a self-loop
/// (Tarjan's algorithm, iterative). Each is returned as one concrete cycle through all of
/// its members where possible, starting at its lowest index.
pub(super) fn cycles<G: Adjacency + ?Sized>(graph: &G) -> Vec<Vec<usize>> {
    let n = graph.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    let mut work: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        work.push((root, 0));
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = graph.edges(v).get(*edge) {
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
                // Almost every component is one node with no edge to itself: no cycle, and
                // nothing to collect.
                if stack.last() == Some(&v) && !graph.edges(v).contains(&v) {
                    stack.pop();
                    on_stack[v] = false;
                    continue;
                }
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 || graph.edges(v).contains(&v) {
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
fn order_cycle<G: Adjacency + ?Sized>(graph: &G, comp: &[usize]) -> Vec<usize> {
    let mut path = vec![comp[0]];
    let mut cur = comp[0];
    loop {
        let next = graph
            .edges(cur)
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
pub(super) fn topo_order(graph: &[Vec<usize>]) -> Vec<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycle_detection() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0
        let g = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        assert_eq!(cycles(g.as_slice()), vec![vec![0, 1, 2], vec![3]]);
        assert!(cycles(&[vec![1], vec![]][..]).is_empty());
        let csr = Csr {
            offsets: vec![0, 1, 2, 3, 4, 5],
            edges: vec![1, 2, 0, 3, 0],
        };
        assert_eq!(cycles(&csr), vec![vec![0, 1, 2], vec![3]]);
    }

    #[test]
    fn topological_order() {
        // 0 depends on 2, 1 on nothing, 2 on 1
        assert_eq!(topo_order(&[vec![2], vec![], vec![1]]), vec![1, 2, 0]);
    }
}
