//! `Retry` and `Catch` rules, and the error names they match ([`StatesError`]).

use std::time::Duration;

use serde_json::{json, Map, Value as Json};

use super::asl;
use super::state::{secs, StateRef};
use super::IntoChain;

/// An error name a Retry or Catch matches: the predefined `States.*` errors, or any
/// custom name a task raises (`"CustomError"`, `"Lambda.ServiceException"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatesError {
    /// `States.ALL`: any error. Only alone in its rule, and only in the last rule.
    All,
    /// `States.HeartbeatTimeout`.
    HeartbeatTimeout,
    /// `States.Timeout`.
    Timeout,
    /// `States.TaskFailed`: any task failure except a timeout.
    TaskFailed,
    /// `States.Permissions`.
    Permissions,
    /// `States.ResultPathMatchFailure`.
    ResultPathMatchFailure,
    /// `States.ParameterPathFailure`.
    ParameterPathFailure,
    /// `States.BranchFailed`.
    BranchFailed,
    /// `States.NoChoiceMatched`.
    NoChoiceMatched,
    /// `States.IntrinsicFailure`.
    IntrinsicFailure,
    /// `States.ExceedToleratedFailureThreshold`.
    ExceedToleratedFailureThreshold,
    /// `States.ItemReaderFailed`.
    ItemReaderFailed,
    /// `States.ResultWriterFailed`.
    ResultWriterFailed,
    /// Any other name, as the task raises it.
    Custom(String),
}

impl StatesError {
    /// The name as ASL writes it.
    pub fn name(&self) -> &str {
        match self {
            StatesError::All => "States.ALL",
            StatesError::HeartbeatTimeout => "States.HeartbeatTimeout",
            StatesError::Timeout => "States.Timeout",
            StatesError::TaskFailed => "States.TaskFailed",
            StatesError::Permissions => "States.Permissions",
            StatesError::ResultPathMatchFailure => "States.ResultPathMatchFailure",
            StatesError::ParameterPathFailure => "States.ParameterPathFailure",
            StatesError::BranchFailed => "States.BranchFailed",
            StatesError::NoChoiceMatched => "States.NoChoiceMatched",
            StatesError::IntrinsicFailure => "States.IntrinsicFailure",
            StatesError::ExceedToleratedFailureThreshold => {
                "States.ExceedToleratedFailureThreshold"
            }
            StatesError::ItemReaderFailed => "States.ItemReaderFailed",
            StatesError::ResultWriterFailed => "States.ResultWriterFailed",
            StatesError::Custom(name) => name,
        }
    }
}

impl From<&str> for StatesError {
    fn from(name: &str) -> StatesError {
        StatesError::Custom(name.to_string())
    }
}

/// The errors Lambda's service raises, which AWS recommends retrying on every Lambda
/// invoke task (what the console and AWS CDK add by default).
pub const LAMBDA_SERVICE_ERRORS: &[&str] = &[
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
];

/// A `JitterStrategy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jitter {
    /// `FULL`: randomised intervals.
    Full,
    /// `NONE`: exact intervals.
    None,
}

/// One `Retry` rule: `Retry::on([StatesError::TaskFailed]).interval(…).max_attempts(…)`.
#[derive(Clone, Debug)]
pub struct Retry {
    pub(crate) errors: Vec<StatesError>,
    interval: Option<u64>,
    max_attempts: Option<u32>,
    backoff_rate: Option<f64>,
    max_delay: Option<u64>,
    jitter: Option<Jitter>,
}

impl Retry {
    /// Retries on `errors` (ASL's defaults: 1 s interval, 3 attempts, backoff rate 2).
    pub fn on<E: Into<StatesError>>(errors: impl IntoIterator<Item = E>) -> Retry {
        Retry {
            errors: errors.into_iter().map(Into::into).collect(),
            interval: None,
            max_attempts: None,
            backoff_rate: None,
            max_delay: None,
            jitter: None,
        }
    }

    /// The Lambda service-exception rule ([`LAMBDA_SERVICE_ERRORS`], 1 s, 3 attempts,
    /// backoff 2), written out as AWS's own Lambda invoke template does.
    pub fn lambda_service_errors() -> Retry {
        Retry::on(LAMBDA_SERVICE_ERRORS.iter().copied())
            .interval(Duration::from_secs(1))
            .max_attempts(3)
            .backoff_rate(2.0)
    }

    /// `IntervalSeconds`: the wait before the first retry (whole seconds).
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = Some(secs(interval));
        self
    }

    /// `MaxAttempts` (0: never retry).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts);
        self
    }

    /// `BackoffRate`: the factor the interval grows by per attempt (at least 1).
    pub fn backoff_rate(mut self, rate: f64) -> Self {
        self.backoff_rate = Some(rate);
        self
    }

    /// `MaxDelaySeconds`: the cap on the interval (whole seconds).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = Some(secs(delay));
        self
    }

    /// `JitterStrategy` (default: `NONE`).
    pub fn jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = Some(jitter);
        self
    }

    pub(crate) fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self
            .backoff_rate
            .is_some_and(|r| !(r >= 1.0 && r.is_finite()))
        {
            out.push(format!(
                "Retry BackoffRate {} is below 1",
                self.backoff_rate.unwrap_or_default()
            ));
        }
        out
    }

    pub(crate) fn to_json(&self) -> Json {
        let mut m = Map::new();
        m.insert(asl::ERROR_EQUALS.into(), error_names(&self.errors));
        if let Some(i) = self.interval {
            m.insert(asl::INTERVAL_SECONDS.into(), json!(i));
        }
        if let Some(a) = self.max_attempts {
            m.insert(asl::MAX_ATTEMPTS.into(), json!(a));
        }
        if let Some(r) = self.backoff_rate {
            m.insert(asl::BACKOFF_RATE.into(), number(r));
        }
        if let Some(d) = self.max_delay {
            m.insert(asl::MAX_DELAY_SECONDS.into(), json!(d));
        }
        if let Some(j) = self.jitter {
            let name = match j {
                Jitter::Full => "FULL",
                Jitter::None => "NONE",
            };
            m.insert(asl::JITTER_STRATEGY.into(), json!(name));
        }
        Json::Object(m)
    }
}

/// One `Catch` rule: on `errors`, continue at `handler`.
#[derive(Clone)]
pub struct Catch {
    pub(crate) errors: Vec<StatesError>,
    pub(crate) handler: StateRef,
    pub(crate) result_path: Option<Json>,
    pub(crate) output: Option<Json>,
    pub(crate) assign: Option<Json>,
}

impl std::fmt::Debug for Catch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Catch({:?} -> {})", self.errors, self.handler.name())
    }
}

impl Catch {
    /// On `errors`, continue at `handler` (its first state).
    pub fn new<E: Into<StatesError>>(
        errors: impl IntoIterator<Item = E>,
        handler: &impl IntoChain,
    ) -> Catch {
        Catch {
            errors: errors.into_iter().map(Into::into).collect(),
            handler: handler.to_chain().start,
            result_path: None,
            output: None,
            assign: None,
        }
    }

    /// JSONata `Output`: the handler's input, `{% … %}` expressions over `$states.errorOutput`
    /// (default: the error output). JSONata states only (checked at synth).
    pub fn output(mut self, output: Json) -> Self {
        self.output = Some(output);
        self
    }

    /// `Assign`: variables set when the error is caught (default: none).
    pub fn assign(mut self, variables: Json) -> Self {
        self.assign = Some(variables);
        self
    }

    /// `ResultPath`: where the error output goes in the input (default: `$`, replacing it).
    pub fn result_path(mut self, path: &str) -> Self {
        self.result_path = Some(path.into());
        self
    }

    pub(crate) fn to_json(&self) -> Json {
        let mut m = Map::new();
        m.insert(asl::ERROR_EQUALS.into(), error_names(&self.errors));
        m.insert(asl::NEXT.into(), json!(self.handler.name()));
        if let Some(p) = &self.result_path {
            m.insert(asl::RESULT_PATH.into(), p.clone());
        }
        if let Some(o) = &self.output {
            m.insert(asl::OUTPUT.into(), o.clone());
        }
        if let Some(a) = &self.assign {
            m.insert(asl::ASSIGN.into(), a.clone());
        }
        Json::Object(m)
    }
}

fn error_names(errors: &[StatesError]) -> Json {
    Json::Array(errors.iter().map(|e| json!(e.name())).collect())
}

/// A number as ASL documents write it: `2`, not `2.0`, when it is whole.
pub(crate) fn number(n: f64) -> Json {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

/// The mistakes in one list of rules' error names: empty, `States.ALL` with others, or
/// `States.ALL` in a rule that is not the last. `what` is `Retry` or `Catch`.
pub(crate) fn error_list_problems<'a>(
    what: &str,
    lists: impl ExactSizeIterator<Item = &'a [StatesError]>,
) -> Vec<String> {
    let n = lists.len();
    let mut out = Vec::new();
    for (i, errors) in lists.enumerate() {
        if errors.is_empty() {
            out.push(format!(
                "{what} rule {i} matches no error (empty ErrorEquals)"
            ));
        }
        if errors.contains(&StatesError::All) {
            if errors.len() > 1 {
                out.push(format!(
                    "{what} rule {i} lists States.ALL with other errors; States.ALL must be alone"
                ));
            }
            if i + 1 != n {
                out.push(format!(
                    "{what} rule {i} matches States.ALL but is not the last {what} rule"
                ));
            }
        }
    }
    out
}
