//! Runtimes, architectures and tracing modes.

use std::borrow::Cow;

/// The language family of a [`Runtime`]; decides, for instance, whether inline code works.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuntimeFamily {
    /// Node.js (`nodejs*`).
    NodeJs,
    /// Python (`python*`).
    Python,
    /// Java (`java*`).
    Java,
    /// .NET (`dotnet*`).
    DotNet,
    /// Ruby (`ruby*`).
    Ruby,
    /// An OS-only runtime for a custom bootstrap (`provided*`): Rust, Go, C++, ….
    Provided,
    /// A runtime this crate does not recognise.
    Other,
}

/// A Lambda runtime. Forward compatible: the constants name the runtimes known when this
/// crate was written, and [`Runtime::other`] takes any identifier, so a new runtime never
/// has to wait for a release.
///
/// Lifecycle dates are AWS's: after *deprecation* a runtime gets no security patches; after
/// *creation block* CloudFormation can no longer create functions with it.
///
/// ```
/// use constructs::lambda::{Runtime, RuntimeFamily};
/// assert_eq!(Runtime::PYTHON_3_12.name(), "python3.12");
/// assert_eq!(Runtime::other("python3.15").family(), RuntimeFamily::Python);
/// assert!(Runtime::NODEJS_22_X.supports_inline_code());
/// assert!(!Runtime::JAVA_21.supports_inline_code());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Runtime {
    name: Cow<'static, str>,
    family: RuntimeFamily,
}

macro_rules! runtimes {
    ($($(#[$doc:meta])* $konst:ident = $name:literal, $family:ident;)*) => {
        impl Runtime {
            $(
                $(#[$doc])*
                pub const $konst: Runtime = Runtime {
                    name: Cow::Borrowed($name),
                    family: RuntimeFamily::$family,
                };
            )*

            /// Every runtime with a constant, in declaration order.
            pub const KNOWN: &'static [Runtime] = &[$(Runtime::$konst),*];
        }
    };
}

runtimes! {
    /// `nodejs20.x` (deprecated 2026-04-30; creation blocked from 2027-02-01).
    NODEJS_20_X = "nodejs20.x", NodeJs;
    /// `nodejs22.x`.
    NODEJS_22_X = "nodejs22.x", NodeJs;
    /// `nodejs24.x`.
    NODEJS_24_X = "nodejs24.x", NodeJs;
    /// `python3.10` (deprecated 2026-10-31; creation blocked from 2027-02-01).
    PYTHON_3_10 = "python3.10", Python;
    /// `python3.11`.
    PYTHON_3_11 = "python3.11", Python;
    /// `python3.12`.
    PYTHON_3_12 = "python3.12", Python;
    /// `python3.13`.
    PYTHON_3_13 = "python3.13", Python;
    /// `python3.14`.
    PYTHON_3_14 = "python3.14", Python;
    /// `java8.al2`.
    JAVA_8_AL2 = "java8.al2", Java;
    /// `java11`.
    JAVA_11 = "java11", Java;
    /// `java17`.
    JAVA_17 = "java17", Java;
    /// `java21`.
    JAVA_21 = "java21", Java;
    /// `java25`.
    JAVA_25 = "java25", Java;
    /// `dotnet8` (deprecated 2026-11-10; creation blocked from 2027-02-01).
    DOTNET_8 = "dotnet8", DotNet;
    /// `dotnet10`.
    DOTNET_10 = "dotnet10", DotNet;
    /// `ruby3.3`.
    RUBY_3_3 = "ruby3.3", Ruby;
    /// `ruby3.4`.
    RUBY_3_4 = "ruby3.4", Ruby;
    /// `provided.al2` (deprecated 2026-07-31; creation blocked from 2027-02-01): prefer
    /// [`Runtime::PROVIDED_AL2023`].
    PROVIDED_AL2 = "provided.al2", Provided;
    /// `provided.al2023`: Amazon Linux 2023 with a custom `bootstrap` (Rust, Go, …).
    PROVIDED_AL2023 = "provided.al2023", Provided;
}

impl Runtime {
    /// Any runtime by its identifier, e.g. a runtime newer than this crate. The family is
    /// inferred from the prefix (`python`, `nodejs`, `java`, `dotnet`, `ruby`, `provided`).
    pub fn other(name: &str) -> Runtime {
        if let Some(known) = Runtime::KNOWN.iter().find(|r| r.name == name) {
            return known.clone();
        }
        let family = [
            ("nodejs", RuntimeFamily::NodeJs),
            ("python", RuntimeFamily::Python),
            ("java", RuntimeFamily::Java),
            ("dotnet", RuntimeFamily::DotNet),
            ("ruby", RuntimeFamily::Ruby),
            ("provided", RuntimeFamily::Provided),
        ]
        .into_iter()
        .find(|(prefix, _)| name.starts_with(prefix))
        .map_or(RuntimeFamily::Other, |(_, f)| f);
        Runtime {
            name: Cow::Owned(name.to_string()),
            family,
        }
    }

    /// The identifier CloudFormation takes (`Runtime`), e.g. `python3.12`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The language family.
    pub fn family(&self) -> RuntimeFamily {
        self.family
    }

    /// Whether Lambda SnapStart works with this runtime: Java 11 and later, Python 3.12 and
    /// later, .NET 8 and later (the Lambda developer guide, "Improving startup performance
    /// with Lambda SnapStart"). Decided from the identifier, so a newer version of those
    /// runtimes (`Runtime::other("java29")`) counts too.
    pub fn supports_snap_start(&self) -> bool {
        let version = |prefix: &str| -> Option<Vec<u32>> {
            let rest = self.name.strip_prefix(prefix)?;
            let rest = rest.split('.').take_while(|p| !p.is_empty());
            rest.map(|p| p.parse().ok()).collect()
        };
        match self.family {
            RuntimeFamily::Java => version("java").is_some_and(|v| v.first() >= Some(&11)),
            RuntimeFamily::Python => {
                version("python").is_some_and(|v| v.len() == 2 && v[0] == 3 && v[1] >= 12)
            }
            RuntimeFamily::DotNet => version("dotnet").is_some_and(|v| v.first() >= Some(&8)),
            _ => false,
        }
    }

    /// Whether code can be given inline (`Code.ZipFile`): Python and Node.js only.
    pub fn supports_inline_code(&self) -> bool {
        matches!(self.family, RuntimeFamily::Python | RuntimeFamily::NodeJs)
    }
}

impl std::fmt::Display for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

/// The instruction set a function runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Architecture {
    /// `x86_64` (Lambda's default).
    #[default]
    X86_64,
    /// `arm64` (AWS Graviton): usually cheaper per GB-second.
    Arm64,
}

impl Architecture {
    /// The identifier CloudFormation takes (`Architectures`).
    pub fn name(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }
}

/// AWS X-Ray tracing (`TracingConfig.Mode`). Either mode also grants the function's role
/// `xray:PutTelemetryRecords` and `xray:PutTraceSegments`, as AWS CDK does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tracing {
    /// Sample and trace incoming requests that carry no tracing header.
    Active,
    /// Trace only requests that arrive with a sampled tracing header.
    PassThrough,
}

impl Tracing {
    /// The identifier CloudFormation takes.
    pub fn name(self) -> &'static str {
        match self {
            Tracing::Active => "Active",
            Tracing::PassThrough => "PassThrough",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_reuses_known_runtimes_and_infers_families() {
        assert_eq!(Runtime::other("python3.12"), Runtime::PYTHON_3_12);
        assert_eq!(Runtime::other("nodejs26.x").family(), RuntimeFamily::NodeJs);
        assert_eq!(Runtime::other("ruby4.0").family(), RuntimeFamily::Ruby);
        assert_eq!(Runtime::other("cobol").family(), RuntimeFamily::Other);
    }

    #[test]
    fn snap_start_runtimes() {
        let yes = [
            "java11",
            "java17",
            "java21",
            "java25",
            "python3.12",
            "python3.14",
            "dotnet8",
            "dotnet10",
            "java29",
        ];
        let no = [
            "java8.al2",
            "python3.11",
            "python3.10",
            "nodejs22.x",
            "ruby3.4",
            "provided.al2023",
            "dotnet6",
            "cobol",
        ];
        for r in yes {
            assert!(Runtime::other(r).supports_snap_start(), "{r}");
        }
        for r in no {
            assert!(!Runtime::other(r).supports_snap_start(), "{r}");
        }
        assert_eq!(Runtime::other("cobol").to_string(), "cobol");
    }

    #[test]
    fn known_names_are_unique_and_families_match_prefixes() {
        for (i, r) in Runtime::KNOWN.iter().enumerate() {
            assert!(Runtime::KNOWN[..i].iter().all(|o| o.name() != r.name()));
            let inferred = Runtime::other(&format!("{}-future", r.name())).family();
            assert_eq!(inferred, r.family(), "{}", r.name());
        }
    }
}
