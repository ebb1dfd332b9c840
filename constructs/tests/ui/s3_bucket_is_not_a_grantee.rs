// A bucket has no IAM role, so it cannot receive a grant: `grant_read` wants a Grantable
// (a role, or a construct that runs with one, such as a Lambda function).
use cdk_core::{App, Stack};
use constructs::s3::Bucket;

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let source = Bucket::new(&stack, "Source").build();
    let copy = Bucket::new(&stack, "Copy").build();
    source.grant_read(&copy);
}
