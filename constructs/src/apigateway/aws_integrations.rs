//! AWS service integrations (`Type: AWS`): API Gateway calls SQS `SendMessage`, Step
//! Functions `StartExecution` / `StartSyncExecution` or a DynamoDB item action itself, with a role allowed exactly
//! that action on that resource, and a request template that builds the service's request.

use cdk_core::{Aws, Construct, Str};
use serde_json::{json, Value as Json};

use super::integration::{AwsService, Integration, Kind, MachineStart, Template};
use crate::dynamodb::TableLike;
use crate::iam::{PolicyStatement, KEY_READ_ACTIONS, KEY_WRITE_ACTIONS};
use crate::sqs::Queue;
use crate::stepfunctions::{StateMachine, StateMachineType};

/// A DynamoDB action an [`Integration::dynamodb`] performs (the API action and the IAM
/// action `dynamodb:<Action>` its role gets on the table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DynamoDbAction {
    /// `GetItem`: one item by its key.
    GetItem,
    /// `PutItem`: create or replace an item.
    PutItem,
    /// `UpdateItem`: change attributes of an item.
    UpdateItem,
    /// `DeleteItem`: remove an item by its key.
    DeleteItem,
    /// `Query`: items of one partition key (on the table; an index needs its own grant).
    Query,
    /// `Scan`: every item (paginated by DynamoDB).
    Scan,
}

impl DynamoDbAction {
    /// The API action's name (`GetItem`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            DynamoDbAction::GetItem => "GetItem",
            DynamoDbAction::PutItem => "PutItem",
            DynamoDbAction::UpdateItem => "UpdateItem",
            DynamoDbAction::DeleteItem => "DeleteItem",
            DynamoDbAction::Query => "Query",
            DynamoDbAction::Scan => "Scan",
        }
    }

    fn writes(self) -> bool {
        matches!(
            self,
            DynamoDbAction::PutItem | DynamoDbAction::UpdateItem | DynamoDbAction::DeleteItem
        )
    }
}

/// `arn:<partition>:apigateway:<region>:<service>:action/<Action>`'s tail.
fn action(name: &str) -> Vec<Str> {
    vec![Str::from(format!("action/{name}").as_str())]
}

impl Integration {
    /// Sends the request body to `queue` as a message (SQS `SendMessage`): the
    /// `application/json` template is
    /// `Action=SendMessage&MessageBody=$util.urlEncode($input.body)`, sent form-encoded;
    /// other content types get 415. The integration's role gets `sqs:SendMessage` on the
    /// queue, nothing else. SQS answers with its `SendMessageResponse` (message id) as JSON.
    /// A FIFO queue needs a `MessageGroupId`: give your own
    /// [`request_template`](Self::request_template) for `application/json` (a synth error
    /// otherwise).
    pub fn sqs_send_message(queue: &Queue) -> Integration {
        let path = vec![
            "path/".into(),
            Aws::account_id(),
            "/".into(),
            queue.queue_name(),
        ];
        let service = AwsService {
            service: "sqs",
            path,
            part: json!({"action": "SendMessage", "queue": queue.node().path()}),
            statements: vec![PolicyStatement::allow()
                .actions(["sqs:SendMessage"])
                .resources([queue.arn()])],
            machine: None,
        };
        let integration = Integration::aws(service).request_parameter(
            "integration.request.header.Content-Type",
            "'application/x-www-form-urlencoded'",
        );
        if queue.is_fifo() {
            return integration.require_template(
                "application/json",
                format!(
                    "the queue `{}` is FIFO, and SendMessage to it needs a MessageGroupId the default template does not send",
                    queue.node().path()
                ),
                "give .request_template(\"application/json\", \"Action=SendMessage&MessageGroupId=…&MessageBody=$util.urlEncode($input.body)\")",
            );
        }
        let template = "Action=SendMessage&MessageBody=$util.urlEncode($input.body)";
        integration.with_template(
            "application/json",
            Template::of(vec![(template.into(), template.into())]),
        )
    }

    /// Starts an execution of `machine` with the request body as its input (Step Functions
    /// `StartExecution`; the `application/json` template is
    /// `{"input": "$util.escapeJavaScript($input.json('$'))", "stateMachineArn": "<arn>"}`,
    /// other content types get 415). A machine with an alias
    /// ([`auto_publish_alias`](crate::stepfunctions::StateMachineBuilder::auto_publish_alias))
    /// is started through its alias ([`StateMachine::trigger_arn`]). The integration's role
    /// gets `states:StartExecution` on that ARN, nothing else. The answer is the execution's
    /// ARN and start date; the integration does not wait for the execution.
    ///
    /// On a [SAM-native](super::RestApiBuilder::sam_native) API the method is the machine's
    /// SAM `Api` event (the plain template then holds what aws-sam-translator generates for
    /// it: the role `<Machine><Event>Role`, SAM's template, `200`/`400` responses); it can
    /// then take no request template, response, passthrough behavior, role or timeout of
    /// its own (a synth error).
    pub fn start_execution(machine: &StateMachine) -> Integration {
        start_machine(machine, false)
    }

    /// Runs a synchronous execution of the EXPRESS `machine` with the request body as its
    /// input and answers when it ends (Step Functions `StartSyncExecution`, the integration
    /// URI `arn:<partition>:apigateway:<region>:states:action/StartSyncExecution`; the
    /// template as for [`start_execution`](Self::start_execution)). The integration's role gets `states:StartSyncExecution` on that
    /// ARN, nothing else. Step Functions answers `200` with the execution's `status` and
    /// `output` (a string of JSON) even when the execution failed: map it with an
    /// [`IntegrationResponse::response_template`](super::IntegrationResponse::response_template)
    /// such as `$input.path('$.output')`. The execution must end within the integration's
    /// timeout (29 s at most). A STANDARD machine is a synth error (AWS refuses
    /// `StartSyncExecution` on one), as is this integration on a SAM-native API (SAM's event
    /// starts `StartExecution` only), and so is a machine with an alias: AWS documents version
    /// and alias ARNs for `StartExecution` only, and starting the unqualified machine instead
    /// would bypass the alias's deployment preference without a word.
    pub fn start_sync_execution(machine: &StateMachine) -> Integration {
        let integration = start_machine(machine, true);
        if machine.state_machine_type() == StateMachineType::Standard {
            return integration.problem(
                format!(
                    "StartSyncExecution starts EXPRESS machines only, and `{}` is STANDARD",
                    machine.node().path()
                ),
                "build the machine with .state_machine_type(StateMachineType::Express), or use Integration::start_execution",
            );
        }
        if machine.alias_arn().is_some() {
            return integration.problem(
                format!(
                    "StartSyncExecution cannot start the alias of `{}`",
                    machine.node().path()
                ),
                SYNC_ALIAS_HINT,
            );
        }
        integration
    }

    /// Unescapes the single quotes `$util.escapeJavaScript` escapes in the execution's input
    /// (`.replaceAll("\\'","'")`, so a body holding `'` is still valid JSON; SAM's
    /// `UnescapeMappingTemplate`). Only for [`start_execution`](Self::start_execution) and
    /// [`start_sync_execution`](Self::start_sync_execution) (a synth error otherwise).
    pub fn unescape_mapping_template(mut self, unescape: bool) -> Self {
        let machine = match &mut self.kind {
            Kind::Aws(service) => service.machine.as_mut().map(|m| {
                m.unescape = unescape;
                m.machine.clone()
            }),
            _ => None,
        };
        match machine {
            Some(m) => self.with_template("application/json", start_template(&m, unescape)),
            None => self.problem(
                "unescape_mapping_template is only for Step Functions integrations".to_string(),
                "drop it, or write your own .request_template(\"application/json\", …)",
            ),
        }
    }

    /// Calls DynamoDB's `action` on `table` with `request` (the action's request without
    /// `TableName`, which is added; VTL in strings, e.g.
    /// `{"Key": {"id": {"S": "$input.params('id')"}}}`) as the `application/json` template;
    /// other content types get 415. The integration's role gets `dynamodb:<action>` on the
    /// table (and the key's read or write actions when the table has a customer managed KMS
    /// key), nothing else. Map DynamoDB's answer (`{"Item": {"id": {"S": …}}}`) with an
    /// [`IntegrationResponse::response_template`](super::IntegrationResponse::response_template).
    pub fn dynamodb(table: &impl TableLike, action_: DynamoDbAction, request: Json) -> Integration {
        let name = action_.as_str();
        let mut statements = vec![PolicyStatement::allow()
            .actions([format!("dynamodb:{name}")])
            .resources([table.arn()])];
        if let Some(key) = table.encryption_key_arn() {
            let actions = if action_.writes() {
                KEY_WRITE_ACTIONS
            } else {
                KEY_READ_ACTIONS
            };
            statements.push(
                PolicyStatement::allow()
                    .actions(actions.iter().copied())
                    .resources([key]),
            );
        }
        let service = AwsService {
            service: "dynamodb",
            path: action(name),
            part: json!({"action": name, "table": table.node().path()}),
            statements,
            machine: None,
        };
        let integration = Integration::aws(service);
        // `{"TableName": "<name>", …request}`, the rest serialised as given.
        let rest = match &request {
            Json::Object(map) if !map.is_empty() => {
                let body = serde_json::to_string(&request).unwrap_or_default();
                format!(", {}", &body[1..])
            }
            Json::Object(_) => "}".to_string(),
            _ => {
                return integration.problem(
                    format!("the {name} request is not a JSON object"),
                    "give the request's fields (without TableName) as an object, e.g. json!({\"Key\": {\"id\": {\"S\": \"$input.params('id')\"}}})",
                )
            }
        };
        let path = table.node().path();
        integration.with_template(
            "application/json",
            Template::of(vec![
                ("{\"TableName\": \"".into(), "{\"TableName\": \"".into()),
                (table.table_name(), format!("<{path}>")),
                (format!("\"{rest}").as_str().into(), format!("\"{rest}")),
            ]),
        )
    }
}

/// `StartExecution` or `StartSyncExecution` of `machine` (its alias when it has one).
fn start_machine(machine: &StateMachine, sync: bool) -> Integration {
    let name = if sync {
        "StartSyncExecution"
    } else {
        "StartExecution"
    };
    let mut part = json!({"action": name, "stateMachine": machine.node().path()});
    if let Some(alias) = machine.alias_name() {
        part["alias"] = json!(alias);
    }
    let service = AwsService {
        service: "states",
        path: action(name),
        part,
        statements: vec![PolicyStatement::allow()
            .actions([format!("states:{name}")])
            .resources([machine.trigger_arn()])],
        machine: Some(MachineStart {
            machine: machine.clone(),
            sync,
            unescape: false,
        }),
    };
    Integration::aws(service).with_template("application/json", start_template(machine, false))
}

/// The request template of a Step Functions integration, aws-sam-translator's text:
/// `{"input": "$util.escapeJavaScript($input.json('$'))", "stateMachineArn": "<arn>"}`, with
/// `.replaceAll("\\'","'")` after the input when `unescape`.
fn start_template(machine: &StateMachine, unescape: bool) -> Template {
    let input = if unescape {
        "$util.escapeJavaScript($input.json('$')).replaceAll(\"\\\\'\",\"'\")"
    } else {
        "$util.escapeJavaScript($input.json('$'))"
    };
    let prefix = format!("{{\"input\": \"{input}\", \"stateMachineArn\": \"");
    let arn_part = match machine.alias_name() {
        Some(alias) => format!("<{}:{alias}>", machine.node().path()),
        None => format!("<{}>", machine.node().path()),
    };
    Template::of(vec![
        (prefix.as_str().into(), prefix.clone()),
        (machine.trigger_arn(), arn_part),
        ("\"}".into(), "\"}".into()),
    ])
}

/// The hint when a synchronous execution would start a machine's alias (both API kinds).
pub(crate) const SYNC_ALIAS_HINT: &str = "AWS documents version and alias ARNs for StartExecution only, so a synchronous start could fail at run time; build the EXPRESS machine without auto_publish_alias, or start it asynchronously with start_execution";
