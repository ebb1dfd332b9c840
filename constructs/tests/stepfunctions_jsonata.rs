//! JSONata: a machine-level or per-state `QueryLanguage`, `Arguments`, `Output`, `Assign`,
//! JSONata Choice `Condition`s; mixing JSONPath-only fields into a JSONata state (or the
//! reverse) is one synth diagnostic naming the state. Every definition that synthesizes
//! passes `asl-validator` in both templates.

use cdk_core::{App, Flavor, Stack};
use constructs::lambda::{Code, Function, Runtime};
use constructs::stepfunctions::{
    Catch, Chain, Choice, Condition, Fail, IntoChain, LambdaInvoke, Pass, QueryLanguage,
    StateMachine, StateMachineBuilder, StatesError, Succeed, Task,
};
use serde_json::{json, Value};

fn function(stack: &Stack) -> Function {
    Function::new(
        stack,
        "Fn",
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(e, c):\n    return e\n"),
        "index.handler",
    )
    .build()
}

/// Synthesizes machine `S/M` (configured by `machine`) and returns its definition after
/// `asl-validator` accepted it in both templates.
fn definition(
    define: impl FnOnce(&Stack) -> Chain,
    machine: impl FnOnce(StateMachineBuilder) -> StateMachineBuilder,
) -> Value {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let start = define(&stack);
    let m = machine(StateMachine::new(&stack, "M", &start)).build();
    for flavor in [Flavor::Cfn, Flavor::Sam] {
        let t = stack.template_of(flavor).expect("synthesizes");
        assert_eq!(cdk_validators::assert_template_asl_valid(&t), 1);
    }
    m.definition()
}

/// The messages of synthesizing machine `S/M`, each on the machine's path.
fn errors(
    define: impl FnOnce(&Stack) -> Chain,
    machine: impl FnOnce(StateMachineBuilder) -> StateMachineBuilder,
) -> Vec<String> {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let start = define(&stack);
    machine(StateMachine::new(&stack, "M", &start)).build();
    match app.assemble() {
        Ok(_) => Vec::new(),
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

fn jsonata(b: StateMachineBuilder) -> StateMachineBuilder {
    b.query_language(QueryLanguage::Jsonata)
}

#[test]
fn a_jsonata_machine_renders_arguments_output_assign_and_conditions() {
    let d = definition(
        |stack| {
            let f = function(stack);
            let failed = Fail::new("Failed")
                .error("OrderFailed")
                .cause("{% $states.input.reason %}");
            let invoke = LambdaInvoke::new("Validate", &f)
                .build()
                .output(json!("{% $states.result.Payload %}"))
                .assign(json!({"amount": "{% $states.result.Payload.amount %}"}))
                .catch(
                    Catch::new([StatesError::All], &failed)
                        .output(json!({"reason": "{% $states.errorOutput.Cause %}"})),
                );
            let custom = LambdaInvoke::new("Charge", &f)
                .build()
                .arguments(json!({"Payload": {"amount": "{% $amount %}"}}));
            let choice = Choice::new("Large?")
                .when(Condition::jsonata("{% $amount > 100 %}"), &custom)
                .otherwise(&Succeed::new("Small"))
                .assign(json!({"checked": true}));
            invoke.next(&choice)
        },
        jsonata,
    );
    assert_eq!(d["QueryLanguage"], "JSONata");
    let s = &d["States"];
    assert_eq!(s["Validate"].get("QueryLanguage"), None, "inherited: {s:#}");
    assert_eq!(
        s["Validate"]["Arguments"],
        json!({"FunctionName": "${FnArn}", "Payload": "{% $states.input %}"}),
        "the integration's own JSONPath payload becomes JSONata: {s:#}"
    );
    assert!(s["Validate"].get("Parameters").is_none());
    assert_eq!(s["Validate"]["Output"], "{% $states.result.Payload %}");
    assert_eq!(
        s["Validate"]["Assign"]["amount"],
        "{% $states.result.Payload.amount %}"
    );
    assert_eq!(
        s["Validate"]["Catch"][0]["Output"]["reason"],
        "{% $states.errorOutput.Cause %}"
    );
    assert_eq!(
        s["Charge"]["Arguments"],
        json!({"Payload": {"amount": "{% $amount %}"}, "FunctionName": "${FnArn}"})
    );
    assert_eq!(
        s["Large?"]["Choices"][0],
        json!({"Condition": "{% $amount > 100 %}", "Next": "Charge"})
    );
    assert_eq!(s["Large?"]["Assign"], json!({"checked": true}));
}

#[test]
fn one_state_can_be_jsonata_in_a_jsonpath_machine() {
    let d = definition(
        |_| {
            let a = Pass::new("A")
                .query_language(QueryLanguage::Jsonata)
                .output(json!({"n": "{% $states.input.n + 1 %}"}));
            let b = Pass::new("B").parameters(json!({"n.$": "$.n"}));
            a.next(&b)
        },
        |b| b,
    );
    assert!(d.get("QueryLanguage").is_none());
    assert_eq!(d["States"]["A"]["QueryLanguage"], "JSONata");
    assert_eq!(d["States"]["A"]["Output"]["n"], "{% $states.input.n + 1 %}");
    assert!(d["States"]["B"].get("QueryLanguage").is_none());
}

#[test]
fn jsonpath_fields_in_a_jsonata_state_are_one_error_naming_them() {
    let messages = errors(
        |_| {
            Task::new("T", "arn:aws:states:::aws-sdk:sts:getCallerIdentity")
                .input_path("$.in")
                .parameters(json!({"a.$": "$.a"}))
                .result_selector(json!({"b.$": "$.b"}))
                .result_path("$.out")
                .output_path("$.x")
                .timeout_path("$.t")
                .to_chain()
        },
        jsonata,
    );
    assert_eq!(messages.len(), 1, "{messages:#?}");
    let m = &messages[0];
    assert!(
        m.starts_with("state `T`: a JSONata state has no JSONPath fields"),
        "{m}"
    );
    for field in [
        "InputPath",
        "Parameters",
        "ResultSelector",
        "ResultPath",
        "OutputPath",
        "TimeoutSecondsPath",
    ] {
        assert!(m.contains(field), "{field}: {m}");
    }
}

#[test]
fn path_keys_results_and_jsonpath_rules_in_a_jsonata_state_are_errors() {
    let keys = errors(
        |_| Pass::new("P").output(json!({"x.$": "$.x"})).to_chain(),
        jsonata,
    );
    assert_eq!(keys.len(), 1, "{keys:#?}");
    assert!(
        keys[0].starts_with("state `P`: ") && keys[0].contains("`.$` keys"),
        "{keys:#?}"
    );

    let result = errors(|_| Pass::new("P").result("x").to_chain(), jsonata);
    assert_eq!(result.len(), 1, "{result:#?}");
    assert!(result[0].contains("Result"), "{result:#?}");

    let rules = errors(
        |_| {
            Choice::new("C")
                .when(Condition::string_equals("$.a", "x"), &Succeed::new("Y"))
                .otherwise(&Succeed::new("N"))
                .to_chain()
        },
        jsonata,
    );
    assert_eq!(rules.len(), 1, "{rules:#?}");
    assert!(rules[0].starts_with("state `C`: ") && rules[0].contains("JSONPath Choice rules"));
}

#[test]
fn jsonata_fields_in_a_jsonpath_state_are_one_error() {
    let messages = errors(
        |_| {
            let c = Choice::new("C")
                .when(Condition::jsonata("{% true %}"), &Succeed::new("Y"))
                .otherwise(&Succeed::new("N"));
            Pass::new("P").output(json!({"a": 1})).next(&c)
        },
        |b| b,
    );
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages.iter().any(
            |m| m.starts_with("state `P`: a JSONPath state has no JSONata fields")
                && m.contains("Output")
        ),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("state `C`: ") && m.contains("JSONata Choice rules")),
        "{messages:#?}"
    );
}

#[test]
fn a_jsonpath_state_in_a_jsonata_machine_is_an_error() {
    let messages = errors(
        |_| {
            Pass::new("P")
                .query_language(QueryLanguage::JsonPath)
                .to_chain()
        },
        jsonata,
    );
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(
        messages[0].starts_with("state `P`: the machine is JSONata"),
        "{messages:#?}"
    );
}

#[test]
fn a_jsonata_condition_is_an_expression_and_not_nested() {
    let messages = errors(
        |_| {
            Choice::new("C")
                .when(Condition::jsonata("$amount > 1"), &Succeed::new("A"))
                .when(
                    Condition::not(Condition::jsonata("{% true %}")),
                    &Succeed::new("B"),
                )
                .otherwise(&Succeed::new("N"))
                .to_chain()
        },
        jsonata,
    );
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages[0].contains("is not a JSONata expression"),
        "{messages:#?}"
    );
    assert!(
        messages[1].contains("cannot be inside And/Or/Not"),
        "{messages:#?}"
    );
}
