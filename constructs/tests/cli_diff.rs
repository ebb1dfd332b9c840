//! `diff` on real constructs: the program's stacks synthesized once into a folder, then
//! changed and compared with it through `constructs::cli` (AWS's replacement and stateful
//! facts, the IAM reader). Each test pins the whole output (a snapshot, reviewed).

use std::path::PathBuf;

use cdk_core::{App, RemovalPolicy, Stack};
use constructs::dynamodb::{Attribute, Table};
use constructs::lambda::{Code, Function, Runtime};
use constructs::s3::Bucket;
use constructs::sqs::Queue;

const PY: &str = "def handler(event, context):\n    return None\n";

/// A fresh output folder for one test, removed on drop.
struct Out(PathBuf);

impl Out {
    fn new(tag: &str) -> Out {
        let dir = std::env::temp_dir().join(format!("cli-diff-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        Out(dir)
    }
}

impl Drop for Out {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn app_in(out: &Out, define: impl Fn(&Stack)) -> App {
    let app = App::with_out_dir(&out.0);
    let stack = Stack::new(&app, "Shop");
    define(&stack);
    app
}

/// Runs the command line on `app`: (exit code, stdout with the output folder as `<out>`,
/// stderr).
fn run(app: &App, out: &Out, args: &[&str]) -> (u8, String, String) {
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let mut argv = vec!["shop"];
    argv.extend_from_slice(args);
    let code = constructs::cli::cli(app)
        .color(false)
        .run_with(argv, &mut o, &mut e);
    let shown = out.0.display().to_string();
    (
        code,
        String::from_utf8(o).unwrap().replace(&shown, "<out>"),
        String::from_utf8(e).unwrap(),
    )
}

/// Synthesizes `before` into a fresh folder, then diffs `after` against it.
fn diff(tag: &str, before: impl Fn(&Stack), after: impl Fn(&Stack), args: &[&str]) -> (u8, String) {
    let out = Out::new(tag);
    app_in(&out, before)
        .write()
        .expect("the first version synthesizes");
    let (code, stdout, stderr) = run(&app_in(&out, after), &out, args);
    if std::env::var_os("SHOW_DIFF").is_some() {
        eprintln!("===== {tag}\n{stdout}=====");
    }
    assert_eq!(stderr, "", "diff wrote to stderr");
    (code, stdout)
}

fn handler(stack: &Stack, memory: u32) -> Function {
    Function::new(
        stack,
        "Handler",
        Runtime::PYTHON_3_13,
        Code::from_inline(PY),
        "index.handler",
    )
    .memory_size(memory)
    .build()
}

#[test]
fn no_differences() {
    let (code, out) = diff(
        "same",
        |s| {
            Queue::new(s, "Jobs").build();
        },
        |s| {
            Queue::new(s, "Jobs").build();
        },
        &["diff", "--fail"],
    );
    assert_eq!(
        out,
        "Stack Shop (against <out>/Shop.template.json)\n\
         There were no differences\n\
         \n\
         Number of stacks with differences: 0\n"
    );
    assert_eq!(code, 0, "--fail exits 0 without differences");
}

#[test]
fn an_added_resource() {
    let (code, out) = diff(
        "add",
        |s| {
            Queue::new(s, "Jobs").build();
        },
        |s| {
            Queue::new(s, "Jobs").build();
            Queue::new(s, "Dead").build();
        },
        &["diff"],
    );
    assert_eq!(
        out,
        "Stack Shop (against <out>/Shop.template.json)\n\
         Resources\n\
         [+] AWS::SQS::Queue Dead DeadB2807C34\n\
         \n\
         Number of stacks with differences: 1\n"
    );
    assert_eq!(code, 0, "differences without --fail exit 0");
}

#[test]
fn a_removed_stateful_resource_is_destroyed_with_its_data() {
    let (code, out) = diff(
        "remove",
        |s| {
            Queue::new(s, "Jobs").build();
            Queue::new(s, "Dead").build();
        },
        |s| {
            Queue::new(s, "Jobs").build();
        },
        &["diff", "--fail"],
    );
    assert_eq!(
        out,
        "Stack Shop (against <out>/Shop.template.json)\n\
         Resources\n\
         [-] AWS::SQS::Queue Dead DeadB2807C34 destroy !! stateful: its data is lost\n\
         \n\
         Number of stacks with differences: 1\n"
    );
    assert_eq!(code, 1, "--fail exits 1 on differences");
}

#[test]
fn a_modified_property_updates_in_place() {
    let (_, out) = diff(
        "modify",
        |s| drop(handler(s, 128)),
        |s| drop(handler(s, 256)),
        &["diff"],
    );
    assert_eq!(
        out,
        "Stack Shop (against <out>/Shop.template.json)\n\
         Resources\n\
         [~] AWS::Lambda::Function Handler Handler886CB40B\n\
         \x20└─ [~] MemorySize\n\
         \x20    ├─ [-] 128\n\
         \x20    └─ [+] 256\n\
         \n\
         Number of stacks with differences: 1\n"
    );
}

#[test]
fn a_replacing_change_of_a_stateful_table() {
    let (_, out) = diff(
        "replace",
        |s| {
            Table::new(s, "Orders", Attribute::string("Id")).build();
            Table::new(s, "Carts", Attribute::string("Id"))
                .removal_policy(RemovalPolicy::Destroy)
                .build();
        },
        |s| {
            Table::new(s, "Orders", Attribute::string("Id"))
                .sort_key(Attribute::string("Created"))
                .build();
            Table::new(s, "Carts", Attribute::string("Id"))
                .removal_policy(RemovalPolicy::Destroy)
                .sort_key(Attribute::string("Created"))
                .build();
        },
        &["diff"],
    );
    assert_eq!(
        out,
        "Stack Shop (against <out>/Shop.template.json)\n\
         Resources\n\
         [~] AWS::DynamoDB::Table Orders OrdersA9B65338 replace (the old one is kept: UpdateReplacePolicy Retain)\n\
         \x20├─ [~] AttributeDefinitions\n\
         \x20│   └─ [+] [1]: {\"AttributeName\":\"Created\",\"AttributeType\":\"S\"}\n\
         \x20└─ [~] KeySchema (requires replacement)\n\
         \x20    └─ [+] [1]: {\"AttributeName\":\"Created\",\"KeyType\":\"RANGE\"}\n\
         [~] AWS::DynamoDB::Table Carts CartsEE95721F replace !! stateful: its data is lost\n\
         \x20├─ [~] AttributeDefinitions\n\
         \x20│   └─ [+] [1]: {\"AttributeName\":\"Created\",\"AttributeType\":\"S\"}\n\
         \x20└─ [~] KeySchema (requires replacement)\n\
         \x20    └─ [+] [1]: {\"AttributeName\":\"Created\",\"KeyType\":\"RANGE\"}\n\
         \n\
         Number of stacks with differences: 1\n"
    );
}

#[test]
fn iam_statement_changes() {
    let (_, out) = diff(
        "iam",
        |s| {
            let f = handler(s, 128);
            let b = Bucket::new(s, "Images").build();
            b.grant_read(&f);
        },
        |s| {
            let f = handler(s, 128);
            let b = Bucket::new(s, "Images").build();
            b.grant_read_write(&f);
        },
        &["diff"],
    );
    assert_eq!(
        out,
        "Stack Shop (against <out>/Shop.template.json)\n\
         IAM Statement Changes\n\
         ┌───┬─────────────────────────┬────────┬────────────────────────────┬───────────────────────────────────┬───────────┐\n\
         │   │ Resource                │ Effect │ Action                     │ Principal                         │ Condition │\n\
         ├───┼─────────────────────────┼────────┼────────────────────────────┼───────────────────────────────────┼───────────┤\n\
         │ + │ ${Images2D38C313.Arn}   │ Allow  │ s3:Abort*                  │ AWS:${HandlerServiceRoleFCDC14AE} │           │\n\
         │   │ ${Images2D38C313.Arn}/* │        │ s3:DeleteObject*           │                                   │           │\n\
         │   │                         │        │ s3:GetBucket*              │                                   │           │\n\
         │   │                         │        │ s3:GetObject*              │                                   │           │\n\
         │   │                         │        │ s3:List*                   │                                   │           │\n\
         │   │                         │        │ s3:PutObject               │                                   │           │\n\
         │   │                         │        │ s3:PutObjectLegalHold      │                                   │           │\n\
         │   │                         │        │ s3:PutObjectRetention      │                                   │           │\n\
         │   │                         │        │ s3:PutObjectTagging        │                                   │           │\n\
         │   │                         │        │ s3:PutObjectVersionTagging │                                   │           │\n\
         ├───┼─────────────────────────┼────────┼────────────────────────────┼───────────────────────────────────┼───────────┤\n\
         │ - │ ${Images2D38C313.Arn}   │ Allow  │ s3:GetBucket*              │ AWS:${HandlerServiceRoleFCDC14AE} │           │\n\
         │   │ ${Images2D38C313.Arn}/* │        │ s3:GetObject*              │                                   │           │\n\
         │   │                         │        │ s3:List*                   │                                   │           │\n\
         └───┴─────────────────────────┴────────┴────────────────────────────┴───────────────────────────────────┴───────────┘\n\
         \n\
         Resources\n\
         [~] AWS::IAM::Policy Handler/ServiceRole/DefaultPolicy HandlerServiceRoleDefaultPolicyCBD0CC91\n\
         \x20└─ [~] PolicyDocument\n\
         \x20    ├─ [+] .Statement[0].Action[0]: s3:Abort*\n\
         \x20    ├─ [+] .Statement[0].Action[1]: s3:DeleteObject*\n\
         \x20    ├─ [+] .Statement[0].Action[5]: s3:PutObject\n\
         \x20    ├─ [+] .Statement[0].Action[6]: s3:PutObjectLegalHold\n\
         \x20    ├─ [+] .Statement[0].Action[7]: s3:PutObjectRetention\n\
         \x20    ├─ [+] .Statement[0].Action[8]: s3:PutObjectTagging\n\
         \x20    └─ [+] .Statement[0].Action[9]: s3:PutObjectVersionTagging\n\
         \n\
         Number of stacks with differences: 1\n"
    );
}

#[test]
fn json_output_lists_every_difference() {
    let (_, out) = diff(
        "json",
        |s| {
            Table::new(s, "Orders", Attribute::string("Id")).build();
        },
        |s| {
            Table::new(s, "Orders", Attribute::string("Id"))
                .sort_key(Attribute::string("Created"))
                .build();
        },
        &["diff", "--json"],
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("--json prints JSON");
    let d = &v[0]["differences"][0];
    assert_eq!(v[0]["stack"], "Shop");
    assert_eq!(v[0]["differences"].as_array().map(Vec::len), Some(1));
    assert_eq!(d["type"], "AWS::DynamoDB::Table");
    assert_eq!(d["path"], "Orders");
    assert_eq!(d["impact"], "replace");
    assert_eq!(d["oldKept"], true);
    assert_eq!(d["dataLoss"], false);
    assert_eq!(d["properties"][1]["name"], "KeySchema");
    assert_eq!(d["properties"][1]["replacement"], "requires");
    assert_eq!(
        d["properties"][1]["changes"][0],
        serde_json::json!({"path": "[1]", "old": null, "new": {"AttributeName": "Created", "KeyType": "RANGE"}})
    );
    assert_eq!(v[0]["iamStatementChanges"], serde_json::json!([]));
}
