// An imported bucket is not part of the stack: its notification configuration cannot be
// changed, so it has neither `enable_event_bridge` nor `add_event_notification`.
use cdk_core::{App, Stack};
use constructs::s3::{Bucket, EventType, NotificationDestination, NotificationKeyFilter};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let shared = Bucket::from_bucket_name(&stack, "Shared", "team-shared-data");
    shared.enable_event_bridge();
    shared.add_event_notification(
        EventType::ObjectCreated,
        NotificationDestination::Queue {
            queue_arn: "arn:aws:sqs:eu-west-1:111122223333:q".into(),
        },
        NotificationKeyFilter::all(),
    );
}
