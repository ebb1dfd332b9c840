//! Synthesis errors: every problem is reported with the construct path and a hint, and all
//! problems of an app come back together in one `Error::Invalid`.

use cdk_core::{
    fns, App, Aws, CfnCondition, CfnMapping, CfnOutput, CfnParameter, CfnResource, Construct,
    Diagnostic, Error, ParameterType, Scope, Stack, Str,
};

mod common;
use common::TempDir;

/// The diagnostics of an app that must fail to assemble.
#[track_caller]
fn diagnostics(app: &App) -> Vec<Diagnostic> {
    match app.assemble() {
        Ok(a) => panic!(
            "expected synthesis to fail, but it produced {} stacks",
            a.stacks.len()
        ),
        Err(Error::Invalid(d)) => {
            for diag in &d {
                assert!(!diag.path.is_empty(), "diagnostic without a path: {diag}");
                assert!(!diag.hint.is_empty(), "diagnostic without a hint: {diag}");
            }
            d
        }
        Err(e) => panic!("expected Error::Invalid, got {e}"),
    }
}

/// The one diagnostic at `path` whose message contains `needle`.
#[track_caller]
fn find<'a>(diags: &'a [Diagnostic], path: &str, needle: &str) -> &'a Diagnostic {
    let hits: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.path == path && d.message.contains(needle))
        .collect();
    match hits.as_slice() {
        [one] => one,
        _ => panic!(
            "expected exactly one diagnostic at `{path}` containing `{needle}`, found {}; all:\n{}",
            hits.len(),
            list(diags)
        ),
    }
}

fn list(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| format!("  - {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// An app with one valid stack holding one resource, for tests that add a single mistake.
fn app_with_stack(name: &str) -> (App, Stack) {
    let app = App::new();
    let stack = Stack::new(&app, name);
    (app, stack)
}

fn queue(scope: &impl Construct, id: &str) -> CfnResource {
    CfnResource::new(scope, id, "AWS::SQS::Queue")
}

#[test]
fn many_mistakes_are_reported_together_and_nothing_is_written() {
    let dir = std::env::temp_dir().join(format!("cdk-core-errors-{}-many", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let app = App::with_out_dir(&dir);
    let stack = Stack::new(&app, "Good");
    queue(&stack, "Q");
    queue(&stack, "Q"); // duplicate sibling id
    queue(&stack, ""); // empty id
    queue(&stack, "a/b"); // `/` in an id
    CfnResource::new(&stack, "Bad", "NotAType"); // invalid resource type
    queue(&stack, "Odd").override_logical_id("odd-id"); // invalid logical ID
    queue(&stack, "Sub").set_property("Name", fns::sub("${Missing}", []));
    let p = CfnParameter::new(&stack, "Env", ParameterType::String);
    CfnCondition::new(
        &stack,
        "Lonely",
        fns::and([fns::equals(p.value_as_string(), "prod")]),
    );
    let bad_stack = Stack::new(&app, "bad_name"); // invalid stack name
    queue(&bad_stack, "R");
    Stack::new(&app, "Empty"); // no resources

    let err = app.write().expect_err("the app is invalid");
    let diags = err.diagnostics().to_vec();
    assert!(matches!(err, Error::Invalid(_)));
    find(&diags, "Good/Q", "already a construct with id `Q`");
    find(&diags, "Good/<empty>", "must not be empty");
    find(&diags, "Good/a/b", "contains `/`");
    find(
        &diags,
        "Good/Bad",
        "`NotAType` is not a CloudFormation resource type",
    );
    find(&diags, "Good/Odd", "`odd-id` is not a valid logical ID");
    find(&diags, "Good/Sub", "${Missing}");
    find(
        &diags,
        "Good/Lonely",
        "Fn::And takes 2 to 10 conditions, not 1",
    );
    find(&diags, "bad_name", "not a valid CloudFormation stack name");
    find(&diags, "Empty", "no resources");
    assert!(diags.len() >= 9, "{}", list(&diags));

    let text = err.to_string();
    let head = format!(
        "synthesis failed with {} errors; nothing was written:",
        diags.len()
    );
    assert!(text.starts_with(&head), "{text}");
    for d in &diags {
        assert!(
            text.contains(&d.to_string()),
            "Display lacks `{d}`:\n{text}"
        );
        assert!(text.contains(&format!("hint: {}", d.hint)));
    }
    assert!(!dir.exists(), "an invalid app must write nothing");
}

#[test]
fn display_uses_singular_for_one_error() {
    let (app, stack) = app_with_stack("S");
    CfnResource::new(&stack, "R", "Bogus");
    let err = app.assemble().unwrap_err();
    assert_eq!(err.diagnostics().len(), 1);
    let text = err.to_string();
    assert!(
        text.starts_with("synthesis failed with 1 error; nothing was written:\n  - S/R: "),
        "{text}"
    );
    assert!(
        text.contains("\n    hint: resource types look like"),
        "{text}"
    );
    // `Debug` (what `main() -> Result` prints) is the same readable text.
    assert_eq!(format!("{err:?}"), text);
}

#[test]
fn reference_to_a_resource_of_another_app() {
    let (other_app, other_stack) = app_with_stack("Other");
    let foreign = queue(&other_stack, "Foreign");
    let (app, stack) = app_with_stack("Mine");
    let scope = Scope::new(&stack, "Svc");
    queue(&scope, "User").set_property("Target", foreign.get_att("Arn"));
    CfnOutput::new(&stack, "Out", foreign.ref_());

    let diags = diagnostics(&app);
    let d = find(&diags, "Mine/Svc/User", "another App");
    assert!(d.message.contains("`Other/Foreign`"), "{d}");
    assert!(d.hint.contains("import_value"), "{d}");
    find(&diags, "Mine/Out", "another App");
    assert_eq!(diags.len(), 2, "{}", list(&diags));
    // The other app itself is fine.
    other_app.assemble().expect("the other app is valid");
}

#[test]
fn reference_to_a_resource_of_a_dropped_app() {
    // Big enough that its nodes are freed on a thread of their own.
    let (other_app, other_stack) = app_with_stack("Other");
    for i in 0..1200 {
        queue(&other_stack, &format!("Q{i}"));
    }
    let foreign = queue(&other_stack, "Foreign");
    let arn = foreign.get_att("Arn");
    drop((foreign, other_stack, other_app));

    let (app, stack) = app_with_stack("Mine");
    queue(&stack, "User").set_property("Target", arn);
    let diags = diagnostics(&app);
    // The path is gone with its app; the message still says what is wrong.
    let d = find(&diags, "Mine/User", "another App");
    assert!(d.message.contains("of app"), "{d}");
    assert_eq!(diags.len(), 1, "{}", list(&diags));
}

#[test]
fn condition_and_mapping_of_another_app() {
    let (_other_app, other) = app_with_stack("Other");
    queue(&other, "Q");
    let env = CfnParameter::new(&other, "Env", ParameterType::String);
    let cond = CfnCondition::new(&other, "IsProd", fns::equals(env.value_as_string(), "prod"));
    let map = CfnMapping::new(&other, "Map");
    map.set("a", "b", "c");

    let (app, stack) = app_with_stack("Mine");
    queue(&stack, "A").set_condition(&cond);
    queue(&stack, "B").set_property("V", map.find_in_map("a", "b"));
    queue(&stack, "C").set_property("P", env.value_as_string());
    let diags = diagnostics(&app);
    for path in ["Mine/A", "Mine/B", "Mine/C"] {
        find(&diags, path, "another App");
    }
}

#[test]
fn dependency_on_a_construct_of_another_app() {
    let (_other_app, other) = app_with_stack("Other");
    let foreign = queue(&other, "Foreign");
    let (app, stack) = app_with_stack("Mine");
    queue(&stack, "R").add_dependency(&foreign);
    let (_third, third) = app_with_stack("Third");
    stack.add_dependency(&third);
    let diags = diagnostics(&app);
    find(&diags, "Mine/R", "cannot depend on `Other/Foreign`");
    find(&diags, "Mine", "cannot depend on stack `Third`");
}

#[test]
fn three_resource_cycle_is_one_diagnostic_naming_all_members() {
    let (app, stack) = app_with_stack("S");
    let net = Scope::new(&stack, "Net");
    let a = queue(&net, "A");
    let b = queue(&net, "B");
    let c = queue(&net, "C");
    // A -> B (Ref), B -> C (GetAtt), C -> A (DependsOn).
    a.set_property("Peer", b.ref_());
    b.set_property("Peer", c.get_att("Arn"));
    c.add_dependency(&a);
    assert_eq!(a.logical_id(), "NetAB3415677");
    assert_eq!(b.logical_id(), "NetB4212C210");
    assert_eq!(c.logical_id(), "NetC37D77986");

    let diags = diagnostics(&app);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    let d = &diags[0];
    assert_eq!(d.path, "S/Net/A");
    assert!(
        d.message.contains("dependency cycle between 3 resources"),
        "{d}"
    );
    for (id, path) in [
        ("NetAB3415677", "S/Net/A"),
        ("NetB4212C210", "S/Net/B"),
        ("NetC37D77986", "S/Net/C"),
    ] {
        assert!(d.message.contains(&format!("{id} ({path})")), "{d}");
    }
    // The cycle reads along its edges: A -> B -> C -> A.
    assert!(
        d.message.contains(
            "NetAB3415677 (S/Net/A) -> NetB4212C210 (S/Net/B) -> NetC37D77986 (S/Net/C) -> NetAB3415677 (S/Net/A)"
        ),
        "{d}"
    );
}

#[test]
fn two_cycle_from_add_dependency_alone() {
    let (app, stack) = app_with_stack("S");
    let x = queue(&stack, "X");
    let y = queue(&stack, "Y");
    queue(&stack, "Bystander").add_dependency(&x);
    x.add_dependency(&y);
    y.add_dependency(&x);
    let diags = diagnostics(&app);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    let d = find(&diags, "S/X", "dependency cycle between 2 resources");
    assert!(d.message.contains("X (S/X) -> Y (S/Y) -> X (S/X)"), "{d}");
    assert!(!d.message.contains("Bystander"), "{d}");
}

#[test]
fn self_reference_is_a_cycle() {
    let (app, stack) = app_with_stack("S");
    let r = queue(&stack, "Loop");
    r.set_property("Me", r.get_att("Arn"));
    let diags = diagnostics(&app);
    find(&diags, "S/Loop", "dependency cycle between 1 resources");
}

#[test]
fn diamond_is_not_a_cycle() {
    let (app, stack) = app_with_stack("S");
    let top = queue(&stack, "Top");
    let left = queue(&stack, "Left");
    let right = queue(&stack, "Right");
    let bottom = queue(&stack, "Bottom");
    top.set_property("L", left.ref_()).add_dependency(&right);
    left.set_property("B", bottom.get_att("Arn"));
    right.add_dependency(&bottom);
    let template = stack.template().expect("a diamond is fine");
    assert_eq!(
        template["Resources"]["Top"]["DependsOn"],
        serde_json::json!(["Right"])
    );
    assert_eq!(
        template["Resources"]["Right"]["DependsOn"],
        serde_json::json!(["Bottom"])
    );
    let _ = app;
}

#[test]
fn override_logical_id_collision_across_scopes() {
    let (app, stack) = app_with_stack("S");
    let one = Scope::new(&stack, "One");
    let two = Scope::new(&Scope::new(&stack, "Two"), "Deep");
    queue(&one, "Resource").override_logical_id("Shared");
    queue(&two, "Resource").override_logical_id("Shared");
    let diags = diagnostics(&app);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    let d = find(&diags, "S/Two/Deep/Resource", "logical ID `Shared`");
    assert!(d.message.contains("`S/One/Resource`"), "{d}");
}

#[test]
fn natural_logical_id_collision() {
    let (app, stack) = app_with_stack("S");
    queue(&stack, "A-B");
    queue(&stack, "AB");
    let diags = diagnostics(&app);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    let d = find(&diags, "S/AB", "logical ID `AB` is also used by `S/A-B`");
    assert!(d.hint.contains("override"), "{d}");
}

#[test]
fn parameters_share_the_ref_namespace_with_resources_but_outputs_do_not() {
    let (app, stack) = app_with_stack("S");
    CfnParameter::new(&stack, "Env", ParameterType::String);
    queue(&Scope::new(&stack, "X"), "Q").override_logical_id("Env");
    let diags = diagnostics(&app);
    find(&diags, "S/X/Q", "logical ID `Env` is also used by `S/Env`");

    let (app, stack) = app_with_stack("T");
    queue(&stack, "Queue");
    CfnOutput::new(&Scope::new(&stack, "O"), "Url", "x").override_logical_id("Queue");
    let t = stack
        .template()
        .expect("an output may share a resource's logical ID");
    assert_eq!(t["Outputs"]["Queue"]["Value"], "x");
    let _ = app;
}

#[test]
fn construct_id_mistakes() {
    let (app, stack) = app_with_stack("S");
    let scope = Scope::new(&stack, "Api");
    queue(&scope, "Dup");
    queue(&scope, "Dup");
    Scope::new(&scope, "");
    queue(&scope, "x/y");
    let diags = diagnostics(&app);
    let d = find(
        &diags,
        "S/Api/Dup",
        "already a construct with id `Dup` in `S/Api`",
    );
    assert!(d.hint.contains("unique among siblings"), "{d}");
    find(&diags, "S/Api/<empty>", "must not be empty");
    let d = find(&diags, "S/Api/x/y", "construct id `x/y` contains `/`");
    assert!(d.hint.contains("Scope"), "{d}");
    // One mistake, one diagnostic: the duplicate's logical ID (which collides with its
    // sibling's, since it derives from the same path) is not reported on top.
    assert_eq!(diags.len(), 3, "{}", list(&diags));
}

#[test]
fn a_duplicate_id_is_one_diagnostic_even_for_its_children() {
    let (app, stack) = app_with_stack("S");
    let first = Scope::new(&stack, "Worker");
    queue(&first, "Resource");
    let second = Scope::new(&stack, "Worker");
    queue(&second, "Resource");
    queue(&second, "Extra");
    let diags = diagnostics(&app);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    find(&diags, "S/Worker", "already a construct with id `Worker`");
}

#[test]
fn a_content_hashed_id_over_a_resource_of_another_app_has_a_hint() {
    let (app, stack) = app_with_stack("S");
    let other = App::new();
    let source = queue(&Stack::new(&other, "O"), "Fn");
    queue(&stack, "Version").logical_id_from_content("FnVersion", &source);
    let diags = diagnostics(&app);
    let d = find(&diags, "O/Fn", "same app");
    assert!(d.hint.contains("logical_id_from_content"), "{d}");
}

#[test]
fn duplicate_stack_ids() {
    let app = App::new();
    queue(&Stack::new(&app, "S"), "A");
    queue(&Stack::new(&app, "S"), "B");
    let diags = diagnostics(&app);
    find(&diags, "S", "already a construct with id `S` in `the app`");
}

#[test]
fn invalid_stack_names() {
    let app = App::new();
    let long = format!("S{}", "x".repeat(128));
    for name in ["1st", "my_stack", "has space", long.as_str()] {
        queue(&Stack::new(&app, name), "R");
    }
    // Valid names, for contrast.
    queue(&Stack::new(&app, "My-Stack-2"), "R");
    queue(&Stack::new(&app, &"y".repeat(128)), "R");
    let diags = diagnostics(&app);
    for name in ["1st", "my_stack", "has space", long.as_str()] {
        let d = find(&diags, name, "is not a valid CloudFormation stack name");
        assert!(d.hint.contains("128"), "{d}");
    }
    assert_eq!(diags.len(), 4, "{}", list(&diags));
}

#[test]
fn invalid_resource_types() {
    let (app, stack) = app_with_stack("S");
    let bad = [
        "NotAType",
        "AWS::S3",
        "AWS::S3::",
        "Custom::",
        "AWS::S3::Bucket Extra",
        "",
    ];
    for (i, t) in bad.iter().enumerate() {
        CfnResource::new(&stack, &format!("Bad{i}"), t);
    }
    for (i, t) in [
        "AWS::S3::Bucket",
        "Custom::My-Thing",
        "Vendor::Service::Type::MODULE",
    ]
    .iter()
    .enumerate()
    {
        CfnResource::new(&stack, &format!("Good{i}"), t);
    }
    let diags = diagnostics(&app);
    for (i, t) in bad.iter().enumerate() {
        find(
            &diags,
            &format!("S/Bad{i}"),
            &format!("`{t}` is not a CloudFormation resource type"),
        );
    }
    assert_eq!(diags.len(), bad.len(), "{}", list(&diags));
}

#[test]
fn a_static_resource_type_is_checked_and_kept_as_a_copied_one() {
    // `new_static` (the generated L1's constructor) is `new` without the copy of the name.
    let (app, stack) = app_with_stack("S");
    let good = CfnResource::new_static(&stack, "Good", "AWS::S3::Bucket");
    assert_eq!(good.resource_type(), "AWS::S3::Bucket");
    CfnResource::new_static(&stack, "Bad", "AWS::S3");
    let diags = diagnostics(&app);
    find(
        &diags,
        "S/Bad",
        "`AWS::S3` is not a CloudFormation resource type",
    );
    assert_eq!(diags.len(), 1, "{}", list(&diags));
}

#[test]
fn invalid_override_logical_ids() {
    let (app, stack) = app_with_stack("S");
    queue(&stack, "A").override_logical_id("with-dash");
    queue(&stack, "B").override_logical_id("");
    queue(&stack, "C").override_logical_id(&"L".repeat(256));
    queue(&stack, "D").override_logical_id(&"L".repeat(255)); // the maximum is fine
    CfnOutput::new(&stack, "O", "v").override_logical_id("Out.Put");
    let diags = diagnostics(&app);
    let d = find(&diags, "S/A", "`with-dash` is not a valid logical ID");
    assert!(d.hint.contains("1 to 255"), "{d}");
    find(&diags, "S/B", "`` is not a valid logical ID");
    find(&diags, "S/C", "is not a valid logical ID");
    find(&diags, "S/O", "`Out.Put` is not a valid logical ID");
    assert_eq!(diags.len(), 4, "{}", list(&diags));
}

#[test]
fn construct_ids_without_letters_or_digits_have_no_logical_id() {
    let (app, stack) = app_with_stack("S");
    queue(&stack, "Keep");
    queue(&stack, "--");
    let diags = diagnostics(&app);
    let d = find(&diags, "S/--", "is not a valid logical ID");
    assert!(d.hint.contains("letters or digits"), "{d}");
}

#[test]
fn sub_with_an_undefined_variable() {
    let (app, stack) = app_with_stack("S");
    queue(&stack, "Bad").set_property(
        "Name",
        fns::sub(
            "${Prefix}-${Typo}-${AWS::Region}-${!Literal}",
            [("Prefix", Str::from("p"))],
        ),
    );
    queue(&stack, "Unclosed").set_property("Name", fns::sub("x-${Oops", []));
    queue(&stack, "NotPseudo").set_property("Name", fns::sub("${AWS::Nope}", []));
    let diags = diagnostics(&app);
    let d = find(&diags, "S/Bad", "uses `${Typo}`");
    assert!(d.hint.contains("fns::sub"), "{d}");
    find(&diags, "S/Unclosed", "unclosed `${`");
    find(&diags, "S/NotPseudo", "uses `${AWS::Nope}`");
    assert_eq!(diags.len(), 3, "{}", list(&diags));
}

#[test]
fn sub_with_pseudo_parameters_literals_and_variables_is_fine() {
    let (_app, stack) = app_with_stack("S");
    let q = queue(&stack, "Q");
    queue(&stack, "Ok")
        .set_property(
            "A",
            fns::sub(
                "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${!Literal}/${Name}",
                [("Name", q.get_att("QueueName"))],
            ),
        )
        .set_property("B", fns::sub("${AWS::StackName}-${AWS::URLSuffix}", []));
    let t = stack.template().expect("valid Fn::Sub");
    assert_eq!(
        t["Resources"]["Ok"]["Properties"],
        serde_json::json!({
            "A": {"Fn::Sub": [
                "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${!Literal}/${Name}",
                {"Name": {"Fn::GetAtt": ["Q", "QueueName"]}}
            ]},
            "B": {"Fn::Sub": "${AWS::StackName}-${AWS::URLSuffix}"}
        })
    );
}

#[test]
fn empty_stack_and_app_without_stacks() {
    let (app, _stack) = app_with_stack("Hollow");
    let diags = diagnostics(&app);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    let d = find(&diags, "Hollow", "the stack has no resources");
    assert!(d.hint.contains("add a resource"), "{d}");

    // Parameters and outputs alone do not make a deployable stack.
    let (app, stack) = app_with_stack("OnlyOutputs");
    CfnParameter::new(&stack, "P", ParameterType::String);
    CfnOutput::new(&stack, "O", "v");
    find(
        &diagnostics(&app),
        "OnlyOutputs",
        "the stack has no resources",
    );

    let app = App::new();
    Scope::new(&Stack::new(&App::new(), "Elsewhere"), "X");
    let diags = diagnostics(&app);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    let d = find(&diags, "<app>", "the app has no stacks");
    assert!(d.hint.contains("Stack::new"), "{d}");
}

#[test]
fn condition_mapping_and_parameter_from_another_stack() {
    let app = App::new();
    let producer = Stack::new(&app, "Producer");
    queue(&producer, "Q");
    let env = CfnParameter::new(&producer, "Env", ParameterType::String);
    let is_prod = CfnCondition::new(
        &producer,
        "IsProd",
        fns::equals(env.value_as_string(), "prod"),
    );
    let map = CfnMapping::new(&producer, "Sizes");
    map.set("prod", "Size", 10);

    let consumer = Stack::new(&app, "Consumer");
    let scope = Scope::new(&consumer, "Svc");
    queue(&scope, "Conditional").set_condition(&is_prod);
    queue(&scope, "If").set_property("V", fns::if_::<Str>(&is_prod, "a", "b"));
    queue(&scope, "Mapped").set_property("Size", map.find_in_map("prod", "Size"));
    queue(&scope, "Param").set_property("Env", env.value_as_string());
    CfnCondition::new(&consumer, "Nested", fns::not(fns::condition(&is_prod)));

    let diags = diagnostics(&app);
    for path in [
        "Consumer/Svc/Conditional",
        "Consumer/Svc/If",
        "Consumer/Nested",
    ] {
        let d = find(
            &diags,
            path,
            "uses condition `Producer/IsProd` of stack `Producer`",
        );
        assert!(
            d.message.contains("can only be used in their own stack"),
            "{d}"
        );
        assert!(d.hint.contains("declare it in this stack"), "{d}");
    }
    find(
        &diags,
        "Consumer/Svc/Mapped",
        "uses mapping `Producer/Sizes` of stack `Producer`",
    );
    find(
        &diags,
        "Consumer/Svc/Param",
        "uses parameter `Producer/Env` of stack `Producer`",
    );
    assert_eq!(diags.len(), 5, "{}", list(&diags));
}

#[test]
fn and_or_take_two_to_ten_conditions() {
    let (app, stack) = app_with_stack("S");
    queue(&stack, "Q");
    let eq = |v: &str| fns::equals(Aws::region(), v);
    CfnCondition::new(&stack, "One", fns::and([eq("a")]));
    CfnCondition::new(&stack, "None", fns::or([]));
    CfnCondition::new(
        &stack,
        "Eleven",
        fns::or((0..11).map(|i| eq(&i.to_string()))),
    );
    CfnCondition::new(&stack, "Two", fns::and([eq("a"), eq("b")]));
    CfnCondition::new(&stack, "Ten", fns::or((0..10).map(|i| eq(&i.to_string()))));
    let diags = diagnostics(&app);
    find(&diags, "S/One", "Fn::And takes 2 to 10 conditions, not 1");
    find(&diags, "S/None", "Fn::Or takes 2 to 10 conditions, not 0");
    find(
        &diags,
        "S/Eleven",
        "Fn::Or takes 2 to 10 conditions, not 11",
    );
    assert_eq!(diags.len(), 3, "{}", list(&diags));
}

#[test]
fn more_than_500_resources_in_one_stack() {
    let app = App::new();
    let ok = Stack::new(&app, "Full");
    for i in 0..500 {
        CfnResource::new(&ok, &format!("R{i}"), "AWS::SNS::Topic");
    }
    let big = Stack::new(&app, "TooBig");
    for i in 0..501 {
        CfnResource::new(&big, &format!("R{i}"), "AWS::SNS::Topic");
    }
    let diags = diagnostics(&app);
    assert_eq!(diags.len(), 1, "{}", list(&diags));
    let d = find(&diags, "TooBig", "the template has 501 Resources");
    assert!(d.message.contains("at most 500"), "{d}");
    assert!(d.hint.contains("split"), "{d}");
}

#[test]
fn other_template_limits() {
    let (app, stack) = app_with_stack("S");
    queue(&stack, "Q");
    for i in 0..201 {
        CfnOutput::new(&stack, &format!("O{i}"), "v");
        CfnParameter::new(&stack, &format!("P{i}"), ParameterType::String);
    }
    stack.set_description("d".repeat(1025));
    let diags = diagnostics(&app);
    find(
        &diags,
        "S",
        "201 Outputs; CloudFormation allows at most 200",
    );
    find(
        &diags,
        "S",
        "201 Parameters; CloudFormation allows at most 200",
    );
    find(
        &diags,
        "S",
        "the description is 1025 bytes; CloudFormation allows 1024",
    );
    assert_eq!(diags.len(), 3, "{}", list(&diags));
}

#[test]
fn template_body_size_limit() {
    let (app, stack) = app_with_stack("S");
    let blob = "x".repeat(4096);
    for i in 0..250 {
        queue(&stack, &format!("Q{i}")).set_property("Blob", blob.as_str());
    }
    let diags = diagnostics(&app);
    // Each template is checked: the plain one and the SAM one.
    let d = find(&diags, "S", "the plain CloudFormation template is 10");
    assert!(d.message.ends_with("accepts at most 1000000 bytes"), "{d}");
    find(&diags, "S", "the SAM template is 10");
}

/// The write path checks the size quota from the files' lengths (a pretty JSON file is never
/// shorter than the compact template): the same two diagnostics as `assemble`, nothing
/// written, and the previous output untouched.
#[test]
fn template_body_size_limit_on_the_write_path() {
    let dir = TempDir::new("size-limit-write");
    let out = dir.join("out");
    let (app, stack) = app_with_stack("S");
    app.set_out_dir(&out);
    queue(&stack, "Small");
    app.write().expect("a small template is written");
    let before = std::fs::read(out.join("S.template.json")).unwrap();
    let blob = "x".repeat(4096);
    for i in 0..250 {
        queue(&stack, &format!("Q{i}")).set_property("Blob", blob.as_str());
    }
    let Err(Error::Invalid(diags)) = app.write() else {
        panic!("an oversized template must fail the write");
    };
    find(&diags, "S", "the plain CloudFormation template is 10");
    find(&diags, "S", "the SAM template is 10");
    assert_eq!(diags.len(), 2, "{}", list(&diags));
    assert_eq!(std::fs::read(out.join("S.template.json")).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(dir.0.as_path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| n == "out"), "no leftover: {names:?}");
}

/// A template whose pretty JSON is over 1,000,000 bytes while its compact form (what the
/// quota counts) is not: written.
#[test]
fn pretty_json_over_the_quota_with_a_compact_form_under_it_is_written() {
    let dir = TempDir::new("size-limit-pretty");
    let out = dir.join("out");
    let (app, stack) = app_with_stack("S");
    app.set_out_dir(&out);
    let items: Vec<&str> = vec!["a"; 80_000];
    queue(&stack, "Q").set_property("Items", cdk_core::Value::list(items));
    app.write()
        .expect("the compact template is under the quota");
    let pretty = std::fs::read_to_string(out.join("S.template.json")).unwrap();
    assert!(pretty.len() > 1_000_000, "{} bytes", pretty.len());
    let compact =
        serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&pretty).unwrap())
            .unwrap();
    assert!(compact.len() < 1_000_000, "{} bytes", compact.len());
}

/// With another mistake, the size quota is still reported (everything at once).
#[test]
fn size_limit_is_reported_with_other_mistakes_on_the_write_path() {
    let dir = TempDir::new("size-limit-others");
    let (app, stack) = app_with_stack("S");
    app.set_out_dir(dir.join("out"));
    let blob = "x".repeat(4096);
    for i in 0..250 {
        queue(&stack, &format!("Q{i}")).set_property("Blob", blob.as_str());
    }
    CfnResource::new(&stack, "Bad", "Nope");
    let Err(Error::Invalid(diags)) = app.write() else {
        panic!("must fail");
    };
    find(&diags, "S", "the plain CloudFormation template is 10");
    find(&diags, "S/Bad", "is not a CloudFormation resource type");
    assert!(!dir.join("out").exists());
}

#[test]
fn construct_errors_from_add_error_are_collected_with_the_rest() {
    let (app, stack) = app_with_stack("S");
    let api = Scope::new(&stack, "Api");
    api.node()
        .add_error("memory must be at least 128 MB", "raise memory_size");
    CfnResource::new(&api, "R", "Nope");
    let diags = diagnostics(&app);
    let d = find(&diags, "S/Api", "memory must be at least 128 MB");
    assert_eq!(d.hint, "raise memory_size");
    find(
        &diags,
        "S/Api/R",
        "`Nope` is not a CloudFormation resource type",
    );
}

#[test]
fn validations_see_the_construct_as_it_is_at_synthesis() {
    use std::cell::Cell;
    use std::rc::Rc;
    let (app, stack) = app_with_stack("S");
    let list = Scope::new(&stack, "List");
    let items = Rc::new(Cell::new(0));
    let seen = items.clone();
    list.node().add_validation(move || match seen.get() {
        0 => vec![("the list is empty".into(), "add an item".into())],
        _ => Vec::new(),
    });
    CfnResource::new(&stack, "R", "AWS::SQS::Queue");
    let diags = diagnostics(&app);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = find(&diags, "S/List", "the list is empty");
    assert_eq!(d.hint, "add an item");
    // Run again by every synthesis, with the state of that moment; reported once each time.
    assert_eq!(diagnostics(&app).len(), 1);
    items.set(1);
    assert!(app.assemble().is_ok());
}
