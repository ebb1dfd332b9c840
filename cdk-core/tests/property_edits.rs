//! `CfnResource`'s edits at a path (`set_property_at`, `append_to_property_at`,
//! `insert_into_property_at`, `remove_property_at`): what they create, and that an edit that
//! cannot be made changes nothing at all, whatever the value on the way is.

use cdk_core::{fns, App, CfnResource, Stack, Value};
use serde_json::{json, Value as Json};

fn resource() -> (App, Stack, CfnResource) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let r = CfnResource::new(&stack, "R", "Custom::Thing");
    (app, stack, r)
}

/// The rendered properties of `R`.
fn props(stack: &Stack) -> Json {
    stack.template().expect("synthesize")["Resources"]["R"]["Properties"].clone()
}

#[test]
fn edits_create_what_is_missing_in_name_order() {
    let (_app, stack, r) = resource();
    assert!(r.set_property_at(&["Doc", "Version"], "1"));
    assert!(r.append_to_property_at(&["Doc", "Statement"], [Value::from("a")]));
    assert!(r.append_to_property_at(&["Doc", "Statement"], [Value::from("b")]));
    assert!(r.insert_into_property_at(&["Doc", "Vars"], "Z", "z"));
    assert!(r.insert_into_property_at(&["Doc", "Vars"], "A", "a"));
    assert!(r.set_property_at(&["Alpha"], 1));
    assert_eq!(
        serde_json::to_string(&props(&stack)).unwrap(),
        r#"{"Alpha":1,"Doc":{"Statement":["a","b"],"Vars":{"Z":"z","A":"a"},"Version":"1"}}"#
    );
}

#[test]
fn an_edit_through_a_value_that_is_not_an_object_changes_nothing() {
    let (_app, stack, r) = resource();
    r.set_property("List", Value::list(["x"]));
    r.set_property("Expr", fns::join(",", ["a", "b"]));
    r.set_property(
        "Doc",
        json!({"Inner": {"Scalar": 3, "Items": [1]}, "Null": null}),
    );
    let before = props(&stack);

    // The way runs through a list, an expression, a scalar; or ends on the wrong kind.
    assert!(!r.set_property_at(&["List", "K"], 1));
    assert!(!r.set_property_at(&["Expr", "K"], 1));
    assert!(!r.set_property_at(&["Doc", "Inner", "Scalar", "K"], 1));
    assert!(!r.append_to_property_at(&["Doc", "Inner", "Scalar"], [Value::from(1)]));
    assert!(!r.insert_into_property_at(&["Doc", "Inner", "Items"], "K", 1));
    assert!(!r.append_to_property_at(&["Expr"], [Value::from("c")]));
    // Removing what is not there, on a way that is missing or null, creates nothing.
    assert!(r.remove_property_at(&["Doc", "Missing", "K"]).is_none());
    assert!(r.remove_property_at(&["Doc", "Null", "K"]).is_none());
    assert!(r.remove_property_at(&["Nothing", "K"]).is_none());
    assert!(r.remove_property_at(&["Nothing"]).is_none());

    assert_eq!(props(&stack), before);
}

#[test]
fn a_null_on_the_way_becomes_an_object_when_creating() {
    let (_app, stack, r) = resource();
    r.set_property("Doc", json!({"Null": null}));
    assert!(r.set_property_at(&["Doc", "Null", "K"], "v"));
    assert_eq!(props(&stack), json!({"Doc": {"Null": {"K": "v"}}}));
}

#[test]
fn remove_takes_the_value_out_and_keeps_the_rest() {
    let (_app, stack, r) = resource();
    r.set_property("Doc", json!({"A": 1, "B": {"C": 2, "D": 3}}));
    let removed = r.remove_property_at(&["Doc", "B", "C"]).expect("present");
    assert_eq!(removed, Value::from(2));
    assert_eq!(props(&stack), json!({"Doc": {"A": 1, "B": {"D": 3}}}));
    assert!(r.remove_property_at(&["Doc"]).is_some());
    assert_eq!(props(&stack), Json::Null);
}

#[test]
fn set_properties_takes_the_map_of_a_new_resource_and_merges_into_an_existing_one() {
    use cdk_core::Properties;
    let props_of = |pairs: &[(&'static str, i32)]| {
        let mut p = Properties::with_capacity(pairs.len());
        for &(k, v) in pairs {
            p.set(k, Value::from(v));
        }
        p
    };
    // A new resource: the properties as given, in their order.
    let (_app, stack, r) = resource();
    r.set_properties(props_of(&[("B", 1), ("A", 2)]));
    assert_eq!(
        serde_json::to_string(&props(&stack)).unwrap(),
        r#"{"B":1,"A":2}"#
    );
    // One with properties: as `set_property` one after the other (a repeated name is
    // replaced in place, a new one appended).
    let (_app, stack, r) = resource();
    r.set_property("A", 0).set_property("C", 3);
    r.set_properties(props_of(&[("B", 1), ("A", 2)]));
    assert_eq!(
        serde_json::to_string(&props(&stack)).unwrap(),
        r#"{"A":2,"C":3,"B":1}"#
    );
    assert_eq!(r.property("A"), Some(Value::from(2)));
}
