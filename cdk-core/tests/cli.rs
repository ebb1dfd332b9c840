//! The command line (`cdk_core::cli`): each verb run with an argument vector and captured
//! output, on apps of plain `CfnResource`s (this crate knows no service; the resource facts
//! here are a test table).

use std::fs;

use cdk_core::cli::{Check, Cli, Finding, Replacement, ResourceFacts, Severity, TypeFacts};
use cdk_core::{
    App, Assembly, CfnOutput, CfnParameter, CfnResource, Construct, Diagnostic, ParameterType,
    Stack,
};
use serde_json::Value as Json;

mod common;
use common::TempDir;

static FACTS: ResourceFacts = ResourceFacts::new(&[
    TypeFacts::new("Test::Store::Table", true, &[("Key", Replacement::Always)]),
    TypeFacts::new(
        "Test::Store::Topic",
        false,
        &[("Mode", Replacement::Conditional)],
    ),
]);

/// Runs `args` (without the program name) on `cli`: (exit code, stdout, stderr).
fn run(cli: Cli<'_>, args: &[&str]) -> (u8, String, String) {
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let mut argv = vec!["prog"];
    argv.extend_from_slice(args);
    let code = cli.color(false).run_with(argv, &mut o, &mut e);
    (
        code,
        String::from_utf8(o).unwrap(),
        String::from_utf8(e).unwrap(),
    )
}

/// Three stacks: `Base`; `Api`, which depends on `Base`; `Other`.
fn three_stacks(dir: &TempDir) -> App {
    let app = App::with_out_dir(dir.join("out"));
    let base = Stack::new(&app, "Base");
    CfnResource::new(&base, "Data", "Test::Store::Table").set_property("Key", "id");
    let api = Stack::new(&app, "Api");
    CfnResource::new(&api, "Front", "Test::Store::Topic");
    CfnResource::new(&api, "Back", "Test::Store::Topic");
    api.add_dependency(&base);
    let other = Stack::new(&app, "Other");
    CfnResource::new(&other, "Alone", "Test::Store::Topic");
    app
}

fn manifest_order(dir: &std::path::Path) -> Vec<String> {
    let m: Json =
        serde_json::from_str(&fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    m["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

// ---- no command and synth -----------------------------------------------------------------

#[test]
fn no_command_is_exactly_app_synth() {
    let dir = TempDir::new("cli-plain");
    let app = three_stacks(&dir);
    let expected: String = app
        .write()
        .unwrap()
        .stacks
        .iter()
        .map(|s| format!("{s}\n"))
        .collect();
    let (code, out, err) = run(Cli::new(&app), &[]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, expected.as_str(), "")
    );
    assert_eq!(
        out,
        "Base: 1 resource -> Base.template.json, Base.template.yaml, Base.sam.json, Base.sam.yaml\n\
         Api: 2 resources -> Api.template.json, Api.template.yaml, Api.sam.json, Api.sam.yaml\n\
         Other: 1 resource -> Other.template.json, Other.template.yaml, Other.sam.json, Other.sam.yaml\n"
    );
}

#[test]
fn errors_are_all_reported_with_path_and_hint_and_exit_1() {
    let dir = TempDir::new("cli-errors");
    let app = App::with_out_dir(dir.join("out"));
    let stack = Stack::new(&app, "Broken");
    let a = CfnResource::new(&stack, "A", "Test::Store::Topic");
    a.node().add_error("first problem", "fix the first");
    let b = CfnResource::new(&stack, "B", "Test::Store::Topic");
    b.node().add_error("second problem", "fix the second");
    for args in [&[][..], &["synth"], &["check"], &["list"], &["diff"]] {
        let (code, out, err) = run(Cli::new(&app), args);
        assert_eq!(code, 1, "{args:?}");
        assert_eq!(out, "", "{args:?}");
        assert_eq!(
            err,
            "Error: synthesis failed with 2 errors; nothing was written:\n  \
             - Broken/A: first problem\n    hint: fix the first\n  \
             - Broken/B: second problem\n    hint: fix the second\n",
            "{args:?}"
        );
    }
    assert!(!dir.join("out").exists(), "nothing was written");
}

#[test]
fn synth_writes_the_named_stacks_and_their_dependencies_with_a_total() {
    let dir = TempDir::new("cli-synth-some");
    let app = three_stacks(&dir);
    let out_dir = dir.join("picked");
    let (code, out, err) = run(
        Cli::new(&app),
        &["synth", "Api", "--out", out_dir.to_str().unwrap()],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("Base: 1 resource -> "), "{out}");
    assert!(lines[1].starts_with("Api: 2 resources -> "), "{out}");
    let total = format!("2 stacks, 3 resources, 8 files in {} (", out_dir.display());
    assert!(
        lines[2].starts_with(&total) && lines[2].ends_with(')'),
        "{out}"
    );
    assert_eq!(manifest_order(&out_dir), ["Base", "Api"]);
    assert!(!out_dir.join("Other.template.json").exists());
    assert!(!dir.join("out").exists(), "--out replaces the app's folder");
}

#[test]
fn synth_of_some_stacks_never_removes_the_others_from_a_folder() {
    let dir = TempDir::new("cli-synth-keep");
    let app = three_stacks(&dir);
    app.write().unwrap();
    let before = fs::read_to_string(dir.join("out/manifest.json")).unwrap();
    let (code, out, err) = run(Cli::new(&app), &["synth", "Api"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        format!(
            "error: writing only Api would remove the other stack from {}, which holds Other\n  \
             hint: run `synth` without stack names to write every stack, or write the selection elsewhere with --out DIR\n",
            dir.join("out").display()
        )
    );
    assert_eq!(
        fs::read_to_string(dir.join("out/manifest.json")).unwrap(),
        before
    );
    // A folder holding only the selection (and its dependencies) is rewritten.
    let (code, _, _) = run(Cli::new(&app), &["synth", "Api", "Other", "-q"]);
    assert_eq!(code, 0);
}

#[test]
fn synth_of_every_stack_and_quiet() {
    let dir = TempDir::new("cli-synth-all");
    let app = three_stacks(&dir);
    let (code, out, err) = run(Cli::new(&app), &["synth", "--quiet"]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    assert_eq!(manifest_order(&dir.join("out")), ["Base", "Api", "Other"]);
    let (code, out, _) = run(Cli::new(&app), &["synth"]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .last()
            .is_some_and(|l| l.starts_with("3 stacks, 4 resources, 12 files in ")),
        "{out}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = TempDir::new("cli-usage");
    let app = three_stacks(&dir);
    let (code, _, err) = run(Cli::new(&app), &["synth", "Nope"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: no stack named `Nope`; the stacks are: Base, Api, Other\n"
    );
    let (code, _, err) = run(Cli::new(&app), &["deploy"]);
    assert_eq!(code, 2);
    assert!(err.contains("unrecognized subcommand 'deploy'"), "{err}");
    let (code, _, err) = run(Cli::new(&app), &["list", "--lnog"]);
    assert_eq!(code, 2);
    assert!(err.contains("--long"), "suggests the flag: {err}");
    let (code, out, _) = run(Cli::new(&app), &["--help"]);
    assert_eq!(code, 0);
    for verb in ["synth", "list", "diff", "check"] {
        assert!(out.contains(verb), "{out}");
    }
    assert!(!dir.join("out").exists(), "usage errors write nothing");
}

// ---- list ---------------------------------------------------------------------------------

#[test]
fn list_in_deployment_order_with_templates_and_dependencies() {
    let dir = TempDir::new("cli-list");
    let app = App::with_out_dir(dir.join("out"));
    // Created in the opposite order of deployment.
    let api = Stack::new(&app, "Api");
    let base = Stack::new(&app, "Base");
    api.add_dependency(&base);
    let t = CfnResource::new(&base, "Data", "Test::Store::Table");
    CfnOutput::new(&api, "Uses", t.ref_());
    CfnResource::new(&api, "Front", "Test::Store::Topic");
    let (code, out, _) = run(Cli::new(&app), &["list"]);
    assert_eq!((code, out.as_str()), (0, "Base\nApi\n"));
    let (_, out, _) = run(Cli::new(&app), &["list", "--deps"]);
    assert_eq!(
        out,
        "Base\n  depends on: (nothing)\nApi\n  depends on: Base\n"
    );
    let (_, out, _) = run(Cli::new(&app), &["list", "--long", "--deps"]);
    assert_eq!(
        out,
        "Base\n  plain Base.template.json, Base.template.yaml: 1 resource\n  \
         SAM   Base.sam.json, Base.sam.yaml: 1 resource\n  depends on: (nothing)\n\
         Api\n  plain Api.template.json, Api.template.yaml: 1 resource\n  \
         SAM   Api.sam.json, Api.sam.yaml: 1 resource\n  depends on: Base\n"
    );
    assert!(!dir.join("out").exists(), "list writes nothing");
}

// ---- check --------------------------------------------------------------------------------

/// A check that flags every `Test::Store::Topic` without `Mode`, as an error or a warning.
struct ModeSet(Severity);

impl Check for ModeSet {
    fn name(&self) -> &str {
        "ModeSet"
    }

    fn inspect(&self, _app: &App, assembly: &Assembly) -> Vec<Finding> {
        let mut out = Vec::new();
        for s in &assembly.stacks {
            let Some(t) = s.template(cdk_core::Flavor::Cfn) else {
                continue;
            };
            for (id, r) in t["Resources"].as_object().unwrap() {
                if r["Type"] == "Test::Store::Topic" && r["Properties"]["Mode"].is_null() {
                    out.push(Finding {
                        rule: "Test-M1".into(),
                        severity: self.0,
                        diagnostic: Diagnostic {
                            path: r["Metadata"]["aws:cdk:path"].as_str().unwrap_or(id).into(),
                            message: "the topic has no mode".into(),
                            hint: "set Mode".into(),
                        },
                    });
                }
            }
        }
        out
    }
}

/// A check that reports through the tree in `prepare`, as an aspect would.
struct TreeCheck;

impl Check for TreeCheck {
    fn name(&self) -> &str {
        "TreeCheck"
    }

    fn prepare(&self, app: &App) {
        for s in app.stacks() {
            if s.stack_name() == "Other" {
                s.node().add_error("Other is not allowed", "remove it");
            }
        }
    }
}

#[test]
fn check_validates_runs_the_registered_checks_and_writes_nothing() {
    let dir = TempDir::new("cli-check");
    let app = three_stacks(&dir);
    let (code, out, err) = run(Cli::new(&app), &["check"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "check: 3 stacks valid; 0 checks ran\n", "")
    );

    let (code, out, err) = run(Cli::new(&app).check(ModeSet(Severity::Warning)), &["check"]);
    assert_eq!(code, 0, "warnings do not fail");
    assert_eq!(out, "check: 3 stacks valid; 1 check ran (ModeSet)\n");
    assert_eq!(
        err,
        "Warning: 3 findings:\n  \
         - [Test-M1] Api/Front: the topic has no mode\n    hint: set Mode\n  \
         - [Test-M1] Api/Back: the topic has no mode\n    hint: set Mode\n  \
         - [Test-M1] Other/Alone: the topic has no mode\n    hint: set Mode\n"
    );

    let (code, _, err) = run(Cli::new(&app).check(ModeSet(Severity::Error)), &["check"]);
    assert_eq!(code, 1, "errors fail");
    assert!(
        err.starts_with("Error: checks failed with 3 errors:\n  - [Test-M1] Api/Front"),
        "{err}"
    );

    // synth runs checks only when asked, and their errors block writing.
    let (code, _, _) = run(
        Cli::new(&app).check(ModeSet(Severity::Error)),
        &["synth", "--checks"],
    );
    assert_eq!(code, 1);
    assert!(!dir.join("out").exists(), "check errors block writing");
    let (code, _, _) = run(
        Cli::new(&app).check(ModeSet(Severity::Error)),
        &["synth", "-q"],
    );
    assert_eq!(code, 0, "without --checks the checks do not run");
    assert!(dir.join("out").exists());
}

#[test]
fn a_check_may_report_through_the_tree() {
    let dir = TempDir::new("cli-check-tree");
    let app = three_stacks(&dir);
    let (code, out, err) = run(Cli::new(&app).check(TreeCheck), &["check"]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "Error: synthesis failed with 1 error; nothing was written:\n  - Other: Other is not allowed\n    hint: remove it\n"
    );
}

// ---- diff ---------------------------------------------------------------------------------

/// Version 1 and 2 of a stack, written / compared in `dir`.
fn versioned(dir: &TempDir, v2: bool) -> App {
    let app = App::with_out_dir(dir.join("out"));
    let s = Stack::new(&app, "Store");
    if v2 {
        s.set_description("Version 2");
        CfnParameter::new(&s, "Stage", ParameterType::String);
        CfnResource::new(&s, "Data", "Test::Store::Table").set_property("Key", "pk");
        // The same logical ID, another type.
        CfnResource::new(&s, "Events", "Test::Store::Topic").set_property("Mode", "fifo");
        CfnOutput::new(&s, "Name", "v2");
    } else {
        CfnResource::new(&s, "Data", "Test::Store::Table").set_property("Key", "id");
        CfnResource::new(&s, "Events", "Test::Store::Table");
        CfnOutput::new(&s, "Name", "v1");
    }
    app
}

#[test]
fn diff_sections_type_changes_and_replacements() {
    let dir = TempDir::new("cli-diff");
    versioned(&dir, false).write().unwrap();
    let app = versioned(&dir, true);
    let (code, out, err) = run(Cli::new(&app).resource_facts(&FACTS), &["diff", "--fail"]);
    assert_eq!((code, err.as_str()), (1, ""));
    let out = out.replace(&dir.0.display().to_string(), "<dir>");
    assert_eq!(
        out,
        "Stack Store (against <dir>/out/Store.template.json)\n\
         Template\n\
         [+] Description\n\
         \x20└─ [+] Version 2\n\
         \n\
         Parameters\n\
         [+] Parameter Stage: {\"Type\":\"String\"}\n\
         \n\
         Resources\n\
         [~] Test::Store::Table Data Data replace !! stateful: its data is lost\n\
         \x20└─ [~] Key (requires replacement)\n\
         \x20    ├─ [-] id\n\
         \x20    └─ [+] pk\n\
         [~] Test::Store::Topic Events Events replace !! stateful: its data is lost\n\
         \x20├─ [~] Type (requires replacement)\n\
         \x20│   ├─ [-] Test::Store::Table\n\
         \x20│   └─ [+] Test::Store::Topic\n\
         \x20└─ [~] Mode (may cause replacement)\n\
         \x20    └─ [+] fifo\n\
         \n\
         Outputs\n\
         [~] Output Name\n\
         \x20└─ [~] Value\n\
         \x20    ├─ [-] v1\n\
         \x20    └─ [+] v2\n\
         \n\
         Number of stacks with differences: 1\n"
    );
    assert!(
        fs::read_to_string(dir.join("out/Store.template.json"))
            .unwrap()
            .contains("\"v1\""),
        "diff writes nothing"
    );
    // Without facts every change is still shown, without annotations.
    let (_, out, _) = run(Cli::new(&app), &["diff"]);
    assert!(out.contains("[~] Key\n"), "{out}");
    assert!(
        out.contains("[~] Type (requires replacement)"),
        "a type change always replaces: {out}"
    );
}

#[test]
fn diff_against_a_template_file_and_a_missing_output() {
    let dir = TempDir::new("cli-diff-file");
    versioned(&dir, false).write().unwrap();
    let saved = dir.join("deployed.json");
    fs::copy(dir.join("out/Store.template.json"), &saved).unwrap();
    fs::remove_dir_all(dir.join("out")).unwrap();
    let app = versioned(&dir, true);
    let (code, out, _) = run(
        Cli::new(&app).resource_facts(&FACTS),
        &["diff", "--template", saved.to_str().unwrap(), "--json"],
    );
    assert_eq!(code, 0);
    let v: Json = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["against"], saved.display().to_string());
    let changes: Vec<String> = v[0]["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d["section"].as_str().unwrap(),
                d["change"].as_str().unwrap(),
                d.get("logicalId")
                    .or(d.get("id"))
                    .and_then(Json::as_str)
                    .unwrap()
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            "Template added Description",
            "Parameters added Stage",
            "Resources modified Data",
            "Resources modified Events",
            "Outputs modified Name"
        ]
    );
    // With no output folder, everything is new.
    let (code, out, _) = run(Cli::new(&app), &["diff", "--fail"]);
    assert_eq!(code, 1);
    assert!(out.contains("[+] Test::Store::Table Data Data\n"), "{out}");

    // --template needs one stack.
    let two = three_stacks(&dir);
    let (code, _, err) = run(
        Cli::new(&two),
        &["diff", "--template", saved.to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert!(err.contains("name the stack"), "{err}");
}

#[test]
fn diff_colours_only_when_asked() {
    let dir = TempDir::new("cli-diff-colour");
    versioned(&dir, false).write().unwrap();
    let app = versioned(&dir, true);
    let (mut o, mut e) = (Vec::new(), Vec::new());
    Cli::new(&app)
        .color(true)
        .run_with(["prog", "diff"], &mut o, &mut e);
    let coloured = String::from_utf8(o).unwrap();
    assert!(coloured.contains("\x1b[32m[+]\x1b[0m"), "{coloured}");
    let (_, plain, _) = run(Cli::new(&app), &["diff"]);
    assert!(!plain.contains('\x1b'), "{plain}");
}

#[test]
fn a_stack_with_only_a_sam_template_is_compared_in_it() {
    let dir = TempDir::new("cli-diff-sam-only");
    let make = |v: &str| {
        let app = App::with_out_dir(dir.join("out"));
        let s = Stack::new(&app, "SamOnly");
        s.set_templates(&[cdk_core::Flavor::Sam]);
        CfnResource::new(&s, "Topic", "Test::Store::Topic").set_property("Mode", v);
        app
    };
    make("a").write().unwrap();
    let (code, out, _) = run(Cli::new(&make("b")), &["diff", "--fail"]);
    assert_eq!(code, 1);
    let out = out.replace(&dir.0.display().to_string(), "<dir>");
    assert!(
        out.starts_with("Stack SamOnly (against <dir>/out/SamOnly.sam.json)\nResources\n[~] Test::Store::Topic Topic\n"),
        "{out}"
    );
}

#[test]
fn diff_reports_stacks_the_folder_holds_and_the_program_no_longer_has() {
    let dir = TempDir::new("cli-diff-gone");
    three_stacks(&dir).write().unwrap();
    let app = App::with_out_dir(dir.join("out"));
    let base = Stack::new(&app, "Base");
    CfnResource::new(&base, "Data", "Test::Store::Table").set_property("Key", "id");
    let (code, out, _) = run(Cli::new(&app), &["diff", "--fail"]);
    assert_eq!(code, 1);
    let out = out.replace(&dir.0.display().to_string(), "<dir>");
    assert!(
        out.ends_with(
            "Stack Api\nNo longer in the program: synthesis would remove its templates from <dir>/out (a deployed stack is not touched)\n\n\
             Stack Other\nNo longer in the program: synthesis would remove its templates from <dir>/out (a deployed stack is not touched)\n\n\
             Number of stacks with differences: 2\n"
        ),
        "{out}"
    );
    let (_, out, _) = run(Cli::new(&app), &["diff", "--json"]);
    let v: Json = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v[1],
        serde_json::json!({"stack": "Api", "stackRemoved": true})
    );
    // Naming stacks compares those only.
    let (code, _, _) = run(Cli::new(&app), &["diff", "Base", "--fail"]);
    assert_eq!(code, 0);
}
