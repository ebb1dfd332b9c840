//! The value types of a function's settings that both templates spell alike: logging, VPC,
//! file systems, recursive-loop detection.

use cdk_core::Str;
use cfn_l1::lambda::function as plain;

/// The format a function's logs are written in (`LoggingConfig.LogFormat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// Plain text lines (`Text`, Lambda's default).
    Text,
    /// Structured JSON (`JSON`); the only format with log levels.
    Json,
}

impl LogFormat {
    pub(super) fn l1(self) -> plain::LogFormat {
        match self {
            LogFormat::Text => plain::LogFormat::Text,
            LogFormat::Json => plain::LogFormat::Json,
        }
    }
}

/// The lowest level of the function's own log lines Lambda keeps
/// (`LoggingConfig.ApplicationLogLevel`; JSON logs only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)] // the levels are their names
pub enum ApplicationLogLevel {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
}

impl ApplicationLogLevel {
    pub(super) fn l1(self) -> plain::ApplicationLogLevel {
        use plain::ApplicationLogLevel as L;
        match self {
            ApplicationLogLevel::Trace => L::Trace,
            ApplicationLogLevel::Debug => L::Debug,
            ApplicationLogLevel::Info => L::Info,
            ApplicationLogLevel::Warn => L::Warn,
            ApplicationLogLevel::Error => L::Error,
            ApplicationLogLevel::Fatal => L::Fatal,
        }
    }
}

/// The lowest level of Lambda's own log lines (`START`, `REPORT`, …) it keeps
/// (`LoggingConfig.SystemLogLevel`; JSON logs only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)] // the levels are their names
pub enum SystemLogLevel {
    Debug,
    Info,
    Warn,
}

impl SystemLogLevel {
    pub(super) fn l1(self) -> plain::SystemLogLevel {
        use plain::SystemLogLevel as L;
        match self {
            SystemLogLevel::Debug => L::Debug,
            SystemLogLevel::Info => L::Info,
            SystemLogLevel::Warn => L::Warn,
        }
    }
}

/// What Lambda does when it detects the function in a recursive loop with SQS, SNS or S3
/// (`RecursiveLoop`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecursiveLoop {
    /// Stop the loop after about 16 invocations (`Terminate`, Lambda's default).
    Terminate,
    /// Let it run (`Allow`), for functions that call themselves on purpose.
    Allow,
}

impl RecursiveLoop {
    pub(super) fn l1(self) -> plain::RecursiveLoop {
        match self {
            RecursiveLoop::Terminate => plain::RecursiveLoop::Terminate,
            RecursiveLoop::Allow => plain::RecursiveLoop::Allow,
        }
    }
}

/// At most this many subnets per function (Lambda's limit).
pub const MAX_SUBNETS: usize = 16;
/// At most this many security groups per function (Lambda's limit).
pub const MAX_SECURITY_GROUPS: usize = 5;

/// The subnets and security groups a function's network interfaces are placed in
/// (`VpcConfig`): ids given literally, as parameters or imported from another stack
/// (`fns::import_value`).
///
/// ```
/// use constructs::lambda::VpcConfig;
/// let vpc = VpcConfig::new(["subnet-0a1b2c3d", "subnet-4e5f6a7b"], ["sg-0123456789abcdef0"]);
/// # let _ = vpc;
/// ```
#[derive(Clone, Debug)]
pub struct VpcConfig {
    pub(super) subnet_ids: Vec<Str>,
    pub(super) security_group_ids: Vec<Str>,
}

impl VpcConfig {
    /// At least one subnet (at most 16; private subnets with a NAT gateway or VPC endpoints,
    /// for the function to reach AWS services) and one security group (at most 5); checked at
    /// synth.
    pub fn new<S: Into<Str>, G: Into<Str>>(
        subnet_ids: impl IntoIterator<Item = S>,
        security_group_ids: impl IntoIterator<Item = G>,
    ) -> VpcConfig {
        VpcConfig {
            subnet_ids: subnet_ids.into_iter().map(Into::into).collect(),
            security_group_ids: security_group_ids.into_iter().map(Into::into).collect(),
        }
    }
}

/// An Amazon EFS file system mounted into the function through an access point
/// (`FileSystemConfigs`). Needs the function in a VPC that reaches the file system's mount
/// targets ([`FunctionBuilder::vpc`](super::FunctionBuilder::vpc); without one, a synth error).
///
/// The role is granted `elasticfilesystem:ClientMount` and `elasticfilesystem:ClientWrite`
/// on the file system, only through this access point (`elasticfilesystem:AccessPointArn`),
/// which is what a file system policy requiring IAM authorization checks.
///
/// ```
/// use constructs::lambda::FileSystem;
/// let fs = FileSystem::efs_access_point(
///     "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0123456789abcdef0",
///     "arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-0123456789abcdef0",
///     "/mnt/data",
/// );
/// # let _ = fs;
/// ```
#[derive(Clone, Debug)]
pub struct FileSystem {
    pub(super) file_system_arn: Str,
    pub(super) access_point_arn: Str,
    pub(super) mount_path: String,
}

/// Lambda's limit on a mount path's length.
const MAX_MOUNT_PATH_CHARS: usize = 160;

impl FileSystem {
    /// The file system `file_system_arn` through its access point `access_point_arn`,
    /// mounted at `mount_path`: `/mnt/` and a name of letters, digits, `-`, `_` and `.`, at
    /// most 160 characters (checked at synth).
    pub fn efs_access_point(
        file_system_arn: impl Into<Str>,
        access_point_arn: impl Into<Str>,
        mount_path: &str,
    ) -> FileSystem {
        FileSystem {
            file_system_arn: file_system_arn.into(),
            access_point_arn: access_point_arn.into(),
            mount_path: mount_path.to_string(),
        }
    }

    /// Why the mount path is not one Lambda accepts (`^/mnt/[a-zA-Z0-9-_.]+$`, at most 160
    /// characters).
    pub(super) fn mount_path_problem(&self) -> Option<&'static str> {
        let p = &self.mount_path;
        let Some(name) = p.strip_prefix("/mnt/") else {
            return Some("it is not under `/mnt/`");
        };
        if p.len() > MAX_MOUNT_PATH_CHARS {
            Some("it is longer than 160 characters")
        } else if name.is_empty() {
            Some("it has no name after `/mnt/`")
        } else if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            Some("its name has characters other than letters, digits, `-`, `_` and `.`")
        } else {
            None
        }
    }
}
