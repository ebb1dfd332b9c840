//! `Metric`: a CloudWatch metric with its unit in its type.

use std::marker::PhantomData;
use std::time::Duration;

use cdk_core::Str;

mod sealed {
    pub trait Sealed {}
}

/// The unit of a [`Metric`], which decides what an alarm's threshold is in Rust.
///
/// Sealed: the units are [`Count`] and [`Milliseconds`].
pub trait Unit: sealed::Sealed {
    /// What a threshold on a metric of this unit is given as.
    type Threshold;
    /// The threshold as the number CloudWatch compares the metric with, or an explanation
    /// when it has no such number.
    fn threshold_value(threshold: Self::Threshold) -> Result<f64, String>;
}

/// A metric that counts things (errors, invocations, throttles); thresholds are numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count;

/// A metric measured in milliseconds (Lambda's `Duration`); thresholds are
/// [`Duration`]s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Milliseconds;

impl sealed::Sealed for Count {}
impl sealed::Sealed for Milliseconds {}

impl Unit for Count {
    type Threshold = f64;
    fn threshold_value(threshold: f64) -> Result<f64, String> {
        if threshold.is_finite() {
            Ok(threshold)
        } else {
            Err(format!("threshold {threshold} is not a finite number"))
        }
    }
}

impl Unit for Milliseconds {
    type Threshold = Duration;
    fn threshold_value(threshold: Duration) -> Result<f64, String> {
        Ok(threshold.as_secs_f64() * 1000.0)
    }
}

/// How a metric's data points are aggregated over a period.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Statistic {
    /// `Sum`.
    Sum,
    /// `Average`.
    Average,
    /// `Minimum`.
    Minimum,
    /// `Maximum`.
    Maximum,
    /// `SampleCount`.
    SampleCount,
    /// A percentile such as `Percentile(99.0)` (`ExtendedStatistic: p99`): above 0 and at
    /// most 100 (checked at synth).
    Percentile(f64),
}

impl Statistic {
    /// The alarm's `Statistic` of a plain statistic (`Sum`, …), `None` for a percentile.
    pub(crate) fn plain_name(self) -> Option<cfn_l1::cloudwatch::alarm::Statistic> {
        use cfn_l1::cloudwatch::alarm::Statistic as Cfn;
        Some(match self {
            Statistic::Sum => Cfn::Sum,
            Statistic::Average => Cfn::Average,
            Statistic::Minimum => Cfn::Minimum,
            Statistic::Maximum => Cfn::Maximum,
            Statistic::SampleCount => Cfn::SampleCount,
            Statistic::Percentile(_) => return None,
        })
    }

    /// A percentile as CloudWatch spells it (`p99`; an alarm's `ExtendedStatistic`), `None`
    /// for a plain statistic.
    pub(crate) fn percentile_name(self) -> Option<String> {
        match self {
            Statistic::Percentile(p) => Some(format!("p{p}")),
            _ => None,
        }
    }
}

/// A CloudWatch metric: namespace, name, dimensions, and how an alarm aggregates it
/// (statistic and period). `U` is its [`Unit`].
///
/// Usually obtained from a construct (`function.metric_errors()`); build others with
/// [`Metric::new`].
///
/// ```
/// use std::time::Duration;
/// use constructs::cloudwatch::{Count, Metric, Statistic};
/// let m: Metric<Count> = Metric::new("AWS/SQS", "ApproximateNumberOfMessagesVisible")
///     .dimension("QueueName", "jobs")
///     .statistic(Statistic::Maximum)
///     .period(Duration::from_secs(300));
/// # let _ = m;
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Metric<U: Unit> {
    pub(crate) namespace: String,
    pub(crate) metric_name: String,
    pub(crate) dimensions: Vec<(String, Str)>,
    pub(crate) statistic: Statistic,
    pub(crate) period: Duration,
    unit: PhantomData<U>,
}

impl<U: Unit> Metric<U> {
    /// Metric `metric_name` in `namespace` (e.g. `AWS/Lambda`, `Errors`), with no dimensions,
    /// statistic [`Statistic::Average`] and a period of one minute (defaults; see the
    /// setters). The namespace is 1-255 characters not starting with `:`, the name 1-255
    /// characters (checked at synth by an alarm on the metric).
    pub fn new(namespace: &str, metric_name: &str) -> Metric<U> {
        Metric {
            namespace: namespace.to_string(),
            metric_name: metric_name.to_string(),
            dimensions: Vec::new(),
            statistic: Statistic::Average,
            period: Duration::from_secs(60),
            unit: PhantomData,
        }
    }

    /// Adds dimension `name` = `value` (default: none); at most 30 (checked at synth).
    pub fn dimension(mut self, name: &str, value: impl Into<Str>) -> Self {
        self.dimensions.push((name.to_string(), value.into()));
        self
    }

    /// The statistic an alarm evaluates (default: set by whoever made the metric; see
    /// [`Metric::new`]).
    pub fn statistic(mut self, statistic: Statistic) -> Self {
        self.statistic = statistic;
        self
    }

    /// The period an alarm aggregates over (default: one minute): 10 s, 20 s, 30 s or a
    /// multiple of 60 s (checked at synth).
    pub fn period(mut self, period: Duration) -> Self {
        self.period = period;
        self
    }

    /// The namespace.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The metric's name.
    pub fn metric_name(&self) -> &str {
        &self.metric_name
    }

    /// The dimensions, in the order given.
    pub fn dimensions(&self) -> &[(String, Str)] {
        &self.dimensions
    }
}
