//! `S3EventSource`: a function invoked by object events of an S3 bucket.

use cdk_core::{Aws, Construct, Value};
use cfn_l1::sam::function as serverless;

use super::{bind_rule, EventSource};
use crate::events::Rule;
use crate::iam::Principal;
use crate::lambda::{Function, Permission};
use crate::s3::{Bucket, EventType, NotificationDestination, NotificationKeyFilter};
use crate::util::node_unique_id;

/// How S3 delivers events to the function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum S3Delivery {
    /// Through Amazon EventBridge (the default): the bucket sends its events to EventBridge
    /// and an `AWS::Events::Rule` (`<function>/S3EventSource:<bucket>`) matching the bucket,
    /// the event types and the key filter invokes the function.
    ///
    /// Why this is the default: a direct notification makes the bucket reference the
    /// function, and a grant on the same bucket makes the function's policy reference the
    /// bucket, a dependency cycle CloudFormation cannot create (AWS CDK works around it with
    /// a custom-resource Lambda, SAM users with a hard-coded bucket name). With EventBridge
    /// the bucket references nothing, so grants and triggers combine freely, the template
    /// deploys in one pass with no custom resource and no fixed name, and other rules can
    /// match the same events. The function receives EventBridge events
    /// (`event["detail"]["bucket"]["name"]`, `event["detail"]["object"]["key"]`), not S3
    /// notification records; AWS service events on the default bus cost nothing.
    #[default]
    EventBridge,
    /// S3 notifications straight to the function (`LambdaConfigurations`), as CDK's and
    /// SAM's S3 events do. The function receives S3 notification records. The invoke
    /// permission is scoped to the account (`SourceAccount`), as SAM's is, because the bucket
    /// must wait for it and so it cannot name the bucket. Do not combine with a grant on the
    /// same bucket to the same function: synth reports the cycle.
    ///
    /// Unlike the other sources, this one is the same in both templates (the bucket's
    /// `NotificationConfiguration` and an `AWS::Lambda::Permission`), not a SAM `S3`
    /// event: SAM's `S3` event rewrites the bucket's `NotificationConfiguration`, which the
    /// [`Bucket`] construct owns (with its EventBridge, queue and topic configurations),
    /// so it would be split between two constructs. What gets deployed is the same. With an
    /// alias, the notification and the permission name the alias.
    Direct,
}

/// Invokes the function when objects of `bucket` are created, removed, restored, ….
///
/// ```
/// use cdk_core::{App, Stack};
/// use constructs::lambda::{Code, Function, Runtime};
/// use constructs::lambda::event_sources::S3EventSource;
/// use constructs::s3::{Bucket, EventType, NotificationKeyFilter};
///
/// let app = App::new();
/// let stack = Stack::new(&app, "Images");
/// let bucket = Bucket::new(&stack, "Uploads").build();
/// let func = Function::new(&stack, "Thumbnailer", Runtime::PYTHON_3_13,
///     Code::from_inline("def handler(event, context):\n    return None\n"), "index.handler").build();
/// func.add_event_source(
///     S3EventSource::new(&bucket, [EventType::ObjectCreated])
///         .filter(NotificationKeyFilter::prefix("uploads/").with_suffix(".jpg")),
/// );
/// bucket.grant_read(&func); // no cycle: delivery goes through EventBridge
/// assert!(stack.template().is_ok());
/// ```
#[derive(Clone, Debug)]
pub struct S3EventSource {
    bucket: Bucket,
    events: Vec<EventType>,
    filter: NotificationKeyFilter,
    delivery: S3Delivery,
}

impl S3EventSource {
    /// Invokes the function for `events` on `bucket`'s objects.
    pub fn new(bucket: &Bucket, events: impl IntoIterator<Item = EventType>) -> S3EventSource {
        S3EventSource {
            bucket: bucket.clone(),
            events: events.into_iter().collect(),
            filter: NotificationKeyFilter::all(),
            delivery: S3Delivery::EventBridge,
        }
    }

    /// Only objects whose keys pass `filter` (default: all objects).
    pub fn filter(mut self, filter: NotificationKeyFilter) -> Self {
        self.filter = filter;
        self
    }

    /// How events reach the function (default: [`S3Delivery::EventBridge`]).
    pub fn delivery(mut self, delivery: S3Delivery) -> Self {
        self.delivery = delivery;
        self
    }

    /// The bucket.
    pub fn bucket(&self) -> &Bucket {
        &self.bucket
    }

    /// The event types.
    pub fn events(&self) -> &[EventType] {
        &self.events
    }

    /// The key filter.
    pub fn key_filter(&self) -> &NotificationKeyFilter {
        &self.filter
    }

    /// The delivery path.
    pub fn delivery_mode(&self) -> S3Delivery {
        self.delivery
    }
}

impl EventSource for S3EventSource {
    fn bind(&self, function: &Function) {
        // Never change a bucket of another app: that app would synthesize the change.
        if !function.node().same_app(self.bucket.node()) {
            function.node().add_error(
                format!(
                    "the S3 event source's bucket `{}` belongs to another App",
                    self.bucket.node().path()
                ),
                "create the function and the bucket in one App (several stacks of one App deploy separately); the bucket's own app must turn on its notifications",
            );
            return;
        }
        let bucket_id = node_unique_id(self.bucket.node());
        match self.delivery {
            S3Delivery::EventBridge => {
                let pattern: Value = self.bucket.event_bridge_pattern(&self.events, &self.filter);
                // Plain template: the rule and permission SAM would generate (so no
                // description: SAM's `EventBridgeRule` event has none). SAM template: an
                // `EventBridgeRule` event with the same pattern.
                let rule = Rule::new(function, &format!("S3EventSource:{bucket_id}"))
                    .event_pattern(pattern.clone())
                    .build();
                bind_rule(&rule, function);
                function.add_sam_event(
                    &format!("S3{}", self.bucket.node().id()),
                    serverless::EventBridgeRuleEvent::builder()
                        .properties(
                            serverless::EventBridgeRuleEventProperties::builder()
                                .pattern(pattern)
                                .state(serverless::State::Enabled)
                                .build(),
                        )
                        .build(),
                );
            }
            S3Delivery::Direct => {
                if self.events.is_empty() {
                    function.node().add_error(
                        "an S3 event source needs at least one event type",
                        "name the events, e.g. [EventType::ObjectCreated]",
                    );
                }
                // As CDK, the permission lives beside the bucket, so the two stay in one
                // stack. As SAM, it is scoped by account only: the bucket must wait for the
                // permission (S3 checks it when the configuration is put), so the permission
                // cannot name the bucket's ARN without a cycle.
                // In both templates (not a SAM `S3` event): see `S3Delivery::Direct`.
                let permission = function.add_trigger_permission(
                    &self.bucket,
                    &format!(
                        "AllowBucketNotificationsTo{}",
                        node_unique_id(function.node())
                    ),
                    Permission::new(Principal::service("s3.amazonaws.com"))
                        .source_account(Aws::account_id()),
                );
                for event in &self.events {
                    self.bucket.add_event_notification(
                        event.clone(),
                        NotificationDestination::Lambda {
                            function_arn: function.trigger_arn(),
                        },
                        self.filter.clone(),
                    );
                }
                // S3 checks that it may invoke the function when the configuration is put.
                self.bucket.resource().add_dependency(&permission);
                permission.set_cycle_hint(
                    "a direct S3 notification makes the bucket wait for the function's invoke permission, and a grant on that bucket makes the function wait for its policy: deliver through EventBridge instead (the default; drop `.delivery(S3Delivery::Direct)`), or remove the grant",
                );
            }
        }
    }
}
