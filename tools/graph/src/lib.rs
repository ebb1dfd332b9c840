//! Pictures of synthesized stacks, as SVG: the picture of the `graph` verb.
//!
//! [`stack_svg`] draws one stack's template: its resources grouped in boxes by construct
//! (the `aws:cdk:path` metadata), edges for references (`Ref`, `Fn::GetAtt`, `Fn::Sub`) and
//! dashed ones for `DependsOn`, and below them one panel per state machine with its workflow
//! (states, transitions, Catch edges, Map and Parallel nested), as the Step Functions console
//! draws it. [`workflow_svg`] draws one definition (an `.asl.json` file) alone.
//!
//! ```
//! let template = serde_json::json!({"Resources": {
//!     "Table": {"Type": "AWS::DynamoDB::Table", "Metadata": {"aws:cdk:path": "S/Table/Resource"}},
//!     "Fn": {"Type": "AWS::Lambda::Function", "Metadata": {"aws:cdk:path": "S/Fn/Resource"},
//!            "Properties": {"Environment": {"Variables": {"T": {"Ref": "Table"}}}}}
//! }});
//! let svg = cdk_graph::stack_svg(&template);
//! assert!(svg.starts_with("<svg") && svg.contains("resource:Fn"));
//! ```
//!
//! Modules: [`layout`] (a layered layout of compound graphs, knowing nothing of what it
//! draws), [`draw`] (shapes, text and edges written as SVG), [`resources`] (the generic
//! resource graph of a template: no AWS service named) and [`workflow`] (Amazon States
//! Language: the only Step Functions knowledge here).
//!
//! Pass the plain CloudFormation template (`<Stack>.template.json`, or
//! `cdk_core`'s in-memory plain template as a `serde_json::Value`): its resources carry the
//! `aws:cdk:path` metadata the boxes come from, and its state machines their definitions. A
//! SAM template draws too, with SAM's resources as written (one function instead of its
//! version, alias and deployment group). For the `graph [STACK] [--out FILE]` verb:
//!
//! ```no_run
//! # fn plain_template_of(_: &str) -> serde_json::Value { unimplemented!() }
//! let template: serde_json::Value = plain_template_of("Workflows");
//! std::fs::write("Workflows.svg", cdk_graph::stack_svg(&template)).unwrap();
//! ```
//!
//! `cargo run -p cdk-graph --example draw -- synth-out/Workflows.template.json > w.svg` draws a
//! written template (`--asl FILE` a definition).
//!
//! Output is deterministic: the same template gives the same bytes (no hash-map order, no
//! clock, coordinates rounded to a tenth of a pixel).

#![warn(missing_docs)]

pub mod draw;
pub mod layout;
pub mod resources;
pub mod text;
pub mod workflow;

use std::fmt::Write;

use serde_json::Value;

use draw::{Drawn, Placed};
use layout::{Rect, Spacing};
use text::{escape, num, truncate};

/// A drawn picture: the SVG text, its size, and where each node and box went (used by tests
/// that look at a rendering; ids are those written in the SVG).
#[derive(Clone, Debug)]
pub struct Picture {
    /// The SVG document.
    pub svg: String,
    /// Width in pixels.
    pub width: f64,
    /// Height in pixels.
    pub height: f64,
    /// Every node and box: `resource:<LogicalId>`, `construct:<path>`, and for workflows
    /// `<LogicalId>/state:<state path>` (`<LogicalId>/start`, `<LogicalId>/end`).
    pub nodes: Vec<Placed>,
}

const MARGIN: f64 = 24.0;
const PANEL_GAP: f64 = 28.0;

fn resource_spacing() -> Spacing {
    Spacing {
        pad: 16.0,
        header: 0.0,
        node_gap: 26.0,
        layer_gap: 46.0,
        min_width: 0.0,
    }
}

fn workflow_spacing() -> Spacing {
    Spacing {
        pad: 18.0,
        header: 0.0,
        node_gap: 30.0,
        layer_gap: 40.0,
        min_width: 0.0,
    }
}

/// The SVG picture of a synthesized template (plain or SAM).
pub fn stack_svg(template: &Value) -> String {
    stack_picture(template).svg
}

/// The SVG picture of a state machine definition alone, titled `name`.
pub fn workflow_svg(name: &str, definition: &Value) -> String {
    workflow_picture(name, definition).svg
}

/// [`workflow_svg`] with the positions of its nodes.
pub fn workflow_picture(name: &str, definition: &Value) -> Picture {
    let drawn = workflow::scene(definition).lay_out("", workflow_spacing());
    let mut body = String::new();
    let mut nodes = Vec::new();
    let (title_h, title_w) = heading(
        &mut body,
        MARGIN,
        MARGIN,
        name,
        "Step Functions workflow",
        &WORKFLOW_LEGEND,
    );
    drawn.write(&mut body, MARGIN, MARGIN + title_h, &mut nodes);
    let w = (drawn.width() + 2.0 * MARGIN).max(title_w + MARGIN);
    let h = drawn.height() + title_h + 2.0 * MARGIN;
    let svg = draw::document(w, h, &draw::edge_colors([&drawn]), &body);
    Picture {
        svg,
        width: w.ceil(),
        height: h.ceil(),
        nodes,
    }
}

/// [`stack_svg`] with the positions of its nodes.
pub fn stack_picture(template: &Value) -> Picture {
    let graph = resources::resource_graph(template);
    let machines = workflow::machines(template);
    let stack = graph.stack.clone().unwrap_or_else(|| "Stack".to_string());
    let resources = resources::scene(&graph).lay_out("", resource_spacing());
    let panels: Vec<(workflow::Machine, Drawn)> = machines
        .into_iter()
        .map(|m| {
            let scene = match &m.definition {
                Some(d) => workflow::scene(d),
                None => workflow::note_scene(
                    "The definition is not in the template (an S3 location, or built with Fn::Join).",
                ),
            };
            let drawn = scene.lay_out(&format!("{}/", m.logical_id), workflow_spacing());
            (m, drawn)
        })
        .collect();

    let mut body = String::new();
    let mut nodes = Vec::new();
    let refs = graph
        .references
        .iter()
        .filter(|r| r.how.iter().any(|h| h != "DependsOn"))
        .count();
    let waits = graph.references.len() - refs;
    let subtitle = format!(
        "{} resources · {} references · {} DependsOn · {} state machines",
        graph.resources.len(),
        refs,
        waits,
        panels.len()
    );
    let mut y = MARGIN;
    let mut legend: Vec<LegendEntry> = vec![
        ("#5f6b7a", None, "reference"),
        ("#8d99a8", Some("5 4"), "DependsOn"),
    ];
    if !panels.is_empty() {
        legend.extend(WORKFLOW_LEGEND);
    }
    let (title_h, title_w) = heading(
        &mut body,
        MARGIN,
        y,
        &format!("Stack {stack}"),
        &subtitle,
        &legend,
    );
    y += title_h;
    resources.write(&mut body, MARGIN, y, &mut nodes);
    let mut width = (resources.width() + 2.0 * MARGIN).max(title_w + MARGIN);
    y += resources.height();
    // Workflow panels in rows no wider than the resource graph (or 1400 px).
    if !panels.is_empty() {
        y += PANEL_GAP;
        let max_row = (resources.width()).max(1400.0);
        let mut x = MARGIN;
        let mut row_h: f64 = 0.0;
        for (machine, drawn) in &panels {
            let title = format!("{} · {}", machine.path, machine.logical_id);
            let (pw, ph) = panel_size(drawn, &title);
            if x > MARGIN && x - MARGIN + pw > max_row {
                x = MARGIN;
                y += row_h + PANEL_GAP;
                row_h = 0.0;
            }
            let r = Rect { x, y, w: pw, h: ph };
            panel(&mut body, r, &title, drawn, &mut nodes);
            width = width.max(x + pw + MARGIN);
            x += pw + PANEL_GAP;
            row_h = row_h.max(ph);
        }
        y += row_h;
    }
    let height = y + MARGIN;
    let mut all: Vec<&Drawn> = vec![&resources];
    all.extend(panels.iter().map(|(_, d)| d));
    let svg = draw::document(width, height, &draw::edge_colors(all), &body);
    Picture {
        svg,
        width: width.ceil(),
        height: height.ceil(),
        nodes,
    }
}

const PANEL_TITLE: f64 = 34.0;

fn panel_size(drawn: &Drawn, title: &str) -> (f64, f64) {
    let tw = text::width(&truncate(title, 70), 13.0, true) + 130.0;
    (drawn.width().max(tw), drawn.height() + PANEL_TITLE)
}

/// A framed panel with a title bar, the workflow drawn inside (centred).
fn panel(out: &mut String, r: Rect, title: &str, drawn: &Drawn, nodes: &mut Vec<Placed>) {
    let _ = writeln!(
        out,
        r##"<g class="panel"><rect x="{}" y="{}" width="{}" height="{}" rx="10" fill="#fbfbfc" stroke="#c6c6cd" stroke-width="1"/><path d="M{},{} h{}" stroke="#e9ebed"/><text x="{}" y="{}" font-size="13" font-weight="bold" fill="#0f141a">{}</text><text x="{}" y="{}" font-size="10.5" fill="#656871" text-anchor="end">workflow</text></g>"##,
        num(r.x),
        num(r.y),
        num(r.w),
        num(r.h),
        num(r.x),
        num(r.y + PANEL_TITLE - 6.0),
        num(r.w),
        num(r.x + 14.0),
        num(r.y + 19.0),
        escape(&truncate(title, 70)),
        num(r.x + r.w - 14.0),
        num(r.y + 19.0)
    );
    let dx = r.x + (r.w - drawn.width()) / 2.0;
    drawn.write(out, dx, r.y + PANEL_TITLE, nodes);
}

/// One entry of a legend: the edge's colour, dash pattern, and what it means.
type LegendEntry = (&'static str, Option<&'static str>, &'static str);

/// The legend of the workflow edges.
const WORKFLOW_LEGEND: [LegendEntry; 2] = [
    ("#414d5c", None, "transition"),
    ("#d91515", Some("6 4"), "Catch"),
];

/// A title, and a subtitle followed by a legend of edge styles, at `(x, y)`; returns the
/// height they take and the x where they end.
fn heading(
    out: &mut String,
    x: f64,
    y: f64,
    title: &str,
    subtitle: &str,
    legend: &[LegendEntry],
) -> (f64, f64) {
    let _ = writeln!(
        out,
        r##"<text x="{}" y="{}" font-size="18" font-weight="bold" fill="#0f141a">{}</text><text x="{}" y="{}" font-size="11.5" fill="#656871">{}</text>"##,
        num(x),
        num(y + 16.0),
        escape(title),
        num(x),
        num(y + 34.0),
        escape(subtitle)
    );
    let mut at = x + text::width(subtitle, 11.5, false) + 28.0;
    let ly = y + 30.0;
    for &(color, dash, what) in legend {
        let _ = writeln!(
            out,
            r##"<g class="legend"><path d="M{},{} h26" stroke="{color}" stroke-width="1.3"{}/><path d="M{},{} l-7,-3.5 v7 z" fill="{color}"/><text x="{}" y="{}" font-size="11" fill="#414d5c">{}</text></g>"##,
            num(at),
            num(ly),
            dash.map(|d| format!(r#" stroke-dasharray="{d}""#))
                .unwrap_or_default(),
            num(at + 30.0),
            num(ly),
            num(at + 36.0),
            num(ly + 4.0),
            escape(what)
        );
        at += 36.0 + text::width(what, 11.0, false) + 22.0;
    }
    (48.0, at)
}
