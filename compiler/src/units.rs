//! Time units of rates (`5000/s`, `50k/month`), partition intervals (`every month`) and
//! durations (`13 months`).

/// Seconds in an average month (365.25 / 12 days).
pub const SECONDS_PER_MONTH: f64 = 2_629_800.0;

/// The seconds in one unit of a rate (`/s`, `/min`, `/h`, `/day`, `/week`, `/month`,
/// `/year`, with common spellings), or `None` for an unknown unit.
pub fn rate_unit_seconds(unit: &str) -> Option<f64> {
    Some(match unit {
        "s" | "sec" | "second" => 1.0,
        "min" | "minute" => 60.0,
        "h" | "hour" => 3_600.0,
        "day" | "d" => 86_400.0,
        "week" | "w" => 604_800.0,
        "month" => SECONDS_PER_MONTH,
        "year" | "y" => SECONDS_PER_MONTH * 12.0,
        _ => return None,
    })
}

/// The rate units users may write, for suggestions.
pub const RATE_UNITS: &[&str] = &["s", "min", "h", "day", "week", "month", "year"];

/// Partition intervals for `timeseries .. every <unit>`.
pub const PARTITION_INTERVALS: &[&str] = &["day", "week", "month", "quarter", "year"];

/// Units of a duration (`retain 13 months`), singular or plural.
pub const DURATION_UNITS: &[&str] = &[
    "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years",
];
