//! `timeseries on <column> [every <interval>] [retain <duration>]`: range partitioning
//! by time. The partition column joins the primary key (engines require every unique
//! key of a partitioned table to contain it); the checks have already rejected uniques
//! without it.

use crate::ir::{PartitionInterval, Partitioning, Table};
use crate::resolve::Entity;
use schemac_lang::ast::{Duration, Member};

/// Records the partitioning of a `timeseries` entity on `table` and extends its key.
pub fn lower(entity: &Entity, table: &mut Table) {
    let Some(ts) = entity.members.iter().find_map(|m| match m.member {
        Member::Timeseries(ts) => Some(ts),
        _ => None,
    }) else {
        return;
    };
    // The field's column: its `@column` name when it has one.
    let column = entity
        .field(&ts.column.name)
        .and_then(|f| crate::resolve::keys::column_attr(f.field))
        .unwrap_or(&ts.column.name)
        .to_string();
    if table.column(&column).is_none() {
        return;
    }
    let interval = ts
        .every
        .as_ref()
        .and_then(|e| interval(&e.name))
        .unwrap_or(PartitionInterval::Month);
    if !table.primary_key.columns.contains(&column) {
        table.primary_key.columns.push(column.clone());
    }
    table.partitioning = Some(Partitioning {
        retain: ts.retain.as_ref().map(|r| intervals_in(r, interval)),
        premake: premake(interval),
        column,
        interval,
    });
}

fn interval(word: &str) -> Option<PartitionInterval> {
    Some(match word.trim_end_matches('s') {
        "day" => PartitionInterval::Day,
        "week" => PartitionInterval::Week,
        "month" => PartitionInterval::Month,
        "quarter" => PartitionInterval::Quarter,
        "year" => PartitionInterval::Year,
        _ => return None,
    })
}

/// Approximate days per interval, to convert a retention into a count of intervals.
fn days(interval: PartitionInterval) -> f64 {
    match interval {
        PartitionInterval::Day => 1.0,
        PartitionInterval::Week => 7.0,
        PartitionInterval::Month => 365.25 / 12.0,
        PartitionInterval::Quarter => 365.25 / 4.0,
        PartitionInterval::Year => 365.25,
    }
}

/// How many intervals a retention covers, rounded up, at least one.
fn intervals_in(retain: &Duration, every: PartitionInterval) -> u32 {
    let unit = retain.unit.name.trim_end_matches('s');
    let span_days = match unit {
        "hour" => retain.count.value / 24.0,
        other => interval(other).map_or(retain.count.value, |i| retain.count.value * days(i)),
    };
    let exact = span_days / days(every);
    // Same-unit retentions are exact counts; guard against float noise before ceil.
    let count = (exact - 1e-9).ceil();
    if count.is_finite() && count >= 1.0 {
        count.min(f64::from(u32::MAX)) as u32
    } else {
        1
    }
}

/// Partitions kept ready ahead of the current one.
fn premake(interval: PartitionInterval) -> u32 {
    match interval {
        PartitionInterval::Day => 7,
        PartitionInterval::Week => 4,
        PartitionInterval::Month | PartitionInterval::Quarter => 3,
        PartitionInterval::Year => 2,
    }
}
