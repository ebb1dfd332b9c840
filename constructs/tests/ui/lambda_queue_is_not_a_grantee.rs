// A queue has no IAM role: it cannot receive a grant. Grantees are roles and constructs that
// run with one, such as `lambda::Function`.
use cdk_core::{App, Stack};
use constructs::sqs::Queue;

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let queue = Queue::new(&stack, "Queue").build();
    let other_queue = Queue::new(&stack, "Other").build();
    queue.grant_send_messages(&other_queue);
}
