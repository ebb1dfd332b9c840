//! Request-response integrations with SNS, SQS and DynamoDB: each builds a [`Task`] whose
//! `Parameters` name the resource (a `DefinitionSubstitutions` entry) and whose statements
//! give the machine's role the one action on that resource.

use cdk_core::Construct;
use serde_json::{Map, Value as Json};

use super::asl;
use super::lambda_invoke::{alphanumeric, integration_task};
use super::state::Integration;
use super::Task;
use crate::dynamodb::TableLike;
use crate::iam::{PolicyStatement, KEY_READ_ACTIONS, KEY_WRITE_ACTIONS};
use crate::sns::Topic;
use crate::sqs::Queue;

/// `arn:aws:states:::sns:publish`.
pub const SNS_PUBLISH_ARN: &str = "arn:aws:states:::sns:publish";
/// `arn:aws:states:::sqs:sendMessage`.
pub const SQS_SEND_MESSAGE_ARN: &str = "arn:aws:states:::sqs:sendMessage";
/// `arn:aws:states:::dynamodb:putItem`.
pub const DYNAMODB_PUT_ITEM_ARN: &str = "arn:aws:states:::dynamodb:putItem";
/// `arn:aws:states:::dynamodb:getItem`.
pub const DYNAMODB_GET_ITEM_ARN: &str = "arn:aws:states:::dynamodb:getItem";

/// `{key: value}` for a literal, `{"key.$": path}` for a path: how a message is given.
fn message(key: &str, m: Message) -> Map<String, Json> {
    let mut base = Map::new();
    match m {
        Message::Path(p) => base.insert(format!("{key}.$"), Json::from(p)),
        Message::Json(j) => base.insert(key.to_string(), j),
    };
    base
}

/// What a message task sends.
#[derive(Clone, Debug)]
pub enum Message {
    /// The value at a path of the state's input (`"Message.$": "$.text"`).
    Path(String),
    /// A fixed value, or a JSON template whose `"key.$"` entries are paths.
    Json(Json),
}

impl Message {
    /// The value at `path`.
    pub fn path(path: &str) -> Message {
        Message::Path(path.to_string())
    }
}

/// Publishes to an SNS topic (`sns:Publish` on it).
pub struct SnsPublish;

impl SnsPublish {
    /// A Task named `name` publishing `message` to `topic`.
    pub fn task(name: &str, topic: &Topic, message_: Message) -> Task {
        let arn = topic.topic_arn();
        integration_task(
            name,
            SNS_PUBLISH_ARN,
            Integration {
                base: message(asl::MESSAGE, message_),
                refs: vec![(asl::TOPIC_ARN, format!("{}Arn", id(topic)), arn.clone())],
            },
            vec![PolicyStatement::allow()
                .actions(["sns:Publish"])
                .resources([arn])],
        )
    }
}

/// Sends a message to an SQS queue (`sqs:SendMessage` on it).
pub struct SqsSendMessage;

impl SqsSendMessage {
    /// A Task named `name` sending `body` to `queue`.
    pub fn task(name: &str, queue: &Queue, body: Message) -> Task {
        integration_task(
            name,
            SQS_SEND_MESSAGE_ARN,
            Integration {
                base: message(asl::MESSAGE_BODY, body),
                refs: vec![(
                    asl::QUEUE_URL,
                    format!("{}Url", id(queue)),
                    queue.queue_url(),
                )],
            },
            vec![PolicyStatement::allow()
                .actions(["sqs:SendMessage"])
                .resources([queue.arn()])],
        )
    }
}

/// DynamoDB item tasks on a table (`dynamodb:PutItem` / `dynamodb:GetItem` on it, and the
/// key's actions when the table has a customer managed KMS key).
pub struct DynamoItem;

impl DynamoItem {
    /// A Task named `name` putting `item` (attribute values in DynamoDB JSON, `"S.$"` for
    /// paths) into `table`.
    pub fn put(name: &str, table: &impl TableLike, item: Json) -> Task {
        item_task(
            name,
            table,
            DYNAMODB_PUT_ITEM_ARN,
            asl::ITEM,
            item,
            "dynamodb:PutItem",
            KEY_WRITE_ACTIONS,
        )
    }

    /// A Task named `name` reading the item with `key` from `table` (the result's `Item`).
    pub fn get(name: &str, table: &impl TableLike, key: Json) -> Task {
        item_task(
            name,
            table,
            DYNAMODB_GET_ITEM_ARN,
            asl::KEY,
            key,
            "dynamodb:GetItem",
            KEY_READ_ACTIONS,
        )
    }
}

fn item_task(
    name: &str,
    table: &impl TableLike,
    resource: &str,
    key: &str,
    value: Json,
    action: &str,
    key_actions: &[&str],
) -> Task {
    let mut base = Map::new();
    base.insert(key.to_string(), value);
    let mut statements = vec![PolicyStatement::allow()
        .actions([action])
        .resources([table.arn()])];
    if let Some(k) = table.encryption_key_arn() {
        statements.push(
            PolicyStatement::allow()
                .actions(key_actions.iter().copied())
                .resources([k]),
        );
    }
    integration_task(
        name,
        resource,
        Integration {
            base,
            refs: vec![(
                asl::TABLE_NAME,
                format!("{}Name", id(table)),
                table.table_name(),
            )],
        },
        statements,
    )
}

/// The letters and digits of a construct's id (the start of its substitution names).
fn id(c: &impl Construct) -> String {
    alphanumeric(&c.node().id())
}
