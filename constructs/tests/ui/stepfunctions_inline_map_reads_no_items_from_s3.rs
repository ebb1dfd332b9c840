// An item reader, a result writer and tolerated failures are distributed-Map fields: an
// inline Map does not have them (AWS rejects them there).
use cdk_core::{App, Stack};
use constructs::s3::Bucket;
use constructs::stepfunctions::{ItemReader, Map};

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let bucket = Bucket::new(&stack, "B").build();
    Map::new("Each").item_reader(ItemReader::json(&bucket, "items.json"));
}
