//! AWS's naming rules, in one table: which characters a name may have, how long it may be,
//! how it must start, and which prefixes, suffixes and whole names the service reserves.
//!
//! Each [`NameRule`] is data; [`NameRule::problems`] lists every rule a name breaks and
//! [`NameRule::check_literal`] records them on a construct as **one** diagnostic
//! (`` `bad name!` is not a valid role name: it contains ` `, `!`, which IAM does not allow``)
//! with the rule's hint. Names that are expressions (`Ref`, `Fn::Sub`, …) are known only at
//! deploy time and are not checked. A construct whose messages predate this table (S3 bucket
//! names, DynamoDB table and index names, SQS queue and SNS topic names with their `.fifo`
//! suffix, Lambda environment variables) uses the same rule and words the diagnostic its own
//! way.

use cdk_core::{Node, Str};

use crate::util::literal;

/// A test on one character, and the same in words (`a letter`).
pub(crate) type CharRule = (fn(char) -> bool, &'static str);

/// One service's rule for one kind of name.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NameRule {
    /// What is named, as messages say it: `function name`, `log group name`.
    pub(crate) what: &'static str,
    /// The service whose rule this is, as messages say it: `Lambda`, `CloudWatch Logs`.
    pub(crate) service: &'static str,
    /// The fewest characters.
    pub(crate) min: usize,
    /// The most characters (`usize::MAX`: no limit of its own).
    pub(crate) max: usize,
    /// Whether a character may appear in the name.
    pub(crate) allowed: fn(char) -> bool,
    /// What the first character must be.
    pub(crate) first: Option<CharRule>,
    /// What the last character must be.
    pub(crate) last: Option<CharRule>,
    /// Whether a name of digits only is refused (Lambda aliases, which would read as
    /// versions).
    pub(crate) not_only_digits: bool,
    /// Prefixes the service keeps for itself.
    pub(crate) reserved_prefixes: &'static [&'static str],
    /// Suffixes the service keeps for itself.
    pub(crate) reserved_suffixes: &'static [&'static str],
    /// Whole names the service keeps for itself.
    pub(crate) reserved_names: &'static [&'static str],
    /// What to do instead, for the diagnostic.
    pub(crate) hint: &'static str,
}

/// One way a name breaks its [`NameRule`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum NameProblem {
    /// Fewer than `min` characters (the count).
    TooShort(usize),
    /// More than `max` characters (the count).
    TooLong(usize),
    /// Characters that are not allowed, each once, in order of appearance.
    Characters(Vec<char>),
    /// The first character is not what the rule wants.
    First,
    /// The last character is not what the rule wants.
    Last,
    /// Only digits.
    OnlyDigits,
    /// Starts with a reserved prefix.
    ReservedPrefix(&'static str),
    /// Ends with a reserved suffix.
    ReservedSuffix(&'static str),
    /// Is a reserved name.
    Reserved,
}

const fn rule(
    what: &'static str,
    service: &'static str,
    min: usize,
    max: usize,
    allowed: fn(char) -> bool,
    hint: &'static str,
) -> NameRule {
    NameRule {
        what,
        service,
        min,
        max,
        allowed,
        first: None,
        last: None,
        not_only_digits: false,
        reserved_prefixes: &[],
        reserved_suffixes: &[],
        reserved_names: &[],
        hint,
    }
}

fn any(_: char) -> bool {
    true
}

fn letter(c: char) -> bool {
    c.is_ascii_alphabetic()
}

fn alnum_dash_underscore(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_')
}

fn alnum_underscore(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn alnum_dot_dash_underscore(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')
}

fn lowercase_digit_dot_dash(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-')
}

/// IAM's `[\w+=,.@-]`.
fn iam_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '=' | ',' | '.' | '@' | '-')
}

/// IAM's path characters, `\u0021`-`\u007F`.
fn iam_path_char(c: char) -> bool {
    ('\u{21}'..='\u{7f}').contains(&c)
}

fn log_group_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/' | '#')
}

fn not_colon(c: char) -> bool {
    c != ':'
}

fn slash(c: char) -> bool {
    c == '/'
}

// ---- the table ---------------------------------------------------------------------------------

/// S3 general purpose bucket names, without the rules `s3::Bucket` checks itself (starting
/// and ending with a letter or digit, adjacent periods, IP addresses).
pub(crate) const BUCKET_NAME: NameRule = NameRule {
    reserved_prefixes: &["xn--", "sthree-", "amzn-s3-demo-"],
    reserved_suffixes: &["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"],
    ..rule(
        "bucket name",
        "S3",
        3,
        63,
        lowercase_digit_dot_dash,
        "S3 bucket names are 3-63 lowercase letters, digits, `.` and `-`, starting and ending with a letter or digit; or omit bucket_name and let CloudFormation generate one",
    )
};

/// DynamoDB table and index names.
pub(crate) const TABLE_NAME: NameRule = rule(
    "table name",
    "DynamoDB",
    3,
    255,
    alnum_dot_dash_underscore,
    "table names are 3-255 characters of letters, digits, `_`, `.` and `-`",
);

/// SQS queue names, `.fifo` suffix included in the length (see `util::checked_fifo_name`).
pub(crate) const QUEUE_NAME: NameRule = rule(
    "queue name",
    "SQS",
    1,
    80,
    alnum_dash_underscore,
    "use 1-80 letters, digits, `-` and `_`",
);

/// SNS topic names, `.fifo` suffix included in the length.
pub(crate) const TOPIC_NAME: NameRule = rule(
    "topic name",
    "SNS",
    1,
    256,
    alnum_dash_underscore,
    "use 1-256 letters, digits, `-` and `_`",
);

/// Lambda function names (the bare name; ARNs are not accepted here).
pub(crate) const FUNCTION_NAME: NameRule = rule(
    "function name",
    "Lambda",
    1,
    64,
    alnum_dash_underscore,
    "use 1-64 letters, digits, `-` and `_`",
);

/// Lambda alias names, with SAM's extra rule: `(?!^[0-9]+$)([a-zA-Z0-9-_]+)`, at most 128.
pub(crate) const ALIAS_NAME: NameRule = NameRule {
    not_only_digits: true,
    ..rule(
        "alias name",
        "Lambda",
        1,
        128,
        alnum_dash_underscore,
        "an alias name is 1-128 letters, digits, `-` and `_`, and not only digits, e.g. `live`",
    )
};

/// State machine alias names as SAM can use them: Step Functions takes 1-80 letters, digits,
/// `-`, `_` and `.` (not only digits), but SAM writes the name into the alias's logical ID
/// (`<Machine>Alias<name>`) unchanged, so only letters and digits work in both templates.
pub(crate) const STATE_MACHINE_ALIAS_NAME: NameRule = NameRule {
    not_only_digits: true,
    ..rule(
        "state machine alias name",
        "SAM",
        1,
        80,
        alnum,
        "use 1-80 letters and digits, not only digits, e.g. `live` (SAM writes the name into a logical ID, where `-`, `_` and `.` are not allowed)",
    )
};

fn alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// The environment variables Lambda sets itself (public as
/// `lambda::RESERVED_ENVIRONMENT_VARIABLES`).
pub(crate) const RESERVED_ENVIRONMENT_VARIABLES: &[&str] = &[
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_DEFAULT_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_LAMBDA_RUNTIME_API",
    "AWS_REGION",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "LAMBDA_RUNTIME_DIR",
    "LAMBDA_TASK_ROOT",
];

/// Lambda environment variable names: `[a-zA-Z]([a-zA-Z0-9_])+` and not one Lambda sets
/// itself.
pub(crate) const ENVIRONMENT_VARIABLE_NAME: NameRule = NameRule {
    first: Some((letter, "a letter")),
    reserved_names: RESERVED_ENVIRONMENT_VARIABLES,
    ..rule(
        "environment variable name",
        "Lambda",
        2,
        usize::MAX,
        alnum_underscore,
        "names are at least two characters: a letter, then letters, digits and `_`",
    )
};

/// IAM role names.
pub(crate) const ROLE_NAME: NameRule = rule(
    "role name",
    "IAM",
    1,
    64,
    iam_name_char,
    "use 1-64 letters, digits and `_+=,.@-`, or leave the name out and let CloudFormation generate one",
);

/// IAM paths (`/` or `/…/`).
pub(crate) const ROLE_PATH: NameRule = NameRule {
    first: Some((slash, "`/`")),
    last: Some((slash, "`/`")),
    ..rule(
        "role path",
        "IAM",
        1,
        512,
        iam_path_char,
        "a path is `/` or starts and ends with `/` (e.g. `/service/`), at most 512 printable ASCII characters without spaces",
    )
};

/// EventBridge rule names.
pub(crate) const RULE_NAME: NameRule = rule(
    "rule name",
    "EventBridge",
    1,
    64,
    alnum_dot_dash_underscore,
    "use 1-64 letters, digits, `.`, `-` and `_`",
);

/// CloudWatch Logs log group names: `aws/` is reserved (`/aws/…` is not).
pub(crate) const LOG_GROUP_NAME: NameRule = NameRule {
    reserved_prefixes: &["aws/"],
    ..rule(
        "log group name",
        "CloudWatch Logs",
        1,
        512,
        log_group_char,
        "use 1-512 letters, digits, `.`, `-`, `_`, `/` and `#`, not starting with `aws/` (AWS services use names such as `/aws/lambda/<function>`)",
    )
};

/// CodeDeploy deployment configuration names.
pub(crate) const DEPLOYMENT_CONFIG_NAME: NameRule = NameRule {
    reserved_prefixes: &["CodeDeployDefault."],
    ..rule(
        "deployment configuration name",
        "CodeDeploy",
        1,
        100,
        alnum_dot_dash_underscore,
        "use 1-100 letters, digits, `.`, `_` and `-`, not starting with `CodeDeployDefault.`",
    )
};

/// CloudWatch metric namespaces: 1-255 characters, not starting with `:`.
pub(crate) const METRIC_NAMESPACE: NameRule = NameRule {
    first: Some((not_colon, "a character other than `:`")),
    ..rule(
        "metric namespace",
        "CloudWatch",
        1,
        255,
        any,
        "give the metric's namespace, e.g. `AWS/Lambda` or your application's: 1-255 characters, not starting with `:`",
    )
};

/// CloudWatch metric names.
pub(crate) const METRIC_NAME: NameRule = rule(
    "metric name",
    "CloudWatch",
    1,
    255,
    any,
    "give the metric's name, 1-255 characters, e.g. `Errors`",
);

/// Kinesis data stream names.
pub(crate) const STREAM_NAME: NameRule = rule(
    "stream name",
    "Kinesis",
    1,
    128,
    alnum_dot_dash_underscore,
    "stream names are 1-128 letters, digits, `_`, `.` and `-`; or omit stream_name and let CloudFormation generate one",
);

/// EventBridge Scheduler schedule names.
pub(crate) const SCHEDULE_NAME: NameRule = rule(
    "schedule name",
    "EventBridge Scheduler",
    1,
    64,
    alnum_dot_dash_underscore,
    "schedule names are 1-64 letters, digits, `_`, `.` and `-`; or omit schedule_name and let CloudFormation generate one",
);

impl NameRule {
    /// Every way `name` breaks the rule; empty when it is valid. A reserved name is only
    /// reported as reserved.
    pub(crate) fn problems(&self, name: &str) -> Vec<NameProblem> {
        if self.reserved_names.contains(&name) {
            return vec![NameProblem::Reserved];
        }
        let mut out = Vec::new();
        let len = name.chars().count();
        if len < self.min {
            out.push(NameProblem::TooShort(len));
        } else if len > self.max {
            out.push(NameProblem::TooLong(len));
        }
        let mut bad: Vec<char> = Vec::new();
        for c in name.chars() {
            if !(self.allowed)(c) && !bad.contains(&c) {
                bad.push(c);
            }
        }
        if !bad.is_empty() {
            out.push(NameProblem::Characters(bad));
        }
        // A first or last character that is not allowed anywhere is already named above.
        if let (Some((ok, _)), Some(c)) = (self.first, name.chars().next()) {
            if !ok(c) && (self.allowed)(c) {
                out.push(NameProblem::First);
            }
        }
        if let (Some((ok, _)), Some(c)) = (self.last, name.chars().last()) {
            if !ok(c) && (self.allowed)(c) {
                out.push(NameProblem::Last);
            }
        }
        if self.not_only_digits && len > 0 && name.chars().all(|c| c.is_ascii_digit()) {
            out.push(NameProblem::OnlyDigits);
        }
        if let Some(p) = self
            .reserved_prefixes
            .iter()
            .find(|p| name.starts_with(**p))
        {
            out.push(NameProblem::ReservedPrefix(p));
        }
        if let Some(s) = self.reserved_suffixes.iter().find(|s| name.ends_with(**s)) {
            out.push(NameProblem::ReservedSuffix(s));
        }
        out
    }

    /// Whether `name` follows the rule.
    pub(crate) fn is_valid(&self, name: &str) -> bool {
        self.problems(name).is_empty()
    }

    /// `problem` in words, as a clause (`it is 65 characters long, more than 64`).
    pub(crate) fn describe(&self, problem: &NameProblem) -> String {
        let chars = |n: usize| if n == 1 { "character" } else { "characters" };
        match problem {
            NameProblem::TooShort(0) => "it is empty".to_string(),
            NameProblem::TooShort(n) => {
                format!("it is {n} {} long, fewer than {}", chars(*n), self.min)
            }
            NameProblem::TooLong(n) => {
                format!("it is {n} {} long, more than {}", chars(*n), self.max)
            }
            NameProblem::Characters(bad) => {
                let shown: Vec<String> = bad.iter().map(|c| format!("`{c}`")).collect();
                format!(
                    "it contains {}, which {} does not allow",
                    shown.join(", "),
                    self.service
                )
            }
            NameProblem::First => format!(
                "it does not start with {}",
                self.first.map_or("", |(_, words)| words)
            ),
            NameProblem::Last => format!(
                "it does not end with {}",
                self.last.map_or("", |(_, words)| words)
            ),
            NameProblem::OnlyDigits => "it is only digits".to_string(),
            NameProblem::ReservedPrefix(p) => {
                format!("it uses {} reserved prefix `{p}`", possessive(self.service))
            }
            NameProblem::ReservedSuffix(s) => {
                format!("it uses {} reserved suffix `{s}`", possessive(self.service))
            }
            NameProblem::Reserved => format!("{} reserves it", self.service),
        }
    }

    /// Every problem in words, joined with `; `.
    pub(crate) fn describe_all(&self, problems: &[NameProblem]) -> String {
        let words: Vec<String> = problems.iter().map(|p| self.describe(p)).collect();
        words.join("; ")
    }

    /// Checks `name`; records one error on `node` listing every problem
    /// (`` `x` is not a valid <what>: … ``, with the rule's hint). Returns whether it is
    /// valid.
    pub(crate) fn check(&self, node: &Node, name: &str) -> bool {
        let problems = self.problems(name);
        if problems.is_empty() {
            return true;
        }
        node.add_error(
            format!(
                "`{name}` is not a valid {}: {}",
                self.what,
                self.describe_all(&problems)
            ),
            self.hint,
        );
        false
    }

    /// [`check`](NameRule::check) for a literal `name`; an expression is taken as valid.
    pub(crate) fn check_literal(&self, node: &Node, name: &Str) -> bool {
        literal(name).is_none_or(|text| self.check(node, &text))
    }
}

/// `Lambda's`, `CloudWatch Logs'`.
fn possessive(service: &str) -> String {
    if service.ends_with('s') {
        format!("{service}'")
    } else {
        format!("{service}'s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_names_have_no_problems() {
        for (rule, name) in [
            (FUNCTION_NAME, "my-function_1"),
            (ROLE_NAME, "My_Role+=,.@-1"),
            (ROLE_PATH, "/"),
            (ROLE_PATH, "/a/b/"),
            (LOG_GROUP_NAME, "/aws/lambda/x"),
            (ENVIRONMENT_VARIABLE_NAME, "AB"),
            (ALIAS_NAME, "v1"),
            (METRIC_NAMESPACE, "AWS/Lambda"),
            (BUCKET_NAME, "my-bucket.logs"),
        ] {
            assert_eq!(rule.problems(name), [], "{}: {name}", rule.what);
        }
    }

    #[test]
    fn every_problem_is_listed() {
        assert_eq!(
            ROLE_NAME.problems(&format!("{} !", "r".repeat(64))),
            [
                NameProblem::TooLong(66),
                NameProblem::Characters(vec![' ', '!'])
            ]
        );
        assert_eq!(
            ENVIRONMENT_VARIABLE_NAME.problems("1"),
            [NameProblem::TooShort(1), NameProblem::First]
        );
        assert_eq!(
            ENVIRONMENT_VARIABLE_NAME.problems("_HANDLER"),
            [NameProblem::Reserved]
        );
        assert_eq!(ALIAS_NAME.problems("123"), [NameProblem::OnlyDigits]);
        assert_eq!(
            LOG_GROUP_NAME.problems("aws/x"),
            [NameProblem::ReservedPrefix("aws/")]
        );
        assert_eq!(
            ROLE_PATH.problems("a"),
            [NameProblem::First, NameProblem::Last]
        );
        assert_eq!(
            BUCKET_NAME.problems("abc-s3alias"),
            [NameProblem::ReservedSuffix("-s3alias")]
        );
    }

    #[test]
    fn a_disallowed_first_character_is_reported_once() {
        // `-` is not allowed anywhere, so it is not also reported as a bad first character.
        assert_eq!(
            ENVIRONMENT_VARIABLE_NAME.problems("-AB"),
            [NameProblem::Characters(vec!['-'])]
        );
        assert_eq!(METRIC_NAMESPACE.problems(":x"), [NameProblem::First]);
    }

    #[test]
    fn problems_in_words() {
        assert_eq!(
            ROLE_NAME.describe_all(&ROLE_NAME.problems("")),
            "it is empty"
        );
        assert_eq!(
            ENVIRONMENT_VARIABLE_NAME.describe_all(&ENVIRONMENT_VARIABLE_NAME.problems("A")),
            "it is 1 character long, fewer than 2"
        );
        assert_eq!(
            LOG_GROUP_NAME.describe(&NameProblem::ReservedPrefix("aws/")),
            "it uses CloudWatch Logs' reserved prefix `aws/`"
        );
        assert_eq!(
            DEPLOYMENT_CONFIG_NAME.describe(&NameProblem::ReservedPrefix("CodeDeployDefault.")),
            "it uses CodeDeploy's reserved prefix `CodeDeployDefault.`"
        );
    }
}
