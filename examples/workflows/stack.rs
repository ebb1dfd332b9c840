//! Step Functions: the notes' two Amazon States Language documents built with the typed
//! API, an order workflow deployed through an alias with a canary and started every hour by
//! a SAM schedule event (an EventBridge rule) through that alias (its compensation an
//! UpdateItem, its shipment announced with EventBridge PutEvents) and by `POST /orders` of a
//! SAM-native REST API (the machine's SAM `Api` event), an EXPRESS machine answering
//! `POST /enrich` synchronously (`StartSyncExecution`), a JSONata machine, and a distributed
//! Map over a bucket's objects.

use std::time::Duration;

use cdk_core::checks::Checks;
use cdk_core::{App, CfnOutput, RemovalPolicy, Stack};
use constructs::apigateway::{
    AccessLogFormat, Authorization, HttpMethod, Integration, IntegrationResponse, LoggingLevel,
    MethodOptions, MethodSettings, RestApi, StageOptions,
};
use constructs::cloudwatch::Alarm;
use constructs::dynamodb::{Attribute, Table};
use constructs::events::Schedule;
use constructs::iam::PolicyStatement;
use constructs::lambda::{Code, Function, Runtime};
use constructs::logs::{LogGroup, RetentionDays};
use constructs::s3::Bucket;
use constructs::sns::Topic;
use constructs::stepfunctions::{
    Catch, ChildExecution, Choice, Condition, DeploymentPreference, DistributedMap, DynamoItem,
    EventBridgePutEvents, EventEntry, Fail, ItemBatcher, ItemReader, LambdaInvoke, Map, Message,
    Parallel, Pass, QueryLanguage, ResultWriter, Retry, ScheduleEventSource, SnsPublish,
    StateMachine, StateMachineType, StatesError, Succeed, Task, UpdateExpression, Wait,
};
use serde_json::json;

/// Adds the `Workflows` stack to `app`.
pub fn define(app: &App) {
    let stack = Stack::new(app, "Workflows");
    let python = |id: &str, source: &str| {
        Function::new(
            &stack,
            id,
            Runtime::PYTHON_3_14,
            Code::from_inline(source),
            "index.handler",
        )
        .build()
    };
    let greeter = python(
        "Greeter",
        "def handler(event, context):\n    return {'Payload': 'Hello Stephane'}\n",
    );
    let orders = python(
        "OrderSteps",
        "def handler(event, context):\n    return {'amount': 42, 'items': [1, 2]}\n",
    );

    // The notes' first document: a Lambda invoke with the service-exception Retry, then a
    // Choice.
    let invoke = LambdaInvoke::new("Lambda Invoke", &greeter)
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
    StateMachine::new(&stack, "HelloWorld", &invoke.next(&choice))
        .comment("A Hello World example of the Amazon States Language using Pass states")
        .build();

    // The notes' second document: Retry and Catch on a task that calls the function by ARN.
    let secs = Duration::from_secs;
    let fallback = |name: &str, text: &str| Pass::new(name).result(text);
    let task = Task::new("InvokeMyFunction", greeter.arn())
        .add_to_role_policy(
            PolicyStatement::allow()
                .actions(["lambda:InvokeFunction"])
                .resources([greeter.arn()]),
        )
        .retry(
            Retry::on(["CustomError"])
                .interval(secs(1))
                .max_attempts(2)
                .backoff_rate(2.0),
        )
        .retry(
            Retry::on([StatesError::TaskFailed])
                .interval(secs(30))
                .max_attempts(2)
                .backoff_rate(2.0),
        )
        .retry(
            Retry::on([StatesError::All])
                .interval(secs(5))
                .max_attempts(5)
                .backoff_rate(2.0),
        )
        .catch(Catch::new(
            ["CustomError"],
            &fallback(
                "CustomErrorFallback",
                "This is a fallback from a custom lambda function exception",
            ),
        ))
        .catch(Catch::new(
            [StatesError::TaskFailed],
            &fallback(
                "ReservedTypeFallback",
                "This is a fallback from a reserved error code",
            ),
        ))
        .catch(Catch::new(
            [StatesError::All],
            &fallback(
                "CatchAllFallback",
                "This is a fallback from a reserved error code",
            ),
        ));
    StateMachine::new(&stack, "RetryCatch", &task)
        .comment(
            "A Retry and Catch example of the Amazon States Language using an AWS Lambda Function",
        )
        .build();

    // An order workflow, started every hour: validate (Lambda) → Choice on the amount →
    // Parallel (reserve stock in DynamoDB, charge the payment and wait for its callback) →
    // Map over the line items → Wait → notify (SNS); a failure runs the compensation (the
    // reservation is released) and ends in a Fail state.
    let stock = Table::new(&stack, "Stock", Attribute::string("order")).build();
    let notices = Topic::new(&stack, "OrderNotices").build();
    let failed = Fail::new("Order failed")
        .error("OrderFailed")
        .cause("a step of the order failed");
    let compensate = DynamoItem::update(
        "Release stock",
        &stock,
        json!({"order": {"S.$": "$$.Execution.Name"}}),
        UpdateExpression::new().set("state", json!({"S": "RELEASED"})),
    )
    .result_path("$.released");
    compensate.next(&failed);
    let on_error = || Catch::new([StatesError::All], &compensate).result_path("$.error");
    let validate = LambdaInvoke::new("Validate", &orders)
        .build()
        .result_selector(json!({"amount.$": "$.Payload.amount", "items.$": "$.Payload.items"}))
        .result_path("$.order")
        .timeout(secs(30))
        .catch(Catch::new([StatesError::All], &failed).result_path("$.error"));
    let reserve = DynamoItem::put(
        "Reserve stock",
        &stock,
        json!({"order": {"S.$": "$$.Execution.Name"}, "state": {"S": "RESERVED"}}),
    );
    let charge = LambdaInvoke::new("Charge payment", &orders)
        .payload(
            json!({"step": "charge", "amount.$": "$.order.amount", "token.$": "$$.Task.Token"}),
        )
        .wait_for_task_token()
        .build()
        .heartbeat(secs(600))
        .timeout(secs(3600));
    let fulfil = Parallel::new("Reserve and charge")
        .branch(&reserve)
        .branch(&charge)
        .result_path("$.fulfilment")
        .catch(on_error());
    let pack = LambdaInvoke::new("Pack", &orders)
        .payload(json!({"step": "pack", "item.$": "$"}))
        .build();
    let each_item = Map::new("Each line item")
        .items_path("$.order.items")
        .max_concurrency(5)
        .item_processor(&pack)
        .discard_result()
        .catch(on_error());
    let large = Choice::new("Large order?")
        .when(
            Condition::numeric_greater_than("$.order.amount", 100.0),
            &fulfil,
        )
        .otherwise(&each_item);
    let notify = SnsPublish::task(
        "Notify",
        &notices,
        Message::Json(json!({"order.$": "$.order", "status": "SHIPPED"})),
    )
    .catch(on_error());
    // Other systems learn of the shipment on the account's default event bus.
    let announce = EventBridgePutEvents::new(
        "Announce",
        [EventEntry::new(
            "workflows.orders",
            "OrderShipped",
            Message::Json(json!({"order.$": "$.order", "execution.$": "$$.Execution.Id"})),
        )],
    )
    .build()
    .discard_result()
    .catch(on_error());
    fulfil.next(&each_item);
    each_item
        .next(&Wait::duration("Settle", secs(5)))
        .next(&notify)
        .next(&announce)
        .next(&Succeed::new("Done"));
    // Deployed through an alias: a new definition takes 10 % of the executions for 10
    // minutes, and rolls back if executions fail meanwhile.
    let machine = StateMachine::new(&stack, "Orders", &validate.next(&large))
        .timeout(secs(7200))
        .auto_publish_alias("live")
        .deployment_preference(DeploymentPreference::canary(10, secs(600)))
        .build();
    let failing = Alarm::new(&stack, "OrdersFailing", &machine.metric_failed(), 1).build();
    machine.add_deployment_alarm(&failing);
    // Every hour: a SAM `Schedule` event (the plain template has the rule and role SAM
    // generates for it), starting the alias.
    machine.add_event_source(&ScheduleEventSource::new(Schedule::rate(60)).id("Hourly"));
    // The payment provider's webhook answers the callback (a function of its own: the one
    // the machine invokes cannot also reference the machine, which would be a cycle).
    let webhook = python(
        "PaymentWebhook",
        "def handler(event, context):\n    return None\n",
    );
    machine.grant_task_response(&webhook);

    // An EXPRESS machine for high-volume events.
    let enrich = StateMachine::new(
        &stack,
        "Enrich",
        &Pass::new("Stamp")
            .parameters(json!({"event.$": "$", "at.$": "$$.State.EnteredTime"}))
            .next(&Succeed::new("Enriched")),
    )
    .state_machine_type(StateMachineType::Express)
    .build();

    // API triggers, callers signing with IAM. `POST /orders` starts the order workflow (its
    // alias) on a SAM-native API: in the SAM template the machine's `Api` event, in the plain
    // one the role and method SAM generates for it. `POST /enrich` runs the EXPRESS machine
    // synchronously (StartSyncExecution) and answers with the execution's output.
    let access_logs = LogGroup::new(&stack, "ApiAccessLogs")
        .retention(RetentionDays::OneMonth)
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    let logged = || {
        StageOptions::new()
            .method_defaults(MethodSettings::new().logging_level(LoggingLevel::Error))
            .access_log(&access_logs, AccessLogFormat::json_with_standard_fields())
    };
    let iam = || MethodOptions::new().authorization(Authorization::Iam);
    let orders_api = RestApi::new(&stack, "OrdersApi")
        .sam_native(true)
        .deploy_options(logged())
        .build();
    orders_api.root().add_resource("orders").add_method_with(
        HttpMethod::Post,
        Integration::start_execution(&machine),
        iam(),
    );
    // One account-level CloudWatch role per account: the orders API sets it up, and the
    // enrich API's stage waits for it.
    let enrich_api = RestApi::new(&stack, "EnrichApi")
        .deploy_options(logged())
        .cloud_watch_role(false)
        .build();
    if let Some(account) = orders_api.deployment_stage().account() {
        enrich_api
            .deployment_stage()
            .resource()
            .add_dependency(account.resource());
    }
    enrich_api.root().add_resource("enrich").add_method_with(
        HttpMethod::Post,
        Integration::start_sync_execution(&enrich)
            // Step Functions answers 200 whether the execution succeeded or not: the output
            // of a successful one, else 502 with its status.
            .integration_response(IntegrationResponse::new("200").response_template(
                "application/json",
                "#if($input.path('$.status') == \"SUCCEEDED\")$input.path('$.output')#{else}#set($context.responseOverride.status = 502){\"status\": \"$input.path('$.status')\"}#end",
            ))
            .integration_response(IntegrationResponse::new("400").selection_pattern("4\\d{2}"))
            .integration_response(IntegrationResponse::new("500").selection_pattern("5\\d{2}")),
        iam(),
    );
    for api in [&orders_api, &enrich_api] {
        Checks::of(api).acknowledge(
            "AwsSolutions-APIG2",
            "the body is the execution's input, checked by the workflow itself (the order workflow's Validate step); no model to validate it against",
        );
    }
    Checks::of(&orders_api).acknowledge(
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
        "the policy AWS maintains for API Gateway's account-level logging role (create log groups and streams, put events), which execution and access logging require",
    );

    // A JSONata machine: Arguments, Output, Assign and a JSONata Choice condition.
    let price = LambdaInvoke::new("Price", &orders)
        .build()
        .arguments(json!({"Payload": {"step": "price", "items": "{% $states.input.items %}"}}))
        .assign(json!({"total": "{% $states.result.Payload.total %}"}))
        .output(json!("{% $states.result.Payload %}"));
    let quote = Choice::new("Discount?")
        .when(
            Condition::jsonata("{% $total > 100 %}"),
            &Pass::new("Discounted").output(json!({"total": "{% $total * 0.9 %}"})),
        )
        .otherwise(&Pass::new("Full price").output(json!({"total": "{% $total %}"})));
    StateMachine::new(&stack, "Quote", &price.next(&quote))
        .query_language(QueryLanguage::Jsonata)
        .comment("A price quote in JSONata")
        .build();

    // A distributed Map: every object under `incoming/` of the reports bucket is checked in
    // an EXPRESS child execution, in batches, and the results are written back to the bucket.
    let reports = Bucket::new(&stack, "Reports").build();
    let reconcile = DistributedMap::new("Each report", ChildExecution::Express)
        .item_reader(ItemReader::list_objects(&reports, "incoming/"))
        .item_batcher(ItemBatcher::max_items_per_batch(20))
        .result_writer(ResultWriter::new(&reports, "reconciled"))
        .label("Reports")
        .tolerated_failure_percentage(5)
        .item_processor(&Pass::new("Check report"));
    let reconcile_machine = StateMachine::new(&stack, "Reconcile", &reconcile)
        .comment("Reconcile every incoming report")
        .build();
    CfnOutput::new(&stack, "OrdersArn", machine.arn());

    // The security pack's findings this stack accepts (`cargo run -- check`).
    crate::acks::function_logs(&stack);
    for function in [&greeter, &orders] {
        Checks::of(&stack).acknowledge(
            &format!(
                "AwsSolutions-IAM5[Resource::<{}.Arn>:*]",
                function.resource().logical_id()
            ),
            "a LambdaInvoke task may call the function's versions and aliases (`<arn>:*`), as AWS CDK grants it; only this one function",
        );
    }
    Checks::of(&reports).acknowledge(
        "AwsSolutions-S1",
        "an example's report drop box, without a log bucket of its own; a real one logs to one with Bucket::server_access_logs",
    );
    Checks::of(&reconcile_machine)
        .acknowledge(
            &format!(
                "AwsSolutions-IAM5[Resource::<{}.Arn>/reconciled/*]",
                reports.resource().logical_id()
            ),
            "the distributed Map writes its results as objects of its own naming under the result prefix `reconciled/`, only there",
        )
        .acknowledge(
            &format!(
                "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<{}.Name>/Reports:*]",
                reconcile_machine.resource().logical_id()
            ),
            "the child executions of the map run `Reports` are named by Step Functions at run time; the grant is limited to them",
        );
    Checks::of(&stack)
        .acknowledge(
            "AwsSolutions-SF1",
            "example machines without production traffic (the notes' ASL documents as written); logging every state's input and output is the deployer's choice for real data",
        )
        .acknowledge(
            "AwsSolutions-SF2",
            "example machines without production traffic; X-Ray tracing (and its xray:* permissions on *) is the deployer's choice for real workloads",
        );
}
