//! The examples' program (`cargo run -- <verb>`) as a process: its exit codes and output
//! for `list`, `diff`, `check`, `synth` of some stacks, and usage errors.

use std::path::PathBuf;
use std::process::{Command, Output};

fn program(args: &[&str], cwd: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_synth"))
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .output()
        .expect("run the examples' program")
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).expect("utf-8 output")
}

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn list_deps_is_in_deployment_order() {
    let out = program(&["list", "--deps"], &root());
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    let stacks: Vec<&str> = stdout.lines().filter(|l| !l.starts_with(' ')).collect();
    let at = |name: &str| {
        stacks
            .iter()
            .position(|s| *s == name)
            .unwrap_or_else(|| panic!("{name} listed: {stdout}"))
    };
    assert!(at("MessagingCore") < at("MessagingConsumer"), "{stdout}");
    assert!(at("OrdersData") < at("OrdersApp"), "{stdout}");
    assert!(
        stdout.contains("MessagingConsumer\n  depends on: MessagingCore\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("OrdersApp\n  depends on: OrdersData\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Hello\n  depends on: (nothing)\n"),
        "{stdout}"
    );
}

#[test]
fn diff_against_the_checked_in_synth_out_finds_nothing() {
    let out = program(&["diff", "--fail"], &root());
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.ends_with("Number of stacks with differences: 0\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "Stack Hello (against synth-out/Hello.template.json)\nThere were no differences\n"
        ),
        "paths relative to the working directory: {stdout}"
    );
    assert!(
        !stdout.contains('\x1b'),
        "no colours when not on a terminal"
    );
}

#[test]
fn check_passes_and_usage_errors_exit_2() {
    let out = program(&["check"], &root());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stacks = text(&program(&["list"], &root()).stdout).lines().count();
    assert_eq!(
        text(&out.stdout),
        format!("check: {stacks} stacks valid; 1 check ran (AwsSolutions)\n"),
        "every example passes the security pack, which check runs"
    );
    let out = program(&["deploy"], &root());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unrecognized subcommand"));
    let out = program(&["diff", "NoSuchStack"], &root());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no stack named `NoSuchStack`"));
}

#[test]
fn synth_of_one_stack_with_its_dependency_into_a_relative_folder() {
    let tmp = std::env::temp_dir().join(format!("examples-cli-synth-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let out = program(&["synth", "MessagingConsumer", "--out", "picked"], &tmp);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("MessagingCore: "), "{stdout}");
    assert!(lines[1].starts_with("MessagingConsumer: "), "{stdout}");
    assert!(lines[2].starts_with("2 stacks, "), "{stdout}");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.join("picked/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(
        manifest["order"],
        serde_json::json!(["MessagingCore", "MessagingConsumer"])
    );
    std::fs::remove_dir_all(&tmp).unwrap();
}

#[test]
fn colours_on_a_terminal_unless_no_color() {
    // `script` (util-linux, Debian's essential bsdutils) gives the program a terminal.
    let on_terminal = |no_color: Option<&str>| {
        let mut cmd = Command::new("script");
        cmd.args([
            "-qec",
            &format!("'{}' diff Hello", env!("CARGO_BIN_EXE_synth")),
            "/dev/null",
        ])
        .current_dir(root())
        .env_remove("NO_COLOR");
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        let out = cmd.output().expect("run script");
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let coloured = on_terminal(None);
    assert!(coloured.contains("\x1b[1mStack\x1b[0m"), "{coloured:?}");
    let plain = on_terminal(Some("1"));
    assert!(plain.contains("Stack Hello"), "{plain:?}");
    assert!(!plain.contains('\x1b'), "NO_COLOR: {plain:?}");
}

/// `graph STACK --out FILE` writes the stack's picture: an SVG with the stack's resources
/// and its state machines' states; into the output folder it refuses (exit 2, nothing
/// written); with several stacks and none named it says which there are.
#[test]
fn graph_draws_a_stack_and_refuses_the_output_folder() {
    let dir = std::env::temp_dir().join(format!("cdk-cli-graph-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("workflows.svg");
    let out = program(
        &["graph", "Workflows", "--out", file.to_str().unwrap()],
        &root(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let svg = std::fs::read_to_string(&file).expect("the picture is written");
    assert!(svg.contains("<svg") && svg.trim_end().ends_with("</svg>"));
    // A resource of the stack, and a state of its Orders workflow.
    assert!(
        svg.contains("AWS::StepFunctions::StateMachine"),
        "no machine in the picture"
    );
    assert!(
        svg.contains(">Validate<"),
        "no Validate state in the picture"
    );
    let refused = program(
        &["graph", "Workflows", "--out", "synth-out/Workflows.svg"],
        &root(),
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("inside the output folder"));
    assert!(!root().join("synth-out/Workflows.svg").exists());
    let which = program(&["graph"], &root());
    assert_eq!(which.status.code(), Some(2));
    assert!(text(&which.stderr).contains("say which to draw"));
    let _ = std::fs::remove_dir_all(&dir);
}
