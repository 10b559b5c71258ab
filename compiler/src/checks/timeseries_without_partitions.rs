//! `W0110` timeseries without partitions: the project targets SQLite, which has no
//! partitioning.
//!
//! Why: on SQLite the table is a plain table, so expired rows must be deleted with
//! `DELETE` (slow, and the file does not shrink without `VACUUM`) instead of dropping a
//! partition.
//!
//! ```text
//! entity Reading { at timestamptz  timeseries on at every month retain 13 months }
//! ```
//! Fix: none needed; remove `sqlite` from `[project] dialects` if you do not deploy on it.

use super::timeseries_column::usable_partition_key;
use crate::resolve::Model;
use schemac_lang::ast::Member;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "W0110";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    if !model.project.settings.targets("sqlite") {
        return;
    }
    for entity in &model.entities {
        for member in &entity.members {
            let Member::Timeseries(ts) = member.member else {
                continue;
            };
            // A timeseries on a column that cannot be a partition key is an error already.
            if !usable_partition_key(entity, &ts.column.name) {
                continue;
            }
            diags.push(
                Diagnostic::warning(
                    CODE,
                    format!(
                        "timeseries on {}: SQLite has no partitions; a plain table is used, so old rows must be deleted with DELETE",
                        ts.column.name
                    ),
                    ts.span,
                    "plain table on SQLite",
                )
                .with_hint("docs/patterns.md has the DELETE that enforces the retention on SQLite"),
            );
        }
    }
}
