// Deployment hooks are Lambda functions; a queue is not one.
use cdk_core::{App, Stack};
use constructs::lambda::DeploymentPreference;
use constructs::sqs::Queue;

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let queue = Queue::new(&stack, "Q").build();
    let _p = DeploymentPreference::all_at_once().pre_traffic(&queue);
}
