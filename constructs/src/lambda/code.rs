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
    Bucket {
        bucket: Str,
        key: String,
    },
    /// A container image in ECR (only through [`ImageCode`]).
    ImageUri(Str),
    /// A Docker build context that `sam build` builds (only through [`ImageCode`]).
    DockerBuild {
        dir: PathBuf,
        dockerfile: String,
        tag: String,
    },
}

impl CodeKind {
    /// Whether this is a container image (`PackageType: Image`).
    pub(crate) fn is_image(&self) -> bool {
        matches!(self, CodeKind::ImageUri(_) | CodeKind::DockerBuild { .. })
    }
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

    /// A container image already in Amazon ECR, e.g.
    /// `123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:1.4` (or `…@sha256:…`), for
    /// [`Function::from_image`](super::Function::from_image). An image carries its runtime
    /// and handler, so it is an [`ImageCode`], which [`Function::new`](super::Function::new)
    /// does not take (a compile error).
    pub fn from_image_uri(uri: impl Into<Str>) -> ImageCode {
        ImageCode(CodeKind::ImageUri(uri.into()))
    }

    /// A Docker build context (a folder with a `Dockerfile`, relative to the working
    /// directory or absolute) that `sam build` builds into the function's image, for
    /// [`Function::from_image`](super::Function::from_image).
    ///
    /// Like [`Code::from_cargo_lambda`], the folder is referenced in place, by its path
    /// relative to the template; both templates get `PackageType: Image` and the function's
    /// `Metadata: {Dockerfile, DockerContext, DockerTag}`, so
    /// `sam build -t synth-out/<Stack>.sam.yaml` builds the image (Docker must run there) and
    /// `sam deploy --resolve-image-repos` pushes it to ECR. The SAM function has no
    /// `ImageUri` (`sam build` writes it); the plain one names the image `sam build` tags,
    /// `<logical id, lower case>:<tag>`, which the build replaces too. Dockerfile
    /// `Dockerfile` and tag `latest` unless set on the returned [`DockerBuildCode`].
    pub fn from_docker_build(dir: impl Into<PathBuf>) -> DockerBuildCode {
        DockerBuildCode {
            dir: dir.into(),
            dockerfile: "Dockerfile".to_string(),
            tag: "latest".to_string(),
        }
    }

    /// A `.zip` already uploaded to S3: `bucket_name` (in the function's region) and `key`.
    pub fn from_bucket(bucket_name: impl Into<Str>, key: &str) -> Code {
        Code(CodeKind::Bucket {
            bucket: bucket_name.into(),
            key: key.to_string(),
        })
    }
}

/// A function's code as a container image (`PackageType: Image`): an image in ECR
/// ([`Code::from_image_uri`]) or a Docker build context ([`Code::from_docker_build`]), for
/// [`Function::from_image`](super::Function::from_image). The image holds the runtime and
/// the handler (its `ENTRYPOINT`/`CMD`), so a function made from one has neither.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageCode(pub(crate) CodeKind);

/// A Docker build context ([`Code::from_docker_build`]) with its Dockerfile and tag; an
/// [`ImageCode`] for [`Function::from_image`](super::Function::from_image).
#[derive(Clone, Debug, PartialEq)]
pub struct DockerBuildCode {
    dir: PathBuf,
    dockerfile: String,
    tag: String,
}

impl DockerBuildCode {
    /// The Dockerfile, relative to the build context (default: `Dockerfile`).
    pub fn dockerfile(mut self, name: &str) -> Self {
        self.dockerfile = name.to_string();
        self
    }

    /// The tag `sam build` gives the built image (default: `latest`): letters, digits, `_`,
    /// `.` and `-`, at most 128 characters, not starting with `.` or `-` (Docker's rule;
    /// checked at synth).
    pub fn tag(mut self, name: &str) -> Self {
        self.tag = name.to_string();
        self
    }
}

impl From<DockerBuildCode> for ImageCode {
    fn from(d: DockerBuildCode) -> ImageCode {
        ImageCode(CodeKind::DockerBuild {
            dir: d.dir,
            dockerfile: d.dockerfile,
            tag: d.tag,
        })
    }
}
