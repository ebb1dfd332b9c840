// EventBridge Scheduler's universal targets aside, a schedule here invokes functions, aliases,
// queues and state machines; a topic is not a `ScheduleTarget`.
use std::time::Duration;

use cdk_core::{App, Stack};
use constructs::scheduler::{Schedule, ScheduleExpression};
use constructs::sns::Topic;

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let topic = Topic::new(&stack, "T").build();
    Schedule::new(&stack, "Tick", ScheduleExpression::rate(Duration::from_secs(60)), &topic).build();
}
