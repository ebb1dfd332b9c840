//! Values that AWS rejects at deploy time are synth errors: each mistake gives exactly one
//! diagnostic, with the construct path and a hint. Names (Lambda environment variables, IAM
//! role names and paths, log groups, metric namespaces), policy statements without actions,
//! and alarm evaluation ranges.

use std::time::Duration;

use cdk_core::{App, Aws, Diagnostic, Stack};
use constructs::cloudwatch::{Alarm, Count, Metric};
use constructs::iam::{PolicyStatement, Principal, Role};
use constructs::lambda::{Code, Function, FunctionBuilder, Runtime};
use constructs::logs::LogGroup;
use constructs::s3::Bucket;
use constructs::sqs::Queue;

const PY: &str = "def handler(event, context):\n    return None\n";

fn app_stack() -> (App, Stack) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    (app, stack)
}

fn function(stack: &Stack) -> FunctionBuilder {
    Function::new(
        stack,
        "Fn",
        Runtime::PYTHON_3_12,
        Code::from_inline(PY),
        "index.handler",
    )
}

fn role(stack: &Stack) -> constructs::iam::RoleBuilder {
    Role::new(stack, "Role", Principal::service("lambda.amazonaws.com"))
}

/// Every diagnostic of the app; synthesis must fail.
fn diagnostics(app: &App) -> Vec<Diagnostic> {
    match app.assemble() {
        Ok(_) => panic!("synthesis succeeded, expected an error"),
        Err(e) => e.diagnostics().to_vec(),
    }
}

/// The one diagnostic of the app: synthesis fails with exactly one problem, at `path`, whose
/// message contains `needle` and which has a hint.
#[track_caller]
fn one_error(app: &App, path: &str, needle: &str) -> Diagnostic {
    let all = diagnostics(app);
    assert_eq!(
        all.len(),
        1,
        "expected exactly one diagnostic, got {all:#?}"
    );
    let d = all.into_iter().next().unwrap();
    assert_eq!(d.path, path, "{d:#?}");
    assert!(d.message.contains(needle), "`{needle}` not in {d:#?}");
    assert!(!d.hint.is_empty(), "no hint: {d:#?}");
    d
}

#[track_caller]
fn assert_ok(app: &App) {
    if let Err(e) = app.assemble() {
        panic!("expected synthesis to succeed: {e}");
    }
}

// ---- 1. Lambda environment variable names ----------------------------------------------------

#[test]
fn environment_variable_names_follow_lambdas_pattern() {
    // Lambda's key pattern is [a-zA-Z]([a-zA-Z0-9_])+: at least two characters.
    for key in ["A", "1A", "A-B", "A B", "", "Ä1"] {
        let (app, stack) = app_stack();
        function(&stack).env(key, "v").build();
        let d = one_error(
            &app,
            "S/Fn",
            &format!("environment variable name `{key}` is not valid"),
        );
        assert!(d.hint.contains("letter"), "{d:#?}");
    }
    for key in ["AB", "a1", "MY_TABLE_NAME", "x_"] {
        let (app, stack) = app_stack();
        function(&stack).env(key, "v").build();
        assert_ok(&app);
    }
}

#[test]
fn a_one_character_name_is_explained() {
    let (app, stack) = app_stack();
    function(&stack).env("A", "v").build();
    let d = one_error(&app, "S/Fn", "`A`");
    assert!(d.message.contains("1 character long"), "{d:#?}");
}

#[test]
fn reserved_environment_variables_are_reported_as_reserved() {
    for key in [
        "AWS_REGION",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_DEFAULT_REGION",
        "LAMBDA_TASK_ROOT",
        // These two do not even match the pattern; saying they are reserved is the better
        // explanation, and there is still only one diagnostic.
        "_HANDLER",
        "_X_AMZN_TRACE_ID",
    ] {
        let (app, stack) = app_stack();
        function(&stack).env(key, "v").build();
        one_error(
            &app,
            "S/Fn",
            &format!("environment variable `{key}` is reserved by Lambda"),
        );
    }
    // TZ is no longer reserved (AWS lists it among the variables a function may set).
    let (app, stack) = app_stack();
    function(&stack).env("TZ", "Europe/Paris").build();
    assert_ok(&app);
}

#[test]
fn environment_variables_added_after_build_are_checked_once() {
    let (app, stack) = app_stack();
    let f = function(&stack).build();
    f.add_environment("A", "v");
    f.add_environment("OK_NAME", "v");
    one_error(&app, "S/Fn", "environment variable name `A` is not valid");
}

#[test]
fn an_environment_over_4_kb_is_reported_once_however_many_variables_follow() {
    let (app, stack) = app_stack();
    let f = function(&stack).env("BIG", "x".repeat(4094)).build();
    f.add_environment("MORE", "v");
    f.add_environment("EVEN_MORE", "v");
    one_error(&app, "S/Fn", "more than Lambda's 4 KB");
}

#[test]
fn crossing_4_kb_with_add_environment_is_reported_once() {
    let (app, stack) = app_stack();
    let f = function(&stack).env("BIG", "x".repeat(4000)).build();
    f.add_environment("MORE", "x".repeat(200));
    f.add_environment("EVEN_MORE", "v");
    one_error(&app, "S/Fn", "more than Lambda's 4 KB");
}

// ---- 2. IAM role names and paths ----------------------------------------------------------------

#[test]
fn role_names_follow_iam_rules() {
    for (name, needle) in [
        ("bad name!", "` `, `!`"),
        (&"r".repeat(65) as &str, "65 characters long"),
        ("", "empty"),
        ("tab\there", "`\t`"),
    ] {
        let (app, stack) = app_stack();
        role(&stack).role_name(name).build();
        let d = one_error(
            &app,
            "S/Role",
            &format!("`{name}` is not a valid role name"),
        );
        assert!(d.message.contains(needle), "`{needle}` not in {d:#?}");
        assert!(d.hint.contains("64"), "{d:#?}");
    }
    for name in [
        "r".repeat(64),
        "My_Role+=,.@-1".to_string(),
        "a".to_string(),
    ] {
        let (app, stack) = app_stack();
        role(&stack).role_name(name.as_str()).build();
        assert_ok(&app);
    }
    // A name known only at deploy time is not checked.
    let (app, stack) = app_stack();
    role(&stack).role_name(Aws::stack_name()).build();
    assert_ok(&app);
}

#[test]
fn role_paths_follow_iam_rules() {
    for (path, needle) in [
        ("service", "does not start with `/`"),
        ("/service", "does not end with `/`"),
        ("/has space/", "` `"),
        ("/é/", "`é`"),
    ] {
        let (app, stack) = app_stack();
        role(&stack).path(path).build();
        let d = one_error(
            &app,
            "S/Role",
            &format!("`{path}` is not a valid role path"),
        );
        assert!(d.message.contains(needle), "`{needle}` not in {d:#?}");
    }
    let long = format!("/{}/", "p".repeat(511));
    let (app, stack) = app_stack();
    role(&stack).path(&long).build();
    one_error(&app, "S/Role", "513 characters long");

    for path in [
        "/".to_string(),
        "/service/".to_string(),
        "/a/b-c_d.e!~/".to_string(),
        format!("/{}/", "p".repeat(510)),
    ] {
        let (app, stack) = app_stack();
        role(&stack).path(&path).build();
        assert_ok(&app);
    }
}

// ---- 3. Policy statements without actions -----------------------------------------------------

#[test]
fn a_role_policy_statement_without_actions_is_reported_on_the_policy() {
    let (app, stack) = app_stack();
    let r = role(&stack).build();
    r.add_to_policy(
        PolicyStatement::allow()
            .actions(["s3:GetObject"])
            .resources(["*"]),
    );
    r.add_to_policy(PolicyStatement::allow().resources(["*"]));
    // The same statement again is the same mistake: still one diagnostic.
    r.add_to_policy(PolicyStatement::allow().resources(["*"]));
    let d = one_error(&app, "S/Role/DefaultPolicy", "has no actions");
    assert!(d.message.contains("statement 2"), "{d:#?}");
    assert!(d.hint.contains(".actions("), "{d:#?}");
}

#[test]
fn a_statement_without_actions_names_its_sid() {
    let (app, stack) = app_stack();
    let r = role(&stack).build();
    r.add_to_policy(PolicyStatement::deny().sid("NoWrites").resources(["*"]));
    one_error(&app, "S/Role/DefaultPolicy", "`NoWrites`");
}

#[test]
fn a_function_role_statement_without_actions_is_reported_on_the_functions_policy() {
    let (app, stack) = app_stack();
    let f = function(&stack).build();
    f.add_to_role_policy(PolicyStatement::allow().resources(["*"]));
    one_error(&app, "S/Fn/ServiceRole/DefaultPolicy", "has no actions");
}

#[test]
fn a_grant_of_no_actions_is_reported_once() {
    let (app, stack) = app_stack();
    let r = role(&stack).build();
    let q = Queue::new(&stack, "Jobs").build();
    q.grant(&r, &[]);
    one_error(&app, "S/Role/DefaultPolicy", "has no actions");
}

#[test]
fn a_bucket_policy_statement_without_actions_is_reported_on_the_bucket_policy() {
    let (app, stack) = app_stack();
    let b = Bucket::new(&stack, "Images").build();
    b.add_to_resource_policy(
        PolicyStatement::allow()
            .principal(Principal::Any)
            .resources([b.arn_for_objects("*")]),
    );
    let d = one_error(&app, "S/Images/Policy", "has no actions");
    // The TLS-only statement is the first one.
    assert!(d.message.contains("statement 2"), "{d:#?}");
}

#[test]
fn statements_with_actions_pass() {
    let (app, stack) = app_stack();
    let r = role(&stack).build();
    r.add_to_policy(PolicyStatement::deny().actions(["s3:*"]).resources(["*"]));
    assert_ok(&app);
}

// ---- 4. CloudWatch metrics and alarms ---------------------------------------------------------

fn alarm(stack: &Stack, metric: &Metric<Count>) -> constructs::cloudwatch::AlarmBuilder {
    Alarm::new(stack, "Alarm", metric, 1.0)
}

#[test]
fn metric_namespaces_and_names_follow_cloudwatch_limits() {
    let long = "n".repeat(256);
    for (namespace, name, needle) in [
        ("", "Errors", "`` is not a valid metric namespace"),
        (&long as &str, "Errors", "is not a valid metric namespace"),
        (
            ":Mine",
            "Errors",
            "does not start with a character other than `:`",
        ),
        ("MyApp", "", "`` is not a valid metric name"),
        ("MyApp", &long, "is not a valid metric name"),
    ] {
        let (app, stack) = app_stack();
        alarm(&stack, &Metric::new(namespace, name)).build();
        one_error(&app, "S/Alarm", needle);
    }
    for (namespace, name) in [
        ("AWS/Lambda", "Errors"),
        ("MyApp/Orders", "Orders placed"),
        (&"n".repeat(255) as &str, &"m".repeat(255) as &str),
    ] {
        let (app, stack) = app_stack();
        alarm(&stack, &Metric::new(namespace, name)).build();
        assert_ok(&app);
    }
}

#[test]
fn an_alarm_evaluating_more_than_a_day_of_short_periods_is_an_error() {
    // Periods under an hour: period × evaluation periods at most one day.
    let m = Metric::<Count>::new("AWS/Lambda", "Errors").period(Duration::from_secs(60));
    let (app, stack) = app_stack();
    alarm(&stack, &m).evaluation_periods(1441).build();
    let d = one_error(&app, "S/Alarm", "86460 seconds");
    assert!(d.message.contains("86400"), "{d:#?}");

    let m5 = Metric::<Count>::new("AWS/Lambda", "Errors").period(Duration::from_secs(300));
    let (app, stack) = app_stack();
    alarm(&stack, &m5).evaluation_periods(289).build();
    one_error(&app, "S/Alarm", "86700 seconds");

    for (period, n) in [(60, 1440), (300, 288), (10, 8640)] {
        let m = Metric::<Count>::new("AWS/Lambda", "Errors").period(Duration::from_secs(period));
        let (app, stack) = app_stack();
        alarm(&stack, &m).evaluation_periods(n).build();
        assert_ok(&app);
    }
}

#[test]
fn an_alarm_with_hourly_periods_may_evaluate_up_to_seven_days() {
    let hourly = Metric::<Count>::new("AWS/Lambda", "Errors").period(Duration::from_secs(3600));
    for n in [25, 168] {
        let (app, stack) = app_stack();
        alarm(&stack, &hourly).evaluation_periods(n).build();
        assert_ok(&app);
    }
    let (app, stack) = app_stack();
    alarm(&stack, &hourly).evaluation_periods(169).build();
    one_error(&app, "S/Alarm", "604800");
}

#[test]
fn an_invalid_period_is_one_mistake() {
    // 45 s is not a valid period; it must not also be reported as too long a range.
    let m = Metric::<Count>::new("AWS/Lambda", "Errors").period(Duration::from_secs(45));
    let (app, stack) = app_stack();
    alarm(&stack, &m).evaluation_periods(5000).build();
    one_error(
        &app,
        "S/Alarm",
        "is not 10 s, 20 s, 30 s or a multiple of 60 s",
    );
}

#[test]
fn datapoints_to_alarm_is_at_most_the_evaluation_periods() {
    let m = Metric::<Count>::new("AWS/Lambda", "Errors");
    let (app, stack) = app_stack();
    alarm(&stack, &m)
        .evaluation_periods(2)
        .datapoints_to_alarm(3)
        .build();
    one_error(&app, "S/Alarm", "datapoints to alarm (3)");

    // Zero evaluation periods is one mistake, not also a datapoints one.
    let (app, stack) = app_stack();
    alarm(&stack, &m)
        .evaluation_periods(0)
        .datapoints_to_alarm(1)
        .build();
    one_error(&app, "S/Alarm", "evaluation periods must be at least 1");
}

// ---- 5. Log group names ---------------------------------------------------------------------------

#[test]
fn log_group_names_starting_with_aws_slash_are_reserved() {
    let (app, stack) = app_stack();
    LogGroup::new(&stack, "Logs")
        .log_group_name("aws/my-app")
        .build();
    let d = one_error(&app, "S/Logs", "`aws/my-app` is not a valid log group name");
    assert!(d.message.contains("reserved prefix `aws/`"), "{d:#?}");
    assert!(d.hint.contains("aws/"), "{d:#?}");

    // `/aws/...` is what Lambda and other services use, and allowed.
    for name in ["/aws/lambda/my-fn", "my-app/aws/x", "AWS/x", "a#b.c-d_e"] {
        let (app, stack) = app_stack();
        LogGroup::new(&stack, "Logs").log_group_name(name).build();
        assert_ok(&app);
    }
}

#[test]
fn other_invalid_log_group_names_give_one_diagnostic() {
    for name in ["", "has space", &"l".repeat(513) as &str, "aws/has space"] {
        let (app, stack) = app_stack();
        LogGroup::new(&stack, "Logs").log_group_name(name).build();
        one_error(&app, "S/Logs", "is not a valid log group name");
    }
}

#[test]
fn an_invalid_function_name_is_not_reported_again_on_its_log_group() {
    let (app, stack) = app_stack();
    function(&stack).function_name("my function").build();
    one_error(&app, "S/Fn", "`my function` is not a valid function name");
}

#[test]
fn replacing_a_value_of_an_environment_already_too_large_is_not_reported_again() {
    let (app, stack) = app_stack();
    let f = function(&stack).env("BIG", "x".repeat(4094)).build();
    f.add_environment("BIG", "x".repeat(4095));
    one_error(&app, "S/Fn", "more than Lambda's 4 KB");
}
