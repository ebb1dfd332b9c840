//! [`ScheduleExpression`]: when a schedule fires.

use std::time::Duration;

/// When a [`Schedule`](super::Schedule) invokes its target: at a fixed rate, on a cron
/// expression, or once. Problems (a rate under a minute or not in whole minutes, a cron
/// expression without its six fields, a malformed date) are reported at synth on the
/// schedule's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleExpression {
    text: String,
    problem: Option<(String, &'static str)>,
    one_time: bool,
}

impl ScheduleExpression {
    /// Every `interval`, in whole minutes, at least one (`rate(5 minutes)`, written in hours
    /// or days when it divides evenly).
    pub fn rate(interval: Duration) -> ScheduleExpression {
        let secs = interval.as_secs();
        let problem =
            (interval.subsec_nanos() != 0 || !secs.is_multiple_of(60) || secs == 0).then(|| {
                (
                    format!(
                        "a rate of {interval:?} is not a whole number of minutes (at least one)"
                    ),
                    "give the rate in whole minutes, e.g. Duration::from_secs(5 * 60)",
                )
            });
        let minutes = secs / 60;
        let (n, unit) = if minutes > 0 && minutes.is_multiple_of(1440) {
            (minutes / 1440, "day")
        } else if minutes > 0 && minutes.is_multiple_of(60) {
            (minutes / 60, "hour")
        } else {
            (minutes, "minute")
        };
        let plural = if n == 1 { "" } else { "s" };
        ScheduleExpression {
            text: format!("rate({n} {unit}{plural})"),
            problem,
            one_time: false,
        }
    }

    /// On a cron expression of six fields: minutes, hours, day of month, month, day of week,
    /// year (`0 8 ? * MON-FRI *`; one of the two day fields is `?`).
    pub fn cron(expression: &str) -> ScheduleExpression {
        let fields: Vec<&str> = expression.split_whitespace().collect();
        let problem = if fields.len() != 6 {
            Some((
                format!(
                    "cron expression `{expression}` has {} fields, not 6",
                    fields.len()
                ),
                "write minutes, hours, day-of-month, month, day-of-week and year, e.g. `0 8 ? * MON-FRI *`",
            ))
        } else if fields[2] != "?" && fields[4] != "?" {
            Some((
                format!("cron expression `{expression}` sets both day-of-month and day-of-week"),
                "make one of the two day fields `?`, e.g. `0 8 ? * MON-FRI *` or `0 8 1 * ? *`",
            ))
        } else {
            None
        };
        ScheduleExpression {
            text: format!("cron({})", fields.join(" ")),
            problem,
            one_time: false,
        }
    }

    /// Once, at `date_time` (`yyyy-mm-ddThh:mm:ss`, in the schedule's time zone, UTC by
    /// default).
    pub fn at(date_time: &str) -> ScheduleExpression {
        let b = date_time.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let ok = b.len() == 19
            && digits(0..4)
            && b[4] == b'-'
            && digits(5..7)
            && b[7] == b'-'
            && digits(8..10)
            && b[10] == b'T'
            && digits(11..13)
            && b[13] == b':'
            && digits(14..16)
            && b[16] == b':'
            && digits(17..19);
        ScheduleExpression {
            text: format!("at({date_time})"),
            problem: (!ok).then(|| {
                (
                    format!("`{date_time}` is not a date and time as `at(...)` takes it"),
                    "write yyyy-mm-ddThh:mm:ss without a zone (set the zone with .time_zone(...)), e.g. 2027-01-01T09:00:00",
                )
            }),
            one_time: true,
        }
    }

    /// The expression as Scheduler takes it (`rate(…)`, `cron(…)`, `at(…)`).
    pub fn expression(&self) -> &str {
        &self.text
    }

    /// Whether the schedule fires once (`at(…)`).
    pub fn is_one_time(&self) -> bool {
        self.one_time
    }

    pub(super) fn problem(&self) -> Option<&(String, &'static str)> {
        self.problem.as_ref()
    }
}
