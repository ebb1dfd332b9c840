//! `SnsEventSource`: a function subscribed to an SNS topic.

use cdk_core::{Construct, Flavor, Scope, Value};
use cfn_l1::sam::function as serverless;
use cfn_l1::sns::{subscription::FilterPolicy, CfnSubscription, CfnSubscriptionProps};

use super::EventSource;
use crate::iam::Principal;
use crate::lambda::{Function, Permission, RESOURCE};
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
        let subscription = CfnSubscription::new(
            &scope,
            RESOURCE,
            CfnSubscriptionProps::builder()
                .protocol("lambda")
                .topic_arn(self.topic.topic_arn())
                .endpoint(function.trigger_arn())
                .maybe_filter_policy(self.filter_policy.clone().map(FilterPolicy::Json))
                .build(),
        );
        let subscription = subscription.resource();
        subscription.only_in(Flavor::Cfn);
        let properties = serverless::SNSEventProperties::builder()
            .topic(self.topic.topic_arn())
            .maybe_filter_policy(self.filter_policy.clone())
            .build();
        function.add_sam_event(
            &format!("Sns{topic_id}"),
            serverless::SNSEvent::builder()
                .properties(properties)
                .build(),
        );
        function.register_trigger(subscription);
    }
}
