//! A synthesized state machine passes the real tools: asl-validator on every definition of
//! both templates, cfn-lint on both templates (JSON and YAML), `sam validate --lint` and
//! aws-sam-translator on the SAM one, and the differential check between the translation and
//! the plain template.

use std::path::PathBuf;
use std::time::Duration;

use cdk_core::{App, Stack};
use constructs::cloudwatch::Alarm;
use constructs::dynamodb::{Attribute, Table};
use constructs::events::{Rule, Schedule};
use constructs::iam::{Principal, Role};
use constructs::lambda::{Code, Function, Runtime};
use constructs::logs::LogGroup;
use constructs::sns::Topic;
use constructs::sqs::Queue;
use constructs::stepfunctions::{
    Catch, Choice, Condition, DynamoItem, Fail, LambdaInvoke, LogLevel, LogOptions, Map, Message,
    Parallel, Pass, Retry, SnsPublish, SqsSendMessage, StartExecution, StateMachine,
    StateMachineType, StatesError, Succeed, Task, Wait,
};
use serde_json::json;

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn define(app: &App) {
    let stack = Stack::new(app, "Workflows");
    let py = |id: &str| {
        Function::new(
            &stack,
            id,
            Runtime::PYTHON_3_13,
            Code::from_inline("def handler(event, context):\n    return event\n"),
            "index.handler",
        )
        .build()
    };
    let checker = py("Checker");
    let worker = py("Worker");

    // The notes' first document.
    let invoke = LambdaInvoke::new("Lambda Invoke", &checker)
        .build()
        .output_path("$.Payload");
    let choice = Choice::new("Choice State")
        .when(
            Condition::string_matches("$", "*Stephane*"),
            &Pass::new("Is Teacher").result("Woohoo!"),
        )
        .otherwise(
            &Fail::new("Not Teacher")
                .error("ErrorCode")
                .cause("Stephane the teacher wasn't found in the output of the Lambda Function"),
        );
    StateMachine::new(&stack, "Hello", &invoke.next(&choice))
        .comment("A Hello World example of the Amazon States Language using Pass states")
        .build();

    // Every state type, two functions, Retry/Catch, an EXPRESS machine.
    let failed = Fail::new("Failed").error("OrderFailed");
    let validate = LambdaInvoke::new("Validate", &checker)
        .build()
        .result_selector(json!({"amount.$": "$.Payload.amount"}))
        .result_path("$.validation")
        .timeout(Duration::from_secs(30))
        .retry(Retry::on(["ValidationError"]).max_attempts(2))
        .catch(Catch::new([StatesError::All], &failed).result_path("$.error"));
    let charge = LambdaInvoke::new("Charge", &worker).build();
    let per_item = LambdaInvoke::new("Pack", &worker)
        .payload(json!({"item.$": "$"}))
        .build();
    let done = Succeed::new("Done");
    let both = Parallel::new("Reserve and charge")
        .branch(&charge)
        .branch(&Pass::new("Reserve").result(json!({"reserved": true})))
        .discard_result();
    let items = Map::new("Each item")
        .items_path("$.items")
        .max_concurrency(2)
        .item_processor(&per_item)
        .discard_result();
    let route = Choice::new("Large order?")
        .when(
            Condition::numeric_greater_than("$.validation.amount", 100.0),
            &both,
        )
        .otherwise(&items);
    both.next(&items)
        .next(&Wait::duration("Cool down", Duration::from_secs(1)))
        .next(&done);
    let machine = StateMachine::new(&stack, "Orders", &validate.next(&route))
        .state_machine_type(StateMachineType::Express)
        .timeout(Duration::from_secs(300))
        .logs(
            LogOptions::new(&LogGroup::new(&stack, "OrdersLogs").build())
                .level(LogLevel::All)
                .include_execution_data(true),
        )
        .tracing(true)
        .build();
    let starter = Role::new(
        &stack,
        "Starter",
        Principal::service("events.amazonaws.com"),
    )
    .build();
    machine.grant_start_execution(&starter);
    machine.grant_start_sync_execution(&starter);
    machine.grant_task_response(&starter);
    machine.grant_read(&starter);
    Alarm::new(&stack, "OrdersFailing", &machine.metric_failed(), 1).build();
    let topic = Topic::new(&stack, "Alerts").build();
    let queue = Queue::new(&stack, "Jobs").build();
    let table = Table::new(&stack, "OrderTable", Attribute::string("id")).build();
    let publish = SnsPublish::task("Notify", &topic, Message::path("$.text"));
    let send = SqsSendMessage::task("Enqueue", &queue, Message::Json(json!({"id.$": "$.id"})));
    let put = DynamoItem::put("Save", &table, json!({"id": {"S.$": "$.id"}}));
    let get = DynamoItem::get("Load", &table, json!({"id": {"S.$": "$.id"}}));
    StateMachine::new(
        &stack,
        "Services",
        &publish.next(&send).next(&put).next(&get),
    )
    .build();
    let aliased = Function::new(
        &stack,
        "Payments",
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(event, context):\n    return event\n"),
        "index.handler",
    )
    .auto_publish_alias("live")
    .build();
    let pay = LambdaInvoke::new("Pay", &aliased.alias())
        .payload(json!({"token.$": "$$.Task.Token"}))
        .wait_for_task_token()
        .build()
        .heartbeat(Duration::from_secs(60));
    let audit = Task::aws_sdk("Audit", "sts", "getCallerIdentity");
    let callbacks = StateMachine::new(&stack, "Callbacks", &pay.next(&audit)).build();
    let run_child = StartExecution::new("Run callbacks", &callbacks)
        .sync()
        .build();
    StateMachine::new(&stack, "Parent", &run_child).build();
    let hourly = Rule::new(&stack, "Hourly")
        .schedule(Schedule::rate(60))
        .build();
    hourly.add_target(&machine);
}

#[test]
fn state_machines_lint_translate_and_agree_with_the_plain_template() {
    let root = TempDir(std::env::temp_dir().join(format!("sfn-validators-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&root.0);
    let out = root.0.join("synth-out");
    let app = App::with_out_dir(&out);
    define(&app);
    app.write().expect("synthesizes");

    let files: Vec<PathBuf> = [
        "Workflows.template.json",
        "Workflows.template.yaml",
        "Workflows.sam.json",
        "Workflows.sam.yaml",
    ]
    .iter()
    .map(|f| out.join(f))
    .collect();
    for f in ["Workflows.template.json", "Workflows.sam.json"] {
        let template: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join(f)).unwrap()).unwrap();
        assert_eq!(
            cdk_validators::assert_template_asl_valid(&template),
            5,
            "{f}"
        );
    }

    let lint = cdk_validators::cfn_lint(&files);
    assert!(lint.success, "cfn-lint:\n{}", lint.output);

    let validate = cdk_validators::sam_validate_lint(&out.join("Workflows.sam.yaml"));
    assert!(
        validate.success,
        "sam validate --lint:\n{}",
        validate.output
    );

    let translated = cdk_validators::sam_translate(&out.join("Workflows.sam.json"))
        .unwrap_or_else(|e| panic!("aws-sam-translator rejected the SAM template:\n{e}"));
    let plain: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    let report = cdk_validators::differential(&translated, &plain);
    assert!(
        report.is_empty(),
        "the translation and the plain template differ:\n{report}\n\ntranslated:\n{translated:#}"
    );
    assert_eq!(report.matched_functions.len(), 3);
}
