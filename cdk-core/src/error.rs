//! Errors: every problem synthesis finds, with the construct path and a hint.

use std::fmt;

/// One problem found in the construct tree.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// The construct path, e.g. `ImageStack/Images/Resource`.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl Diagnostic {
    pub(crate) fn new(
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            path: path.into(),
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n    hint: {}", self.hint)?;
        }
        Ok(())
    }
}

/// Why synthesis failed.
#[derive(Clone, PartialEq, Eq)]
pub enum Error {
    /// The construct tree has problems; nothing was written. Holds all of them.
    Invalid(Vec<Diagnostic>),
    /// Writing the output (or reading an asset) failed; the previous output is untouched.
    Io {
        /// The file or folder involved.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// The output path holds something synthesis did not write (a folder of other files, a
    /// file, a symbolic link) or cannot replace (a read-only folder). Nothing was changed.
    OutputFolder {
        /// The output path.
        path: String,
        /// What is there.
        problem: String,
        /// What to do about it.
        hint: String,
    },
}

impl Error {
    /// The diagnostics, when the error is [`Error::Invalid`]; empty otherwise.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Invalid(d) => d,
            Error::Io { .. } | Error::OutputFolder { .. } => &[],
        }
    }

    pub(crate) fn io(path: &std::path::Path, e: std::io::Error) -> Error {
        Error::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(diags) => {
                let n = diags.len();
                write!(
                    f,
                    "synthesis failed with {n} error{}; nothing was written:",
                    if n == 1 { "" } else { "s" }
                )?;
                for d in diags {
                    write!(f, "\n  - {d}")?;
                }
                Ok(())
            }
            Error::Io { path, message } => write!(
                f,
                "synthesis could not write {path}: {message}; the previous output is untouched"
            ),
            Error::OutputFolder {
                path,
                problem,
                hint,
            } => write!(
                f,
                "synthesis will not write to `{path}`: {problem}; nothing was changed\n  hint: {hint}"
            ),
        }
    }
}

// `main() -> cdk_core::Result<()>` prints errors with `Debug`; make that the readable form.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
