//! A scene (shapes with text, boxes around them, edges with labels), laid out by
//! [`layout`](mod@crate::layout) and written as SVG. The resource graph and the workflows are
//! both scenes; this module knows neither.

use std::fmt::Write;

use crate::layout::{self, Point, Rect, Spacing};
use crate::text::{escape, num, width, FONT};

/// The outline of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A rectangle with rounded corners.
    Rounded,
    /// A stadium (pill): a rectangle with semicircular ends.
    Pill,
    /// A hexagon pointed left and right (a decision).
    Hexagon,
    /// A banner: a rectangle with a notch cut into each side (a Wait state).
    Notched,
    /// A box around other nodes (a group, a container state), title at the top left.
    Group,
}

/// Colours and stroke of a shape.
#[derive(Clone, Debug)]
pub struct Style {
    /// Fill colour.
    pub fill: &'static str,
    /// Stroke colour.
    pub stroke: &'static str,
    /// Dash pattern (`None`: solid).
    pub dash: Option<&'static str>,
    /// Stroke width.
    pub stroke_width: f64,
    /// Colour of a thin accent bar on the left (resource nodes), if any.
    pub accent: Option<String>,
}

/// One line of text in a node.
#[derive(Clone, Debug)]
pub struct Line {
    /// The text (already shortened).
    pub text: String,
    /// Font size in pixels.
    pub size: f64,
    /// Bold or regular.
    pub bold: bool,
    /// Colour.
    pub color: &'static str,
}

impl Line {
    /// A line of text.
    pub fn new(text: impl Into<String>, size: f64, bold: bool, color: &'static str) -> Self {
        Line {
            text: text.into(),
            size,
            bold,
            color,
        }
    }
}

/// A node: a shape with lines of text, or a group whose lines are its title.
#[derive(Clone, Debug)]
pub struct Node {
    /// The group this node is drawn in (an index of a `Shape::Group` node).
    pub parent: Option<usize>,
    /// Outline.
    pub shape: Shape,
    /// Colours.
    pub style: Style,
    /// Lines of text, centred (for groups: the title, left-aligned).
    pub lines: Vec<Line>,
    /// A tooltip (`<title>`): the full, unshortened text.
    pub tooltip: String,
    /// A stable identifier, written as the element's `id` (prefixed by the scene's).
    pub id: String,
    /// Smallest width (Start/End markers are all alike).
    pub min_width: f64,
}

/// How an edge is drawn.
#[derive(Clone, Debug)]
pub struct EdgeStyle {
    /// Stroke colour (the arrowhead has it too).
    pub color: &'static str,
    /// Dash pattern.
    pub dash: Option<&'static str>,
    /// Stroke width.
    pub width: f64,
}

/// An edge between two nodes.
#[derive(Clone, Debug)]
pub struct Edge {
    /// Source node.
    pub from: usize,
    /// Target node.
    pub to: usize,
    /// Label drawn on the edge.
    pub label: Option<String>,
    /// Tooltip.
    pub tooltip: String,
    /// Stroke.
    pub style: EdgeStyle,
}

/// Nodes and edges, to be laid out.
#[derive(Clone, Debug, Default)]
pub struct Scene {
    /// The nodes, groups among them.
    pub nodes: Vec<Node>,
    /// The edges.
    pub edges: Vec<Edge>,
}

/// Where a node ended up: its id, its rectangle in the picture, and whether it is a group.
#[derive(Clone, Debug)]
pub struct Placed {
    /// The node's id, as written in the SVG (`id="…"`).
    pub id: String,
    /// Its rectangle in the picture's coordinates.
    pub rect: Rect,
    /// Whether it is a box around other nodes.
    pub group: bool,
}

/// A laid-out scene, ready to be written at an offset.
pub struct Drawn {
    scene: Scene,
    layout: layout::Layout,
    prefix: String,
}

const LINE_GAP: f64 = 4.0;
const PAD_X: f64 = 14.0;
const PAD_Y: f64 = 9.0;
const LABEL_SIZE: f64 = 10.5;

fn text_block(lines: &[Line]) -> (f64, f64) {
    let w = lines
        .iter()
        .map(|l| width(&l.text, l.size, l.bold))
        .fold(0.0, f64::max);
    let h: f64 = lines.iter().map(|l| l.size).sum::<f64>()
        + LINE_GAP * (lines.len().saturating_sub(1)) as f64;
    (w, h)
}

fn label_size(text: &str) -> (f64, f64) {
    (width(text, LABEL_SIZE, false) + 10.0, LABEL_SIZE + 6.0)
}

impl Scene {
    /// Adds a node and returns its index.
    pub fn add(&mut self, node: Node) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// Lays the scene out; `prefix` starts every element id (so several scenes can share one
    /// SVG).
    pub fn lay_out(self, prefix: &str, spacing: Spacing) -> Drawn {
        let items = self
            .nodes
            .iter()
            .map(|n| {
                let (tw, th) = text_block(&n.lines);
                let kind = match n.shape {
                    Shape::Group => layout::Kind::Group(Spacing {
                        header: th + 2.0 * PAD_Y,
                        min_width: (tw + 2.0 * PAD_X).max(n.min_width),
                        ..spacing
                    }),
                    shape => {
                        let h = th + 2.0 * PAD_Y;
                        let extra = match shape {
                            Shape::Pill => h / 2.0,
                            Shape::Hexagon => h * 0.6,
                            Shape::Notched => 8.0,
                            _ => 0.0,
                        };
                        layout::Kind::Leaf {
                            w: (tw + 2.0 * PAD_X + 2.0 * extra).max(n.min_width),
                            h,
                        }
                    }
                };
                layout::Item {
                    parent: n.parent,
                    kind,
                }
            })
            .collect();
        let edges = self
            .edges
            .iter()
            .map(|e| layout::Edge {
                from: e.from,
                to: e.to,
                label: e.label.as_deref().map(label_size),
            })
            .collect();
        let layout = layout::layout(&layout::Graph {
            items,
            edges,
            root: spacing,
        });
        Drawn {
            scene: self,
            layout,
            prefix: prefix.to_string(),
        }
    }
}

impl Drawn {
    /// Width of the drawing.
    pub fn width(&self) -> f64 {
        self.layout.width
    }

    /// Height of the drawing.
    pub fn height(&self) -> f64 {
        self.layout.height
    }

    /// Writes the drawing translated by `(dx, dy)` and records where each node went.
    pub fn write(&self, out: &mut String, dx: f64, dy: f64, placed: &mut Vec<Placed>) {
        let shift = |r: Rect| Rect {
            x: r.x + dx,
            y: r.y + dy,
            ..r
        };
        // Groups first (outer before inner: a parent has a smaller depth), then edges, then
        // nodes, so edges run under nodes but over boxes.
        let depth = |mut i: usize| {
            let mut d = 0;
            while let Some(p) = self.scene.nodes[i].parent {
                d += 1;
                i = p;
            }
            d
        };
        let mut groups: Vec<usize> = (0..self.scene.nodes.len())
            .filter(|&i| self.scene.nodes[i].shape == Shape::Group)
            .collect();
        groups.sort_by_key(|&i| (depth(i), i));
        for &i in &groups {
            let node = &self.scene.nodes[i];
            let r = shift(self.layout.rects[i]);
            self.write_group(out, node, r);
            placed.push(Placed {
                id: self.id(node),
                rect: r,
                group: true,
            });
        }
        for (e, edge) in self.scene.edges.iter().enumerate() {
            let route: Vec<Point> = self.layout.routes[e]
                .iter()
                .map(|p| Point {
                    x: p.x + dx,
                    y: p.y + dy,
                })
                .collect();
            write_edge(out, edge, &route);
        }
        for (e, edge) in self.scene.edges.iter().enumerate() {
            if let (Some(text), Some(p)) = (&edge.label, self.layout.labels[e]) {
                let (w, h) = label_size(text);
                let (x, y) = (p.x + dx, p.y + dy);
                let _ = writeln!(
                    out,
                    r##"<g class="label"><rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="#ffffff" stroke="{}" stroke-width="0.8"/><text x="{}" y="{}" font-size="{}" fill="#414d5c" text-anchor="middle">{}</text></g>"##,
                    num(x - w / 2.0),
                    num(y - h / 2.0),
                    num(w),
                    num(h),
                    edge.style.color,
                    num(x),
                    num(y + LABEL_SIZE * 0.35),
                    num(LABEL_SIZE),
                    escape(text)
                );
            }
        }
        for (i, node) in self.scene.nodes.iter().enumerate() {
            if node.shape == Shape::Group {
                continue;
            }
            let r = shift(self.layout.rects[i]);
            self.write_node(out, node, r);
            placed.push(Placed {
                id: self.id(node),
                rect: r,
                group: false,
            });
        }
    }

    fn id(&self, node: &Node) -> String {
        format!("{}{}", self.prefix, node.id)
    }

    fn write_group(&self, out: &mut String, node: &Node, r: Rect) {
        let s = &node.style;
        let _ = writeln!(
            out,
            r#"<g id="{}" class="group"><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="{}" stroke="{}" stroke-width="{}"{}/>"#,
            escape(&self.id(node)),
            escape(&node.tooltip),
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h),
            s.fill,
            s.stroke,
            num(s.stroke_width),
            dash(s.dash)
        );
        let mut y = r.y + PAD_Y;
        for line in &node.lines {
            y += line.size;
            let _ = writeln!(
                out,
                r#"<text x="{}" y="{}" font-size="{}"{} fill="{}">{}</text>"#,
                num(r.x + PAD_X * 0.8),
                num(y - line.size * 0.18),
                num(line.size),
                weight(line.bold),
                line.color,
                escape(&line.text)
            );
            y += LINE_GAP;
        }
        out.push_str("</g>\n");
    }

    fn write_node(&self, out: &mut String, node: &Node, r: Rect) {
        let s = &node.style;
        let common = format!(
            r#"fill="{}" stroke="{}" stroke-width="{}"{}"#,
            s.fill,
            s.stroke,
            num(s.stroke_width),
            dash(s.dash)
        );
        let _ = write!(
            out,
            r#"<g id="{}" class="node"><title>{}</title>"#,
            escape(&self.id(node)),
            escape(&node.tooltip)
        );
        match node.shape {
            Shape::Rounded | Shape::Group => {
                let _ = write!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" rx="6" {common}/>"#,
                    num(r.x),
                    num(r.y),
                    num(r.w),
                    num(r.h)
                );
            }
            Shape::Pill => {
                let _ = write!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" {common}/>"#,
                    num(r.x),
                    num(r.y),
                    num(r.w),
                    num(r.h),
                    num(r.h / 2.0)
                );
            }
            Shape::Hexagon => {
                let k = r.h * 0.6;
                let pts = [
                    (r.x, r.y + r.h / 2.0),
                    (r.x + k, r.y),
                    (r.x + r.w - k, r.y),
                    (r.x + r.w, r.y + r.h / 2.0),
                    (r.x + r.w - k, r.y + r.h),
                    (r.x + k, r.y + r.h),
                ];
                let _ = write!(out, r#"<polygon points="{}" {common}/>"#, points(&pts));
            }
            Shape::Notched => {
                let k = 10.0;
                let pts = [
                    (r.x, r.y),
                    (r.x + r.w, r.y),
                    (r.x + r.w - k, r.y + r.h / 2.0),
                    (r.x + r.w, r.y + r.h),
                    (r.x, r.y + r.h),
                    (r.x + k, r.y + r.h / 2.0),
                ];
                let _ = write!(
                    out,
                    r#"<polygon points="{}" stroke-linejoin="round" {common}/>"#,
                    points(&pts)
                );
            }
        }
        if let Some(accent) = &s.accent {
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="5" height="{}" rx="2" fill="{accent}"/>"#,
                num(r.x + 1.0),
                num(r.y + 1.0),
                num(r.h - 2.0)
            );
        }
        let (_, th) = text_block(&node.lines);
        let mut y = r.y + (r.h - th) / 2.0;
        let cx = r.x + r.w / 2.0 + if s.accent.is_some() { 2.5 } else { 0.0 };
        for line in &node.lines {
            y += line.size;
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" font-size="{}"{} fill="{}" text-anchor="middle">{}</text>"#,
                num(cx),
                num(y - line.size * 0.18),
                num(line.size),
                weight(line.bold),
                line.color,
                escape(&line.text)
            );
            y += LINE_GAP;
        }
        out.push_str("</g>\n");
    }
}

fn points(pts: &[(f64, f64)]) -> String {
    pts.iter()
        .map(|&(x, y)| format!("{},{}", num(x), num(y)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn dash(d: Option<&str>) -> String {
    d.map(|d| format!(r#" stroke-dasharray="{d}""#))
        .unwrap_or_default()
}

fn weight(bold: bool) -> &'static str {
    if bold {
        r#" font-weight="bold""#
    } else {
        ""
    }
}

/// The id of the arrowhead marker of a colour.
fn marker_id(color: &str) -> String {
    format!("arrow-{}", color.trim_start_matches('#'))
}

/// An edge as a chain of cubic curves with vertical tangents at every point of its route.
fn write_edge(out: &mut String, edge: &Edge, route: &[Point]) {
    let mut d = format!("M{},{}", num(route[0].x), num(route[0].y));
    for w in route.windows(2) {
        let (a, b) = (w[0], w[1]);
        let my = (a.y + b.y) / 2.0;
        let _ = write!(
            d,
            " C{},{} {},{} {},{}",
            num(a.x),
            num(my),
            num(b.x),
            num(my),
            num(b.x),
            num(b.y)
        );
    }
    let _ = writeln!(
        out,
        r#"<path class="edge" d="{d}" fill="none" stroke="{}" stroke-width="{}"{} marker-end="url(#{})"><title>{}</title></path>"#,
        edge.style.color,
        num(edge.style.width),
        dash(edge.style.dash),
        marker_id(edge.style.color),
        escape(&edge.tooltip)
    );
}

/// Writes a whole SVG document: `body` drawn on a white page of the given size, with one
/// arrowhead marker per edge colour used.
pub fn document(width: f64, height: f64, colors: &[&str], body: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT}">"#,
        w = num(width.ceil()),
        h = num(height.ceil())
    );
    out.push_str("<defs>\n");
    for c in colors {
        let _ = writeln!(
            out,
            r#"<marker id="{}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>"#,
            marker_id(c)
        );
    }
    out.push_str("</defs>\n");
    let _ = writeln!(
        out,
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    out.push_str(body);
    out.push_str("</svg>\n");
    out
}

/// The edge colours a scene uses, in first-use order.
pub fn edge_colors<'a>(scenes: impl IntoIterator<Item = &'a Drawn>) -> Vec<&'static str> {
    let mut colors: Vec<&'static str> = Vec::new();
    for s in scenes {
        for e in &s.scene.edges {
            if !colors.contains(&e.style.color) {
                colors.push(e.style.color);
            }
        }
    }
    colors
}
