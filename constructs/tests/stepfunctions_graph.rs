//! Step Functions graph validation: every mistake in a definition is one diagnostic at
//! synth, on the machine's construct path, naming the state.

use std::time::Duration;

use cdk_core::{App, Flavor, Stack};
use constructs::stepfunctions::{
    Catch, Chain, Choice, Condition, IntoChain, Map, Parallel, Pass, Retry, StateMachine,
    StatesError, Succeed, Task, Wait,
};

/// Builds machine `S/M` from what `define` returns, synthesizes, and returns the messages;
/// a definition our checks accept must pass `asl-validator` too (both templates).
fn errors(define: impl FnOnce(&Stack) -> Chain) -> Vec<String> {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let definition = define(&stack);
    StateMachine::new(&stack, "M", &definition).build();
    match app.assemble() {
        Ok(_) => {
            for flavor in [Flavor::Cfn, Flavor::Sam] {
                let template = stack.template_of(flavor).expect("synthesizes");
                assert_eq!(cdk_validators::assert_template_asl_valid(&template), 1);
            }
            Vec::new()
        }
        Err(e) => e
            .diagnostics()
            .iter()
            .map(|d| {
                assert_eq!(d.path, "S/M", "{d:?}");
                d.message.clone()
            })
            .collect(),
    }
}

/// Exactly one diagnostic, about `state`, containing `needle`.
fn one(messages: Vec<String>, state: &str, needle: &str) {
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(
        messages[0].starts_with(&format!("state `{state}`: ")),
        "{messages:#?}"
    );
    assert!(messages[0].contains(needle), "{messages:#?}");
}

fn task(name: &str) -> Task {
    Task::new(name, "arn:aws:states:::aws-sdk:s3:listBuckets")
}

#[test]
fn a_valid_graph_with_a_choice_loop_and_a_wait_loop_has_no_errors() {
    let messages = errors(|_| {
        let poll = task("Poll");
        let wait = Wait::duration("Wait", Duration::from_secs(5));
        let done = Succeed::new("Done");
        let check = Choice::new("Check")
            .when(Condition::string_equals("$.status", "DONE"), &done)
            .otherwise(&wait);
        wait.next(&poll);
        poll.next(&check)
    });
    assert_eq!(messages, Vec::<String>::new());
}

#[test]
fn a_choice_needs_a_rule() {
    one(
        errors(|_| {
            Choice::new("Empty")
                .otherwise(&Succeed::new("Done"))
                .to_chain()
        }),
        "Empty",
        "at least one rule",
    );
}

#[test]
fn a_choice_rule_variable_is_a_path() {
    one(
        errors(|_| {
            Choice::new("C")
                .when(Condition::is_present("status", true), &Succeed::new("Done"))
                .to_chain()
        }),
        "C",
        "is not a path",
    );
}

#[test]
fn default_set_twice_is_reported() {
    one(
        errors(|_| {
            let a = Succeed::new("A");
            let b = Succeed::new("B");
            Choice::new("C")
                .when(Condition::boolean_equals("$.x", true), &a)
                .otherwise(&a)
                .otherwise(&b)
                .to_chain()
        }),
        "C",
        "Default set twice",
    );
}

#[test]
fn next_set_twice_is_reported() {
    one(
        errors(|_| {
            let a = Pass::new("A");
            a.next(&Succeed::new("B"));
            a.next(&Succeed::new("C"))
        }),
        "A",
        "Next set twice: to `B` and to `C`",
    );
}

#[test]
fn a_terminal_state_takes_no_next() {
    one(
        errors(|_| {
            let done = Succeed::new("Done");
            Pass::new("A").next(&done).next(&Pass::new("After"))
        }),
        "Done",
        "a Succeed state has no Next",
    );
    one(
        errors(|_| {
            let c = Choice::new("C").when(Condition::is_null("$.x", true), &Succeed::new("D"));
            Pass::new("A").next(&c).next(&Pass::new("After"))
        }),
        "C",
        "a Choice state has no Next",
    );
}

#[test]
fn next_and_end_together_are_reported() {
    one(
        errors(|_| Pass::new("A").end().next(&Succeed::new("B"))),
        "A",
        "has End",
    );
    one(
        errors(|_| {
            let a = Pass::new("A");
            a.next(&Succeed::new("B"));
            a.end().to_chain()
        }),
        "A",
        "both Next and End",
    );
}

#[test]
fn a_state_that_leads_into_the_machine_but_is_not_reachable_is_reported() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let b = Succeed::new("B");
    let orphan = Pass::new("Orphan");
    orphan.next(&b);
    StateMachine::new(&stack, "M", &Pass::new("A").next(&b)).build();
    let err = app.assemble().unwrap_err();
    let messages: Vec<String> = err
        .diagnostics()
        .iter()
        .map(|d| d.message.clone())
        .collect();
    one(
        messages,
        "Orphan",
        "transitions to `B` but is not reachable from StartAt",
    );
    assert_eq!(err.diagnostics()[0].path, "S/M");
    // (States are read when the machine is built; the orphan is alive then.)
    drop(orphan);
}

#[test]
fn a_next_out_of_a_branch_is_reported() {
    one(
        errors(|_| {
            let after = Pass::new("After");
            let inner = Pass::new("Inner");
            inner.next(&after);
            Parallel::new("P").branch(&inner).next(&after)
        }),
        "After",
        "two States objects",
    );
}

#[test]
fn a_state_in_two_machines_is_reported_by_the_second() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let shared = Pass::new("Shared");
    StateMachine::new(&stack, "First", &shared).build();
    StateMachine::new(&stack, "Second", &Pass::new("Start").next(&shared)).build();
    let err = app.assemble().unwrap_err();
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{err}");
    assert_eq!(d[0].path, "S/Second");
    assert!(
        d[0].message
            .starts_with("state `Shared`: the state is already used in state machine `S/First`"),
        "{err}"
    );
}

#[test]
fn names_are_unique_and_at_most_80_characters() {
    one(
        errors(|_| Pass::new("A").next(&Pass::new("A"))),
        "A",
        "two different states have this name",
    );
    let long = "x".repeat(81);
    one(
        errors(|_| Pass::new(&long).to_chain()),
        &long,
        "1 to 80 characters, this one 81",
    );
    assert!(errors(|_| Pass::new(&"x".repeat(80)).to_chain()).is_empty());
    one(errors(|_| Pass::new("").to_chain()), "", "this one 0");
}

#[test]
fn a_loop_of_pass_states_is_reported_once() {
    one(
        errors(|_| {
            let a = Pass::new("A");
            let b = Pass::new("B");
            a.next(&b);
            b.next(&a);
            Task::new("Start", "arn:aws:states:::aws-sdk:s3:listBuckets").next(&a)
        }),
        "A",
        "the states `A` → `B` loop with no Choice, Wait or Task",
    );
}

#[test]
fn states_all_is_alone_and_last() {
    one(
        errors(|_| {
            task("T")
                .retry(Retry::on([StatesError::All]))
                .retry(Retry::on([StatesError::Timeout]))
                .to_chain()
        }),
        "T",
        "Retry rule 0 matches States.ALL but is not the last Retry rule",
    );
    one(
        errors(|_| {
            let h = Succeed::new("H");
            task("T")
                .catch(Catch::new([StatesError::All, StatesError::TaskFailed], &h))
                .to_chain()
        }),
        "T",
        "Catch rule 0 lists States.ALL with other errors",
    );
    one(
        errors(|_| {
            task("T")
                .retry(Retry::on(Vec::<StatesError>::new()))
                .to_chain()
        }),
        "T",
        "empty ErrorEquals",
    );
    one(
        errors(|_| {
            task("T")
                .retry(Retry::on(["E"]).backoff_rate(0.5))
                .to_chain()
        }),
        "T",
        "BackoffRate 0.5 is below 1",
    );
}

#[test]
fn a_heartbeat_is_shorter_than_the_timeout() {
    one(
        errors(|_| {
            task("T")
                .timeout(Duration::from_secs(60))
                .heartbeat(Duration::from_secs(60))
                .to_chain()
        }),
        "T",
        "the heartbeat (60 s) must be shorter than the timeout (60 s)",
    );
    one(
        errors(|_| task("T").timeout(Duration::ZERO).to_chain()),
        "T",
        "timeout is at least 1 second",
    );
}

#[test]
fn parallel_and_map_need_their_states() {
    one(
        errors(|_| Parallel::new("P").to_chain()),
        "P",
        "at least one branch",
    );
    one(
        errors(|_| Map::new("M").to_chain()),
        "M",
        "needs an item processor",
    );
}

#[test]
fn a_task_token_task_passes_the_token_and_is_an_integration_that_has_the_pattern() {
    one(
        errors(|_| {
            task("Callback")
                .parameters(serde_json::json!({"x.$": "$"}))
                .wait_for_task_token()
                .to_chain()
        }),
        "Callback",
        "does not support .waitForTaskToken",
    );
    let messages = errors(|stack| {
        let f = constructs::lambda::Function::new(
            stack,
            "F",
            constructs::lambda::Runtime::PYTHON_3_13,
            constructs::lambda::Code::from_inline("def handler(e, c):\n    return e\n"),
            "index.handler",
        )
        .build();
        constructs::stepfunctions::LambdaInvoke::new("Callback", &f)
            .wait_for_task_token()
            .build()
            .to_chain()
    });
    one(messages, "Callback", "must pass the task token");
}

#[test]
fn paths_are_paths_and_timestamps_are_rfc_3339() {
    one(
        errors(|_| Pass::new("P").input_path("payload").to_chain()),
        "P",
        "InputPath `payload` is not a path",
    );
    one(
        errors(|_| Wait::seconds_path("W", "delay").to_chain()),
        "W",
        "SecondsPath `delay` is not a path",
    );
    one(
        errors(|_| Wait::until("W", "tomorrow").to_chain()),
        "W",
        "Timestamp `tomorrow` is not an RFC 3339 timestamp",
    );
    for ok in [
        "2026-12-01T16:00:00Z",
        "2026-12-01T16:00:00.123Z",
        "2026-12-01T16:00:00+01:00",
    ] {
        assert!(
            errors(|_| Wait::until("W", ok).to_chain()).is_empty(),
            "{ok}"
        );
    }
    one(
        errors(|_| {
            Choice::new("C")
                .when(
                    Condition::string_equals_path("$.a", "b"),
                    &Succeed::new("D"),
                )
                .to_chain()
        }),
        "C",
        "StringEqualsPath `b` is not a path",
    );
    one(
        errors(|_| {
            Choice::new("C")
                .when(
                    Condition::timestamp_less_than("$.t", "2026-13"),
                    &Succeed::new("D"),
                )
                .to_chain()
        }),
        "C",
        "TimestampLessThan `2026-13` is not an RFC 3339 timestamp",
    );
}

#[test]
fn a_fail_state_has_error_or_error_path_not_both() {
    one(
        errors(|_| {
            constructs::stepfunctions::Fail::new("F")
                .error("E")
                .error_path("$.e")
                .to_chain()
        }),
        "F",
        "Error or ErrorPath, not both",
    );
}
