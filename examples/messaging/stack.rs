//! Two stacks built from `cdk-core` alone (no typed constructs): a topic fanning out to a
//! queue with a dead-letter queue, and a consumer stack whose queue uses the first stack's
//! dead-letter queue — a cross-stack reference that synthesis turns into an `Export` and an
//! `Fn::ImportValue`. Also shows a parameter, a condition and `Fn::If`.

use cdk_core::checks::Checks;
use cdk_core::{
    fns, App, Aws, CfnCondition, CfnOutput, CfnParameter, CfnResource, Num, ParameterType,
    RemovalPolicy, Stack, Value,
};

/// Adds the `MessagingCore` and `MessagingConsumer` stacks to `app`.
pub fn define(app: &App) {
    let core = Stack::new(app, "MessagingCore");
    core.set_description("SNS topic fanning out to an SQS queue, with a dead-letter queue");

    let env = CfnParameter::new(&core, "Environment", ParameterType::String);
    env.default_value("dev")
        .allowed_values(["dev", "prod"])
        .description("Deployment environment; prod keeps messages longer");
    let is_prod = CfnCondition::new(&core, "IsProd", fns::equals(env.value_as_string(), "prod"));

    let dlq = CfnResource::new(&core, "DeadLetterQueue", "AWS::SQS::Queue");
    dlq.set_property("MessageRetentionPeriod", 1_209_600)
        .set_property("SqsManagedSseEnabled", true)
        .apply_removal_policy(RemovalPolicy::Destroy);

    let retention: Num = fns::if_(&is_prod, 1_209_600, 345_600);
    let queue = CfnResource::new(&core, "Queue", "AWS::SQS::Queue");
    queue
        .set_property("MessageRetentionPeriod", retention)
        .set_property("SqsManagedSseEnabled", true)
        .set_property(
            "RedrivePolicy",
            Value::map([
                ("deadLetterTargetArn", Value::from(dlq.get_att("Arn"))),
                ("maxReceiveCount", Value::from(5)),
            ]),
        )
        .apply_removal_policy(RemovalPolicy::Destroy);

    let topic = CfnResource::new(&core, "Topic", "AWS::SNS::Topic");
    topic.set_property(
        "KmsMasterKeyId",
        fns::sub(
            "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/sns",
            [],
        ),
    );

    let policy = CfnResource::new(&core, "QueuePolicy", "AWS::SQS::QueuePolicy");
    policy
        .set_property("Queues", Value::list([queue.ref_()]))
        .set_property(
            "PolicyDocument",
            serde_json::json!({ "Version": "2012-10-17" }),
        )
        .add_property_override(
            "PolicyDocument.Statement",
            Value::list([Value::map([
                ("Effect", Value::from("Allow")),
                (
                    "Principal",
                    Value::map([("Service", Value::from("sns.amazonaws.com"))]),
                ),
                ("Action", Value::from("sqs:SendMessage")),
                ("Resource", Value::from(queue.get_att("Arn"))),
                (
                    "Condition",
                    Value::map([(
                        "ArnEquals",
                        Value::map([("aws:SourceArn", Value::from(topic.ref_()))]),
                    )]),
                ),
            ])]),
        );

    let subscription = CfnResource::new(&core, "Subscription", "AWS::SNS::Subscription");
    subscription
        .set_property("TopicArn", topic.ref_())
        .set_property("Protocol", "sqs")
        .set_property("Endpoint", queue.get_att("Arn"))
        .set_property("RawMessageDelivery", true)
        .add_dependency(&policy);

    CfnOutput::new(&core, "TopicArn", topic.ref_()).description("Publish here");
    CfnOutput::new(&core, "QueueUrl", queue.ref_()).description("Consume from here");
    CfnOutput::new(&core, "Region", fns::join("", [Aws::region()]));

    // A second stack that uses the first stack's dead-letter queue.
    // The security pack's findings these stacks accept (`cargo run -- check`).
    crate::acks::queue_tls(&core);
    Checks::of(&topic).acknowledge(
        "AwsSolutions-SNS3",
        "no topic policy lets another principal publish: only IAM principals of this account that are granted sns:Publish can, through the AWS SDK over HTTPS",
    );

    let consumer = Stack::new(app, "MessagingConsumer");
    crate::acks::queue_tls(&consumer);
    consumer.set_description(
        "A work queue whose failed messages go to MessagingCore's dead-letter queue",
    );
    let work = CfnResource::new(&consumer, "WorkQueue", "AWS::SQS::Queue");
    work.set_property("SqsManagedSseEnabled", true)
        .set_property(
            "RedrivePolicy",
            Value::map([
                ("deadLetterTargetArn", Value::from(dlq.get_att("Arn"))),
                ("maxReceiveCount", Value::from(3)),
            ]),
        )
        .apply_removal_policy(RemovalPolicy::Destroy);
    CfnOutput::new(&consumer, "WorkQueueUrl", work.ref_());
}
