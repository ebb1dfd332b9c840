// A DynamoDB table is not a bucket: an S3 event source needs an `s3::Bucket`.
use cdk_core::{App, Stack};
use constructs::dynamodb::{Attribute, Table};
use constructs::lambda::event_sources::S3EventSource;
use constructs::s3::EventType;

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let table = Table::new(&stack, "T", Attribute::string("Id")).build();
    let _ = S3EventSource::new(&table, [EventType::ObjectCreated]);
}
