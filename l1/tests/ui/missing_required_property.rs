use cfn_l1::dynamodb::table;

fn main() {
    // `KeyType` is required: `build()` must not compile without it.
    let _ = table::KeySchema::builder().attribute_name("Image").build();
}
