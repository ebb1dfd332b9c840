//! The machine's graph, read once when the machine is built: each `States` object (the top
//! level, every Parallel branch, every Map processor) with its states in discovery order,
//! its validation (one diagnostic per mistake, naming the state), and its ASL rendering.

use std::collections::{BTreeSet, HashMap, HashSet};

use cdk_core::{Node, Str};
use serde_json::{json, Map, Value as Json};

use super::asl;
use super::retry::error_list_problems;
use super::state::{Kind, QueryLanguage, Secs, Seg, StateRef, WaitFor};
use crate::util::literal;

/// The suffix of the callback pattern.
const WAIT_FOR_TASK_TOKEN: &str = ".waitForTaskToken";

/// The optimised integrations with a `.waitForTaskToken` form (of those this module knows).
const TASK_TOKEN_INTEGRATIONS: &[&str] = &[
    "arn:aws:states:::lambda:invoke",
    "arn:aws:states:::sns:publish",
    "arn:aws:states:::sqs:sendMessage",
    "arn:aws:states:::events:putEvents",
    "arn:aws:states:::states:startExecution",
];

/// The path fields of a state: (ASL key, value).
fn paths(d: &super::state::Data) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut add = |k: &'static str, v: Option<&String>| {
        if let Some(v) = v {
            out.push((k, v.clone()));
        }
    };
    add(asl::INPUT_PATH, d.input_path.as_ref());
    add(asl::OUTPUT_PATH, d.output_path.as_ref());
    if let Some(Json::String(p)) = &d.result_path {
        add(asl::RESULT_PATH, Some(p));
    }
    match &d.kind {
        Kind::Map(m) => {
            for (k, v) in m.paths() {
                add(k, Some(&v));
            }
        }
        Kind::Wait(WaitFor::SecondsPath(p)) => add(asl::SECONDS_PATH, Some(p)),
        Kind::Wait(WaitFor::TimestampPath(p)) => add(asl::TIMESTAMP_PATH, Some(p)),
        Kind::Fail {
            error_path,
            cause_path,
            ..
        } => {
            add(asl::ERROR_PATH, error_path.as_ref());
            add(asl::CAUSE_PATH, cause_path.as_ref());
        }
        Kind::Task(t) => {
            if let Some(Secs::Path(p)) = &t.timeout {
                add(asl::TIMEOUT_SECONDS_PATH, Some(p));
            }
            if let Some(Secs::Path(p)) = &t.heartbeat {
                add(asl::HEARTBEAT_SECONDS_PATH, Some(p));
            }
        }
        _ => {}
    }
    out
}

/// Whether a string of `v` reads the task token.
fn mentions_task_token(v: &Json) -> bool {
    match v {
        Json::String(s) => s.contains("$$.Task.Token") || s.contains("$states.context.Task.Token"),
        Json::Array(items) => items.iter().any(mentions_task_token),
        Json::Object(m) => m.values().any(mentions_task_token),
        _ => false,
    }
}

/// At most this many characters in a state name.
pub const MAX_STATE_NAME: usize = 80;

/// One `States` object: its start and its states.
pub(crate) struct StatesObject {
    pub(crate) start: StateRef,
    pub(crate) states: Vec<StateRef>,
}

/// Every `States` object of a machine; index 0 is the top level.
pub(crate) struct Graph {
    pub(crate) objects: Vec<StatesObject>,
    /// The machine's `QueryLanguage`.
    pub(crate) language: QueryLanguage,
}

/// Whether `s` is one JSONata expression, `{% … %}`.
pub(crate) fn is_jsonata_expression(s: &str) -> bool {
    let t = s.trim();
    t.len() >= 4 && t.starts_with("{%") && t.ends_with("%}")
}

/// Whether `v` has a `"key.$"` key anywhere (a JSONPath template).
fn has_path_keys(v: &Json) -> bool {
    match v {
        Json::Array(items) => items.iter().any(has_path_keys),
        Json::Object(m) => m.iter().any(|(k, v)| k.ends_with(".$") || has_path_keys(v)),
        _ => false,
    }
}

/// A JSONPath template as JSONata: `"key.$": "$.a"` → `"key": "{% $states.input.a %}"`,
/// `$$.` → `$states.context.` (the integrations' own parameters, in a JSONata state).
fn to_jsonata(v: &Json) -> Json {
    match v {
        Json::Array(items) => Json::Array(items.iter().map(to_jsonata).collect()),
        Json::Object(m) => Json::Object(
            m.iter()
                .map(|(k, v)| match (k.strip_suffix(".$"), v) {
                    (Some(key), Json::String(path)) => {
                        let expr = if let Some(rest) = path.strip_prefix("$$") {
                            format!("$states.context{rest}")
                        } else {
                            format!("$states.input{}", path.strip_prefix('$').unwrap_or(path))
                        };
                        (key.to_string(), json!(format!("{{% {expr} %}}")))
                    }
                    _ => (k.clone(), to_jsonata(v)),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The targets `s` transitions to inside its `States` object, in rendering order.
fn targets(s: &StateRef) -> Vec<StateRef> {
    let d = s.0.borrow();
    let mut out = Vec::new();
    if let Kind::Choice { rules, default } = &d.kind {
        out.extend(rules.iter().map(|(_, t)| t.clone()));
        out.extend(default.iter().cloned());
    }
    out.extend(d.next.iter().cloned());
    out.extend(d.catches.iter().map(|c| c.handler.clone()));
    out
}

/// The starts of the `States` objects nested in `s` (branches, a Map's processor).
fn nested(s: &StateRef) -> Vec<StateRef> {
    match &s.0.borrow().kind {
        Kind::Parallel { branches } => branches.clone(),
        Kind::Map(m) => m.processor.iter().cloned().collect(),
        _ => Vec::new(),
    }
}

/// Reports `message` about state `name` on the machine's node.
fn report(node: &Node, name: &str, message: &str, hint: &str) {
    node.add_error(format!("state `{name}`: {message}"), hint);
}

impl Graph {
    /// Collects the machine's states from `start`, claiming each for `machine` (its path),
    /// and records every mistake on `node`.
    pub(crate) fn collect(
        node: &Node,
        machine: &str,
        start: &StateRef,
        language: QueryLanguage,
    ) -> Graph {
        let mut objects: Vec<StatesObject> = Vec::new();
        let mut pending = vec![start.clone()];
        while let Some(first) = pending.first().cloned() {
            pending.remove(0);
            let index = objects.len();
            let mut states = Vec::new();
            let mut seen = HashSet::new();
            let mut queue = vec![first.clone()];
            seen.insert(first.key());
            let mut i = 0;
            while i < queue.len() {
                let s = queue[i].clone();
                i += 1;
                let owner = s.0.borrow().owner.clone();
                match owner {
                    Some((path, _)) if path != machine => {
                        report(
                            node,
                            &s.name(),
                            &format!("the state is already used in state machine `{path}`"),
                            "a state belongs to one machine: create another state for this one",
                        );
                        continue;
                    }
                    Some((_, other)) if other != index => {
                        report(
                            node,
                            &s.name(),
                            "the state is used in two States objects (a branch or Map processor and another, or the top level): a Next, Default or Catch target must be in the same branch",
                            "each state belongs to one branch; create another state, or end the branch and continue after the Parallel or Map",
                        );
                        continue;
                    }
                    _ => s.0.borrow_mut().owner = Some((machine.to_string(), index)),
                }
                states.push(s.clone());
                for t in targets(&s) {
                    if seen.insert(t.key()) {
                        queue.push(t);
                    }
                }
                pending.extend(nested(&s));
            }
            objects.push(StatesObject {
                start: first,
                states,
            });
        }
        let graph = Graph { objects, language };
        graph.validate(node);
        graph.validate_labels(node);
        graph
    }

    fn validate(&self, node: &Node) {
        let all: HashSet<usize> = self
            .objects
            .iter()
            .flat_map(|o| o.states.iter().map(StateRef::key))
            .collect();
        let mut unreachable_reported = HashSet::new();
        let mut cycles_reported: HashSet<BTreeSet<usize>> = HashSet::new();
        for object in &self.objects {
            let mut names: HashMap<String, usize> = HashMap::new();
            for s in &object.states {
                let name = s.name();
                if let Some(k) = names.insert(name.clone(), s.key()) {
                    if k != s.key() {
                        report(
                            node,
                            &name,
                            "two different states have this name",
                            "state names are unique in a machine: rename one",
                        );
                    }
                }
                let d = s.0.borrow();
                for (message, hint) in &d.errors {
                    report(node, &name, message, hint);
                }
                let length = name.chars().count();
                if length == 0 || length > MAX_STATE_NAME {
                    report(
                        node,
                        &name,
                        &format!(
                            "a state name has 1 to {MAX_STATE_NAME} characters, this one {length}"
                        ),
                        "shorten the name",
                    );
                }
                if d.next.is_some() && d.end {
                    report(
                        node,
                        &name,
                        "the state has both Next and End",
                        "a state has exactly one of Next and End: drop .end() or the .next(…)",
                    );
                }
                for from in d.incoming.iter().filter_map(std::rc::Weak::upgrade) {
                    let from = StateRef(from);
                    if !all.contains(&from.key()) && unreachable_reported.insert(from.key()) {
                        report(node, &from.name(), &format!("the state transitions to `{name}` but is not reachable from StartAt"), "connect it (a .next, a Choice rule, a Catch) or remove it");
                    }
                }
                let mut problems = error_list_problems(
                    "Retry",
                    d.retries
                        .iter()
                        .map(|r| r.errors.as_slice())
                        .collect::<Vec<_>>()
                        .into_iter(),
                );
                problems.extend(error_list_problems(
                    "Catch",
                    d.catches
                        .iter()
                        .map(|c| c.errors.as_slice())
                        .collect::<Vec<_>>()
                        .into_iter(),
                ));
                problems.extend(d.retries.iter().flat_map(|r| r.problems()));
                let language = d.query_language.unwrap_or(self.language);
                if let Some(p) = language_problem(&d, self.language) {
                    problems.push(p);
                }
                for (field, path) in paths(&d) {
                    if language == QueryLanguage::Jsonata {
                        break;
                    }
                    if !path.starts_with('$') {
                        problems.push(format!("{field} `{path}` is not a path (starts with `$`)"));
                    }
                }
                match &d.kind {
                    Kind::Wait(WaitFor::Timestamp(t)) if !crate::util::is_timestamp(t) => {
                        problems.push(format!(
                            "Timestamp `{t}` is not an RFC 3339 timestamp (2026-12-01T16:00:00Z)"
                        ));
                    }
                    Kind::Fail {
                        error,
                        cause,
                        error_path,
                        cause_path,
                    } => {
                        if error.is_some() && error_path.is_some() {
                            problems.push("a Fail state has Error or ErrorPath, not both".into());
                        }
                        if cause.is_some() && cause_path.is_some() {
                            problems.push("a Fail state has Cause or CausePath, not both".into());
                        }
                    }
                    Kind::Choice { rules, .. } => {
                        if rules.is_empty() {
                            problems.push("a Choice state needs at least one rule".into());
                        }
                        rules.iter().for_each(|(c, _)| c.problems(&mut problems));
                    }
                    Kind::Parallel { branches } if branches.is_empty() => {
                        problems.push("a Parallel state needs at least one branch".into());
                    }
                    Kind::Map(m) => m.problems(&mut problems),
                    Kind::Task(t) => {
                        if let Some(Secs::Literal(0)) = t.timeout {
                            problems.push("a Task timeout is at least 1 second".into());
                        }
                        if t.wait_for_task_token {
                            let resource = literal(&t.resource).unwrap_or_default();
                            if !TASK_TOKEN_INTEGRATIONS.contains(&resource.as_str()) {
                                problems.push(format!("`{resource}` does not support .waitForTaskToken (supported here: {})", TASK_TOKEN_INTEGRATIONS.join(", ")));
                            }
                            let parameters = d.parameters.clone().or_else(|| {
                                t.integration.as_ref().map(|i| Json::Object(i.base.clone()))
                            });
                            // (No token is needed where the pattern itself is the mistake.)
                            if TASK_TOKEN_INTEGRATIONS.contains(&resource.as_str())
                                && !parameters.as_ref().is_some_and(mentions_task_token)
                            {
                                problems.push("a .waitForTaskToken task must pass the task token: put \"$$.Task.Token\" in its parameters (e.g. \"token.$\": \"$$.Task.Token\")".into());
                            }
                        }
                        if let Some(Secs::Literal(0)) = t.heartbeat {
                            problems.push("a Task heartbeat is at least 1 second".into());
                        }
                        if let (Some(Secs::Literal(h)), Some(Secs::Literal(to))) =
                            (&t.heartbeat, &t.timeout)
                        {
                            if h >= to {
                                problems.push(format!("the heartbeat ({h} s) must be shorter than the timeout ({to} s)"));
                            }
                        }
                    }
                    _ => {}
                }
                for p in problems {
                    report(
                        node,
                        &name,
                        &p,
                        "see the Amazon States Language specification",
                    );
                }
                drop(d);
                if let Some(cycle) = pass_cycle(s) {
                    let members: BTreeSet<usize> = cycle.iter().map(StateRef::key).collect();
                    if cycles_reported.insert(members) {
                        let names: Vec<String> =
                            cycle.iter().map(|c| format!("`{}`", c.name())).collect();
                        report(node, &name, &format!("the states {} loop with no Choice, Wait or Task: the execution never ends", names.join(" → ")), "add a Choice that leaves the loop, or a Wait or Task in it");
                    }
                }
            }
        }
    }

    /// Whether each `States` object runs in an EXPRESS execution: the top level when the
    /// machine is EXPRESS, a distributed Map's processor when its children are EXPRESS, and
    /// branches and inline processors as their parent.
    fn express_objects(&self, machine_express: bool) -> Vec<bool> {
        let mut express = vec![false; self.objects.len()];
        if let Some(top) = express.first_mut() {
            *top = machine_express;
        }
        // Nested objects are discovered after their parent (`collect`'s order).
        for (i, object) in self.objects.iter().enumerate() {
            for s in &object.states {
                let d = s.0.borrow();
                let children: Vec<(StateRef, bool)> = match &d.kind {
                    Kind::Parallel { branches } => {
                        branches.iter().map(|b| (b.clone(), express[i])).collect()
                    }
                    Kind::Map(m) => {
                        let e = match &m.distributed {
                            Some(dist) => dist.execution == super::map::ChildExecution::Express,
                            None => express[i],
                        };
                        m.processor.iter().map(|p| (p.clone(), e)).collect()
                    }
                    _ => Vec::new(),
                };
                for (start, e) in children {
                    if let Some(j) = self.index_of(&start) {
                        express[j] = e;
                    }
                }
            }
        }
        express
    }

    /// An EXPRESS execution runs request-response integrations only (AWS rejects
    /// `.waitForTaskToken` and `.sync` there) and no distributed Map.
    pub(crate) fn validate_express(&self, node: &Node, machine_express: bool) {
        let express = self.express_objects(machine_express);
        for (object, express) in self.objects.iter().zip(express) {
            if !express {
                continue;
            }
            for s in &object.states {
                let d = s.0.borrow();
                let problem = match &d.kind {
                    Kind::Task(t) => {
                        let resource = literal(&t.resource).unwrap_or_default();
                        if t.wait_for_task_token {
                            Some("the .waitForTaskToken pattern")
                        } else if resource.contains(".sync") {
                            Some("the .sync pattern")
                        } else {
                            None
                        }
                    }
                    Kind::Map(m) if m.distributed.is_some() => Some("a distributed Map"),
                    _ => None,
                };
                if let Some(what) = problem {
                    report(
                        node,
                        &s.name(),
                        &format!("the state runs in an EXPRESS execution, which does not support {what} (only request-response integrations)"),
                        "make the machine (or the distributed Map's child executions) STANDARD, or use the request-response form",
                    );
                }
            }
        }
    }

    /// A distributed Map's `Label` is unique in the machine.
    fn validate_labels(&self, node: &Node) {
        let mut seen: HashMap<String, String> = HashMap::new();
        for s in self.states() {
            let label = match super::map::distributed_label(&s.0.borrow().kind) {
                Some(Some(l)) => l,
                _ => continue,
            };
            if let Some(first) = seen.insert(label.clone(), s.name()) {
                report(
                    node,
                    &s.name(),
                    &format!("the Label `{label}` is also the label of `{first}`"),
                    "a Map run's label is unique in the machine: rename one",
                );
            }
        }
    }

    /// The ASL of `States` object `index` (`StartAt`, `States`), with references replaced
    /// by `${…}` placeholders registered in `subs`.
    pub(crate) fn render(&self, index: usize, subs: &mut Substitutions) -> Map<String, Json> {
        let object = &self.objects[index];
        let mut states = Map::new();
        for s in &object.states {
            states.insert(s.name(), Json::Object(self.render_state(s, subs)));
        }
        let mut m = Map::new();
        m.insert(asl::START_AT.into(), json!(object.start.name()));
        m.insert(asl::STATES.into(), Json::Object(states));
        m
    }

    fn index_of(&self, start: &StateRef) -> Option<usize> {
        self.objects.iter().position(|o| o.start.same(start))
    }

    fn render_state(&self, s: &StateRef, subs: &mut Substitutions) -> Map<String, Json> {
        let d = s.0.borrow();
        let mut m = Map::new();
        let mut put = |k: &str, v: Json| {
            m.insert(k.to_string(), v);
        };
        put(asl::TYPE, json!(d.kind.type_name()));
        if let Some(c) = &d.comment {
            put(asl::COMMENT, json!(c));
        }
        if let Some(l) = d.query_language {
            put(asl::QUERY_LANGUAGE, json!(l.as_str()));
        }
        let jsonata = d.query_language.unwrap_or(self.language) == QueryLanguage::Jsonata;
        let mut parameters = if jsonata {
            d.arguments.clone()
        } else {
            d.parameters.clone()
        };
        let mut seconds = Vec::new();
        match &d.kind {
            Kind::Task(t) => {
                let mut resource = subs.placeholder("TaskResource", &t.resource);
                if t.wait_for_task_token {
                    resource.push_str(WAIT_FOR_TASK_TOKEN);
                }
                put(asl::RESOURCE, json!(resource));
                if let Some(integration) = &t.integration {
                    let mut p = match parameters.take() {
                        Some(Json::Object(own)) => own,
                        _ if jsonata => match to_jsonata(&Json::Object(integration.base.clone())) {
                            Json::Object(m) => m,
                            _ => Map::new(),
                        },
                        _ => integration.base.clone(),
                    };
                    for (key, hint, value) in &integration.refs {
                        p.insert((*key).to_string(), json!(subs.placeholder(hint, value)));
                    }
                    for (path, hint, value) in &integration.nested {
                        let mut slot = p.get_mut(match path.first() {
                            Some(Seg::Key(k)) => *k,
                            _ => "",
                        });
                        for seg in path.iter().skip(1) {
                            slot = match (slot, seg) {
                                (Some(Json::Object(m)), Seg::Key(k)) => m.get_mut(*k),
                                (Some(Json::Array(a)), Seg::Index(i)) => a.get_mut(*i),
                                _ => None,
                            };
                        }
                        if let Some(slot) = slot {
                            *slot = json!(subs.placeholder(hint, value));
                        }
                    }
                    parameters = Some(Json::Object(p));
                }
                seconds.push((
                    asl::TIMEOUT_SECONDS,
                    asl::TIMEOUT_SECONDS_PATH,
                    t.timeout.clone(),
                ));
                seconds.push((
                    asl::HEARTBEAT_SECONDS,
                    asl::HEARTBEAT_SECONDS_PATH,
                    t.heartbeat.clone(),
                ));
            }
            Kind::Choice { rules, default } => {
                let choices = rules
                    .iter()
                    .map(|(c, t)| {
                        let mut r = c.to_json();
                        r.insert(asl::NEXT.into(), json!(t.name()));
                        Json::Object(r)
                    })
                    .collect();
                put(asl::CHOICES, Json::Array(choices));
                if let Some(t) = default {
                    put(asl::DEFAULT, json!(t.name()));
                }
            }
            Kind::Pass { result } => {
                if let Some(r) = result {
                    put(asl::RESULT, r.clone());
                }
            }
            Kind::Wait(w) => match w {
                WaitFor::Seconds(n) => put(asl::SECONDS, json!(n)),
                WaitFor::SecondsPath(p) => put(asl::SECONDS_PATH, json!(p)),
                WaitFor::Timestamp(t) => put(asl::TIMESTAMP, json!(t)),
                WaitFor::TimestampPath(p) => put(asl::TIMESTAMP_PATH, json!(p)),
            },
            Kind::Parallel { branches } => {
                let rendered = branches
                    .iter()
                    .filter_map(|b| self.index_of(b))
                    .map(|i| Json::Object(self.render(i, subs)))
                    .collect();
                put(asl::BRANCHES, Json::Array(rendered));
            }
            Kind::Map(map) => {
                let processor = map
                    .processor
                    .as_ref()
                    .and_then(|p| self.index_of(p))
                    .map(|i| self.render(i, subs));
                let mut fields = Vec::new();
                map.render(processor, jsonata, subs, &mut |k, v| {
                    fields.push((k.to_string(), v))
                });
                for (k, v) in fields {
                    put(&k, v);
                }
            }
            Kind::Succeed => {}
            Kind::Fail {
                error,
                cause,
                error_path,
                cause_path,
            } => {
                for (k, v) in [
                    (asl::ERROR, error),
                    (asl::CAUSE, cause),
                    (asl::ERROR_PATH, error_path),
                    (asl::CAUSE_PATH, cause_path),
                ] {
                    if let Some(v) = v {
                        put(k, json!(v));
                    }
                }
            }
        }
        if let Some(p) = &d.input_path {
            put(asl::INPUT_PATH, json!(p));
        }
        if let Some(p) = parameters {
            put(
                if jsonata {
                    asl::ARGUMENTS
                } else {
                    asl::PARAMETERS
                },
                p,
            );
        }
        if let Some(o) = &d.output {
            put(asl::OUTPUT, o.clone());
        }
        if let Some(a) = &d.assign {
            put(asl::ASSIGN, a.clone());
        }
        if let Some(p) = &d.result_selector {
            put(asl::RESULT_SELECTOR, p.clone());
        }
        if let Some(p) = &d.result_path {
            put(asl::RESULT_PATH, p.clone());
        }
        if let Some(p) = &d.output_path {
            put(asl::OUTPUT_PATH, json!(p));
        }
        for (key, path_key, value) in seconds {
            match value {
                Some(Secs::Literal(n)) => put(key, json!(n)),
                Some(Secs::Path(p)) => put(path_key, json!(p)),
                None => {}
            }
        }
        if !d.retries.is_empty() {
            put(
                asl::RETRY,
                Json::Array(d.retries.iter().map(|r| r.to_json()).collect()),
            );
        }
        if !d.catches.is_empty() {
            put(
                asl::CATCH,
                Json::Array(d.catches.iter().map(|c| c.to_json()).collect()),
            );
        }
        if !d.kind.is_terminal() {
            match &d.next {
                Some(n) => put(asl::NEXT, json!(n.name())),
                None => put(asl::END, json!(true)),
            }
        }
        m
    }

    /// Every state of the machine.
    pub(crate) fn states(&self) -> impl Iterator<Item = &StateRef> {
        self.objects.iter().flat_map(|o| o.states.iter())
    }
}

/// The mix of query languages in one state, as one message naming every misplaced field:
/// JSONPath fields (and `"key.$"` keys, JSONPath Choice rules) in a JSONata state, JSONata
/// fields (and JSONata Choice rules) in a JSONPath one, a JSONPath state in a JSONata
/// machine.
fn language_problem(d: &super::state::Data, machine: QueryLanguage) -> Option<String> {
    let language = d.query_language.unwrap_or(machine);
    let mut wrong: Vec<String> = Vec::new();
    let mut add = |present: bool, field: &str| {
        if present {
            wrong.push(field.to_string());
        }
    };
    let rules: &[(super::choice::Condition, StateRef)] = match &d.kind {
        Kind::Choice { rules, .. } => rules,
        _ => &[],
    };
    match language {
        QueryLanguage::Jsonata => {
            add(d.input_path.is_some(), asl::INPUT_PATH);
            add(d.parameters.is_some(), asl::PARAMETERS);
            add(d.result_selector.is_some(), asl::RESULT_SELECTOR);
            add(d.result_path.is_some(), asl::RESULT_PATH);
            add(d.output_path.is_some(), asl::OUTPUT_PATH);
            for (field, _) in paths(d) {
                let common = [asl::INPUT_PATH, asl::OUTPUT_PATH, asl::RESULT_PATH];
                add(!common.contains(&field), field);
            }
            add(
                matches!(&d.kind, Kind::Pass { result: Some(_) }),
                asl::RESULT,
            );
            add(
                d.catches.iter().any(|c| c.result_path.is_some()),
                "Catch ResultPath",
            );
            add(
                rules.iter().any(|(c, _)| !c.mentions_jsonata()),
                "JSONPath Choice rules (use Condition::jsonata)",
            );
            let item_selector = match &d.kind {
                Kind::Map(m) => &m.item_selector,
                _ => &None,
            };
            let path_keys = [&d.arguments, &d.output, &d.assign, item_selector]
                .into_iter()
                .flatten()
                .chain(d.catches.iter().filter_map(|c| c.output.as_ref()))
                .any(has_path_keys);
            add(path_keys, "`.$` keys (write `{% … %}` values instead)");
            if wrong.is_empty() {
                return None;
            }
            Some(format!(
                "a JSONata state has no JSONPath fields, but this one has {}",
                wrong.join(", ")
            ))
        }
        QueryLanguage::JsonPath => {
            if machine == QueryLanguage::Jsonata {
                return Some("the machine is JSONata, so its states are too: a JSONPath state cannot be in it".into());
            }
            add(d.arguments.is_some(), asl::ARGUMENTS);
            add(d.output.is_some(), asl::OUTPUT);
            add(
                matches!(&d.kind, Kind::Map(m) if m.items.is_some()),
                asl::ITEMS,
            );
            add(d.catches.iter().any(|c| c.output.is_some()), "Catch Output");
            add(
                rules.iter().any(|(c, _)| c.is_jsonata()),
                "JSONata Choice rules (Condition)",
            );
            if wrong.is_empty() {
                return None;
            }
            Some(format!(
                "a JSONPath state has no JSONata fields, but this one has {} (set .query_language(QueryLanguage::Jsonata) on the state or the machine)",
                wrong.join(", ")
            ))
        }
    }
}

/// The cycle through `s` made of Pass states only (which transition at once), if any.
fn pass_cycle(s: &StateRef) -> Option<Vec<StateRef>> {
    let is_pass = |x: &StateRef| matches!(x.0.borrow().kind, Kind::Pass { .. });
    if !is_pass(s) {
        return None;
    }
    let mut path = vec![s.clone()];
    let mut current = s.clone();
    loop {
        let next = current.0.borrow().next.clone()?;
        if next.same(s) {
            return Some(path);
        }
        if !is_pass(&next) || path.iter().any(|p| p.same(&next)) {
            return None;
        }
        path.push(next.clone());
        current = next;
    }
}

/// The `DefinitionSubstitutions` of a machine: one `${Name}` per distinct reference.
#[derive(Default)]
pub(crate) struct Substitutions {
    pub(crate) entries: Vec<(String, Str)>,
}

impl Substitutions {
    /// The text for `value` in the definition: a literal as is, a reference as a
    /// placeholder named after `hint` (the same reference, the same placeholder).
    pub(crate) fn placeholder(&mut self, hint: &str, value: &Str) -> String {
        if let Some(l) = literal(value) {
            return l;
        }
        if let Some((name, _)) = self.entries.iter().find(|(_, v)| v == value) {
            return format!("${{{name}}}");
        }
        let mut name = hint.to_string();
        let mut n = 2;
        while self.entries.iter().any(|(k, _)| *k == name) {
            name = format!("{hint}{n}");
            n += 1;
        }
        self.entries.push((name.clone(), value.clone()));
        format!("${{{name}}}")
    }
}
