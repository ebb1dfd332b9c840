//! The `rust-function` example, built for real: `sam build` of its SAM template (an x86_64
//! variant, `examples::rust_function::define_for`) runs SAM's `rust-cargolambda` build method,
//! cargo-lambda compiles the crate in `examples/rust-function/handler` with zig as the linker,
//! and `.aws-sam/build/<LogicalId>/bootstrap` must be an x86-64 ELF executable that answers
//! an invocation: the test runs it against a stand-in for Lambda's Runtime API on 127.0.0.1
//! (the HTTP protocol every `provided.al2023` bootstrap speaks: `GET …/invocation/next`, then
//! `POST …/invocation/<id>/response`) and checks the greeting it posts.
//!
//! Set-up, all by the test itself and cached under `target/cargo-lambda/`: cargo-lambda and zig
//! from PyPI (`tools/validators/ensure.sh cargo-lambda`, ~35-90 s once), the crate's
//! dependencies as its `Cargo.lock` pins them (`cargo fetch --locked`, the one network step;
//! `sam build` itself runs offline), and cargo's target folder, so a second run takes seconds
//! (a cold build about 1-4 minutes on two busy cores). arm64 is not built here: see the README
//! ("Rust functions, built for real").

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use constructs::lambda::Architecture;

/// `target/cargo-lambda/<name>` of this workspace: the cache of the Rust build.
fn cache(name: &str) -> PathBuf {
    cdk_validators::workspace_root()
        .join("target/cargo-lambda")
        .join(name)
}

/// What an ELF header says: class, data encoding, type, machine.
fn elf_header(path: &Path) -> (u8, u8, u16, u16) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    assert!(
        bytes.len() > 20,
        "{} is too short for an ELF file",
        path.display()
    );
    assert_eq!(
        &bytes[..4],
        b"\x7fELF",
        "{} is not an ELF file",
        path.display()
    );
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    (bytes[4], bytes[5], u16_at(16), u16_at(18))
}

/// One HTTP/1.1 request read from `reader`: (method, path, body); `None` when the peer closed.
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<(String, String, String)> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut length = 0;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some((method, path, String::from_utf8_lossy(&body).into_owned()))
}

/// Runs `bootstrap` against a minimal Lambda Runtime API on 127.0.0.1 that hands it one
/// invocation (`event`) and returns what the bootstrap posts as that invocation's response.
fn invoke(bootstrap: &Path, event: &str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let address = listener.local_addr().unwrap();
    let mut child = Command::new(bootstrap)
        .env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", address.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "greeter")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "test")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/greeter")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("run {}: {e}", bootstrap.display()));
    listener.set_nonblocking(true).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut handed_out = false;
    let mut response = None;
    'serve: while response.is_none() && Instant::now() < deadline {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if child.try_wait().unwrap().is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            Err(e) => panic!("accept: {e}"),
        };
        stream.set_nonblocking(false).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut writer = stream.try_clone().unwrap();
        let mut reader = BufReader::new(stream);
        while let Some((method, path, body)) = read_request(&mut reader) {
            if method == "GET" && path == "/2018-06-01/runtime/invocation/next" && !handed_out {
                handed_out = true;
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                     Lambda-Runtime-Aws-Request-Id: request-1\r\n\
                     Lambda-Runtime-Deadline-Ms: 99999999999999\r\n\
                     Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:111122223333:function:greeter\r\n\
                     Content-Length: {}\r\n\r\n",
                    event.len()
                );
                writer.write_all(head.as_bytes()).unwrap();
                writer.write_all(event.as_bytes()).unwrap();
            } else if method == "POST" {
                writer
                    .write_all(b"HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n")
                    .unwrap();
                response = Some((path, body));
                break 'serve;
            } else {
                panic!("unexpected request {method} {path}: {body}");
            }
        }
    }
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    let (path, body) = response.unwrap_or_else(|| {
        panic!(
            "the bootstrap posted no response ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )
    });
    assert_eq!(
        path, "/2018-06-01/runtime/invocation/request-1/response",
        "the bootstrap reported an error instead: {body}"
    );
    body
}

#[test]
fn sam_build_compiles_the_rust_function_into_an_x86_64_bootstrap() {
    let out = cache("synth-x86_64");
    let app = cdk_core::app!(out_dir = out.clone());
    examples::rust_function::define_for(&app, Architecture::X86_64);
    app.write().expect("the x86_64 variant synthesizes");

    let template = out.join("RustFunction.sam.yaml");
    let sam: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("RustFunction.sam.json")).unwrap())
            .unwrap();
    let functions: Vec<(&String, &serde_json::Value)> = sam["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::Serverless::Function")
        .collect();
    assert_eq!(functions.len(), 1, "one Rust function");
    let (logical_id, function) = functions[0];
    assert_eq!(
        function["Properties"]["Architectures"],
        serde_json::json!(["x86_64"])
    );
    assert_eq!(function["Metadata"]["BuildMethod"], "rust-cargolambda");

    let krate = cdk_validators::workspace_root().join("examples/rust-function/handler");
    let fetch = cdk_validators::fetch_crate_dependencies(&krate);
    assert!(fetch.success, "cargo fetch --locked:\n{}", fetch.output);

    // Beside the synthesized folder, not in it: synthesis replaces only folders it wrote.
    let build_dir = cache(".aws-sam/build");
    let _ = std::fs::remove_dir_all(&build_dir);
    let build = cdk_validators::sam_build(&template, &build_dir, &cache("cargo-target"));
    assert!(build.success, "sam build:\n{}", build.output);

    let bootstrap = build_dir.join(logical_id).join("bootstrap");
    let (class, data, kind, machine) = elf_header(&bootstrap);
    assert_eq!((class, data), (2, 1), "a 64-bit little-endian ELF");
    assert!(
        kind == 2 || kind == 3,
        "an executable (ET_EXEC or a PIE's ET_DYN), not {kind}"
    );
    assert_eq!(
        machine, 62,
        "built for x86-64 (EM_X86_64), not machine {machine}"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&bootstrap).unwrap().permissions().mode();
    assert!(mode & 0o111 != 0, "bootstrap is executable ({mode:o})");
    // The built template points the function at what was built.
    let built = std::fs::read_to_string(build_dir.join("template.yaml")).expect("built template");
    assert!(built.contains(logical_id), "{built}");

    // And it runs: one invocation through the Runtime API, answered by the handler.
    let answer = invoke(&bootstrap, r#"{"name": "Ferris"}"#);
    let answer: serde_json::Value = serde_json::from_str(&answer)
        .unwrap_or_else(|e| panic!("the response is not JSON ({e}): {answer}"));
    assert_eq!(answer, serde_json::json!({"message": "Hello, Ferris!"}));
}
