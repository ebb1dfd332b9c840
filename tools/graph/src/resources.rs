//! The resource graph of a synthesized template, knowing no AWS service: one node per
//! resource, grouped in boxes by the construct paths of the `aws:cdk:path` metadata, one edge
//! per pair of resources where one references the other (`Ref`, `Fn::GetAtt`, `Fn::Sub`
//! variables) and a dashed one where it only waits for it (`DependsOn`).
//!
//! Edges point from the resource that refers to the one it needs, so what a stack is entered
//! by (APIs, rules) is drawn at the top and what everything needs (roles, tables) below.

use serde_json::{Map, Value};

use crate::draw::{Edge, EdgeStyle, Line, Node, Scene, Shape, Style};
use crate::text::{truncate, truncate_left};

/// The metadata key that holds a resource's construct path.
pub const PATH_KEY: &str = "aws:cdk:path";

/// Colours of resource families (the service part of the type), picked by a stable hash of
/// that part, so the same service always gets the same colour without a list of services.
const PALETTE: [&str; 10] = [
    "#0972d3", "#e07941", "#037f0c", "#a15ee6", "#d91515", "#00838f", "#c7892b", "#5f6b7a",
    "#d6368f", "#3f51b5",
];

/// One resource of the template, as the picture sees it.
#[derive(Clone, Debug)]
pub struct Resource {
    /// Logical ID.
    pub logical_id: String,
    /// Resource type.
    pub ty: String,
    /// Construct path below the stack, `/Resource` dropped (empty without metadata).
    pub path: Vec<String>,
}

/// A reference from one resource to another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// Index of the referring resource.
    pub from: usize,
    /// Index of the resource referred to.
    pub to: usize,
    /// How: `Ref`, `GetAtt <attr>`, `Sub`, `DependsOn`, in first-seen order.
    pub how: Vec<String>,
}

/// The template's resources and the references between them, in template order.
#[derive(Clone, Debug)]
pub struct ResourceGraph {
    /// The stack name (first segment of the construct paths), if the metadata names one.
    pub stack: Option<String>,
    /// The resources.
    pub resources: Vec<Resource>,
    /// References and `DependsOn`, one entry per ordered pair.
    pub references: Vec<Reference>,
}

/// Reads the resources and references of a template.
pub fn resource_graph(template: &Value) -> ResourceGraph {
    let empty = Map::new();
    let resources = template
        .get("Resources")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let ids: Vec<&String> = resources.keys().collect();
    let mut stack = None;
    let mut list = Vec::new();
    for (id, body) in resources {
        let ty = body
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string();
        let raw = body
            .get("Metadata")
            .and_then(|m| m.get(PATH_KEY))
            .and_then(Value::as_str);
        let mut path: Vec<String> = raw
            .map(|p| p.split('/').map(str::to_string).collect())
            .unwrap_or_default();
        if !path.is_empty() {
            let first = path.remove(0);
            stack.get_or_insert(first);
        }
        if path.last().map(String::as_str) == Some("Resource") {
            path.pop();
        }
        list.push(Resource {
            logical_id: id.clone(),
            ty,
            path,
        });
    }
    let index = |name: &str| ids.iter().position(|i| i.as_str() == name);
    let mut references: Vec<Reference> = Vec::new();
    let mut add = |from: usize, to: usize, how: String| {
        if from == to {
            return;
        }
        match references.iter_mut().find(|r| r.from == from && r.to == to) {
            Some(r) => {
                if !r.how.contains(&how) {
                    r.how.push(how)
                }
            }
            None => references.push(Reference {
                from,
                to,
                how: vec![how],
            }),
        }
    };
    for (from, body) in resources.values().enumerate() {
        let mut found = Vec::new();
        if let Some(obj) = body.as_object() {
            for (k, v) in obj {
                if k != "Metadata" && k != "DependsOn" && k != "Type" {
                    refs(v, &mut found);
                }
            }
        }
        for (target, how) in found {
            if let Some(to) = index(&target) {
                add(from, to, how);
            }
        }
        let depends: Vec<&str> = match body.get("DependsOn") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        for d in depends {
            if let Some(to) = index(d) {
                add(from, to, "DependsOn".to_string());
            }
        }
    }
    ResourceGraph {
        stack,
        resources: list,
        references,
    }
}

/// Collects `(logical id, how)` for every reference in a value.
fn refs(v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(o) if o.len() == 1 => {
            let (k, arg) = o.iter().next().expect("one entry");
            match (k.as_str(), arg) {
                ("Ref", Value::String(s)) => out.push((s.clone(), "Ref".into())),
                ("Fn::GetAtt", Value::Array(a)) => {
                    if let Some(Value::String(s)) = a.first() {
                        let attr = a.get(1).and_then(Value::as_str).unwrap_or("?");
                        out.push((s.clone(), format!("GetAtt {attr}")));
                    }
                    a.iter().skip(1).for_each(|x| refs(x, out));
                }
                ("Fn::GetAtt", Value::String(s)) => {
                    let (id, attr) = s.split_once('.').unwrap_or((s, "?"));
                    out.push((id.to_string(), format!("GetAtt {attr}")));
                }
                ("Fn::Sub", Value::String(s)) => sub_refs(s, &[], out),
                ("Fn::Sub", Value::Array(a)) => {
                    let vars: Vec<String> = a
                        .get(1)
                        .and_then(Value::as_object)
                        .map(|m| m.keys().cloned().collect())
                        .unwrap_or_default();
                    if let Some(Value::String(s)) = a.first() {
                        sub_refs(s, &vars, out);
                    }
                    a.iter().skip(1).for_each(|x| refs(x, out));
                }
                _ => refs(arg, out),
            }
        }
        Value::Object(o) => o.values().for_each(|x| refs(x, out)),
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

/// The `${Name}` / `${Name.Attr}` variables of an `Fn::Sub` string that are not its own.
fn sub_refs(s: &str, own: &[String], out: &mut Vec<(String, String)>) {
    let mut rest = s;
    while let Some(at) = rest.find("${") {
        rest = &rest[at + 2..];
        let Some(end) = rest.find('}') else { break };
        let var = &rest[..end];
        rest = &rest[end + 1..];
        if var.starts_with('!') || var.starts_with("AWS::") || own.iter().any(|o| o == var) {
            continue;
        }
        let (id, attr) = match var.split_once('.') {
            Some((id, attr)) => (id, format!("Sub GetAtt {attr}")),
            None => (var, "Sub".to_string()),
        };
        out.push((id.to_string(), attr));
    }
}

/// A stable hash (FNV-1a) for colours.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

/// The service part of a type name (`AWS::X::Y` → `X`), or the whole name.
fn family(ty: &str) -> &str {
    ty.split("::").nth(1).unwrap_or(ty)
}

/// The colour of a resource type's family.
pub fn family_color(ty: &str) -> &'static str {
    PALETTE[(fnv(family(ty)) % PALETTE.len() as u64) as usize]
}

/// The construct groups: every path prefix shared by two or more resources, except a prefix
/// whose only content is one other group (its title joins that group's).
fn groups(resources: &[Resource]) -> Vec<Vec<String>> {
    let mut candidates: Vec<Vec<String>> = Vec::new();
    for r in resources {
        for len in 1..=r.path.len() {
            let prefix = r.path[..len].to_vec();
            if candidates.contains(&prefix) {
                continue;
            }
            let n = resources
                .iter()
                .filter(|o| o.path.starts_with(&prefix))
                .count();
            if n >= 2 {
                candidates.push(prefix);
            }
        }
    }
    // Drop a group whose members are exactly one child group's members.
    let members = |p: &Vec<String>| resources.iter().filter(|o| o.path.starts_with(p)).count();
    let keep: Vec<Vec<String>> = candidates
        .iter()
        .filter(|p| {
            !candidates
                .iter()
                .any(|q| q.len() > p.len() && q.starts_with(p) && members(q) == members(p))
        })
        .cloned()
        .collect();
    keep
}

/// The resource graph as a scene.
pub fn scene(graph: &ResourceGraph) -> Scene {
    let mut scene = Scene::default();
    let groups = groups(&graph.resources);
    // Group nodes first, each inside the longest group that is a proper prefix of it.
    let mut group_node: Vec<usize> = Vec::new();
    // Sort groups so parents come first (shorter prefixes first, then first appearance).
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_key(|&i| (groups[i].len(), i));
    let mut index_of_group = vec![usize::MAX; groups.len()];
    for &gi in &order {
        let g = &groups[gi];
        // Parent: the longest already-placed group that is a proper prefix.
        let parent = order
            .iter()
            .filter(|&&o| {
                index_of_group[o] != usize::MAX
                    && groups[o].len() < g.len()
                    && g.starts_with(&groups[o])
            })
            .max_by_key(|&&o| groups[o].len())
            .map(|&o| index_of_group[o]);
        let parent_len = order
            .iter()
            .filter(|&&o| {
                index_of_group[o] != usize::MAX
                    && groups[o].len() < g.len()
                    && g.starts_with(&groups[o])
            })
            .map(|&o| groups[o].len())
            .max()
            .unwrap_or(0);
        let title = g[parent_len..].join("/");
        let full = g.join("/");
        let node = scene.add(Node {
            parent,
            shape: Shape::Group,
            style: Style {
                fill: "rgba(95,107,122,0.045)",
                stroke: "#aab7c4",
                dash: None,
                stroke_width: 1.0,
                accent: None,
            },
            lines: vec![Line::new(truncate(&title, 48), 12.5, true, "#414d5c")],
            tooltip: full.clone(),
            id: format!("construct:{full}"),
            min_width: 0.0,
        });
        index_of_group[gi] = node;
    }
    group_node.extend(index_of_group.iter().copied());
    let mut node_of = Vec::new();
    for r in &graph.resources {
        let parent = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| r.path.starts_with(g))
            .max_by_key(|(_, g)| g.len())
            .map(|(i, _)| group_node[i]);
        let color = family_color(&r.ty);
        let path = r.path.join("/");
        let mut lines = vec![
            Line::new(truncate(&r.logical_id, 34), 12.5, true, "#0f141a"),
            Line::new(truncate(&r.ty, 40), 10.5, false, "#414d5c"),
        ];
        if !path.is_empty() {
            lines.push(Line::new(truncate_left(&path, 40), 10.0, false, "#656871"));
        }
        let tooltip = format!(
            "{}\n{}\n{}",
            r.logical_id,
            r.ty,
            if path.is_empty() {
                "(no construct path)"
            } else {
                &path
            }
        );
        node_of.push(scene.add(Node {
            parent,
            shape: Shape::Rounded,
            style: Style {
                fill: "#ffffff",
                stroke: color,
                dash: None,
                stroke_width: 1.2,
                accent: Some(color.to_string()),
            },
            lines,
            tooltip,
            id: format!("resource:{}", r.logical_id),
            min_width: 150.0,
        }));
    }
    for reference in &graph.references {
        let only_waits = reference.how.iter().all(|h| h == "DependsOn");
        let (a, b) = (
            &graph.resources[reference.from],
            &graph.resources[reference.to],
        );
        scene.edges.push(Edge {
            from: node_of[reference.from],
            to: node_of[reference.to],
            label: None,
            tooltip: format!(
                "{} → {}: {}",
                a.logical_id,
                b.logical_id,
                reference.how.join(", ")
            ),
            style: if only_waits {
                EdgeStyle {
                    color: "#8d99a8",
                    dash: Some("5 4"),
                    width: 1.1,
                }
            } else {
                EdgeStyle {
                    color: "#5f6b7a",
                    dash: None,
                    width: 1.2,
                }
            },
        });
    }
    scene
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_of_every_kind_and_depends_on() {
        let t = json!({"Resources": {
            "A": {"Type": "AWS::X::A", "Properties": {
                "P": {"Ref": "B"}, "Q": {"Fn::GetAtt": ["C", "Arn"]},
                "R": {"Fn::Sub": ["${D.Name}-${own}-${AWS::Region}-${!lit}", {"own": {"Ref": "E"}}]},
                "S": {"Fn::Sub": "${own}"}, "T": {"Ref": "AWS::NoValue"}}},
            "B": {"Type": "AWS::X::B", "DependsOn": ["A", "C"]},
            "C": {"Type": "AWS::Y::C", "Properties": {"X": {"Fn::GetAtt": "D.Arn"}}},
            "D": {"Type": "AWS::Y::D"}, "E": {"Type": "AWS::Y::E"}, "own": {"Type": "AWS::Y::F"}
        }});
        let g = resource_graph(&t);
        let pairs: Vec<(usize, usize, Vec<String>)> = g
            .references
            .iter()
            .map(|r| (r.from, r.to, r.how.clone()))
            .collect();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            pairs,
            vec![
                (0, 1, s(&["Ref"])),
                (0, 2, s(&["GetAtt Arn"])),
                (0, 3, s(&["Sub GetAtt Name"])),
                (0, 4, s(&["Ref"])),
                (0, 5, s(&["Sub"])),
                (1, 0, s(&["DependsOn"])),
                (1, 2, s(&["DependsOn"])),
                (2, 3, s(&["GetAtt Arn"])),
            ]
        );
    }

    #[test]
    fn groups_by_construct_path() {
        let r = |id: &str, p: &str| Resource {
            logical_id: id.into(),
            ty: "T".into(),
            path: p.split('/').map(str::to_string).collect(),
        };
        let list = vec![
            r("F", "Fn"),
            r("FR", "Fn/ServiceRole"),
            r("M", "Api/Default/items/GET"),
            r("P", "Api/Default/items/GET/Permission"),
            r("Api", "Api"),
            r("Lone", "Lone"),
        ];
        let g = groups(&list);
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        // Api/Default and Api/Default/items hold what Api/Default/items/GET holds: dropped.
        assert_eq!(
            g,
            vec![
                s(&["Fn"]),
                s(&["Api"]),
                s(&["Api", "Default", "items", "GET"])
            ]
        );
    }
}
