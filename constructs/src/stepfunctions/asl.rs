//! The Amazon States Language keys this module writes, each once. They are ASL grammar,
//! not CloudFormation property names; those that happen to equal one are listed in
//! `tests/property_names.allow`.

pub(super) const TYPE: &str = "Type";
pub(super) const COMMENT: &str = "Comment";
pub(super) const START_AT: &str = "StartAt";
pub(super) const STATES: &str = "States";
pub(super) const TIMEOUT_SECONDS: &str = "TimeoutSeconds";
pub(super) const TIMEOUT_SECONDS_PATH: &str = "TimeoutSecondsPath";
pub(super) const HEARTBEAT_SECONDS: &str = "HeartbeatSeconds";
pub(super) const HEARTBEAT_SECONDS_PATH: &str = "HeartbeatSecondsPath";
pub(super) const RESOURCE: &str = "Resource";
pub(super) const INPUT_PATH: &str = "InputPath";
pub(super) const PARAMETERS: &str = "Parameters";
pub(super) const RESULT_SELECTOR: &str = "ResultSelector";
pub(super) const RESULT_PATH: &str = "ResultPath";
pub(super) const OUTPUT_PATH: &str = "OutputPath";
pub(super) const RESULT: &str = "Result";
pub(super) const NEXT: &str = "Next";
pub(super) const END: &str = "End";
pub(super) const RETRY: &str = "Retry";
pub(super) const CATCH: &str = "Catch";
pub(super) const ERROR_EQUALS: &str = "ErrorEquals";
pub(super) const INTERVAL_SECONDS: &str = "IntervalSeconds";
pub(super) const MAX_ATTEMPTS: &str = "MaxAttempts";
pub(super) const BACKOFF_RATE: &str = "BackoffRate";
pub(super) const MAX_DELAY_SECONDS: &str = "MaxDelaySeconds";
pub(super) const JITTER_STRATEGY: &str = "JitterStrategy";
pub(super) const CHOICES: &str = "Choices";
pub(super) const DEFAULT: &str = "Default";
pub(super) const VARIABLE: &str = "Variable";
pub(super) const AND: &str = "And";
pub(super) const OR: &str = "Or";
pub(super) const NOT: &str = "Not";
pub(super) const SECONDS: &str = "Seconds";
pub(super) const SECONDS_PATH: &str = "SecondsPath";
pub(super) const TIMESTAMP: &str = "Timestamp";
pub(super) const TIMESTAMP_PATH: &str = "TimestampPath";
pub(super) const BRANCHES: &str = "Branches";
pub(super) const ITEM_PROCESSOR: &str = "ItemProcessor";
pub(super) const PROCESSOR_CONFIG: &str = "ProcessorConfig";
pub(super) const MODE: &str = "Mode";
pub(super) const INLINE: &str = "INLINE";
pub(super) const ITEMS_PATH: &str = "ItemsPath";
pub(super) const ITEM_SELECTOR: &str = "ItemSelector";
pub(super) const MAX_CONCURRENCY: &str = "MaxConcurrency";
pub(super) const ERROR: &str = "Error";
pub(super) const CAUSE: &str = "Cause";
pub(super) const ERROR_PATH: &str = "ErrorPath";
pub(super) const CAUSE_PATH: &str = "CausePath";
pub(super) const PAYLOAD_PATH: &str = "Payload.$";
pub(super) const FUNCTION_NAME: &str = "FunctionName";
pub(super) const PAYLOAD: &str = "Payload";
pub(super) const TASK: &str = "Task";
pub(super) const MESSAGE: &str = "Message";
pub(super) const MESSAGE_BODY: &str = "MessageBody";
pub(super) const TOPIC_ARN: &str = "TopicArn";
pub(super) const QUEUE_URL: &str = "QueueUrl";
pub(super) const TABLE_NAME: &str = "TableName";
pub(super) const ITEM: &str = "Item";
pub(super) const KEY: &str = "Key";
pub(super) const UPDATE_EXPRESSION: &str = "UpdateExpression";
pub(super) const EXPRESSION_ATTRIBUTE_NAMES: &str = "ExpressionAttributeNames";
pub(super) const EXPRESSION_ATTRIBUTE_VALUES: &str = "ExpressionAttributeValues";
pub(super) const RETURN_VALUES: &str = "ReturnValues";
/// DynamoDB JSON's type descriptors (the keys of an attribute value).
pub(super) const DYNAMODB_TYPES: &[&str] =
    &["S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"];
pub(super) const ENTRIES: &str = "Entries";
pub(super) const DETAIL: &str = "Detail";
pub(super) const DETAIL_TYPE: &str = "DetailType";
pub(super) const SOURCE: &str = "Source";
pub(super) const EVENT_BUS_NAME: &str = "EventBusName";
pub(super) const INPUT: &str = "Input";
pub(super) const INPUT_PATH_KEY: &str = "Input.$";
/// Also the dimension name of the `AWS/States` metrics.
pub(super) const STATE_MACHINE_ARN: &str = "StateMachineArn";
pub(super) const QUERY_LANGUAGE: &str = "QueryLanguage";
pub(super) const ARGUMENTS: &str = "Arguments";
pub(super) const OUTPUT: &str = "Output";
pub(super) const ASSIGN: &str = "Assign";
pub(super) const CONDITION: &str = "Condition";
/// The suffix of the Choice operators that compare with another path (`StringEqualsPath`).
pub(super) const PATH_SUFFIX: &str = "Path";
