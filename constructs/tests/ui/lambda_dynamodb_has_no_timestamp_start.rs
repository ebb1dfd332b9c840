// Only Kinesis streams start AT_TIMESTAMP; a DynamoDB stream source takes the two positions
// DynamoDB has, so a Kinesis position does not fit.
use cdk_core::{App, Stack};
use constructs::dynamodb::{Attribute, StreamViewType, Table};
use constructs::lambda::event_sources::{DynamoEventSource, KinesisStartingPosition};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let table = Table::new(&stack, "T", Attribute::string("Id"))
        .stream(StreamViewType::NewImage)
        .build();
    let _ = DynamoEventSource::new(&table)
        .starting_position(KinesisStartingPosition::AtTimestamp(1_700_000_000));
}
