//! `E0304` timeseries column: `timeseries on x` where `x` is not a non-null date,
//! timestamp or timestamptz field.
//!
//! Why: range partitioning by time needs a time column, and the partition key joins the
//! primary key, so it cannot be NULL.
//!
//! ```text
//! entity Reading { value int  timeseries on value }
//! ```
//! Fix: partition on a date/timestamp field, e.g. `recorded_at timestamptz = now()`.

use crate::resolve::types::is_point_in_time;
use crate::resolve::Model;
use schemac_lang::ast::Member;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0304";

/// True when `column` of `entity` is a non-null date or timestamp field.
pub fn usable_partition_key(entity: &crate::resolve::Entity, column: &str) -> bool {
    entity.lookup(column).is_some_and(|leaf| {
        is_point_in_time(leaf.ty()) && !leaf.declared().is_some_and(|f| f.field.ty.nullable)
    })
}

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for entity in &model.entities {
        for member in &entity.members {
            let Member::Timeseries(ts) = member.member else {
                continue;
            };
            // An unknown field is reported by `unknown_field`.
            let Some(leaf) = entity.lookup(&ts.column.name) else {
                continue;
            };
            let nullable = leaf.declared().is_some_and(|f| f.field.ty.nullable);
            let message = if !is_point_in_time(leaf.ty()) {
                format!(
                    "`timeseries on {}` needs a date or timestamp field",
                    ts.column.name
                )
            } else if nullable {
                format!(
                    "`timeseries on {}` needs a field that is not nullable",
                    ts.column.name
                )
            } else {
                continue;
            };
            let mut d =
                Diagnostic::error(CODE, message, ts.column.span, "not a usable partition key");
            if let Some(f) = leaf.declared() {
                d = d.with_secondary(f.field.ty.span, "declared here");
            }
            diags.push(d.with_hint("partition on a non-null `date`, `timestamp` or `timestamptz` field, e.g. `recorded_at timestamptz = now()`"));
        }
    }
}
