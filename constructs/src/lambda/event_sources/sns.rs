//! `SnsEventSource`: a function subscribed to an SNS topic.

use cdk_core::{CfnResource, Construct, Flavor, Scope, Value};

use super::EventSource;
use crate::iam::Principal;
use crate::lambda::{Function, Permission};
use crate::sns::Topic;
use crate::util::node_unique_id;

/// Subscribes the function to `topic` (protocol `lambda`), as AWS CDK's `SnsEventSource`:
///
/// - `<function>/<topic id>/Resource`: the `AWS::SNS::Subscription`, created beside the
///   function so it lands in the function's stack;
/// - `<function>/AllowInvoke:<topic's unique id>`: the `AWS::Lambda::Permission` for
///   `sns.amazonaws.com` with `SourceArn` the topic.
///
/// Checked at synth: the topic is not FIFO (FIFO topics deliver only to SQS FIFO queues),
/// and the function is not subscribed to the same topic twice.
#[derive(Clone, Debug)]
pub struct SnsEventSource {
    topic: Topic,
    filter_policy: Option<Value>,
}

impl SnsEventSource {
    /// Invokes the function with every message published to `topic`.
    pub fn new(topic: &Topic) -> SnsEventSource {
        SnsEventSource {
            topic: topic.clone(),
            filter_policy: None,
        }
    }

    /// Delivers only messages whose attributes match `policy`, an SNS filter policy object
    /// such as `{"severity": ["high"]}` (default: every message).
    pub fn filter_policy(mut self, policy: impl Into<Value>) -> Self {
        self.filter_policy = Some(policy.into());
        self
    }
}

impl EventSource for SnsEventSource {
    fn bind(&self, function: &Function) {
        let topic_id = self.topic.node().id();
        let duplicate = function
            .node()
            .children()
            .iter()
            .any(|c| c.id() == topic_id);
        if duplicate {
            function.node().add_error(
                format!(
                    "the function is already subscribed to `{}` (or has a child named `{topic_id}`)",
                    self.topic.node().path()
                ),
                "subscribe a function to a topic once",
            );
            return;
        }
        let scope = Scope::new(function, &topic_id);
        if self.topic.is_fifo() {
            scope.node().add_error(
                format!(
                    "`{}` is a FIFO topic; Lambda functions cannot subscribe to FIFO topics",
                    self.topic.node().path()
                ),
                "subscribe a FIFO SQS queue to the topic and use SqsEventSource on the queue",
            );
        }
        if let Some(policy) = &self.filter_policy {
            if !policy.is_map() {
                scope.node().add_error(
                    "the filter policy is not a JSON object",
                    "a filter policy looks like {\"severity\": [\"high\"]}",
                );
            }
        }
        // Plain template: the permission and subscription SAM would generate. SAM template:
        // an `SNS` event.
        function
            .add_trigger_permission(
                function,
                &format!("AllowInvoke:{}", node_unique_id(self.topic.node())),
                Permission::new(Principal::service("sns.amazonaws.com"))
                    .source_arn(self.topic.topic_arn()),
            )
            .only_in(Flavor::Cfn);
        let subscription = CfnResource::new(&scope, "Resource", "AWS::SNS::Subscription");
        subscription
            .only_in(Flavor::Cfn)
            .set_property("Endpoint", function.trigger_arn());
        let mut sam: Vec<(&str, Value)> = Vec::new();
        if let Some(policy) = &self.filter_policy {
            subscription.set_property("FilterPolicy", policy.clone());
            sam.push(("FilterPolicy", policy.clone()));
        }
        subscription
            .set_property("Protocol", "lambda")
            .set_property("TopicArn", self.topic.topic_arn());
        sam.push(("Topic", self.topic.topic_arn().into()));
        function.add_sam_event(
            &format!("Sns{topic_id}"),
            Value::map([("Properties", Value::map(sam)), ("Type", "SNS".into())]),
        );
        function.register_trigger(&subscription);
    }
}
