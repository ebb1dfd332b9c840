//! The Map state: `Items` (JSONata), and the distributed Map (child executions, an S3 item
//! reader for a JSON/CSV object or a bucket listing, a result writer, batching, label,
//! tolerated failures), with the statements its role needs and what AWS rejects as synth
//! errors; the real tools on a stack that uses them.

mod support;

use std::path::PathBuf;

use cdk_core::{App, Flavor, Stack};
use constructs::s3::{Bucket, BucketEncryption};
use constructs::stepfunctions::{
    Chain, ChildExecution, CsvHeaders, DistributedMap, IntoChain, ItemBatcher, ItemReader, Map,
    Pass, QueryLanguage, ResultWriter, StateMachine, StateMachineType,
};
use serde_json::{json, Value};

/// The resources of `template` whose `aws:cdk:path` is `path`.
fn at<'a>(template: &'a Value, path: &str) -> &'a Value {
    template["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["Metadata"]["aws:cdk:path"] == path)
        .unwrap_or_else(|| panic!("no resource at {path}"))
}

fn logical_id(template: &Value, path: &str) -> String {
    template["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, r)| r["Metadata"]["aws:cdk:path"] == path)
        .map(|(k, _)| k.clone())
        .unwrap()
}

/// Machine `S/M` (of `kind`, JSONPath unless `language`) from `define`; the diagnostics'
/// messages, or none after asl-validator accepted both templates.
fn errors_in(
    kind: StateMachineType,
    language: QueryLanguage,
    define: impl FnOnce(&Stack) -> Chain,
) -> Vec<String> {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let start = define(&stack);
    StateMachine::new(&stack, "M", &start)
        .state_machine_type(kind)
        .query_language(language)
        .build();
    match app.assemble() {
        Ok(_) => {
            for flavor in [Flavor::Cfn, Flavor::Sam] {
                let template = stack.template_of(flavor).expect("synthesizes");
                assert_eq!(cdk_validators::assert_template_asl_valid(&template), 1);
            }
            Vec::new()
        }
        Err(e) => e
            .diagnostics()
            .iter()
            .map(|d| {
                assert_eq!(d.path, "S/M", "{d:?}");
                d.message.clone()
            })
            .collect(),
    }
}

fn errors(define: impl FnOnce(&Stack) -> Chain) -> Vec<String> {
    errors_in(StateMachineType::Standard, QueryLanguage::JsonPath, define)
}

fn one(messages: Vec<String>, needle: &str) {
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(messages[0].contains(needle), "{messages:#?}");
}

fn distributed() -> DistributedMap {
    DistributedMap::new("Each", ChildExecution::Express).item_processor(&Pass::new("Item"))
}

#[test]
fn items_are_a_jsonata_array_or_expression_and_only_in_jsonata() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let each = Map::new("Each")
        .items(json!("{% $states.input.lines %}"))
        .item_processor(&Pass::new("Line"));
    let literal = Map::new("Fixed")
        .items(json!([1, 2, 3]))
        .item_processor(&Pass::new("Number"));
    let machine = StateMachine::new(&stack, "M", &each.next(&literal))
        .query_language(QueryLanguage::Jsonata)
        .build();
    let d = machine.definition();
    assert_eq!(d["States"]["Each"]["Items"], "{% $states.input.lines %}");
    assert_eq!(d["States"]["Fixed"]["Items"], json!([1, 2, 3]));
    assert_eq!(
        d["States"]["Each"]["ItemProcessor"]["ProcessorConfig"],
        json!({"Mode": "INLINE"})
    );
    for flavor in [Flavor::Cfn, Flavor::Sam] {
        let t = stack.template_of(flavor).unwrap();
        assert_eq!(cdk_validators::assert_template_asl_valid(&t), 1);
    }

    one(
        errors(|_| {
            Map::new("Each")
                .items(json!([1]))
                .item_processor(&Pass::new("I"))
                .to_chain()
        }),
        "a JSONPath state has no JSONata fields, but this one has Items",
    );
    one(
        errors_in(StateMachineType::Standard, QueryLanguage::Jsonata, |_| {
            Map::new("Each")
                .items(json!({"a": 1}))
                .item_processor(&Pass::new("I"))
                .to_chain()
        }),
        "Items is a JSON array or a JSONata expression",
    );
}

#[test]
fn a_distributed_map_reads_from_s3_writes_results_and_grants_what_each_needs() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let data = Bucket::new(&stack, "Data").build();
    let rows = DistributedMap::new("Rows", ChildExecution::Express)
        .item_reader(
            ItemReader::csv(
                &data,
                "input/rows.csv",
                CsvHeaders::Given(vec!["id".into(), "qty".into()]),
            )
            .max_items(1000),
        )
        .item_batcher(
            ItemBatcher::max_items_per_batch(50)
                .and_max_input_bytes(65536)
                .batch_input(json!({"run.$": "$$.Execution.Name"})),
        )
        .result_writer(ResultWriter::new(&data, "results/"))
        .label("Rows")
        .max_concurrency(100)
        .tolerated_failure_percentage(5)
        .tolerated_failure_count(10)
        .item_processor(&Pass::new("Row"))
        .result_path("$.rows");
    let objects = DistributedMap::new("Objects", ChildExecution::Standard)
        .item_reader(ItemReader::list_objects(&data, "incoming/"))
        .tolerated_failure_percentage_path("$.tolerance")
        .item_processor(&Pass::new("Object"));
    let machine = StateMachine::new(&stack, "M", &rows.next(&objects)).build();
    let d = machine.definition();
    assert_eq!(
        d["States"]["Rows"],
        json!({
            "Type": "Map",
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                "StartAt": "Row",
                "States": {"Row": {"Type": "Pass", "End": true}}
            },
            "MaxConcurrency": 100,
            "ItemReader": {
                "Resource": "arn:aws:states:::s3:getObject",
                "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN",
                                 "CSVHeaders": ["id", "qty"], "MaxItems": 1000},
                "Parameters": {"Bucket": "${DataName}", "Key": "input/rows.csv"}
            },
            "ItemBatcher": {"MaxItemsPerBatch": 50, "MaxInputBytesPerBatch": 65536,
                            "BatchInput": {"run.$": "$$.Execution.Name"}},
            "ResultWriter": {
                "Resource": "arn:aws:states:::s3:putObject",
                "Parameters": {"Bucket": "${DataName}", "Prefix": "results/"}
            },
            "Label": "Rows",
            "ToleratedFailurePercentage": 5,
            "ToleratedFailureCount": 10,
            "ResultPath": "$.rows",
            "Next": "Objects"
        })
    );
    assert_eq!(
        d["States"]["Objects"]["ItemReader"],
        json!({"Resource": "arn:aws:states:::s3:listObjectsV2",
               "Parameters": {"Bucket": "${DataName}", "Prefix": "incoming/"}})
    );
    assert_eq!(
        d["States"]["Objects"]["ToleratedFailurePercentagePath"],
        "$.tolerance"
    );

    let t = stack.template().unwrap();
    let bucket = logical_id(&t, "S/Data/Resource");
    let statements =
        &at(&t, "S/M/Role/DefaultPolicy/Resource")["Properties"]["PolicyDocument"]["Statement"];
    let bucket_arn = json!({"Fn::GetAtt": [bucket, "Arn"]});
    let objects_arn = |pattern: &str| json!({"Fn::Join": ["", [bucket_arn, pattern]]});
    assert_eq!(
        statements,
        &json!([
            {"Action": "s3:GetObject", "Effect": "Allow", "Resource": objects_arn("/input/rows.csv")},
            {"Action": ["s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts",
                        "s3:PutObject"],
             "Effect": "Allow", "Resource": objects_arn("/results/*")},
            {"Action": "s3:ListBucket", "Effect": "Allow", "Resource": bucket_arn,
             "Condition": {"StringLike": {"s3:prefix": "incoming/*"}}}
        ])
    );

    // The grants on the machine itself: a policy of its own that the machine does not wait
    // for (its ARN in the default policy would be a cycle).
    let machine_id = logical_id(&t, "S/M/Resource");
    let policy_id = logical_id(&t, "S/M/DistributedMapPolicy/Resource");
    let policy = &t["Resources"][&policy_id]["Properties"];
    assert_eq!(policy["PolicyName"], policy_id.as_str());
    assert_eq!(
        policy["Roles"],
        json!([{"Ref": logical_id(&t, "S/M/Role/Resource")}])
    );
    let s = &policy["PolicyDocument"]["Statement"];
    assert_eq!(s[0]["Action"], "states:StartExecution");
    assert_eq!(s[0]["Resource"], json!({"Ref": machine_id}));
    assert_eq!(
        s[1]["Action"],
        json!(["states:DescribeExecution", "states:StopExecution"])
    );
    // `Objects` has no label, so every child execution of the machine (`<name>/*`).
    let children = s[1]["Resource"]["Fn::Join"][1].as_array().unwrap();
    assert_eq!(children[7], json!({"Fn::GetAtt": [machine_id, "Name"]}));
    assert_eq!(children[8], "/*");
    let depends = t["Resources"][&machine_id]["DependsOn"].to_string();
    assert!(!depends.contains(&policy_id), "{depends}");
}

#[test]
fn a_literal_label_narrows_the_grant_on_child_executions_and_a_cmk_adds_key_actions() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let data = Bucket::new(&stack, "Data")
        .encryption(BucketEncryption::kms(
            "arn:aws:kms:eu-west-1:111122223333:key/abc",
        ))
        .build();
    let each = DistributedMap::new("Each", ChildExecution::Standard)
        .item_reader(ItemReader::json(&data, "items.json"))
        .result_writer(ResultWriter::new(&data, ""))
        .label("Items")
        .item_processor(&Pass::new("Item"));
    StateMachine::new(&stack, "M", &each).build();
    let t = stack.template().unwrap();
    let s =
        &at(&t, "S/M/DistributedMapPolicy/Resource")["Properties"]["PolicyDocument"]["Statement"];
    let children = s[1]["Resource"]["Fn::Join"][1].as_array().unwrap();
    assert_eq!(children[8], "/Items:*");
    let statements = at(&t, "S/M/Role/DefaultPolicy/Resource")["Properties"]["PolicyDocument"]
        ["Statement"]
        .as_array()
        .unwrap()
        .clone();
    let key = json!("arn:aws:kms:eu-west-1:111122223333:key/abc");
    let on_key: Vec<&Value> = statements
        .iter()
        .filter(|s| s["Resource"] == key)
        .map(|s| &s["Action"])
        .collect();
    assert!(on_key.iter().any(|a| a.to_string().contains("kms:Decrypt")));
    assert!(on_key
        .iter()
        .any(|a| a.to_string().contains("kms:GenerateDataKey*")));
    // The writer at the bucket's root: every object.
    assert!(statements
        .iter()
        .any(|s| s["Action"][0] == "s3:AbortMultipartUpload"
            && s["Resource"]["Fn::Join"][1][1] == "/*"));
}

#[test]
fn a_jsonata_distributed_map_passes_arguments_to_its_reader_and_writer() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let data = Bucket::new(&stack, "Data").build();
    let each = DistributedMap::new("Each", ChildExecution::Standard)
        .item_reader(ItemReader::json_lines(&data, "items.jsonl"))
        .result_writer(ResultWriter::new(&data, "out"))
        .tolerated_failure_count(3)
        .item_processor(&Pass::new("Item"));
    let machine = StateMachine::new(&stack, "M", &each)
        .query_language(QueryLanguage::Jsonata)
        .build();
    let state = &machine.definition()["States"]["Each"];
    assert_eq!(
        state["ItemReader"],
        json!({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
               "Arguments": {"Bucket": "${DataName}", "Key": "items.jsonl"}})
    );
    assert_eq!(
        state["ResultWriter"]["Arguments"],
        json!({"Bucket": "${DataName}", "Prefix": "out"})
    );
    for flavor in [Flavor::Cfn, Flavor::Sam] {
        let t = stack.template_of(flavor).unwrap();
        assert_eq!(cdk_validators::assert_template_asl_valid(&t), 1);
    }
    one(
        errors_in(StateMachineType::Standard, QueryLanguage::Jsonata, |_| {
            distributed().tolerated_failure_count_path("$.n").to_chain()
        }),
        "ToleratedFailureCountPath",
    );
}

#[test]
fn what_aws_rejects_in_a_distributed_map_is_a_synth_error() {
    one(
        errors(|_| distributed().tolerated_failure_percentage(101).to_chain()),
        "ToleratedFailurePercentage is 0 to 100, not 101",
    );
    one(
        errors(|_| distributed().label(&"L".repeat(41)).to_chain()),
        "a Map's Label has 1 to 40 characters, this one 41",
    );
    one(
        errors(|_| distributed().label("my label").to_chain()),
        "has characters AWS does not allow",
    );
    one(
        errors(|_| distributed().label("a/b").to_chain()),
        "has characters AWS does not allow",
    );
    one(
        errors(|_| {
            let second = DistributedMap::new("Again", ChildExecution::Standard)
                .label("Run")
                .item_processor(&Pass::new("Other"));
            distributed().label("Run").next(&second)
        }),
        "the Label `Run` is also the label of `Each`",
    );
    one(
        errors(|_| {
            distributed()
                .item_batcher(ItemBatcher::max_input_bytes_per_batch(300_000))
                .to_chain()
        }),
        "MaxInputBytesPerBatch is 1 to 262144 (256 KiB), not 300000",
    );
    one(
        errors(|_| {
            distributed()
                .item_batcher(ItemBatcher::max_items_per_batch(0))
                .to_chain()
        }),
        "MaxItemsPerBatch is at least 1",
    );
    one(
        errors(|_| {
            distributed()
                .item_batcher(ItemBatcher::max_items_per_batch(10).batch_input(json!([1])))
                .to_chain()
        }),
        "BatchInput is a JSON object",
    );
    one(
        errors(|s| {
            let b = Bucket::new(s, "B").build();
            distributed()
                .item_reader(ItemReader::json(&b, "k").max_items(0))
                .to_chain()
        }),
        "the item reader's MaxItems is at least 1",
    );
    one(
        errors(|_| DistributedMap::new("Each", ChildExecution::Standard).to_chain()),
        "a Map state needs an item processor",
    );
    one(
        errors_in(StateMachineType::Express, QueryLanguage::JsonPath, |_| {
            distributed().to_chain()
        }),
        "the state runs in an EXPRESS execution, which does not support a distributed Map",
    );
    assert!(errors(|_| distributed().label("Fine-Label_1").to_chain()).is_empty());
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn distributed_maps_pass_every_validator() {
    let root = TempDir(std::env::temp_dir().join(format!("sfn-map-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&root.0);
    let out = root.0.join("synth-out");
    let app = App::with_out_dir(&out);
    let stack = Stack::new(&app, "Maps");
    let data = Bucket::new(&stack, "Data").build();
    let rows = DistributedMap::new("Rows", ChildExecution::Express)
        .item_reader(ItemReader::csv(&data, "in/rows.csv", CsvHeaders::FirstRow))
        .item_batcher(ItemBatcher::max_items_per_batch(25))
        .result_writer(ResultWriter::new(&data, "out"))
        .label("Rows")
        .tolerated_failure_percentage(10)
        .item_processor(&Pass::new("Row"))
        .result_path("$.rows");
    let listing = DistributedMap::new("Listing", ChildExecution::Standard)
        .item_reader(ItemReader::list_objects(&data, "in/"))
        .tolerated_failure_count(2)
        .item_processor(&Pass::new("Object"));
    let inline = Map::new("Inline")
        .items_path("$.lines")
        .item_processor(&Pass::new("Line"))
        .discard_result();
    StateMachine::new(&stack, "M", &rows.next(&inline).next(&listing)).build();
    let jsonata = Map::new("Each")
        .items(json!("{% $states.input.lines %}"))
        .item_processor(&Pass::new("Line"));
    StateMachine::new(&stack, "J", &jsonata)
        .query_language(QueryLanguage::Jsonata)
        .build();
    app.write().expect("synthesizes");

    support::assert_real_tools_accept(&out, "Maps", 0);
    support::assert_asl_valid(&out, "Maps", 2);
}
