//! Draws a template (or, with `--asl`, a state machine definition) as SVG on stdout:
//! `cargo run -p cdk-graph --example draw -- synth-out/Workflows.template.json > w.svg`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (asl, path) = match args.as_slice() {
        [flag, path] if flag == "--asl" => (true, path),
        [path] => (false, path),
        _ => {
            eprintln!("usage: draw [--asl] FILE.json");
            std::process::exit(2);
        }
    };
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let svg = if asl {
        cdk_graph::workflow_svg(path, &value)
    } else {
        cdk_graph::stack_svg(&value)
    };
    print!("{svg}");
}
