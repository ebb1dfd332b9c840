//! Request-response integrations with SNS, SQS and DynamoDB: each builds a [`Task`] whose
//! `Parameters` name the resource (a `DefinitionSubstitutions` entry) and whose statements
//! give the machine's role the one action on that resource.
//!
//! DynamoDB's item integrations (`getItem`, `putItem`, `updateItem`, `deleteItem`) are
//! request-response only: Step Functions has no `.sync` or `.waitForTaskToken` form of them,
//! so [`Task::wait_for_task_token`] on one is a synth error.

use cdk_core::Construct;
use serde_json::{Map, Value as Json};

use super::asl;
use super::graph::is_jsonata_expression;
use super::lambda_invoke::{alphanumeric, integration_task};
use super::state::Integration;
use super::Task;
use crate::dynamodb::TableLike;
use crate::iam::{PolicyStatement, KEY_READ_ACTIONS, KEY_READ_WRITE_ACTIONS, KEY_WRITE_ACTIONS};
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
/// `arn:aws:states:::dynamodb:updateItem`.
pub const DYNAMODB_UPDATE_ITEM_ARN: &str = "arn:aws:states:::dynamodb:updateItem";
/// `arn:aws:states:::dynamodb:deleteItem`.
pub const DYNAMODB_DELETE_ITEM_ARN: &str = "arn:aws:states:::dynamodb:deleteItem";

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
                nested: Vec::new(),
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
                nested: Vec::new(),
            },
            vec![PolicyStatement::allow()
                .actions(["sqs:SendMessage"])
                .resources([queue.arn()])],
        )
    }
}

/// DynamoDB item tasks on a table: each grants its one action on the table
/// (`dynamodb:PutItem`, `GetItem`, `UpdateItem` or `DeleteItem`) and, when the table has a
/// customer managed KMS key, the key's actions the call needs.
///
/// Keys, items and values are DynamoDB JSON (`{"S": "a"}`, `{"N": "1"}`, `{"S.$": "$.id"}`
/// for a path): an attribute value that is not one type descriptor with its value is a
/// synth error naming the state.
pub struct DynamoItem;

impl DynamoItem {
    /// A Task named `name` putting `item` (attribute values in DynamoDB JSON, `"S.$"` for
    /// paths) into `table`.
    pub fn put(name: &str, table: &impl TableLike, item: Json) -> Task {
        item_task(
            name,
            table,
            DYNAMODB_PUT_ITEM_ARN,
            vec![(asl::ITEM, item)],
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
            vec![(asl::KEY, key)],
            "dynamodb:GetItem",
            KEY_READ_ACTIONS,
        )
    }

    /// A Task named `name` changing the item with `key` in `table` by `update`
    /// (`UpdateItem`: its `UpdateExpression`, `ExpressionAttributeNames` and
    /// `ExpressionAttributeValues`, and `ReturnValues` when set). The key's read and write
    /// actions are granted on a customer managed key (an update reads the item).
    pub fn update(name: &str, table: &impl TableLike, key: Json, update: UpdateExpression) -> Task {
        let problems = update.problems();
        let mut params = vec![(asl::KEY, key)];
        params.extend(update.render());
        let task = item_task(
            name,
            table,
            DYNAMODB_UPDATE_ITEM_ARN,
            params,
            "dynamodb:UpdateItem",
            KEY_READ_WRITE_ACTIONS,
        );
        for p in problems {
            task.0.error(
                p,
                "write the update as UpdateExpression::new().set(…)/.remove(…)/.add(…)/.delete(…), each attribute once",
            );
        }
        task
    }

    /// A Task named `name` deleting the item with `key` from `table` (`DeleteItem`). To get
    /// the deleted item back, use [`delete_returning_old`](Self::delete_returning_old).
    pub fn delete(name: &str, table: &impl TableLike, key: Json) -> Task {
        item_task(
            name,
            table,
            DYNAMODB_DELETE_ITEM_ARN,
            vec![(asl::KEY, key)],
            "dynamodb:DeleteItem",
            KEY_WRITE_ACTIONS,
        )
    }

    /// [`delete`](Self::delete) with `"ReturnValues": "ALL_OLD"`: the result's `Attributes`
    /// are the deleted item (the only values `DeleteItem` can return, so the type admits no
    /// other). The key's read actions are granted too.
    pub fn delete_returning_old(name: &str, table: &impl TableLike, key: Json) -> Task {
        item_task(
            name,
            table,
            DYNAMODB_DELETE_ITEM_ARN,
            vec![
                (asl::KEY, key),
                (asl::RETURN_VALUES, Json::from(ReturnValues::AllOld.name())),
            ],
            "dynamodb:DeleteItem",
            KEY_READ_WRITE_ACTIONS,
        )
    }
}

/// What an `UpdateItem` returns (`ReturnValues`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReturnValues {
    /// `NONE` (DynamoDB's default): nothing.
    None,
    /// `ALL_OLD`: the whole item before the update.
    AllOld,
    /// `UPDATED_OLD`: the updated attributes, before the update.
    UpdatedOld,
    /// `ALL_NEW`: the whole item after the update.
    AllNew,
    /// `UPDATED_NEW`: the updated attributes, after the update.
    UpdatedNew,
}

impl ReturnValues {
    /// DynamoDB's name.
    pub fn name(self) -> &'static str {
        match self {
            ReturnValues::None => "NONE",
            ReturnValues::AllOld => "ALL_OLD",
            ReturnValues::UpdatedOld => "UPDATED_OLD",
            ReturnValues::AllNew => "ALL_NEW",
            ReturnValues::UpdatedNew => "UPDATED_NEW",
        }
    }
}

/// A typed DynamoDB update expression: `SET`, `REMOVE`, `ADD` and `DELETE` actions on
/// top-level attributes, rendered with placeholders for every name (`#a0`, so reserved
/// words such as `status` need no care) and value (`:v0`).
///
/// ```
/// use constructs::stepfunctions::{ReturnValues, UpdateExpression};
/// use serde_json::json;
///
/// let update = UpdateExpression::new()
///     .set("status", json!({"S": "SHIPPED"}))
///     .add("attempts", json!({"N": "1"}))
///     .remove("reservation")
///     .return_values(ReturnValues::UpdatedNew);
/// # let _ = update;
/// ```
///
/// Checked at synth (each a diagnostic on the state): at least one action, each attribute in
/// one action only (DynamoDB rejects overlapping paths), every value one DynamoDB type
/// descriptor, and `ADD`/`DELETE` values of the types DynamoDB allows there (a number or a
/// set; a set for `DELETE`).
#[derive(Clone, Debug, Default)]
pub struct UpdateExpression {
    actions: Vec<(UpdateAction, String, Option<Json>)>,
    return_values: Option<ReturnValues>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum UpdateAction {
    Set,
    Remove,
    Add,
    Delete,
}

impl UpdateAction {
    fn keyword(self) -> &'static str {
        match self {
            UpdateAction::Set => "SET",
            UpdateAction::Remove => "REMOVE",
            UpdateAction::Add => "ADD",
            UpdateAction::Delete => "DELETE",
        }
    }
}

impl UpdateExpression {
    /// An empty update (at least one action is needed: checked at synth).
    pub fn new() -> UpdateExpression {
        UpdateExpression::default()
    }

    /// `SET attribute = value` (`value` in DynamoDB JSON).
    pub fn set(mut self, attribute: &str, value: Json) -> Self {
        self.actions
            .push((UpdateAction::Set, attribute.to_string(), Some(value)));
        self
    }

    /// `REMOVE attribute`.
    pub fn remove(mut self, attribute: &str) -> Self {
        self.actions
            .push((UpdateAction::Remove, attribute.to_string(), None));
        self
    }

    /// `ADD attribute value`: adds to a number, or elements to a set.
    pub fn add(mut self, attribute: &str, value: Json) -> Self {
        self.actions
            .push((UpdateAction::Add, attribute.to_string(), Some(value)));
        self
    }

    /// `DELETE attribute value`: removes elements from a set.
    pub fn delete(mut self, attribute: &str, value: Json) -> Self {
        self.actions
            .push((UpdateAction::Delete, attribute.to_string(), Some(value)));
        self
    }

    /// `ReturnValues` of the call (default: not written, DynamoDB's `NONE`).
    pub fn return_values(mut self, values: ReturnValues) -> Self {
        self.return_values = Some(values);
        self
    }

    /// The parameters: `UpdateExpression`, `ExpressionAttributeNames`,
    /// `ExpressionAttributeValues` (when there are values), `ReturnValues`.
    fn render(&self) -> Vec<(&'static str, Json)> {
        let mut names = Map::new();
        let mut values = Map::new();
        let mut clauses: Vec<(UpdateAction, Vec<String>)> = Vec::new();
        for (i, (action, attribute, value)) in self.actions.iter().enumerate() {
            let name = format!("#a{i}");
            names.insert(name.clone(), Json::from(attribute.as_str()));
            let term = match value {
                Some(v) => {
                    let placeholder = format!(":v{i}");
                    values.insert(placeholder.clone(), v.clone());
                    match action {
                        UpdateAction::Set => format!("{name} = {placeholder}"),
                        _ => format!("{name} {placeholder}"),
                    }
                }
                None => name,
            };
            match clauses.iter_mut().find(|(a, _)| a == action) {
                Some((_, terms)) => terms.push(term),
                None => clauses.push((*action, vec![term])),
            }
        }
        let expression = clauses
            .iter()
            .map(|(a, terms)| format!("{} {}", a.keyword(), terms.join(", ")))
            .collect::<Vec<_>>()
            .join(" ");
        let mut out = vec![
            (asl::UPDATE_EXPRESSION, Json::from(expression)),
            (asl::EXPRESSION_ATTRIBUTE_NAMES, Json::Object(names)),
        ];
        if !values.is_empty() {
            out.push((asl::EXPRESSION_ATTRIBUTE_VALUES, Json::Object(values)));
        }
        if let Some(r) = self.return_values {
            out.push((asl::RETURN_VALUES, Json::from(r.name())));
        }
        out
    }

    fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.actions.is_empty() {
            out.push("the update expression has no action".to_string());
        }
        let mut seen: Vec<&str> = Vec::new();
        for (action, attribute, value) in &self.actions {
            if attribute.is_empty() {
                out.push(format!("a {} action names no attribute", action.keyword()));
            } else if seen.contains(&attribute.as_str()) {
                out.push(format!(
                    "the update changes attribute `{attribute}` twice (DynamoDB rejects overlapping paths)"
                ));
            }
            seen.push(attribute);
            let Some(value) = value else { continue };
            match attribute_value_type(value) {
                Err(p) => out.push(format!("the value of `{attribute}`: {p}")),
                Ok(t) => {
                    let allowed: &[&str] = match action {
                        UpdateAction::Add => &["N", "SS", "NS", "BS"],
                        UpdateAction::Delete => &["SS", "NS", "BS"],
                        _ => &[],
                    };
                    if t != JSONATA && !allowed.is_empty() && !allowed.contains(&t.as_str()) {
                        out.push(format!(
                            "{} `{attribute}` takes a value of type {}, not {t}",
                            action.keyword(),
                            allowed.join(", ")
                        ));
                    }
                }
            }
        }
        out
    }
}

/// The type descriptor of a DynamoDB JSON attribute value (`{"S": "a"}` → `S`, also for a
/// path, `{"S.$": "$.a"}`), or what is wrong with it.
fn attribute_value_type(value: &Json) -> Result<String, String> {
    if value.as_str().is_some_and(is_jsonata_expression) {
        return Ok(JSONATA.to_string());
    }
    let described = match value {
        Json::Object(m) if m.len() == 1 => m.keys().next().cloned(),
        _ => None,
    };
    let Some(key) = described else {
        return Err(format!(
            "`{value}` is not a DynamoDB attribute value (one type descriptor, e.g. {{\"S\": \"text\"}} or {{\"S.$\": \"$.path\"}})"
        ));
    };
    let t = key.strip_suffix(".$").unwrap_or(&key);
    if asl::DYNAMODB_TYPES.contains(&t) {
        Ok(t.to_string())
    } else {
        Err(format!(
            "`{key}` is not a DynamoDB type descriptor ({})",
            asl::DYNAMODB_TYPES.join(", ")
        ))
    }
}

/// What [`attribute_value_type`] says of a JSONata expression (its type is known at run time).
const JSONATA: &str = "JSONata";

/// The problems of an item or key: a non-empty object of attribute values (or one JSONata
/// expression).
fn item_problems(what: &str, value: &Json) -> Vec<String> {
    match value {
        Json::String(s) if is_jsonata_expression(s) => Vec::new(),
        Json::Object(m) if !m.is_empty() => m
            .iter()
            .filter_map(|(k, v)| {
                // A whole map given by path (`"Key.$": "$.key"`) is the caller's to get right.
                if k.ends_with(".$") {
                    return None;
                }
                attribute_value_type(v)
                    .err()
                    .map(|p| format!("{what} attribute `{k}`: {p}"))
            })
            .collect(),
        _ => vec![format!(
            "the {what} is not an object of attribute values: `{value}`"
        )],
    }
}

fn item_task(
    name: &str,
    table: &impl TableLike,
    resource: &str,
    params: Vec<(&'static str, Json)>,
    action: &str,
    key_actions: &[&str],
) -> Task {
    let mut base = Map::new();
    let mut problems = Vec::new();
    for (key, value) in params {
        if key == asl::ITEM || key == asl::KEY {
            problems.extend(item_problems(&key.to_lowercase(), &value));
        }
        base.insert(key.to_string(), value);
    }
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
    let task = integration_task(
        name,
        resource,
        Integration {
            base,
            refs: vec![(
                asl::TABLE_NAME,
                format!("{}Name", id(table)),
                table.table_name(),
            )],
            nested: Vec::new(),
        },
        statements,
    );
    for p in problems {
        task.0.error(
            p,
            "write DynamoDB JSON: {\"attribute\": {\"S\": \"text\"}}, {\"N\": \"1\"}, or {\"S.$\": \"$.path\"} for a path",
        );
    }
    task
}

/// The letters and digits of a construct's id (the start of its substitution names).
fn id(c: &impl Construct) -> String {
    alphanumeric(&c.node().id())
}
