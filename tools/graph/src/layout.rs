//! A layered (Sugiyama-style) layout of a compound graph: boxes that may contain boxes.
//!
//! Each group is laid out on its own, bottom-up: its children (leaves and child groups, the
//! latter already sized) are the units of one layered drawing, top to bottom. An edge between
//! two items counts, for the layering, in the group that is their lowest common ancestor,
//! between the two children of that group that contain its ends. The steps per group are the
//! classic ones:
//!
//! 1. cycles broken by reversing the back edges of a depth-first search (in item order);
//! 2. layers by longest path, sources then pulled down next to their first successor;
//! 3. a chain of dummy units for every edge that spans more than one layer (so edges are
//!    routed between units, not through them);
//! 4. the order inside each layer by barycentre sweeps, keeping the order with the fewest
//!    crossings;
//! 5. x coordinates by weighted isotonic regression (pool adjacent violators) towards the
//!    mean position of each unit's neighbours, the exact least-squares placement that keeps
//!    the layer's order and gaps; dummies weigh more, so long edges stay straight.
//!
//! Everything iterates over vectors in index order and breaks ties by index, so the same graph
//! always gives the same layout, to the last bit.

/// A point in picture coordinates (y grows downwards).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Horizontal coordinate.
    pub x: f64,
    /// Vertical coordinate.
    pub y: f64,
}

/// An axis-aligned rectangle.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// The centre of the rectangle.
    pub fn center(&self) -> Point {
        Point {
            x: self.x + self.w / 2.0,
            y: self.y + self.h / 2.0,
        }
    }
}

/// Spacing of a group's content.
#[derive(Clone, Copy, Debug)]
pub struct Spacing {
    /// Room between the group's border and its content, on the left, right and bottom.
    pub pad: f64,
    /// Room above the content (the group's title goes there).
    pub header: f64,
    /// Smallest horizontal gap between two units of a layer.
    pub node_gap: f64,
    /// Vertical gap between two layers (edge labels add to it).
    pub layer_gap: f64,
    /// The group's smallest width (its title's width).
    pub min_width: f64,
}

/// What an item is: a leaf of a given size, or a group sized by its content.
#[derive(Clone, Debug)]
pub enum Kind {
    /// A leaf node of fixed size.
    Leaf {
        /// Width.
        w: f64,
        /// Height.
        h: f64,
    },
    /// A group (box) around its children.
    Group(Spacing),
}

/// One item of the graph; `parent` is the index of a group item, `None` for the top level.
/// Parents must be groups and form a tree (the scenes of this crate always do).
#[derive(Clone, Debug)]
pub struct Item {
    /// The group containing this item.
    pub parent: Option<usize>,
    /// Leaf or group.
    pub kind: Kind,
}

/// An edge between two items (leaves or groups), with an optional label of a given size.
#[derive(Clone, Debug)]
pub struct Edge {
    /// Source item.
    pub from: usize,
    /// Target item.
    pub to: usize,
    /// Width and height of its label, if it has one.
    pub label: Option<(f64, f64)>,
}

/// A graph to lay out; the top level is itself laid out with `root` spacing.
#[derive(Clone, Debug)]
pub struct Graph {
    /// The items; a group comes before none of its children necessarily.
    pub items: Vec<Item>,
    /// The edges.
    pub edges: Vec<Edge>,
    /// Spacing of the top level.
    pub root: Spacing,
}

/// The result: a rectangle per item, a route per edge, and the picture's size.
#[derive(Clone, Debug)]
pub struct Layout {
    /// Absolute rectangle of each item, by item index.
    pub rects: Vec<Rect>,
    /// Route of each edge, by edge index: at least two points, from the source's border to
    /// the target's border.
    pub routes: Vec<Vec<Point>>,
    /// Where each edge's label is centred, if it has one.
    pub labels: Vec<Option<Point>>,
    /// Width of the whole drawing.
    pub width: f64,
    /// Height of the whole drawing.
    pub height: f64,
}

/// A unit of one group's layered drawing: a child item or a dummy on a long edge.
#[derive(Clone, Copy)]
enum Unit {
    Item(usize),
    Dummy,
}

/// A bundle of edges between the same two units of a group, after cycle breaking
/// (`reversed` edges point from `to` back to `from`).
struct Bundle {
    from: usize,
    to: usize,
    edges: Vec<(usize, bool)>,
    /// Dummy units, from `from`'s side to `to`'s side.
    dummies: Vec<usize>,
}

/// The layered drawing of one group, positions relative to the group's content origin.
struct Local {
    units: Vec<Unit>,
    pos: Vec<Point>, // centre of each unit
    size: Vec<(f64, f64)>,
    bundles: Vec<Bundle>,
    width: f64,
    height: f64,
}

/// Lays out the graph.
pub fn layout(graph: &Graph) -> Layout {
    let n = graph.items.len();
    // Children of each group (index n = the top level), in item order.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
    for (i, item) in graph.items.iter().enumerate() {
        children[item.parent.unwrap_or(n)].push(i);
    }
    // Ancestor chains, item first.
    let chain = |mut i: usize| {
        let mut c = vec![i];
        while let Some(p) = graph.items[i].parent {
            c.push(p);
            i = p;
        }
        c
    };
    // Edges assigned to the group where they are laid out, as (edge, unit from, unit to).
    let mut group_edges: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); n + 1];
    for (e, edge) in graph.edges.iter().enumerate() {
        let a = chain(edge.from);
        let b = chain(edge.to);
        // Lowest common ancestor: walk both chains from the top.
        let (ra, rb): (Vec<usize>, Vec<usize>) = (
            a.iter().rev().copied().collect(),
            b.iter().rev().copied().collect(),
        );
        let mut k = 0;
        while k < ra.len() && k < rb.len() && ra[k] == rb[k] {
            k += 1;
        }
        if k == ra.len() || k == rb.len() {
            continue; // one end contains the other: no layering constraint
        }
        let group = if k == 0 { n } else { ra[k - 1] };
        group_edges[group].push((e, ra[k], rb[k]));
    }
    // Bottom-up: a group's size needs its children's sizes. Post-order from the top level.
    let mut order = Vec::new();
    let mut stack = vec![(n, false)];
    while let Some((g, done)) = stack.pop() {
        if done {
            order.push(g);
            continue;
        }
        stack.push((g, true));
        for &c in children[g].iter().rev() {
            if matches!(graph.items[c].kind, Kind::Group(_)) {
                stack.push((c, false));
            }
        }
    }
    let mut sizes: Vec<(f64, f64)> = graph
        .items
        .iter()
        .map(|it| match it.kind {
            Kind::Leaf { w, h } => (w, h),
            Kind::Group(_) => (0.0, 0.0),
        })
        .collect();
    let mut locals: Vec<Option<Local>> = (0..=n).map(|_| None).collect();
    for &g in &order {
        let spacing = if g == n {
            graph.root
        } else {
            match graph.items[g].kind {
                Kind::Group(s) => s,
                Kind::Leaf { .. } => unreachable!("only groups are laid out"),
            }
        };
        let local = layer_group(&children[g], &group_edges[g], graph, &sizes, spacing);
        if g < n {
            sizes[g] = (
                (local.width + 2.0 * spacing.pad).max(spacing.min_width),
                local.height + spacing.header + spacing.pad,
            );
        }
        locals[g] = Some(local);
    }
    // Top-down: absolute positions.
    let mut rects = vec![Rect::default(); n];
    let mut unit_abs: Vec<Vec<Point>> = vec![Vec::new(); n + 1];
    for &g in order.iter().rev() {
        let (origin, spacing, outer_w) = if g == n {
            (Point { x: 0.0, y: 0.0 }, graph.root, 0.0)
        } else {
            let s = match graph.items[g].kind {
                Kind::Group(s) => s,
                Kind::Leaf { .. } => unreachable!(),
            };
            (
                Point {
                    x: rects[g].x,
                    y: rects[g].y,
                },
                s,
                rects[g].w,
            )
        };
        let local = locals[g].as_ref().expect("laid out");
        // Centre narrow content in a group widened by its title.
        let extra = if g == n {
            0.0
        } else {
            ((outer_w - 2.0 * spacing.pad - local.width) / 2.0).max(0.0)
        };
        let ox = origin.x + spacing.pad + extra;
        let oy = origin.y + spacing.header;
        let abs: Vec<Point> = local
            .pos
            .iter()
            .map(|p| Point {
                x: ox + p.x,
                y: oy + p.y,
            })
            .collect();
        for (u, unit) in local.units.iter().enumerate() {
            if let Unit::Item(i) = *unit {
                let (w, h) = sizes[i];
                rects[i] = Rect {
                    x: abs[u].x - w / 2.0,
                    y: abs[u].y - h / 2.0,
                    w,
                    h,
                };
            }
        }
        unit_abs[g] = abs;
    }
    // Routes.
    let mut routes = vec![Vec::new(); graph.edges.len()];
    let mut labels = vec![None; graph.edges.len()];
    let mut placed_labels: Vec<(Point, f64, f64)> = Vec::new();
    for g in 0..=n {
        let Some(local) = locals[g].as_ref() else {
            continue;
        };
        for bundle in &local.bundles {
            let k = bundle.edges.len();
            for (j, &(e, reversed)) in bundle.edges.iter().enumerate() {
                let edge = &graph.edges[e];
                let mut mids: Vec<Point> = bundle
                    .dummies
                    .iter()
                    .map(|&d| {
                        let p = unit_abs[g][d];
                        // Spread a bundle's parallel edges across the dummy's width.
                        let spread = local.size[d].0 / (k as f64 + 1.0);
                        Point {
                            x: p.x - local.size[d].0 / 2.0 + spread * (j as f64 + 1.0),
                            y: p.y,
                        }
                    })
                    .collect();
                if reversed {
                    mids.reverse();
                }
                let (src, dst) = (rects[edge.from], rects[edge.to]);
                let item = |u: usize| match local.units[u] {
                    Unit::Item(i) => i,
                    Unit::Dummy => unreachable!("bundles join items"),
                };
                let (outer_from, outer_to) = if reversed {
                    (item(bundle.to), item(bundle.from))
                } else {
                    (item(bundle.from), item(bundle.to))
                };
                let first_toward = mids.first().copied().unwrap_or(rects[outer_to].center());
                let last_from = mids.last().copied().unwrap_or(rects[outer_from].center());
                let mut route = Vec::new();
                // An end nested in a box of this group leaves (enters) its own box along
                // that box's outer side, crossing none of the box's other nodes on the way.
                if outer_from != edge.from {
                    let o = rects[graph.items[edge.from].parent.expect("nested")];
                    let (x, side) = side_of(o, src, first_toward.x);
                    let exit = if first_toward.y > o.y + o.h {
                        o.y + o.h + 8.0
                    } else {
                        o.y - 8.0
                    };
                    route.push(Point {
                        x,
                        y: src.center().y,
                    });
                    route.push(Point {
                        x: side,
                        y: src.center().y,
                    });
                    route.push(Point { x: side, y: exit });
                } else {
                    route.push(anchor(src, first_toward, j, k));
                }
                route.extend(mids);
                if outer_to != edge.to {
                    let o = rects[graph.items[edge.to].parent.expect("nested")];
                    let (x, side) = side_of(o, dst, last_from.x);
                    let entry = if last_from.y < o.y {
                        o.y - 8.0
                    } else {
                        o.y + o.h + 8.0
                    };
                    route.push(Point { x: side, y: entry });
                    route.push(Point {
                        x: side,
                        y: dst.center().y,
                    });
                    route.push(Point {
                        x,
                        y: dst.center().y,
                    });
                } else {
                    route.push(anchor(dst, last_from, j, k));
                }
                routes[e] = route;
            }
        }
    }
    // Edges between an item and its own ancestor: a short vertical link.
    for (e, edge) in graph.edges.iter().enumerate() {
        if routes[e].is_empty() {
            let (a, b) = (rects[edge.from].center(), rects[edge.to].center());
            routes[e] = vec![a, b];
        }
    }
    spread_ends(graph, &rects, &mut routes);
    for (e, edge) in graph.edges.iter().enumerate() {
        if let Some((lw, lh)) = edge.label {
            let p = place_label(&routes[e], (lw, lh), &placed_labels);
            placed_labels.push((p, lw, lh));
            labels[e] = Some(p);
        }
    }
    let root = locals[n].as_ref().expect("top level");
    Layout {
        rects,
        routes,
        labels,
        width: root.width + 2.0 * graph.root.pad,
        height: root.height + graph.root.header + graph.root.pad,
    }
}

/// Where a label goes: at the middle point of a long edge; on a short one halfway, or nearer
/// an end where that keeps it clear of the labels placed before.
fn place_label(route: &[Point], (lw, lh): (f64, f64), placed: &[(Point, f64, f64)]) -> Point {
    if route.len() > 2 {
        return route[route.len() / 2];
    }
    let (a, b) = (route[0], route[1]);
    // The edge is the cubic a, (a.x, my), (b.x, my), b (see `draw`).
    let at = |t: f64| {
        let u = 1.0 - t;
        let my = (a.y + b.y) / 2.0;
        Point {
            x: a.x * (u * u * u + 3.0 * u * u * t) + b.x * (3.0 * u * t * t + t * t * t),
            y: a.y * u * u * u + my * 3.0 * u * t + b.y * t * t * t,
        }
    };
    let clear = |p: Point| {
        placed.iter().all(|&(q, qw, qh)| {
            (p.x - q.x).abs() * 2.0 >= lw + qw || (p.y - q.y).abs() * 2.0 >= lh + qh
        })
    };
    [0.5, 0.25, 0.75]
        .into_iter()
        .map(at)
        .find(|&p| clear(p))
        .unwrap_or(at(0.5))
}

/// Spreads the edges that meet one side (top or bottom) of a leaf over the middle of that
/// side, ordered by where each comes from, so they do not all meet in one point.
fn spread_ends(graph: &Graph, rects: &[Rect], routes: &mut [Vec<Point>]) {
    /// An edge's end on a side: the edge, whether it is the route's last point, and the x
    /// of the route's next point inwards.
    type End = (usize, bool, f64);
    // (item, bottom side?) -> its ends
    let mut sides: Vec<((usize, bool), Vec<End>)> = Vec::new();
    for (e, edge) in graph.edges.iter().enumerate() {
        let route = &routes[e];
        if route.len() < 2 {
            continue;
        }
        for (item, last) in [(edge.from, false), (edge.to, true)] {
            if !matches!(graph.items[item].kind, Kind::Leaf { .. }) {
                continue;
            }
            let r = rects[item];
            let (p, next) = if last {
                (route[route.len() - 1], route[route.len() - 2])
            } else {
                (route[0], route[1])
            };
            let bottom = (p.y - (r.y + r.h)).abs() < 1e-6;
            if !(bottom || (p.y - r.y).abs() < 1e-6) {
                continue; // a side anchor
            }
            let key = (item, bottom);
            match sides.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => v.push((e, last, next.x)),
                None => sides.push((key, vec![(e, last, next.x)])),
            }
        }
    }
    for ((item, _), mut ends) in sides {
        if ends.len() < 2 {
            continue;
        }
        ends.sort_by(|a, b| a.2.partial_cmp(&b.2).expect("finite").then(a.0.cmp(&b.0)));
        let r = rects[item];
        let span = r.w * 0.7;
        let step = span / ends.len() as f64;
        for (i, (e, last, _)) in ends.into_iter().enumerate() {
            let x = r.x + (r.w - span) / 2.0 + step * (i as f64 + 0.5);
            let route = &mut routes[e];
            let at = if last { route.len() - 1 } else { 0 };
            route[at].x = x;
        }
    }
}

/// For a node `inner` in the box `outer`, and an edge going towards `toward_x`: the x of
/// the node's side facing that way, and the x just outside the box on that side.
fn side_of(outer: Rect, inner: Rect, toward_x: f64) -> (f64, f64) {
    if toward_x < outer.center().x {
        (inner.x, outer.x - 8.0)
    } else {
        (inner.x + inner.w, outer.x + outer.w + 8.0)
    }
}

/// Where an edge leaves or enters `r` when its next point is `toward`: the middle of the
/// bottom or top side (spread when several edges share it), or of a side.
fn anchor(r: Rect, toward: Point, j: usize, k: usize) -> Point {
    let c = r.center();
    let spread = |len: f64| {
        let step = (len * 0.6) / (k as f64);
        -len * 0.3 + step * (j as f64 + 0.5)
    };
    if toward.y >= r.y + r.h {
        Point {
            x: (c.x + spread(r.w)).clamp(r.x, r.x + r.w),
            y: r.y + r.h,
        }
    } else if toward.y <= r.y {
        Point {
            x: (c.x + spread(r.w)).clamp(r.x, r.x + r.w),
            y: r.y,
        }
    } else if toward.x < r.x {
        Point { x: r.x, y: c.y }
    } else {
        Point {
            x: r.x + r.w,
            y: c.y,
        }
    }
}

/// The widest a layer may grow before units move to the next one.
const MAX_ROW: f64 = 1300.0;
/// The widest a row of unconnected units may grow, unless the rest is wider.
const GRID_ROW: f64 = 620.0;

/// Lays out one group's children (already sized) with the edges laid out in this group.
fn layer_group(
    children: &[usize],
    edges: &[(usize, usize, usize)],
    graph: &Graph,
    sizes: &[(f64, f64)],
    spacing: Spacing,
) -> Local {
    let mut units: Vec<Unit> = children.iter().map(|&c| Unit::Item(c)).collect();
    let mut size: Vec<(f64, f64)> = children.iter().map(|&c| sizes[c]).collect();
    let index_of = |item: usize| children.iter().position(|&c| c == item).expect("a child");
    let m = children.len();
    // Unit edges (deduplicated into bundles later), by unit index.
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); m];
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new(); // (edge, from unit, to unit)
    for &(e, a, b) in edges {
        let (ua, ub) = (index_of(a), index_of(b));
        pairs.push((e, ua, ub));
        if ua != ub && !out[ua].contains(&ub) {
            out[ua].push(ub);
        }
    }
    // 1. Cycle breaking: back edges of a DFS in index order.
    let mut state = vec![0u8; m]; // 0 new, 1 on stack, 2 done
    let mut back: Vec<(usize, usize)> = Vec::new();
    for s in 0..m {
        if state[s] != 0 {
            continue;
        }
        let mut stack = vec![(s, 0usize)];
        state[s] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if *next < out[v].len() {
                let w = out[v][*next];
                *next += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => back.push((v, w)),
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    let is_back = |a: usize, b: usize| back.contains(&(a, b));
    // Directed (acyclic) adjacency.
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); m];
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); m];
    for (a, outs) in out.iter().enumerate() {
        for &b in outs {
            let (x, y) = if is_back(a, b) { (b, a) } else { (a, b) };
            if !succ[x].contains(&y) {
                succ[x].push(y);
                pred[y].push(x);
            }
        }
    }
    // 2. Longest-path layers (Kahn's order, index order among ready units), each layer at
    //    most `MAX_ROW` wide: a unit that does not fit moves one layer down. Units with no
    //    edge in this group are left out and packed in rows below.
    let isolated = |u: usize| pred[u].is_empty() && succ[u].is_empty();
    let mut layer = vec![0usize; m];
    let mut used: Vec<f64> = Vec::new();
    let fill = |used: &mut Vec<f64>, mut l: usize, w: f64, limit: f64| loop {
        if used.len() <= l {
            used.resize(l + 1, 0.0);
        }
        if used[l] == 0.0 || used[l] + w <= limit {
            used[l] += w + spacing.node_gap;
            return l;
        }
        l += 1;
    };
    let mut indeg: Vec<usize> = pred.iter().map(Vec::len).collect();
    let mut ready: Vec<usize> = (0..m).filter(|&u| indeg[u] == 0 && !isolated(u)).collect();
    let mut topo = Vec::new();
    while !ready.is_empty() {
        let u = ready.remove(0);
        let lower = pred[u].iter().map(|&p| layer[p] + 1).max().unwrap_or(0);
        layer[u] = fill(&mut used, lower, size[u].0, MAX_ROW);
        topo.push(u);
        for &v in &succ[u] {
            indeg[v] -= 1;
            if indeg[v] == 0 {
                let at = ready.partition_point(|&r| r < v);
                ready.insert(at, v);
            }
        }
    }
    // Sources sit just above their nearest successor, not all on the first layer, where
    // that layer has room.
    for &u in topo.iter().rev() {
        if pred[u].is_empty() && !succ[u].is_empty() {
            let min = succ[u]
                .iter()
                .map(|&v| layer[v])
                .min()
                .expect("has successors");
            let target = min - 1;
            if target > layer[u] && used[target] + size[u].0 <= MAX_ROW {
                used[layer[u]] -= size[u].0 + spacing.node_gap;
                used[target] += size[u].0 + spacing.node_gap;
                layer[u] = target;
            }
        }
    }
    // Isolated units: rows below, no wider than the rest (or `GRID_ROW`).
    let widest = used.iter().copied().fold(0.0, f64::max);
    let first_free = used.iter().rposition(|&w| w > 0.0).map_or(0, |l| l + 1);
    let mut grid: Vec<f64> = Vec::new();
    for u in 0..m {
        if isolated(u) {
            let l = fill(&mut grid, 0, size[u].0, widest.max(GRID_ROW));
            layer[u] = first_free + l;
        }
    }
    // 3. Bundles and dummies.
    let mut bundles: Vec<Bundle> = Vec::new();
    for &(e, ua, ub) in &pairs {
        if ua == ub {
            continue;
        }
        let reversed = is_back(ua, ub);
        let (x, y) = if reversed { (ub, ua) } else { (ua, ub) };
        match bundles.iter_mut().find(|b| b.from == x && b.to == y) {
            Some(b) => b.edges.push((e, reversed)),
            None => bundles.push(Bundle {
                from: x,
                to: y,
                edges: vec![(e, reversed)],
                dummies: Vec::new(),
            }),
        }
    }
    let mut layer_of: Vec<usize> = layer.clone();
    // Unit adjacency after dummies (for ordering and placement): downward edges.
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); m];
    for b in &mut bundles {
        let width = 6.0 * b.edges.len() as f64 + 6.0;
        let mut prev = b.from;
        for l in layer[b.from] + 1..layer[b.to] {
            let d = units.len();
            units.push(Unit::Dummy);
            size.push((width, 0.0));
            layer_of.push(l);
            down.push(Vec::new());
            down[prev].push(d);
            b.dummies.push(d);
            prev = d;
        }
        down[prev].push(b.to);
    }
    let total = units.len();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); total];
    for (a, downs) in down.iter().enumerate() {
        for &b in downs {
            up[b].push(a);
        }
    }
    let nlayers = layer_of.iter().copied().max().map_or(0, |l| l + 1);
    // 4. Order in layers: initial by DFS from the top, then barycentre sweeps.
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); nlayers];
    let mut seen = vec![false; total];
    let mut roots: Vec<usize> = (0..total).filter(|&u| up[u].is_empty()).collect();
    roots.sort_by_key(|&u| (layer_of[u], u));
    for r in roots {
        let mut stack = vec![r];
        while let Some(u) = stack.pop() {
            if seen[u] {
                continue;
            }
            seen[u] = true;
            layers[layer_of[u]].push(u);
            for &v in down[u].iter().rev() {
                stack.push(v);
            }
        }
    }
    let crossings = |layers: &Vec<Vec<usize>>| {
        let mut pos = vec![0usize; total];
        for l in layers {
            for (i, &u) in l.iter().enumerate() {
                pos[u] = i;
            }
        }
        let mut c = 0usize;
        for l in layers {
            let segs: Vec<(usize, usize)> = l
                .iter()
                .flat_map(|&u| down[u].iter().map(move |&v| (u, v)))
                .map(|(u, v)| (pos[u], pos[v]))
                .collect();
            for i in 0..segs.len() {
                for j in i + 1..segs.len() {
                    let (a, b) = (segs[i], segs[j]);
                    if (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1) {
                        c += 1;
                    }
                }
            }
        }
        c
    };
    let mut best = layers.clone();
    let mut best_c = crossings(&layers);
    for iter in 0..12 {
        let downward = iter % 2 == 0;
        let mut pos = vec![0f64; total];
        for l in &layers {
            for (i, &u) in l.iter().enumerate() {
                pos[u] = i as f64;
            }
        }
        let seq: Vec<usize> = if downward {
            (1..nlayers).collect()
        } else {
            (0..nlayers.saturating_sub(1)).rev().collect()
        };
        for l in seq {
            let mut keyed: Vec<(f64, usize)> = layers[l]
                .iter()
                .map(|&u| {
                    let nb = if downward { &up[u] } else { &down[u] };
                    let key = if nb.is_empty() {
                        pos[u]
                    } else {
                        nb.iter().map(|&v| pos[v]).sum::<f64>() / nb.len() as f64
                    };
                    (key, u)
                })
                .collect();
            // Stable: equal keys keep their current order.
            keyed.sort_by(|a, b| a.0.partial_cmp(&b.0).expect("finite"));
            layers[l] = keyed.into_iter().map(|(_, u)| u).collect();
            for (i, &u) in layers[l].iter().enumerate() {
                pos[u] = i as f64;
            }
        }
        let c = crossings(&layers);
        if c < best_c {
            best_c = c;
            best = layers.clone();
        }
    }
    let layers = best;
    // 5. x by isotonic regression towards the neighbours' mean, a few sweeps.
    let mut x = vec![0f64; total];
    for l in &layers {
        let mut at = 0.0;
        for &u in l {
            x[u] = at + size[u].0 / 2.0;
            at += size[u].0 + spacing.node_gap;
        }
    }
    let weight = |u: usize| {
        if matches!(units[u], Unit::Dummy) {
            4.0
        } else {
            1.0
        }
    };
    for iter in 0..15 {
        let downward = iter % 2 == 0;
        let seq: Vec<usize> = if downward {
            (0..nlayers).collect()
        } else {
            (0..nlayers).rev().collect()
        };
        for l in seq {
            let row = &layers[l];
            let desired: Vec<f64> = row
                .iter()
                .map(|&u| {
                    // A node follows the median of its real neighbours on the side the
                    // sweep comes from (long edges, through dummies, pull it only when it
                    // has no others), so a chain of states stays straight and the last,
                    // downward sweep puts every node under its parents; a dummy follows
                    // the mean of its two ends.
                    let side: &Vec<usize> = if downward { &up[u] } else { &down[u] };
                    let other: &Vec<usize> = if downward { &down[u] } else { &up[u] };
                    let all: Vec<usize> = if side.is_empty() {
                        other.clone()
                    } else {
                        side.clone()
                    };
                    let real: Vec<usize> = all
                        .iter()
                        .copied()
                        .filter(|&v| matches!(units[v], Unit::Item(_)))
                        .collect();
                    let nb = if matches!(units[u], Unit::Item(_)) && !real.is_empty() {
                        real
                    } else if matches!(units[u], Unit::Dummy) {
                        up[u].iter().chain(down[u].iter()).copied().collect()
                    } else {
                        all
                    };
                    let mut xs: Vec<f64> = nb.iter().map(|&v| x[v]).collect();
                    xs.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
                    match xs.len() {
                        0 => x[u],
                        n if n % 2 == 1 => xs[n / 2],
                        n => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
                    }
                })
                .collect();
            let gaps: Vec<f64> = row
                .windows(2)
                .map(|w| (size[w[0]].0 + size[w[1]].0) / 2.0 + gap(&units, w[0], w[1], spacing))
                .collect();
            let w: Vec<f64> = row.iter().map(|&u| weight(u)).collect();
            let placed = isotonic(&desired, &gaps, &w);
            for (i, &u) in row.iter().enumerate() {
                x[u] = placed[i];
            }
        }
    }
    // Normalise: leftmost border at 0.
    let min_x = (0..total)
        .map(|u| x[u] - size[u].0 / 2.0)
        .fold(f64::INFINITY, f64::min);
    let min_x = if min_x.is_finite() { min_x } else { 0.0 };
    for v in &mut x {
        *v -= min_x;
    }
    let width = (0..total)
        .map(|u| x[u] + size[u].0 / 2.0)
        .fold(0.0, f64::max);
    // y: layer rows, each as tall as its tallest unit; the gap grows with labels.
    let mut y = vec![0f64; total];
    let mut top = 0.0;
    for (l, row) in layers.iter().enumerate() {
        let h = row.iter().map(|&u| size[u].1).fold(0.0, f64::max);
        for &u in row {
            y[u] = top + h / 2.0;
        }
        let label_h = edges
            .iter()
            .filter_map(|&(e, _, _)| graph.edges[e].label.map(|(_, lh)| (e, lh)))
            .filter(|&(e, _)| {
                let edge = &graph.edges[e];
                layers[l].iter().any(|&u| matches!(units[u], Unit::Item(i) if contains(graph, i, edge.from) || contains(graph, i, edge.to)))
            })
            .map(|(_, lh)| lh)
            .fold(0.0, f64::max);
        top += h;
        if l + 1 < nlayers {
            top += spacing.layer_gap + label_h;
        }
    }
    let height = if total == 0 { 0.0 } else { top };
    let pos = (0..total).map(|u| Point { x: x[u], y: y[u] }).collect();
    Local {
        units,
        pos,
        size,
        bundles,
        width,
        height,
    }
}

/// Whether item `outer` is `inner` or one of its ancestors.
fn contains(graph: &Graph, outer: usize, mut inner: usize) -> bool {
    loop {
        if inner == outer {
            return true;
        }
        match graph.items[inner].parent {
            Some(p) => inner = p,
            None => return false,
        }
    }
}

/// The gap between two neighbours of a layer: dummies pack closer.
fn gap(units: &[Unit], a: usize, b: usize, spacing: Spacing) -> f64 {
    match (units[a], units[b]) {
        (Unit::Item(_), Unit::Item(_)) => spacing.node_gap,
        _ => spacing.node_gap / 2.0,
    }
}

/// Weighted least squares `sum w_i (x_i - d_i)^2` subject to `x_{i+1} - x_i >= gap_i`:
/// with `y_i = x_i - offset_i` the constraint is `y` non-decreasing, solved exactly by pool
/// adjacent violators.
fn isotonic(desired: &[f64], gaps: &[f64], w: &[f64]) -> Vec<f64> {
    let n = desired.len();
    let mut offset = vec![0f64; n];
    for i in 1..n {
        offset[i] = offset[i - 1] + gaps[i - 1];
    }
    // Blocks: (weighted mean, total weight, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for i in 0..n {
        blocks.push((desired[i] - offset[i], w[i], 1));
        while blocks.len() > 1 {
            let (m2, w2, c2) = blocks[blocks.len() - 1];
            let (m1, w1, c1) = blocks[blocks.len() - 2];
            if m1 <= m2 {
                break;
            }
            blocks.pop();
            let last = blocks.last_mut().expect("two blocks");
            *last = ((m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2);
        }
    }
    let mut out = Vec::with_capacity(n);
    for (m, _, c) in blocks {
        for _ in 0..c {
            let i = out.len();
            out.push(m + offset[i]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spacing() -> Spacing {
        Spacing {
            pad: 10.0,
            header: 20.0,
            node_gap: 20.0,
            layer_gap: 30.0,
            min_width: 0.0,
        }
    }

    fn leaf(parent: Option<usize>) -> Item {
        Item {
            parent,
            kind: Kind::Leaf { w: 40.0, h: 20.0 },
        }
    }

    fn overlaps(a: Rect, b: Rect) -> bool {
        a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
    }

    #[test]
    fn isotonic_keeps_order_and_gaps() {
        let x = isotonic(&[10.0, 10.0, 10.0], &[5.0, 5.0], &[1.0, 1.0, 1.0]);
        assert_eq!(x, vec![5.0, 10.0, 15.0]);
        let x = isotonic(&[0.0, 100.0], &[5.0], &[1.0, 1.0]);
        assert_eq!(x, vec![0.0, 100.0]);
    }

    #[test]
    fn a_chain_goes_down_and_a_cycle_is_drawn() {
        let g = Graph {
            items: vec![leaf(None), leaf(None), leaf(None)],
            edges: vec![
                Edge {
                    from: 0,
                    to: 1,
                    label: None,
                },
                Edge {
                    from: 1,
                    to: 2,
                    label: None,
                },
                Edge {
                    from: 2,
                    to: 0,
                    label: Some((30.0, 10.0)),
                },
            ],
            root: spacing(),
        };
        let l = layout(&g);
        assert!(l.rects[0].y < l.rects[1].y && l.rects[1].y < l.rects[2].y);
        assert!(l.routes.iter().all(|r| r.len() >= 2));
        assert!(l.labels[2].is_some());
    }

    #[test]
    fn groups_contain_their_children_and_nothing_overlaps() {
        // Group 0 holds leaves 1, 2; group 3 holds leaf 4 and group 5 with leaf 6; leaf 7 top.
        let group = |parent| Item {
            parent,
            kind: Kind::Group(spacing()),
        };
        let g = Graph {
            items: vec![
                group(None),
                leaf(Some(0)),
                leaf(Some(0)),
                group(None),
                leaf(Some(3)),
                group(Some(3)),
                leaf(Some(5)),
                leaf(None),
            ],
            edges: vec![
                Edge {
                    from: 1,
                    to: 6,
                    label: None,
                },
                Edge {
                    from: 7,
                    to: 2,
                    label: None,
                },
                Edge {
                    from: 4,
                    to: 6,
                    label: None,
                },
                Edge {
                    from: 1,
                    to: 2,
                    label: None,
                },
            ],
            root: spacing(),
        };
        let l = layout(&g);
        let inside = |c: Rect, p: Rect| {
            c.x >= p.x && c.y >= p.y && c.x + c.w <= p.x + p.w && c.y + c.h <= p.y + p.h
        };
        for (i, item) in g.items.iter().enumerate() {
            if let Some(p) = item.parent {
                assert!(inside(l.rects[i], l.rects[p]), "{i} inside {p}");
            }
        }
        for a in 0..g.items.len() {
            for b in a + 1..g.items.len() {
                let related = contains(&g, a, b) || contains(&g, b, a);
                assert!(
                    related || !overlaps(l.rects[a], l.rects[b]),
                    "{a} and {b} overlap"
                );
            }
        }
        // Deterministic.
        let again = layout(&g);
        assert_eq!(format!("{:?}", l.rects), format!("{:?}", again.rects));
    }
}
