//! Aspects: order (priority, then ancestors first), one visit per construct, constructs and
//! aspects added by aspects, errors and warnings.

use std::cell::RefCell;
use std::rc::Rc;

use cdk_core::{
    App, AspectPriority, Aspects, CfnResource, Construct, Node, Scope, Stack, MAX_ROUNDS,
};

type Log = Rc<RefCell<Vec<String>>>;

/// An aspect that logs `name@<path>` for every construct it visits.
fn logger(log: &Log, name: &'static str) -> impl Fn(&Node) + 'static {
    let log = log.clone();
    move |n: &Node| log.borrow_mut().push(format!("{name}@{}", n.path()))
}

fn app_with_resource() -> (App, Stack, Scope, CfnResource) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let group = Scope::new(&stack, "Group");
    let r = CfnResource::new(&group, "Thing", "Custom::Thing");
    (app, stack, group, r)
}

#[test]
fn mutating_runs_before_default_before_read_only_whatever_the_order_of_adding() {
    let (app, stack, _, _) = app_with_resource();
    let log = Log::default();
    Aspects::of(&stack).add_with_priority(logger(&log, "read"), AspectPriority::READONLY);
    Aspects::of(&stack).add(logger(&log, "default"));
    Aspects::of(&stack).add_with_priority(logger(&log, "mutate"), AspectPriority::MUTATING);
    app.assemble().unwrap();
    let at_thing: Vec<String> = log
        .borrow()
        .iter()
        .filter(|l| l.ends_with("@S/Group/Thing"))
        .cloned()
        .collect();
    assert_eq!(
        at_thing,
        [
            "mutate@S/Group/Thing",
            "default@S/Group/Thing",
            "read@S/Group/Thing"
        ]
    );
    assert_eq!(
        Aspects::of(&stack).priorities(),
        [
            AspectPriority::READONLY,
            AspectPriority::DEFAULT,
            AspectPriority::MUTATING
        ]
    );
}

#[test]
fn at_equal_priority_the_ancestors_aspect_runs_first_so_the_nearer_one_has_the_last_word() {
    let (app, stack, group, r) = app_with_resource();
    let log = Log::default();
    // Added nearest first, on purpose.
    Aspects::of(&group).add(logger(&log, "group"));
    Aspects::of(&stack).add(logger(&log, "stack"));
    // A setter: the last writer wins.
    for (scope, value) in [(group.node(), "group"), (stack.node(), "stack")] {
        Aspects::of(scope).add(move |n: &Node| {
            if let Some(r) = CfnResource::from_node(n) {
                r.set_property("Owner", value);
            }
        });
    }
    app.assemble().unwrap();
    let at_thing: Vec<String> = log
        .borrow()
        .iter()
        .filter(|l| l.ends_with("@S/Group/Thing"))
        .cloned()
        .collect();
    assert_eq!(at_thing, ["stack@S/Group/Thing", "group@S/Group/Thing"]);
    let t = stack.template().unwrap();
    let id = r.logical_id();
    assert_eq!(t["Resources"][id]["Properties"]["Owner"], "group");
}

#[test]
fn an_aspect_visits_every_construct_below_its_scope_once_and_nothing_else() {
    let (app, stack, group, _) = app_with_resource();
    CfnResource::new(&stack, "Outside", "Custom::Thing");
    let log = Log::default();
    Aspects::of(&group).add(logger(&log, "a"));
    app.assemble().unwrap();
    app.assemble().unwrap();
    stack.template().unwrap();
    assert_eq!(*log.borrow(), ["a@S/Group", "a@S/Group/Thing"]);
}

#[test]
fn constructs_an_aspect_adds_are_visited_in_a_later_walk() {
    let (app, stack, _, _) = app_with_resource();
    let log = Log::default();
    Aspects::of(&stack).add_with_priority(
        |n: &Node| {
            if n.path() == "S/Group" {
                CfnResource::new(n, "Added", "Custom::Thing");
            }
        },
        AspectPriority::MUTATING,
    );
    Aspects::of(&stack).add_with_priority(logger(&log, "read"), AspectPriority::READONLY);
    app.assemble().unwrap();
    assert!(log.borrow().contains(&"read@S/Group/Added".to_string()));
    let t = stack.template().unwrap();
    assert_eq!(t["Resources"].as_object().unwrap().len(), 2);
}

#[test]
fn an_aspect_added_by_an_aspect_runs_on_the_constructs_below_its_scope() {
    let (app, stack, group, _) = app_with_resource();
    let log = Log::default();
    let inner = log.clone();
    let g = group.clone();
    Aspects::of(&stack).add_with_priority(
        move |n: &Node| {
            if n.path() == "S" {
                Aspects::of(&g).add_with_priority(logger(&inner, "late"), AspectPriority::READONLY);
            }
        },
        AspectPriority::MUTATING,
    );
    app.assemble().unwrap();
    assert_eq!(*log.borrow(), ["late@S/Group", "late@S/Group/Thing"]);
}

#[test]
fn an_aspect_that_would_run_after_a_higher_priority_one_already_did_is_one_error() {
    let (app, stack, group, _) = app_with_resource();
    let log = Log::default();
    let inner = log.clone();
    let g = group.clone();
    // A read-only aspect on the stack adds a mutating aspect on the group when it reaches the
    // thing: by then it has run on the group and the thing, so the mutating one can no longer
    // run before it there.
    Aspects::of(&stack).add_with_priority(
        move |n: &Node| {
            if n.path() == "S/Group/Thing" {
                Aspects::of(&g)
                    .add_with_priority(logger(&inner, "mutate"), AspectPriority::MUTATING);
            }
        },
        AspectPriority::READONLY,
    );
    let err = app.assemble().unwrap_err();
    let diags = err.diagnostics();
    assert_eq!(diags.len(), 2, "{err}");
    assert_eq!(diags[0].path, "S/Group");
    assert!(diags[0]
        .message
        .contains("an aspect of priority 200 was added after one of priority 1000"));
    assert_eq!(diags[1].path, "S/Group/Thing");
    assert!(log.borrow().is_empty());
}

#[test]
fn aspects_that_never_settle_are_one_error() {
    let (app, stack, _, _) = app_with_resource();
    let counter = Rc::new(RefCell::new(0usize));
    let c = counter.clone();
    Aspects::of(&stack).add(move |n: &Node| {
        if CfnResource::from_node(n).is_some() {
            let mut i = c.borrow_mut();
            *i += 1;
            let parent_of = Scope::new(&n.stack(), &format!("More{i}"));
            CfnResource::new(&parent_of, "R", "Custom::Thing");
        }
    });
    let err = app.assemble().unwrap_err();
    assert!(
        err.diagnostics()
            .iter()
            .any(|d| d.path == "<app>" && d.message.contains("after 100 walks")),
        "{err}"
    );
    assert_eq!(*counter.borrow(), MAX_ROUNDS);
}

#[test]
fn errors_fail_synthesis_and_warnings_do_not() {
    let (app, stack, _, _) = app_with_resource();
    Aspects::of(&stack).add(|n: &Node| {
        if let Some(r) = CfnResource::from_node(n) {
            n.add_warning(
                format!("{} has no Owner", r.resource_type()),
                "set one with set_property(\"Owner\", …)",
            );
        }
    });
    app.assemble().unwrap();
    let w = app.warnings();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].path, "S/Group/Thing");
    assert_eq!(w[0].message, "Custom::Thing has no Owner");

    Aspects::of(&stack).add_with_priority(
        |n: &Node| {
            if CfnResource::from_node(n).is_some() {
                n.add_error("no Owner", "set one");
            }
        },
        AspectPriority::READONLY,
    );
    let err = app.assemble().unwrap_err();
    assert_eq!(err.diagnostics().len(), 1);
    assert_eq!(err.diagnostics()[0].path, "S/Group/Thing");
    // The warning is recorded once however often synthesis runs.
    assert_eq!(app.warnings().len(), 1);
}

#[test]
fn synth_prints_warnings_and_writes() {
    let dir = std::env::temp_dir().join(format!("cdk-aspects-warn-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let app = App::with_out_dir(&dir);
    let stack = Stack::new(&app, "S");
    CfnResource::new(&stack, "Thing", "Custom::Thing");
    Aspects::of(&stack).add(|n: &Node| {
        if CfnResource::from_node(n).is_some() {
            n.add_warning("just so you know", "");
        }
    });
    app.synth().unwrap();
    assert!(dir.join("S.template.json").exists());
    assert_eq!(app.warnings().len(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}
