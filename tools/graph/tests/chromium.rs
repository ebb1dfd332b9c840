//! The pictures of two checked-in examples (`synth-out/Workflows`, `synth-out/ItemsApi`),
//! rendered by headless Chromium: the screenshot has the picture's size, a white background,
//! and every node drawn where the layout put it (its outline on the top and bottom sides, and
//! ink inside: its text). Chromium is installed by the test set-up when missing (Debian's
//! package, `tools/validators/ensure.sh chromium`); it is never skipped.
//!
//! The SVGs and screenshots stay in `target/tmp/graph/` to be looked at.

use std::path::{Path, PathBuf};

use cdk_graph::layout::Rect;
use cdk_graph::Picture;

fn synth_out() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../synth-out"))
}

fn template(name: &str) -> serde_json::Value {
    let path = synth_out().join(format!("{name}.template.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("a JSON template")
}

/// An RGBA screenshot.
struct Shot {
    width: usize,
    height: usize,
    rgba: Vec<u8>,
}

impl Shot {
    fn load(path: &Path) -> Shot {
        let decoder = png::Decoder::new(std::io::BufReader::new(
            std::fs::File::open(path).expect("open png"),
        ));
        let mut reader = decoder.read_info().expect("png header");
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("png frame");
        let (width, height) = (info.width as usize, info.height as usize);
        let rgba = match info.color_type {
            png::ColorType::Rgba => buf[..width * height * 4].to_vec(),
            png::ColorType::Rgb => buf[..width * height * 3]
                .chunks(3)
                .flat_map(|p| [p[0], p[1], p[2], 255])
                .collect(),
            other => panic!("unexpected colour type {other:?}"),
        };
        Shot {
            width,
            height,
            rgba,
        }
    }

    fn pixel(&self, x: usize, y: usize) -> [u8; 3] {
        let i = (y * self.width + x) * 4;
        [self.rgba[i], self.rgba[i + 1], self.rgba[i + 2]]
    }

    fn is_white(&self, x: usize, y: usize) -> bool {
        self.pixel(x, y).iter().all(|&c| c >= 245)
    }

    fn is_ink(&self, x: usize, y: usize) -> bool {
        let [r, g, b] = self.pixel(x, y);
        (u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000 < 150
    }

    /// Share of non-white pixels on a horizontal line from `x0` to `x1`.
    fn line_coverage(&self, x0: f64, x1: f64, y: f64) -> f64 {
        let y = (y.round() as usize).min(self.height - 1);
        let xs: Vec<usize> = (x0.ceil() as usize..x1.floor() as usize).collect();
        let drawn = xs.iter().filter(|&&x| !self.is_white(x, y)).count();
        drawn as f64 / xs.len().max(1) as f64
    }

    /// Number of ink (dark) pixels strictly inside a rectangle.
    fn ink_inside(&self, r: Rect) -> usize {
        let mut n = 0;
        for y in (r.y + 3.0) as usize..(r.y + r.h - 3.0) as usize {
            for x in (r.x + 3.0) as usize..(r.x + r.w - 3.0) as usize {
                if self.is_ink(x, y) {
                    n += 1;
                }
            }
        }
        n
    }
}

/// Renders a picture with Chromium and checks every node shows.
fn check_rendering(name: &str, picture: &Picture) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("graph");
    std::fs::create_dir_all(&dir).expect("create the output folder");
    let svg = dir.join(format!("{name}.svg"));
    let png = dir.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&png);
    std::fs::write(&svg, &picture.svg).expect("write the svg");
    let scratch = dir.join(format!("scratch-{name}"));
    let run = cdk_validators::screenshot(
        &svg,
        picture.width as u32,
        picture.height as u32,
        &png,
        &scratch,
    );
    assert!(
        run.success,
        "chromium failed to screenshot {}:\n{}",
        svg.display(),
        run.output
    );
    let shot = Shot::load(&png);
    assert_eq!(
        (shot.width, shot.height),
        (picture.width as usize, picture.height as usize),
        "screenshot size"
    );
    // The margin is the white page.
    for (x, y) in [
        (2, 2),
        (shot.width - 3, 2),
        (2, shot.height - 3),
        (shot.width - 3, shot.height - 3),
    ] {
        assert!(
            shot.is_white(x, y),
            "{name}: the corner ({x}, {y}) is {:?}, not white",
            shot.pixel(x, y)
        );
    }
    let leaves: Vec<_> = picture.nodes.iter().filter(|n| !n.group).collect();
    assert!(leaves.len() >= 10, "{name}: only {} nodes", leaves.len());
    let mut problems = Vec::new();
    for node in &picture.nodes {
        let r = node.rect;
        // The outline crosses the middle 40 % of the top and bottom sides.
        let (x0, x1) = (r.x + r.w * 0.3, r.x + r.w * 0.7);
        let top = shot.line_coverage(x0, x1, r.y - 0.5);
        let bottom = shot.line_coverage(x0, x1, r.y + r.h - 0.5);
        // Boxes of groups and containers may be dashed or dotted (2 on, 3 off: 40 %).
        let min = if node.group { 0.3 } else { 0.9 };
        if top < min || bottom < min {
            problems.push(format!(
                "{}: outline covers {top:.2} of the top, {bottom:.2} of the bottom at {r:?}",
                node.id
            ));
        }
        // Its text (or a marker's dark fill) is there.
        let ink = shot.ink_inside(r);
        if ink < 30 {
            problems.push(format!("{}: only {ink} dark pixels inside {r:?}", node.id));
        }
    }
    assert!(
        problems.is_empty(),
        "{name} (see {}):\n{}",
        png.display(),
        problems.join("\n")
    );
}

#[test]
fn workflows_example_renders_every_node() {
    let picture = cdk_graph::stack_picture(&template("Workflows"));
    // Every resource and every state of the six machines is in the picture.
    let ids: Vec<&str> = picture.nodes.iter().map(|n| n.id.as_str()).collect();
    for id in [
        "resource:OrdersA9B65338",
        "OrdersA9B65338/state:Reserve and charge",
        "OrdersA9B65338/state:Reserve and charge/1/Reserve stock",
        "OrdersA9B65338/state:Each line item/Pack",
        "RetryCatch20EA3E2C/state:CatchAllFallback",
        "ReconcileD51D4F4F/state:Each report/Check report",
        "HelloWorld7964D1E8/end",
    ] {
        assert!(ids.contains(&id), "{id} is not drawn; drawn: {ids:?}");
    }
    check_rendering("Workflows", &picture);
}

#[test]
fn items_api_example_renders_every_node() {
    let t = template("ItemsApi");
    let picture = cdk_graph::stack_picture(&t);
    let count = picture
        .nodes
        .iter()
        .filter(|n| n.id.starts_with("resource:"))
        .count();
    assert_eq!(count, t["Resources"].as_object().expect("resources").len());
    check_rendering("ItemsApi", &picture);
}

#[test]
fn a_definition_file_renders_alone() {
    let path = synth_out().join("Workflows.Orders.asl.json");
    let def: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
    let picture = cdk_graph::workflow_picture("Workflows.Orders", &def);
    check_rendering("Workflows.Orders.asl", &picture);
}
