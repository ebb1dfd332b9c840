//! A state machine's workflow, drawn from its Amazon States Language definition the way the
//! Step Functions console (Workflow Studio) draws it: a Start marker, the states top to
//! bottom (a shape per state type), `Next`/`Default`/Choice-rule edges, dashed red `Catch`
//! edges, an End marker after every terminal state, and Map iterators and Parallel branches
//! as boxes around their own states.
//!
//! This is Step Functions knowledge, and so lives here rather than in `cdk-core`; it reads the
//! definition JSON (`synth-out/<Stack>.<Machine>.asl.json`, or the one inside a template), not
//! the construct model, so it does not belong in `constructs` either.

use serde_json::Value;

use crate::draw::{Edge, EdgeStyle, Line, Node, Scene, Shape, Style};
use crate::text::truncate;

/// A state machine found in a template.
#[derive(Clone, Debug)]
pub struct Machine {
    /// Its logical ID.
    pub logical_id: String,
    /// Its construct path (from `aws:cdk:path`), or the logical ID.
    pub path: String,
    /// Its definition, when the template holds it (`Definition`, or a `DefinitionString` that
    /// is a string or an `Fn::Sub` of one; `${…}` variables stay as they are).
    pub definition: Option<Value>,
}

/// The state machines of a template, plain (`AWS::StepFunctions::StateMachine`) or SAM
/// (`AWS::Serverless::StateMachine`), in template order.
pub fn machines(template: &Value) -> Vec<Machine> {
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
        return Vec::new();
    };
    resources
        .iter()
        .filter(|(_, r)| {
            matches!(
                r.get("Type").and_then(Value::as_str),
                Some("AWS::StepFunctions::StateMachine" | "AWS::Serverless::StateMachine")
            )
        })
        .map(|(id, r)| {
            let props = r.get("Properties");
            let definition = props
                .and_then(|p| p.get("Definition"))
                .cloned()
                .or_else(|| {
                    let text = match props.and_then(|p| p.get("DefinitionString"))? {
                        Value::String(s) => s.clone(),
                        Value::Object(o) => match o.get("Fn::Sub")? {
                            Value::String(s) => s.clone(),
                            Value::Array(a) => a.first()?.as_str()?.to_string(),
                            _ => return None,
                        },
                        _ => return None,
                    };
                    serde_json::from_str(&text).ok()
                });
            let path = r
                .get("Metadata")
                .and_then(|m| m.get(crate::resources::PATH_KEY))
                .and_then(Value::as_str)
                .map(|p| p.strip_suffix("/Resource").unwrap_or(p).to_string())
                .unwrap_or_else(|| id.clone());
            Machine {
                logical_id: id.clone(),
                path,
                definition,
            }
        })
        .collect()
}

const INK: &str = "#0f141a";
const MUTED: &str = "#414d5c";

fn style(fill: &'static str, stroke: &'static str, dash: Option<&'static str>) -> Style {
    Style {
        fill,
        stroke,
        dash,
        stroke_width: 1.4,
        accent: None,
    }
}

const NEXT: EdgeStyle = EdgeStyle {
    color: "#414d5c",
    dash: None,
    width: 1.3,
};
const CATCH: EdgeStyle = EdgeStyle {
    color: "#d91515",
    dash: Some("6 4"),
    width: 1.3,
};
const MARKER: EdgeStyle = EdgeStyle {
    color: "#8d99a8",
    dash: None,
    width: 1.2,
};

/// A scene of one note, for a machine whose definition the template does not hold
/// (`DefinitionS3Location`, SAM's `DefinitionUri`, a `DefinitionString` built with `Fn::Join`).
pub fn note_scene(text: &str) -> Scene {
    let mut scene = Scene::default();
    scene.add(Node {
        parent: None,
        shape: Shape::Rounded,
        style: style("#ffffff", "#8d99a8", Some("4 3")),
        lines: vec![Line::new(truncate(text, 70), 11.5, false, MUTED)],
        tooltip: text.to_string(),
        id: "note".to_string(),
        min_width: 200.0,
    });
    scene
}

/// Builds the workflow's scene. A definition without `States` gives Start → End.
pub fn scene(definition: &Value) -> Scene {
    let mut b = Builder {
        scene: Scene::default(),
        ids: Vec::new(),
    };
    let start = b.marker("Start", "start");
    let end = b.marker("End", "end");
    let states = b.states(definition, None, "");
    if let Some((first, terminals)) = states {
        b.edge(start, first, None, NEXT, "start".into());
        for t in terminals {
            b.edge(t, end, None, MARKER, "end".into());
        }
    } else {
        b.edge(start, end, None, MARKER, "no states".into());
    }
    b.scene
}

struct Builder {
    scene: Scene,
    ids: Vec<String>,
}

impl Builder {
    fn marker(&mut self, text: &str, id: &str) -> usize {
        self.scene.add(Node {
            parent: None,
            shape: Shape::Pill,
            style: style("#414d5c", "#414d5c", None),
            lines: vec![Line::new(text, 11.5, true, "#ffffff")],
            tooltip: text.to_string(),
            id: id.to_string(),
            min_width: 70.0,
        })
    }

    fn edge(
        &mut self,
        from: usize,
        to: usize,
        label: Option<String>,
        style: EdgeStyle,
        tooltip: String,
    ) {
        self.scene.edges.push(Edge {
            from,
            to,
            label,
            tooltip,
            style,
        });
    }

    /// Adds the states of a `{StartAt, States}` object inside `parent`; returns the node of
    /// the start state and the nodes of the terminal states (for the End marker).
    fn states(
        &mut self,
        def: &Value,
        parent: Option<usize>,
        scope: &str,
    ) -> Option<(usize, Vec<usize>)> {
        let states = def.get("States")?.as_object()?;
        let mut nodes = Vec::new();
        for (name, state) in states {
            nodes.push((name.as_str(), self.state(name, state, parent, scope)));
        }
        let find = |n: &str| nodes.iter().find(|(m, _)| *m == n).map(|(_, i)| *i);
        let mut terminals = Vec::new();
        for (name, state) in states {
            let from = find(name).expect("added above");
            let ty = state.get("Type").and_then(Value::as_str).unwrap_or("");
            let link =
                |b: &mut Self, target: Option<&str>, label: Option<String>, style: EdgeStyle| {
                    if let Some(to) = target.and_then(find) {
                        let tip = format!(
                            "{name} → {}{}",
                            target.unwrap_or(""),
                            label
                                .as_deref()
                                .map(|l| format!(" ({l})"))
                                .unwrap_or_default()
                        );
                        b.edge(from, to, label, style, tip);
                    }
                };
            if let Some(choices) = state.get("Choices").and_then(Value::as_array) {
                for rule in choices {
                    link(
                        self,
                        rule.get("Next").and_then(Value::as_str),
                        Some(truncate(&condition(rule), 34)),
                        NEXT,
                    );
                }
            }
            link(
                self,
                state.get("Default").and_then(Value::as_str),
                Some("Default".into()),
                NEXT,
            );
            link(self, state.get("Next").and_then(Value::as_str), None, NEXT);
            for c in state
                .get("Catch")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let errors: Vec<&str> = c
                    .get("ErrorEquals")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                let label = truncate(&format!("Catch: {}", errors.join(", ")), 34);
                link(
                    self,
                    c.get("Next").and_then(Value::as_str),
                    Some(label),
                    CATCH,
                );
            }
            if state.get("End").and_then(Value::as_bool) == Some(true)
                || ty == "Succeed"
                || ty == "Fail"
            {
                terminals.push(from);
            }
        }
        let first = def
            .get("StartAt")
            .and_then(Value::as_str)
            .and_then(find)
            .or(nodes.first().map(|n| n.1))?;
        Some((first, terminals))
    }

    fn id(&mut self, scope: &str, name: &str) -> String {
        let base = format!("state:{scope}{name}");
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}#{n}");
            n += 1;
        }
        self.ids.push(id.clone());
        id
    }

    fn state(&mut self, name: &str, state: &Value, parent: Option<usize>, scope: &str) -> usize {
        let ty = state.get("Type").and_then(Value::as_str).unwrap_or("?");
        let id = self.id(scope, name);
        let title = Line::new(truncate(name, 36), 12.5, true, INK);
        let caption = |t: String| Line::new(truncate(&t, 40), 10.5, false, MUTED);
        let mut tooltip = format!("{name} ({ty})");
        if let Some(c) = state.get("Comment").and_then(Value::as_str) {
            tooltip.push_str(&format!("\n{c}"));
        }
        let (shape, st, lines) = match ty {
            "Task" => (
                Shape::Rounded,
                style("#ffffff", "#0972d3", None),
                vec![title, caption(task_caption(state))],
            ),
            "Pass" => (
                Shape::Rounded,
                style("#f4f4f6", "#8d99a8", None),
                vec![title, caption("Pass".into())],
            ),
            "Wait" => (
                Shape::Notched,
                style("#fffbeb", "#c7892b", None),
                vec![title, caption(wait_caption(state))],
            ),
            "Choice" => (
                Shape::Hexagon,
                style("#f7f2ff", "#7d4ccf", None),
                vec![title, caption("Choice".into())],
            ),
            "Succeed" => (
                Shape::Pill,
                style("#effaf0", "#037f0c", None),
                vec![title, caption("Succeed".into())],
            ),
            "Fail" => (
                Shape::Pill,
                style("#fff4f4", "#d91515", None),
                vec![title, caption(fail_caption(state))],
            ),
            "Map" | "Parallel" => {
                let kind = if ty == "Parallel" {
                    "Parallel".to_string()
                } else if state
                    .pointer("/ItemProcessor/ProcessorConfig/Mode")
                    .and_then(Value::as_str)
                    == Some("DISTRIBUTED")
                {
                    "Distributed map".to_string()
                } else {
                    "Map".to_string()
                };
                let group = self.scene.add(Node {
                    parent,
                    shape: Shape::Group,
                    style: style("rgba(9,114,211,0.035)", "#0972d3", Some("7 4")),
                    lines: vec![title, caption(kind)],
                    tooltip,
                    id: id.clone(),
                    min_width: 0.0,
                });
                let inner = format!("{scope}{name}/");
                if ty == "Parallel" {
                    for (i, branch) in state
                        .get("Branches")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .enumerate()
                    {
                        let bid = self.id(&inner, &format!("Branch {}", i + 1));
                        let b = self.scene.add(Node {
                            parent: Some(group),
                            shape: Shape::Group,
                            style: style("rgba(255,255,255,0.7)", "#8d99a8", Some("2 3")),
                            lines: vec![Line::new(format!("Branch {}", i + 1), 10.5, false, MUTED)],
                            tooltip: format!("{name}: branch {}", i + 1),
                            id: bid,
                            min_width: 0.0,
                        });
                        self.states(branch, Some(b), &format!("{inner}{}/", i + 1));
                    }
                } else if let Some(p) = state.get("ItemProcessor").or(state.get("Iterator")) {
                    self.states(p, Some(group), &inner);
                }
                return group;
            }
            other => (
                Shape::Rounded,
                style("#ffffff", "#5f6b7a", Some("3 3")),
                vec![title, caption(other.to_string())],
            ),
        };
        self.scene.add(Node {
            parent,
            shape,
            style: st,
            lines,
            tooltip,
            id,
            min_width: 130.0,
        })
    }
}

/// "Lambda: Invoke" for `arn:aws:states:::lambda:invoke`, "S3: GetObject" for an SDK
/// integration, "Task" for an activity or a function ARN.
fn task_caption(state: &Value) -> String {
    let Some(r) = state.get("Resource").and_then(Value::as_str) else {
        return "Task".into();
    };
    let Some(rest) = r.strip_prefix("arn:aws:states:::") else {
        return "Task".into();
    };
    let rest = rest.strip_prefix("aws-sdk:").unwrap_or(rest);
    let (service, action) = rest.split_once(':').unwrap_or((rest, ""));
    let (action, pattern) = match action.split_once('.') {
        Some((a, "waitForTaskToken")) => (a, " (callback)"),
        Some((a, p)) if p.starts_with("sync") => (a, " (run a job)"),
        Some((a, _)) => (a, ""),
        None => (action, ""),
    };
    let service = match service {
        "lambda" => "Lambda".to_string(),
        "sns" => "SNS".to_string(),
        "sqs" => "SQS".to_string(),
        "dynamodb" => "DynamoDB".to_string(),
        "events" => "EventBridge".to_string(),
        "states" => "Step Functions".to_string(),
        "ecs" => "ECS".to_string(),
        "s3" => "S3".to_string(),
        other => capitalize(other),
    };
    if action.is_empty() {
        service
    } else {
        format!("{service}: {}{pattern}", capitalize(action))
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn wait_caption(state: &Value) -> String {
    if let Some(s) = state.get("Seconds") {
        match s.as_u64() {
            Some(n) => format!("Wait {n} s"),
            None => format!("Wait {}", s.as_str().unwrap_or("?")),
        }
    } else if let Some(p) = state.get("SecondsPath").and_then(Value::as_str) {
        format!("Wait {p} s")
    } else if let Some(t) = state.get("Timestamp").and_then(Value::as_str) {
        format!("Wait until {t}")
    } else if let Some(p) = state.get("TimestampPath").and_then(Value::as_str) {
        format!("Wait until {p}")
    } else {
        "Wait".into()
    }
}

fn fail_caption(state: &Value) -> String {
    match state.get("Error").and_then(Value::as_str) {
        Some(e) => format!("Fail: {e}"),
        None => "Fail".into(),
    }
}

/// A choice rule as short text: `$.total > 100`, `a and b`, a JSONata `Condition` as written.
pub fn condition(rule: &Value) -> String {
    if let Some(c) = rule.get("Condition").and_then(Value::as_str) {
        return c
            .trim_start_matches("{%")
            .trim_end_matches("%}")
            .trim()
            .to_string();
    }
    if let Some(all) = rule.get("And").and_then(Value::as_array) {
        return all.iter().map(condition).collect::<Vec<_>>().join(" and ");
    }
    if let Some(any) = rule.get("Or").and_then(Value::as_array) {
        return any.iter().map(condition).collect::<Vec<_>>().join(" or ");
    }
    if let Some(not) = rule.get("Not") {
        return format!("not ({})", condition(not));
    }
    let var = rule.get("Variable").and_then(Value::as_str).unwrap_or("?");
    let Some(obj) = rule.as_object() else {
        return "?".into();
    };
    for (k, v) in obj {
        if matches!(k.as_str(), "Variable" | "Next") {
            continue;
        }
        let (op, path) = match k.strip_suffix("Path") {
            Some(base) => (base, true),
            None => (k.as_str(), false),
        };
        let sym = if op.ends_with("GreaterThanEquals") {
            ">="
        } else if op.ends_with("LessThanEquals") {
            "<="
        } else if op.ends_with("GreaterThan") {
            ">"
        } else if op.ends_with("LessThan") {
            "<"
        } else if op.ends_with("Equals") {
            "=="
        } else if op == "StringMatches" {
            "matches"
        } else {
            // IsPresent, IsNull, IsString, …: a test of the variable itself.
            let negated = v.as_bool() == Some(false);
            return format!("{var} {}{}", if negated { "not " } else { "" }, op);
        };
        let value = match v {
            Value::String(s) if !path => format!("\"{s}\""),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        return format!("{var} {sym} {value}");
    }
    "?".into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn conditions_read_as_text() {
        assert_eq!(
            condition(&json!({"Variable": "$.a", "NumericGreaterThan": 100, "Next": "x"})),
            "$.a > 100"
        );
        assert_eq!(
            condition(&json!({"Variable": "$", "StringMatches": "*S*"})),
            "$ matches \"*S*\""
        );
        assert_eq!(
            condition(&json!({"Variable": "$.a", "StringEqualsPath": "$.b"})),
            "$.a == $.b"
        );
        assert_eq!(
            condition(&json!({"Variable": "$.a", "IsPresent": false})),
            "$.a not IsPresent"
        );
        assert_eq!(
            condition(
                &json!({"And": [{"Variable": "$.a", "BooleanEquals": true}, {"Not": {"Variable": "$.b", "NumericLessThanEquals": 1}}]})
            ),
            "$.a == true and not ($.b <= 1)"
        );
        assert_eq!(
            condition(&json!({"Condition": "{% $states.input.x > 1 %}"})),
            "$states.input.x > 1"
        );
    }

    #[test]
    fn task_captions() {
        let c = |r: &str| task_caption(&json!({"Resource": r}));
        assert_eq!(c("arn:aws:states:::lambda:invoke"), "Lambda: Invoke");
        assert_eq!(
            c("arn:aws:states:::lambda:invoke.waitForTaskToken"),
            "Lambda: Invoke (callback)"
        );
        assert_eq!(c("arn:aws:states:::aws-sdk:s3:getObject"), "S3: GetObject");
        assert_eq!(
            c("arn:aws:states:::states:startExecution.sync:2"),
            "Step Functions: StartExecution (run a job)"
        );
        assert_eq!(c("${TaskResource}"), "Task");
    }

    #[test]
    fn edges_of_a_workflow() {
        let def = json!({"StartAt": "A", "States": {
            "A": {"Type": "Task", "Resource": "x", "Next": "C", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}]},
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "P"}], "Default": "F"},
            "P": {"Type": "Parallel", "Branches": [{"StartAt": "B1", "States": {"B1": {"Type": "Pass", "End": true}}}], "End": true},
            "F": {"Type": "Fail"}
        }});
        let s = scene(&def);
        let name = |i: usize| s.nodes[i].id.clone();
        let edges: Vec<(String, String, Option<String>)> = s
            .edges
            .iter()
            .map(|e| (name(e.from), name(e.to), e.label.clone()))
            .collect();
        let e = |a: &str, b: &str, l: Option<&str>| {
            (a.to_string(), b.to_string(), l.map(str::to_string))
        };
        assert_eq!(
            edges,
            vec![
                e("state:A", "state:C", None),
                e("state:A", "state:F", Some("Catch: States.ALL")),
                e("state:C", "state:P", Some("$.n == 1")),
                e("state:C", "state:F", Some("Default")),
                e("start", "state:A", None),
                e("state:P", "end", None),
                e("state:F", "end", None),
            ]
        );
        // The branch's state is inside the branch box inside the Parallel box.
        let b1 = s
            .nodes
            .iter()
            .position(|n| n.id == "state:P/1/B1")
            .expect("branch state");
        let branch = s.nodes[b1].parent.expect("in a branch");
        assert_eq!(
            s.nodes[s.nodes[branch].parent.expect("in the Parallel")].id,
            "state:P"
        );
    }
}
