//! Every checked-in template draws (both flavors): every resource and every state machine's
//! workflow is in the picture, twice the same bytes; and odd input draws without a panic.

use std::path::PathBuf;

use cdk_graph::layout::Rect;
use serde_json::json;

fn synth_out() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../synth-out"))
}

#[test]
fn every_synthesized_template_draws() {
    let mut names: Vec<PathBuf> = std::fs::read_dir(synth_out())
        .expect("synth-out/")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let n = p.to_string_lossy();
            n.ends_with(".template.json") || n.ends_with(".sam.json")
        })
        .collect();
    names.sort();
    assert!(names.len() >= 20, "templates found: {names:?}");
    for path in names {
        let template: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        let picture = cdk_graph::stack_picture(&template);
        let resources = template["Resources"].as_object().expect("resources");
        for id in resources.keys() {
            let want = format!("resource:{id}");
            assert!(
                picture.nodes.iter().any(|n| n.id == want),
                "{}: {id} is not drawn",
                path.display()
            );
        }
        for machine in cdk_graph::workflow::machines(&template) {
            assert!(
                machine.definition.is_some(),
                "{}: {} has no readable definition",
                path.display(),
                machine.logical_id
            );
            let start = format!("{}/start", machine.logical_id);
            assert!(
                picture.nodes.iter().any(|n| n.id == start),
                "{}: no workflow of {}",
                path.display(),
                machine.logical_id
            );
        }
        assert_eq!(
            picture.svg,
            cdk_graph::stack_svg(&template),
            "{}: not deterministic",
            path.display()
        );
        // Boxes nest or keep apart: two nodes never overlap, a node is inside a box or
        // clear of it, and so are two boxes.
        let overlap = |a: Rect, b: Rect| {
            a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
        };
        let inside = |a: Rect, b: Rect| {
            a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h
        };
        for (i, a) in picture.nodes.iter().enumerate() {
            for b in &picture.nodes[i + 1..] {
                let ok = if !a.group && !b.group {
                    !overlap(a.rect, b.rect)
                } else {
                    !overlap(a.rect, b.rect) || inside(a.rect, b.rect) || inside(b.rect, a.rect)
                };
                assert!(
                    ok,
                    "{}: {} at {:?} and {} at {:?} overlap",
                    path.display(),
                    a.id,
                    a.rect,
                    b.id,
                    b.rect
                );
            }
        }
        // Nodes stay on the page.
        for n in &picture.nodes {
            let r = n.rect;
            assert!(
                r.x >= 0.0
                    && r.y >= 0.0
                    && r.x + r.w <= picture.width
                    && r.y + r.h <= picture.height,
                "{}: {} at {r:?} is off the {}x{} page",
                path.display(),
                n.id,
                picture.width,
                picture.height
            );
        }
    }
}

#[test]
fn odd_input_draws_without_panicking() {
    let odd = [
        json!({}),
        json!({"Resources": []}),
        json!({"Resources": {"A": 1, "B": {"Type": 5, "DependsOn": [1, "A", "Missing"], "Metadata": {"aws:cdk:path": 3}}}}),
        json!({"Resources": {"A": {"Type": "T", "Properties": {"Self": {"Ref": "A"}, "Bad": {"Fn::GetAtt": []}, "Sub": {"Fn::Sub": "${unclosed"}}}}}),
        json!({"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionString": {"Fn::Join": ["", ["{", "}"]]}}}}}),
        json!({"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionString": "not json"}}}}),
        json!({"Resources": {"M": {"Type": "AWS::Serverless::StateMachine", "Properties": {"Definition": {
        "StartAt": "Nowhere",
        "States": {
            "Loop": {"Type": "Wait", "Seconds": "x", "Next": "Loop"},
            "C": {"Type": "Choice", "Choices": "no", "Default": 3},
            "Odd": {"Type": "Future", "Next": "Missing", "Catch": [{"Next": "C"}]},
            "P": {"Type": "Parallel", "Branches": [{}, {"States": {}}, {"StartAt": "X", "States": {"X": {"Type": "Map"}}}]}
        }}}}}}),
    ];
    for t in odd {
        let picture = cdk_graph::stack_picture(&t);
        let svg = picture.svg;
        // A machine whose definition cannot be read gets a note instead of its workflow.
        if t.pointer("/Resources/M/Properties/DefinitionString")
            .is_some()
        {
            assert!(picture.nodes.iter().any(|n| n.id == "M/note"), "{t}");
        }
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"), "{t}");
        if let Some(def) = t.pointer("/Resources/M/Properties/Definition") {
            assert!(cdk_graph::workflow_svg("M", def).contains("Loop"));
        }
    }
}
