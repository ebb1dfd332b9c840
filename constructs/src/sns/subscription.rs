//! Typed topic subscriptions (`AWS::SNS::Subscription`), AWS CDK's `aws-sns-subscriptions`.

use std::fmt;
use std::rc::Rc;

use cdk_core::{CfnResource, Construct, Node, Scope, Str, Value};
use cfn_l1::lambda::{CfnPermission, CfnPermissionProps};
use cfn_l1::sns::{CfnSubscription, CfnSubscriptionProps};

use super::filter::{FilterPolicy, FilterPolicyScope};
use super::Topic;
use crate::iam::{Grant, PolicyStatement, Principal, Role};
use crate::util::{literal, node_unique_id};

/// An SQS queue a topic can deliver to, or dead-letter into. `sqs::Queue` implements it
/// (SNS knows no SQS construct: the queue module implements this trait, as the
/// dependency rule of the crate wants).
pub trait SubscriptionQueue: Construct {
    /// The queue's ARN.
    fn subscription_queue_arn(&self) -> Str;
    /// Whether the queue is FIFO.
    fn subscription_queue_is_fifo(&self) -> bool;
    /// Adds `statement` to the queue's resource policy.
    fn add_subscription_statement(&self, statement: PolicyStatement);
    /// The queue policy resource, once it exists (a subscription waits for it).
    fn subscription_queue_policy(&self) -> Option<CfnResource>;
    /// Why SNS cannot send to this queue, if it cannot (an encryption SNS cannot use).
    fn sns_delivery_problem(&self) -> Option<(String, &'static str)>;
}

/// A Lambda function (or alias) of this app a topic can invoke, passed directly to
/// [`Subscription::function`]. `lambda::Function` and `lambda::Alias` implement it (SNS knows
/// no Lambda construct: the lambda module implements this trait, as `sqs` implements
/// [`SubscriptionQueue`]).
pub trait SubscriptionFunction {
    /// The ARN SNS invokes (the function's, or the alias's).
    fn subscription_function_arn(&self) -> Str;
    /// The construct the subscription is created under (the function, or the alias's
    /// resource), so it lands in the function's stack, as in AWS CDK.
    fn subscription_scope(&self) -> Node;
    /// Lets the topic whose ARN is `topic_arn` invoke the function: adds the
    /// `AWS::Lambda::Permission` `permission_id` (principal `sns.amazonaws.com`,
    /// `SourceArn` the topic) beside the subscription's scope, and makes `subscription` wait
    /// for what an invocation needs (the function's own log group).
    fn bind_subscription(&self, topic_arn: Str, permission_id: &str, subscription: &CfnResource);
}

/// Where a subscription delivers.
#[derive(Clone)]
enum Endpoint {
    Queue(Rc<dyn SubscriptionQueue>),
    Function(Rc<dyn SubscriptionFunction>),
    Lambda(Str),
    Email(Str),
    EmailJson(Str),
    Sms(Str),
    Http(Str),
    Https(Str),
    Firehose(Str),
}

impl Endpoint {
    fn protocol(&self) -> &'static str {
        match self {
            Endpoint::Queue(_) => "sqs",
            Endpoint::Function(_) | Endpoint::Lambda(_) => "lambda",
            Endpoint::Email(_) => "email",
            Endpoint::EmailJson(_) => "email-json",
            Endpoint::Sms(_) => "sms",
            Endpoint::Http(_) => "http",
            Endpoint::Https(_) => "https",
            Endpoint::Firehose(_) => "firehose",
        }
    }

    fn value(&self) -> Str {
        match self {
            Endpoint::Queue(q) => q.subscription_queue_arn(),
            Endpoint::Function(f) => f.subscription_function_arn(),
            Endpoint::Lambda(s)
            | Endpoint::Email(s)
            | Endpoint::EmailJson(s)
            | Endpoint::Sms(s)
            | Endpoint::Http(s)
            | Endpoint::Https(s)
            | Endpoint::Firehose(s) => s.clone(),
        }
    }
}

/// A subscription to add to a topic with [`Topic::add_subscription`]: where messages go,
/// and how (raw delivery, a filter policy, a dead-letter queue).
///
/// ```
/// use cdk_core::{App, Stack};
/// use constructs::sns::{Filter, FilterPolicy, Subscription, Topic};
/// use constructs::sqs::Queue;
///
/// let app = App::new();
/// let stack = Stack::new(&app, "Orders");
/// let topic = Topic::new(&stack, "Orders").build();
/// let queue = Queue::new(&stack, "Paid").build();
/// let failed = Queue::new(&stack, "Undeliverable").build();
/// topic.add_subscription(
///     Subscription::queue(&queue)
///         .raw_message_delivery(true)
///         .filter_policy(FilterPolicy::message_attributes().key("status", [Filter::exact("paid")]))
///         .dead_letter_queue(&failed),
/// );
/// topic.add_subscription(Subscription::email("ops@example.com"));
/// # assert!(app.assemble().is_ok());
/// ```
#[derive(Clone)]
pub struct Subscription {
    endpoint: Endpoint,
    raw_message_delivery: bool,
    filter_policy: Option<FilterPolicy>,
    dead_letter_queue: Option<Rc<dyn SubscriptionQueue>>,
}

impl fmt::Debug for Subscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Subscription({})", self.endpoint.protocol())
    }
}

impl Subscription {
    fn new(endpoint: Endpoint) -> Subscription {
        Subscription {
            endpoint,
            raw_message_delivery: false,
            filter_policy: None,
            dead_letter_queue: None,
        }
    }

    /// Delivers to an SQS queue (protocol `sqs`). The queue's policy gets a statement
    /// allowing `sns.amazonaws.com` `sqs:SendMessage` when `aws:SourceArn` is the topic, and
    /// the subscription waits for the policy. The subscription is created under the queue
    /// (`<queue>/<topic's unique id>`), as in AWS CDK, so it lands in the queue's stack.
    /// A standard topic cannot deliver to a FIFO queue (a synth error); a FIFO topic delivers
    /// to FIFO queues and, without ordering or deduplication there, to standard ones.
    pub fn queue(queue: &(impl SubscriptionQueue + Clone + 'static)) -> Subscription {
        Subscription::new(Endpoint::Queue(Rc::new(queue.clone())))
    }

    /// Invokes a Lambda function, by ARN (protocol `lambda`), with an
    /// `AWS::Lambda::Permission` for `sns.amazonaws.com` whose `SourceArn` is the topic
    /// (`<topic>/<subscription id>/Permission`). For a `lambda::Function` of this app,
    /// `function.add_event_source(SnsEventSource::new(&topic))` does the same and also
    /// writes the SAM template's `SNS` event. Lambda cannot subscribe to FIFO topics.
    pub fn lambda(function_arn: impl Into<Str>) -> Subscription {
        Subscription::new(Endpoint::Lambda(function_arn.into()))
    }

    /// Invokes a Lambda function or alias of this app (protocol `lambda`):
    /// `Subscription::function(&function)` or `Subscription::function(&aliased.alias())`.
    /// The subscription is created under the function (`<function>/<topic's unique
    /// id>/Resource`; for an alias `<function>/Alias/<topic's unique id>/Resource`), with the
    /// `AWS::Lambda::Permission` for `sns.amazonaws.com` whose `SourceArn` is the topic beside
    /// it (`AllowInvoke:<topic's unique id>`), as AWS CDK's `LambdaSubscription` places them;
    /// the subscription waits for the function's own log group. A function invokes its
    /// unqualified ARN, an alias the alias (as rule targets do). Unlike
    /// `SnsEventSource`, both templates hold the same resources (no SAM `SNS` event).
    /// Lambda cannot subscribe to FIFO topics.
    pub fn function(function: &(impl SubscriptionFunction + Clone + 'static)) -> Subscription {
        Subscription::new(Endpoint::Function(Rc::new(function.clone())))
    }

    /// Emails each message to `address` (protocol `email`; the recipient confirms).
    pub fn email(address: impl Into<Str>) -> Subscription {
        Subscription::new(Endpoint::Email(address.into()))
    }

    /// Emails each message as JSON to `address` (protocol `email-json`).
    pub fn email_json(address: impl Into<Str>) -> Subscription {
        Subscription::new(Endpoint::EmailJson(address.into()))
    }

    /// Texts each message to `phone_number`, in E.164 form such as `+14155550100`
    /// (protocol `sms`).
    pub fn sms(phone_number: impl Into<Str>) -> Subscription {
        Subscription::new(Endpoint::Sms(phone_number.into()))
    }

    /// POSTs each message to an `http://` URL (protocol `http`).
    pub fn http(url: impl Into<Str>) -> Subscription {
        Subscription::new(Endpoint::Http(url.into()))
    }

    /// POSTs each message to an `https://` URL (protocol `https`).
    pub fn https(url: impl Into<Str>) -> Subscription {
        Subscription::new(Endpoint::Https(url.into()))
    }

    /// Delivers to an Amazon Data Firehose delivery stream, by its ARN
    /// (`arn:aws:firehose:<region>:<account>:deliverystream/<name>`; protocol `firehose`), as
    /// AWS CDK's `FirehoseSubscription`. SNS writes to the stream with a role it assumes
    /// (`SubscriptionRoleArn`): the subscription creates it (`<topic>/<endpoint>/Role`,
    /// trusted by `sns.amazonaws.com`) and grants it, on that stream only, what SNS's
    /// documentation lists: `firehose:DescribeDeliveryStream`, `firehose:ListDeliveryStreams`,
    /// `firehose:ListTagsForDeliveryStream`, `firehose:PutRecord` and
    /// `firehose:PutRecordBatch`; the subscription waits for that policy. Standard topics
    /// only (a FIFO topic delivers to SQS alone), at most five delivery streams per topic;
    /// raw message delivery is allowed.
    pub fn firehose(delivery_stream_arn: impl Into<Str>) -> Subscription {
        Subscription::new(Endpoint::Firehose(delivery_stream_arn.into()))
    }

    /// Delivers the message as published, without SNS's JSON envelope (default: off).
    /// SQS, HTTP/HTTPS and Firehose subscriptions only.
    pub fn raw_message_delivery(mut self, raw: bool) -> Self {
        self.raw_message_delivery = raw;
        self
    }

    /// Delivers only the messages `policy` matches (default: every message); see
    /// [`FilterPolicy`].
    pub fn filter_policy(mut self, policy: FilterPolicy) -> Self {
        self.filter_policy = Some(policy);
        self
    }

    /// Keeps messages SNS could not deliver in `queue` (default: none; SNS retries, then
    /// drops them). The queue's policy gets the same `sqs:SendMessage` statement as a
    /// subscribed queue, and the subscription waits for it. The queue is FIFO exactly when
    /// the topic is.
    pub fn dead_letter_queue(mut self, queue: &(impl SubscriptionQueue + Clone + 'static)) -> Self {
        self.dead_letter_queue = Some(Rc::new(queue.clone()));
        self
    }
}

/// The queue policy statement that lets `topic` send to `queue_arn`.
fn send_statement(topic: &Topic, queue_arn: Str) -> PolicyStatement {
    PolicyStatement::allow()
        .actions(["sqs:SendMessage"])
        .condition("ArnEquals", "aws:SourceArn", topic.topic_arn())
        .principal(Principal::service(SNS_PRINCIPAL))
        .resources([queue_arn])
}

const SNS_PRINCIPAL: &str = "sns.amazonaws.com";

/// What SNS needs on a delivery stream it writes to (SNS's documentation, "Prerequisites
/// for subscribing Firehose delivery streams", as AWS CDK's `FirehoseSubscription` grants).
const FIREHOSE_ACTIONS: &[&str] = &[
    "firehose:DescribeDeliveryStream",
    "firehose:ListDeliveryStreams",
    "firehose:ListTagsForDeliveryStream",
    "firehose:PutRecord",
    "firehose:PutRecordBatch",
];

/// How many Firehose delivery streams SNS lets one topic have ("Fanout to Firehose delivery
/// streams" in SNS's developer guide).
const MAX_FIREHOSE_SUBSCRIPTIONS: usize = 5;

/// Whether `arn` is a delivery stream's ARN:
/// `arn:<partition>:firehose:<region>:<12-digit account>:deliverystream/<name>`, the name
/// 1–64 letters, digits, `_`, `.` and `-`.
fn is_delivery_stream_arn(arn: &str) -> bool {
    let Some(rest) = arn.strip_prefix("arn:") else {
        return false;
    };
    let parts: Vec<&str> = rest.splitn(5, ':').collect();
    let [partition, service, region, account, resource] = parts[..] else {
        return false;
    };
    let name = resource.strip_prefix("deliverystream/").unwrap_or("");
    !partition.is_empty()
        && service == "firehose"
        && !region.is_empty()
        && account.len() == 12
        && account.chars().all(|c| c.is_ascii_digit())
        && (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn kind(fifo: bool) -> &'static str {
    if fifo {
        "FIFO"
    } else {
        "standard"
    }
}

/// Adds `subscription` to `topic`; see [`Topic::add_subscription`].
pub(super) fn add(topic: &Topic, subscription: Subscription) -> Option<CfnSubscription> {
    let endpoint = subscription.endpoint.value();
    // Where the subscription lives: under the queue for SQS (its stack), else the topic.
    let scope = match &subscription.endpoint {
        Endpoint::Queue(queue) => {
            let id = node_unique_id(topic.node());
            unique_scope(topic, queue.node(), &id)?
        }
        Endpoint::Function(function) => {
            let id = node_unique_id(topic.node());
            unique_scope(topic, &function.subscription_scope(), &id)?
        }
        _ => {
            let id = match literal(&endpoint) {
                Some(text) if !text.is_empty() => text.replace('/', "--"),
                _ => topic.next_token_subscription_id(),
            };
            unique_scope(topic, topic.node(), &id)?
        }
    };
    let node = scope.node().clone();
    let protocol = subscription.endpoint.protocol();
    let topic_path = topic.node().path();

    // A FIFO topic delivers only to SQS, FIFO or standard queues (a standard queue loses the
    // order and the exactly-once processing); a standard topic not to FIFO queues.
    match &subscription.endpoint {
        Endpoint::Queue(queue) => {
            if queue.subscription_queue_is_fifo() && !topic.is_fifo() {
                node.add_error(
                    format!(
                        "`{topic_path}` is a standard topic but the queue `{}` is FIFO",
                        queue.node().path(),
                    ),
                    "a standard topic cannot deliver to a FIFO queue: make the topic FIFO (`.fifo(true)`), or subscribe a standard queue",
                );
            }
            if let Some((message, hint)) = queue.sns_delivery_problem() {
                node.add_error(message, hint);
            }
        }
        _ if topic.is_fifo() => node.add_error(
            format!(
                "`{topic_path}` is a FIFO topic, which delivers only to SQS FIFO queues, not over `{protocol}`"
            ),
            "subscribe a FIFO SQS queue, or make the topic standard",
        ),
        _ => {}
    }
    if matches!(subscription.endpoint, Endpoint::Firehose(_)) {
        let count = topic.add_firehose_subscription();
        if count > MAX_FIREHOSE_SUBSCRIPTIONS {
            node.add_error(
                format!(
                    "this is Firehose subscription number {count} of `{topic_path}`; SNS allows {MAX_FIREHOSE_SUBSCRIPTIONS} per topic"
                ),
                "subscribe at most five delivery streams to one topic (one stream can fan out further), or publish to a second topic",
            );
        }
    }
    let raw_capable = matches!(
        subscription.endpoint,
        Endpoint::Queue(_) | Endpoint::Http(_) | Endpoint::Https(_) | Endpoint::Firehose(_)
    );
    if subscription.raw_message_delivery && !raw_capable {
        node.add_error(
            format!("raw message delivery is not available for `{protocol}` subscriptions"),
            "use raw message delivery with SQS, HTTP, HTTPS or Firehose subscriptions only",
        );
    }
    if let Some(text) = literal(&endpoint) {
        let problem = match &subscription.endpoint {
            Endpoint::Email(_) | Endpoint::EmailJson(_) if !text.contains('@') => {
                Some("an email address such as ops@example.com")
            }
            Endpoint::Sms(_)
                if !(text.starts_with('+')
                    && text.len() > 1
                    && text[1..].chars().all(|c| c.is_ascii_digit())) =>
            {
                Some("a phone number in E.164 form such as +14155550100")
            }
            Endpoint::Http(_) if !text.starts_with("http://") => {
                Some("an http:// URL (use Subscription::https for https:// URLs)")
            }
            Endpoint::Https(_) if !text.starts_with("https://") => {
                Some("an https:// URL (use Subscription::http for http:// URLs)")
            }
            Endpoint::Firehose(_) if !is_delivery_stream_arn(&text) => Some(
                "a delivery stream ARN such as arn:aws:firehose:eu-west-1:111122223333:deliverystream/orders",
            ),
            _ => None,
        };
        if let Some(expected) = problem {
            node.add_error(
                format!("`{text}` is not a valid `{protocol}` endpoint"),
                format!("give {expected}"),
            );
        }
    }
    if let Some(policy) = &subscription.filter_policy {
        for (message, hint) in policy.problems() {
            node.add_error(message, hint);
        }
    }
    if let Some(dlq) = &subscription.dead_letter_queue {
        let dlq_fifo = dlq.subscription_queue_is_fifo();
        if dlq_fifo != topic.is_fifo() {
            node.add_error(
                format!(
                    "the dead-letter queue `{}` is {} but the topic `{topic_path}` is {}",
                    dlq.node().path(),
                    kind(dlq_fifo),
                    kind(topic.is_fifo())
                ),
                "a FIFO topic's subscriptions need a FIFO dead-letter queue, a standard topic's a standard one",
            );
        }
        if let Some((message, hint)) = dlq.sns_delivery_problem() {
            node.add_error(message, hint);
        }
    }

    let (filter, filter_scope) = match &subscription.filter_policy {
        Some(p) => (
            Some(p.to_value()),
            (p.scope() == FilterPolicyScope::MessageBody).then_some("MessageBody"),
        ),
        None => (None, None),
    };
    // `RedrivePolicy` is `Json` in the spec: SNS's own attribute name.
    let redrive = subscription
        .dead_letter_queue
        .as_ref()
        .map(|q| Value::map([("deadLetterTargetArn", q.subscription_queue_arn())]));
    // Firehose: the role SNS assumes to write to the stream, allowed that stream only.
    let role = match &subscription.endpoint {
        Endpoint::Firehose(stream) => {
            let role = Role::new(&scope, "Role", Principal::service(SNS_PRINCIPAL)).build();
            Grant::add_to_principal(&role, FIREHOSE_ACTIONS, [stream.clone()]);
            Some(role)
        }
        _ => None,
    };
    let props = CfnSubscriptionProps::builder()
        .endpoint(endpoint.clone())
        .maybe_filter_policy(filter)
        .maybe_filter_policy_scope(filter_scope)
        .protocol(protocol)
        .maybe_raw_message_delivery(subscription.raw_message_delivery.then_some(true))
        .maybe_redrive_policy(redrive)
        .maybe_subscription_role_arn(role.as_ref().map(Role::arn))
        .topic_arn(topic.topic_arn())
        .build();
    let cfn = CfnSubscription::new(&scope, "Resource", props);
    if let Some(role) = &role {
        role.add_dependent(cfn.resource());
    }

    // What the subscription needs, and waits for.
    let mut queues: Vec<&Rc<dyn SubscriptionQueue>> = Vec::new();
    if let Endpoint::Queue(q) = &subscription.endpoint {
        queues.push(q);
    }
    if let Some(q) = &subscription.dead_letter_queue {
        queues.push(q);
    }
    for queue in queues {
        queue.add_subscription_statement(send_statement(topic, queue.subscription_queue_arn()));
        if let Some(policy) = queue.subscription_queue_policy() {
            cfn.resource().add_dependency(&policy);
        }
    }
    if let Endpoint::Function(function) = &subscription.endpoint {
        let permission_id = format!("AllowInvoke:{}", node_unique_id(topic.node()));
        function.bind_subscription(topic.topic_arn(), &permission_id, cfn.resource());
    }
    if let Endpoint::Lambda(function) = &subscription.endpoint {
        CfnPermission::new(
            &scope,
            "Permission",
            CfnPermissionProps::builder()
                .action("lambda:InvokeFunction")
                .function_name(function.clone())
                .principal(SNS_PRINCIPAL)
                .source_arn(topic.topic_arn())
                .build(),
        );
    }
    Some(cfn)
}

/// The new scope `id` under `parent`, or `None` with the error recorded on `topic` when
/// `parent` already has a child `id` (an endpoint subscribed to the topic twice).
fn unique_scope(topic: &Topic, parent: &Node, id: &str) -> Option<Scope> {
    if parent.children().iter().any(|c| c.id() == id) {
        topic.node().add_error(
            format!(
                "`{}/{id}` already exists: the endpoint is already subscribed to this topic",
                parent.path()
            ),
            "subscribe an endpoint to a topic once (one subscription can carry several filter conditions)",
        );
        return None;
    }
    Some(Scope::new(parent, id))
}
