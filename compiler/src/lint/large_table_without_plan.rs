//! `L0012` large table without a scale plan: an entity declared at more than a million
//! rows (or growing past a million within a year) with neither `timeseries` nor
//! `distribute by`.
//!
//! Why it is bad: past the growth phase (> 1M rows) the guide's scale phase starts:
//! time-keyed, append-mostly data wants range partitions (cheap pruning, old data
//! dropped per partition), and a multi-tenant or very large table wants a shard key.
//! Deciding that before the table is big is a declaration; deciding it after is a
//! migration of the largest table.
//!
//! ```text
//! entity Reading { recorded_at timestamptz = now()  scale rows 2B growth 150M/month }
//! ```
//! Fix: `timeseries on recorded_at every month retain 13 months` for time-keyed rows,
//! `distribute by <key>` otherwise, or `@allow("L0012")` once the decision is made.

use super::Context;
use crate::ir::{ColumnType, Expr, Table};
use schemac_lang::ast::Member;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "L0012";

/// The scale phase starts here (the guide's phases: < 10k, 10k-1M, > 1M).
const LARGE_ROWS: f64 = 1_000_000.0;

pub fn check(ctx: &Context, diags: &mut Diagnostics) {
    for (table, entity) in ctx.entity_tables() {
        let in_a_year = table.scale.rows + 12.0 * table.scale.growth_per_month;
        if !table.scale.declared || in_a_year <= LARGE_ROWS {
            continue;
        }
        let planned = entity.members.iter().any(|m| {
            matches!(
                m.member,
                Member::Timeseries(_) | Member::DistributeBy { .. }
            )
        });
        if planned {
            continue;
        }
        let hint = match time_key(table) {
            Some(column) => format!(
                "if rows are appended over time, partition them: `timeseries on {column} every month`; otherwise shard with `distribute by <key>`"
            ),
            None => "shard it with `distribute by <key>`, or add a time key and `timeseries on <column>`".to_string(),
        };
        let size = if table.scale.rows > LARGE_ROWS {
            "is declared at more than"
        } else {
            "grows past"
        };
        diags.push(
            Diagnostic::lint(
                CODE,
                format!(
                    "`{}` {size} 1M rows but has no scale-phase plan",
                    entity.name()
                ),
                entity.decl.name.span,
                "large table",
            )
            .with_hint(hint),
        );
    }
}

/// The column a time-keyed table is appended by: a timestamp defaulting to `now()`,
/// other than `updated_at`.
fn time_key(table: &Table) -> Option<&str> {
    table
        .columns
        .iter()
        .find(|c| {
            matches!(c.ty, ColumnType::Timestamptz | ColumnType::Timestamp)
                && c.default.as_deref() == Some(&Expr::Now)
                && c.name != "updated_at"
        })
        .map(|c| c.name.as_str())
}
