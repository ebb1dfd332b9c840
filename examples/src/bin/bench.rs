//! Synthesis benchmark: whole-process wall time and peak memory for apps of N units.
//!
//! A unit is what the reference stack is made of: a bucket, a table, a Python function
//! with asset code and `TABLE`/`BUCKET` environment variables, an S3 event source, and
//! `bucket.grant_read_write(fn)` + `table.grant_full_access(fn)` (10 resources).
//!
//! ```text
//! cargo run --release -p examples --bin bench            # all configurations, 21 runs each
//! cargo run --release -p examples --bin bench -- 51      # more runs
//! ```
//!
//! The driver starts this same binary once per run (`--one <units> <stacks>`), times it
//! from spawn to exit, and reads the child's peak resident set size (`VmHWM`, which the
//! child prints from `/proc/self/status` just before exiting). It reports medians.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use cdk_core::{RemovalPolicy, Stack};
use constructs::dynamodb::{Attribute, Table};
use constructs::lambda::event_sources::S3EventSource;
use constructs::lambda::{Code, Function, Runtime};
use constructs::s3::{Bucket, EventType};

/// (units, stacks): one unit up to 800 (7,200 resources over 16 stacks, under the
/// 500-resource quota each), to show that the cost grows linearly.
const CONFIGS: [(usize, usize); 5] = [(1, 1), (10, 1), (50, 1), (200, 4), (800, 16)];

fn unit(stack: &Stack, i: usize) {
    let bucket = Bucket::new(stack, &format!("Images{i}"))
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    let table = Table::new(stack, &format!("Labels{i}"), Attribute::string("Image"))
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    let func = Function::new(
        stack,
        &format!("Labeler{i}"),
        Runtime::PYTHON_3_12,
        Code::from_asset("image-labeler/lambda"),
        "index.handler",
    )
    .env("TABLE", table.table_name())
    .env("BUCKET", bucket.bucket_name())
    .build();
    func.add_event_source(S3EventSource::new(&bucket, [EventType::ObjectCreated]));
    bucket.grant_read_write(&func);
    table.grant_full_access(&func);
}

/// Builds and writes one app; prints resources written and peak RSS in KiB.
fn one(units: usize, stacks: usize, out: PathBuf) -> cdk_core::Result<()> {
    let app = cdk_core::app!(out_dir = out);
    let per_stack = units.div_ceil(stacks);
    let mut resources = 0;
    for s in 0..stacks {
        let stack = Stack::new(&app, &format!("Bench{s}"));
        for i in (s * per_stack)..((s + 1) * per_stack).min(units) {
            unit(&stack, i);
        }
    }
    let summary = app.write()?;
    for s in &summary.stacks {
        resources += s.resources;
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    println!("{resources} {hwm}");
    Ok(())
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> cdk_core::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--one") {
        let n = args[2].parse().unwrap_or(1);
        let s = args[3].parse().unwrap_or(1);
        return one(n, s, PathBuf::from(&args[4]));
    }
    let runs: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(21);
    let exe = std::env::current_exe().map_err(|e| cdk_core::Error::Io {
        path: "current_exe".into(),
        message: e.to_string(),
    })?;
    let tmp = std::env::temp_dir().join(format!("cdk-bench-{}", std::process::id()));
    println!("| units x stacks | resources | median wall time | median peak RSS | runs |");
    println!("|---|---|---|---|---|");
    for (units, stacks) in CONFIGS {
        let mut times = Vec::new();
        let mut rss = Vec::new();
        let mut resources = String::new();
        for run in 0..runs {
            let out = tmp.join(format!("{units}-{stacks}-{run}"));
            let start = Instant::now();
            let output = Command::new(&exe)
                .args(["--one", &units.to_string(), &stacks.to_string()])
                .arg(&out)
                .output()
                .map_err(|e| cdk_core::Error::Io {
                    path: exe.display().to_string(),
                    message: e.to_string(),
                })?;
            let elapsed = start.elapsed().as_secs_f64() * 1000.0;
            let _ = std::fs::remove_dir_all(&out);
            let text = String::from_utf8_lossy(&output.stdout);
            let mut parts = text.split_whitespace();
            resources = parts.next().unwrap_or("?").to_string();
            let kib: f64 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0.0);
            if !output.status.success() {
                eprintln!("{}", String::from_utf8_lossy(&output.stderr));
            }
            times.push(elapsed);
            rss.push(kib / 1024.0);
        }
        println!(
            "| {units} x {stacks} | {resources} | {:.1} ms | {:.1} MiB | {runs} |",
            median(&mut times),
            median(&mut rss)
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}
