//! Schedules for EventBridge rules: `rate(...)` and `cron(...)` expressions, validated.

/// When a scheduled rule fires: a fixed rate or a cron expression (UTC).
///
/// Constructors never fail; a malformed schedule is reported (with the rule's path) when the
/// rule is built, so every mistake in a stack is listed at once.
///
/// ```
/// use constructs::events::Schedule;
/// assert_eq!(Schedule::rate(1).expression_string(), "rate(1 minute)");
/// assert_eq!(Schedule::rate(120).expression_string(), "rate(2 hours)");
/// assert_eq!(Schedule::cron("0 12 * * ? *").expression_string(), "cron(0 12 * * ? *)");
/// assert!(Schedule::cron("0 12 * * * *").problem().is_some()); // day-of-month and day-of-week
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    expression: String,
    problem: Option<String>,
}

impl Schedule {
    /// Every `minutes` minutes, written in the largest whole unit (`rate(1 day)`,
    /// `rate(2 hours)`, `rate(5 minutes)`), as AWS CDK does. At least 1.
    pub fn rate(minutes: u32) -> Schedule {
        if minutes == 0 {
            return Schedule {
                expression: "rate(0 minutes)".to_string(),
                problem: Some("a rate must be at least 1 minute".to_string()),
            };
        }
        let (n, unit) = if minutes.is_multiple_of(1440) {
            (minutes / 1440, "day")
        } else if minutes.is_multiple_of(60) {
            (minutes / 60, "hour")
        } else {
            (minutes, "minute")
        };
        let plural = if n == 1 { "" } else { "s" };
        Schedule {
            expression: format!("rate({n} {unit}{plural})"),
            problem: None,
        }
    }

    /// A cron expression in EventBridge's six-field form, `minutes hours day-of-month month
    /// day-of-week year` (UTC), with or without the surrounding `cron( )`. Exactly one of
    /// day-of-month and day-of-week must be `?`. Fields are checked for their allowed
    /// characters and ranges.
    pub fn cron(expression: &str) -> Schedule {
        let trimmed = expression.trim();
        let inner = trimmed
            .strip_prefix("cron(")
            .and_then(|s| s.strip_suffix(')'))
            .unwrap_or(trimmed)
            .trim();
        Schedule {
            expression: format!("cron({inner})"),
            problem: check_cron(inner).err(),
        }
    }

    /// The `ScheduleExpression` value, e.g. `rate(5 minutes)`.
    pub fn expression_string(&self) -> &str {
        &self.expression
    }

    /// What is wrong with this schedule, if anything.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
}

const FIELDS: [Field; 6] = [
    Field {
        name: "minutes",
        min: 0,
        max: 59,
        names: &[],
    },
    Field {
        name: "hours",
        min: 0,
        max: 23,
        names: &[],
    },
    Field {
        name: "day-of-month",
        min: 1,
        max: 31,
        names: &[],
    },
    Field {
        name: "month",
        min: 1,
        max: 12,
        names: &MONTHS,
    },
    Field {
        name: "day-of-week",
        min: 1,
        max: 7,
        names: &DAYS,
    },
    Field {
        name: "year",
        min: 1970,
        max: 2199,
        names: &[],
    },
];

fn check_cron(expr: &str) -> Result<(), String> {
    let parts: Vec<&str> = expr.split_whitespace().collect();
    if parts.len() != 6 {
        return Err(format!(
            "cron expression `{expr}` has {} fields; EventBridge takes 6: minutes hours day-of-month month day-of-week year",
            parts.len()
        ));
    }
    let (dom, dow) = (parts[2], parts[4]);
    if (dom == "?") == (dow == "?") {
        return Err(format!(
            "cron expression `{expr}`: exactly one of day-of-month (`{dom}`) and day-of-week (`{dow}`) must be `?`"
        ));
    }
    for (i, (field, text)) in FIELDS.iter().zip(&parts).enumerate() {
        if *text == "?" {
            if i == 2 || i == 4 {
                continue;
            }
            return Err(format!(
                "cron expression `{expr}`: `?` is only allowed in day-of-month and day-of-week, not in {}",
                field.name
            ));
        }
        for item in text.split(',') {
            check_item(field, i, item).map_err(|why| {
                format!(
                    "cron expression `{expr}`: {} field `{text}`: {why}",
                    field.name
                )
            })?;
        }
    }
    Ok(())
}

fn check_item(field: &Field, index: usize, item: &str) -> Result<(), String> {
    let value = |s: &str| -> Result<u32, String> {
        let upper = s.to_ascii_uppercase();
        if let Some(pos) = field.names.iter().position(|n| *n == upper) {
            return Ok(field.min + pos as u32);
        }
        let n: u32 = s
            .parse()
            .map_err(|_| format!("`{s}` is not a number or name"))?;
        if (field.min..=field.max).contains(&n) {
            Ok(n)
        } else {
            Err(format!("{n} is outside {}..={}", field.min, field.max))
        }
    };
    if item.is_empty() {
        return Err("empty list item".to_string());
    }
    // Day-of-month specials: L (last day), LW (last weekday), nW (nearest weekday).
    if index == 2 {
        if item == "L" || item == "LW" {
            return Ok(());
        }
        if let Some(n) = item.strip_suffix('W') {
            return value(n).map(|_| ());
        }
    }
    // Day-of-week specials: L (last day of week), nL (last <day> of month), n#k (k-th <day>).
    if index == 4 {
        if item == "L" {
            return Ok(());
        }
        if let Some(n) = item.strip_suffix('L') {
            return value(n).map(|_| ());
        }
        if let Some((day, nth)) = item.split_once('#') {
            value(day)?;
            return match nth.parse::<u32>() {
                Ok(1..=5) => Ok(()),
                _ => Err(format!("`#{nth}` must be #1 to #5")),
            };
        }
    }
    let (base, step) = match item.split_once('/') {
        Some((b, s)) => (b, Some(s)),
        None => (item, None),
    };
    if let Some(step) = step {
        match step.parse::<u32>() {
            Ok(n) if n >= 1 => {}
            _ => return Err(format!("step `/{step}` must be a positive number")),
        }
    }
    if base == "*" {
        return Ok(());
    }
    match base.split_once('-') {
        Some((a, b)) => {
            value(a)?;
            value(b)?;
            Ok(())
        }
        None => value(base).map(|_| ()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_use_the_largest_whole_unit() {
        for (minutes, expected) in [
            (1, "rate(1 minute)"),
            (5, "rate(5 minutes)"),
            (60, "rate(1 hour)"),
            (90, "rate(90 minutes)"),
            (180, "rate(3 hours)"),
            (1440, "rate(1 day)"),
            (2880, "rate(2 days)"),
        ] {
            let s = Schedule::rate(minutes);
            assert_eq!(s.expression_string(), expected);
            assert_eq!(s.problem(), None);
        }
        assert!(Schedule::rate(0).problem().is_some());
    }

    #[test]
    fn valid_cron_expressions() {
        for expr in [
            "0 12 * * ? *",
            "cron(0 12 * * ? *)",
            "15 10 ? * 6L 2026-2030",
            "0/15 * * * ? *",
            "0 8 1 JAN-DEC ? *",
            "0 18 ? * MON-FRI *",
            "0 10 ? * 2#3 *",
            "0 0 L * ? *",
            "0 0 3W * ? *",
            "5,35 14 * * ? *",
        ] {
            let s = Schedule::cron(expr);
            assert_eq!(s.problem(), None, "{expr}");
            assert!(s.expression_string().starts_with("cron("));
            assert!(!s.expression_string().starts_with("cron(cron("));
        }
    }

    #[test]
    fn invalid_cron_expressions() {
        for (expr, why) in [
            ("0 12 * * *", "has 5 fields"),
            ("0 12 * * * *", "exactly one of day-of-month"),
            ("0 12 ? * ? *", "exactly one of day-of-month"),
            ("60 12 * * ? *", "60 is outside 0..=59"),
            ("0 24 * * ? *", "24 is outside 0..=23"),
            ("0 12 0 * ? *", "0 is outside 1..=31"),
            ("0 12 * FOO ? *", "`FOO` is not a number or name"),
            ("0 12 ? * 8 *", "8 is outside 1..=7"),
            ("0 12 * * ? 1969", "1969 is outside 1970..=2199"),
            ("0/0 12 * * ? *", "step `/0`"),
            ("? 12 * * ? *", "`?` is only allowed"),
            ("0 12 ? * 2#6 *", "#1 to #5"),
            ("0 12 1,,2 * ? *", "empty list item"),
        ] {
            let s = Schedule::cron(expr);
            let problem = s.problem().unwrap_or_else(|| panic!("{expr} accepted"));
            assert!(problem.contains(why), "{expr}: {problem}");
        }
    }
}
