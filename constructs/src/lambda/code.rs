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
