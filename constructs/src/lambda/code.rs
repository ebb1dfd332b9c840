//! Where a function's code comes from.

use std::path::PathBuf;

use cdk_core::Str;

/// A function's code: a local folder (staged by synth and uploaded by `sam deploy`), inline
/// source, or an object already in S3.
///
/// ```
/// use constructs::lambda::Code;
/// let from_folder = Code::from_asset("lambda");          // read at synth, not now
/// let inline = Code::from_inline("def handler(event, context):\n    return 'ok'\n");
/// let from_s3 = Code::from_bucket("my-artifacts", "builds/fn.zip");
/// # let _ = (from_folder, inline, from_s3);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Code(pub(crate) CodeKind);

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum CodeKind {
    Asset(PathBuf),
    CargoLambda(PathBuf),
    Inline(String),
    Bucket { bucket: Str, key: String },
}

/// CloudFormation's limit on inline code (`ZipFile`), in bytes.
pub const MAX_INLINE_CODE_BYTES: usize = 4096;

impl Code {
    /// A local folder (relative to the working directory, or absolute) holding the code.
    ///
    /// Synthesis copies it to `synth-out/assets/<sha256 of its content>/` and sets the
    /// function's `Code` to that path, relative to the template. `sam deploy` (like
    /// `aws cloudformation package`) zips and uploads local paths, so no CDK bootstrap
    /// bucket is needed; a missing folder is reported at synth.
    pub fn from_asset(dir: impl Into<PathBuf>) -> Code {
        Code(CodeKind::Asset(dir.into()))
    }

    /// A Rust crate (the folder with its `Cargo.toml`, relative to the working directory or
    /// absolute) that `sam build` compiles with [cargo-lambda](https://www.cargo-lambda.info).
    ///
    /// The folder is **not** copied: both templates point at it by its path relative to the
    /// template (`../examples/rust-function/handler` for a template in `synth-out/` at the
    /// workspace root; see [`cdk_core::Asset::from_source_dir`]), and the function gets
    /// `Metadata: {BuildMethod: rust-cargolambda}`, so `sam build` runs
    /// `cargo lambda build --release` there and `sam deploy` uploads the `bootstrap` it
    /// produced. Use it with an OS-only runtime (`Runtime::PROVIDED_AL2023`) and the handler
    /// `bootstrap` (both checked at synth) — [`RustFunction::new`](super::RustFunction::new)
    /// sets them — and the architecture defaults to `arm64` (written explicitly, so
    /// `sam build` cross-compiles for it).
    ///
    /// **Minimum SAM CLI: 1.101.0**, the first release that knows the `provided.al2023`
    /// runtime (1.100.0 does not); the `rust-cargolambda` build method itself is older
    /// (aws-sam-cli PR #4673, February 2023). Up to its graduation from beta (aws-sam-cli
    /// PR #8526, December 2025) the build method must be switched on with
    /// `sam build --beta-features` or `SAM_CLI_BETA_RUST_CARGO_LAMBDA=1`; SAM CLI 1.170.0, the
    /// version the project's validators pin, builds it without. `cargo` and `cargo-lambda`
    /// must be installed where `sam build` runs (there is no Rust build image for
    /// `--use-container`), and cargo-lambda builds in the crate's folder (its `target/`).
    /// Deploy the *built* template:
    /// `sam build -t synth-out/<Stack>.sam.yaml && sam deploy --guided`.
    pub fn from_cargo_lambda(crate_dir: impl Into<PathBuf>) -> Code {
        Code(CodeKind::CargoLambda(crate_dir.into()))
    }

    /// Source code inline in the template (`Code.ZipFile`), saved as `index.py` /
    /// `index.js`: so the handler is `index.<function>`. Python and Node.js runtimes only, at
    /// most 4096 bytes (both checked at synth).
    pub fn from_inline(source: impl Into<String>) -> Code {
        Code(CodeKind::Inline(source.into()))
    }

    /// A `.zip` already uploaded to S3: `bucket_name` (in the function's region) and `key`.
    pub fn from_bucket(bucket_name: impl Into<Str>, key: &str) -> Code {
        Code(CodeKind::Bucket {
            bucket: bucket_name.into(),
            key: key.to_string(),
        })
    }
}
