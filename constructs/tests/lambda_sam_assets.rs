//! Changing one byte of a function's code folder changes exactly the asset hash, the
//! `Code` / `CodeUri` path and the version's logical ID (and the references to it), and
//! nothing else: two synths into temporary folders, compared structurally.

use std::path::{Path, PathBuf};

use cdk_core::{App, Stack};
use constructs::cloudwatch::{Alarm, TreatMissingData};
use constructs::lambda::event_sources::SqsEventSource;
use constructs::lambda::{Code, DeploymentPreference, Function, Runtime};
use constructs::sqs::Queue;
use serde_json::Value as Json;

const HANDLER: &str = "def handler(event, context):\n    return 'version A'\n";

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The stack of the canary example, with its code in `code`.
fn synth(code: &Path, out: &Path) {
    let app = App::with_out_dir(out);
    let stack = Stack::new(&app, "Canary");
    let hook = Function::new(
        &stack,
        "PreTraffic",
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(event, context):\n    return None\n"),
        "index.handler",
    )
    .function_name("CodeDeployHook_CanaryPreTraffic")
    .build();
    let jobs = Queue::new(&stack, "Jobs").build();
    let worker = Function::new(
        &stack,
        "Worker",
        Runtime::PYTHON_3_13,
        Code::from_asset(code),
        "index.handler",
    )
    .auto_publish_alias("live")
    .deployment_preference(DeploymentPreference::canary_10_percent_5_minutes().pre_traffic(&hook))
    .build();
    worker.add_event_source(SqsEventSource::new(&jobs));
    let errors = Alarm::new(&stack, "Errors", &worker.alias().metric_errors(), 1)
        .treat_missing_data(TreatMissingData::NotBreaching)
        .build();
    worker.add_deployment_alarm(&errors);
    app.write().expect("synthesizes");
}

fn read(path: &Path) -> Json {
    serde_json::from_str(&std::fs::read_to_string(path).expect("template")).expect("json")
}

/// The paths (`a.b.0.c`) at which `a` and `b` differ: a changed leaf, or a key or list item
/// that only one side has.
fn diff(a: &Json, b: &Json, path: &str, out: &mut Vec<String>) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => diff(v, w, &join(k), out),
                    None => out.push(format!("-{}", join(k))),
                }
            }
            for k in y.keys().filter(|k| !x.contains_key(*k)) {
                out.push(format!("+{}", join(k)));
            }
        }
        (Json::Array(x), Json::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                diff(v, w, &join(&i.to_string()), out);
            }
        }
        _ if a != b => out.push(path.to_string()),
        _ => {}
    }
}

fn asset_hashes(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(out.join("assets"))
        .expect("assets/")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn one_byte_of_code_changes_the_asset_the_code_path_and_the_version_and_nothing_else() {
    let root =
        TempDir(std::env::temp_dir().join(format!("lambda-sam-assets-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&root.0);
    let code = root.0.join("code");
    std::fs::create_dir_all(&code).unwrap();
    std::fs::write(code.join("index.py"), HANDLER).unwrap();
    let (out_a, out_b, out_a2) = (root.0.join("a"), root.0.join("b"), root.0.join("a2"));
    synth(&code, &out_a);
    synth(&code, &out_a2);
    std::fs::write(code.join("index.py"), HANDLER.replace("A'", "B'")).unwrap();
    synth(&code, &out_b);

    let (hash_a, hash_b) = (asset_hashes(&out_a), asset_hashes(&out_b));
    assert_eq!(hash_a.len(), 1);
    assert_eq!(hash_b.len(), 1);
    assert_ne!(hash_a, hash_b, "the asset hash follows the content");
    let (ha, hb) = (&hash_a[0], &hash_b[0]);

    // Unchanged code: the same bytes, every file.
    for name in ["Canary.template.json", "Canary.sam.json", "manifest.json"] {
        assert_eq!(
            std::fs::read(out_a.join(name)).unwrap(),
            std::fs::read(out_a2.join(name)).unwrap(),
            "{name} differs between two synths of the same code"
        );
    }

    // Plain template.
    let (a, b) = (
        read(&out_a.join("Canary.template.json")),
        read(&out_b.join("Canary.template.json")),
    );
    let version = |t: &Json| -> String {
        let ids: Vec<&String> = t["Resources"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, r)| r["Type"] == "AWS::Lambda::Version")
            .map(|(k, _)| k)
            .collect();
        assert_eq!(ids.len(), 1);
        ids[0].clone()
    };
    let (va, vb) = (version(&a), version(&b));
    assert_ne!(va, vb, "new code, new version");
    let worker = va.split("Version").next().unwrap().to_string();
    let mut changes = Vec::new();
    diff(&a, &b, "", &mut changes);
    changes.sort();
    let mut expected = vec![
        format!("+Resources.{vb}"),
        format!("-Resources.{va}"),
        format!("Resources.{worker}.Properties.Code"),
        format!("Resources.{worker}Aliaslive.Properties.FunctionVersion.Fn::GetAtt.0"),
        // The hook may invoke exactly the version under test.
        format!(
            "Resources.{}.Properties.PolicyDocument.Statement.1.Resource.Ref",
            a["Resources"]
                .as_object()
                .unwrap()
                .keys()
                .find(|k| k.starts_with("PreTrafficServiceRoleDefaultPolicy"))
                .unwrap()
        ),
    ];
    expected.sort();
    assert_eq!(changes, expected);
    assert_eq!(
        a["Resources"][&worker]["Properties"]["Code"],
        format!("assets/{ha}")
    );
    assert_eq!(
        b["Resources"][&worker]["Properties"]["Code"],
        format!("assets/{hb}")
    );
    // The new version is the old one under its new name.
    assert_eq!(a["Resources"][&va], b["Resources"][&vb]);

    // SAM template: only the code path (SAM derives the version from it at deploy time).
    let (a, b) = (
        read(&out_a.join("Canary.sam.json")),
        read(&out_b.join("Canary.sam.json")),
    );
    let mut changes = Vec::new();
    diff(&a, &b, "", &mut changes);
    assert_eq!(changes, [format!("Resources.{worker}.Properties.CodeUri")]);
    assert_eq!(
        b["Resources"][&worker]["Properties"]["CodeUri"],
        format!("assets/{hb}")
    );

    // The manifest: the asset and the files' checksums, nothing else.
    let (a, b) = (
        read(&out_a.join("manifest.json")),
        read(&out_b.join("manifest.json")),
    );
    let mut changes = Vec::new();
    diff(&a, &b, "", &mut changes);
    changes.sort();
    let mut expected = vec![
        format!("+assets.{hb}"),
        format!("-assets.{ha}"),
        "stacks.Canary.assets.0".to_string(),
        "stacks.Canary.files.Canary.sam.json".to_string(),
        "stacks.Canary.files.Canary.sam.yaml".to_string(),
        "stacks.Canary.files.Canary.template.json".to_string(),
        "stacks.Canary.files.Canary.template.yaml".to_string(),
    ];
    expected.sort();
    assert_eq!(changes, expected);
}
