//! `E0331` unique without the partition column: a `unique` field or `unique (...)`
//! line on a `timeseries` entity that does not contain the partition column.
//!
//! Why: PostgreSQL and MySQL enforce uniqueness per partition, so every unique key of a
//! partitioned table must contain the partition column; the compiler adds it to the
//! primary key, but adding it to a unique would silently weaken it.
//!
//! ```text
//! entity Reading { code string(20) unique  at timestamptz  timeseries on at }
//! ```
//! Fix: include the column (`unique (code, at)`), or move the unique value to a table
//! that is not partitioned.

use crate::resolve::Model;
use schemac_lang::ast::Member;
use schemac_lang::{Diagnostic, Diagnostics, Span};

pub const CODE: &str = "E0331";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for entity in &model.entities {
        let Some(ts) = entity.members.iter().find_map(|m| match m.member {
            Member::Timeseries(ts) => Some(ts),
            _ => None,
        }) else {
            continue;
        };
        let column = ts.column.name.as_str();
        let mut offending: Vec<(Span, String)> = entity
            .fields
            .iter()
            .filter(|f| f.field.unique.is_some() && f.field.name.name != column)
            .map(|f| (f.field.name.span, format!("`{}`", f.field.name.name)))
            .collect();
        for m in &entity.members {
            if let Member::Unique { columns, span } = m.member {
                if !columns.iter().any(|c| c.name == column) {
                    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
                    offending.push((*span, format!("({})", names.join(", "))));
                }
            }
        }
        for (span, what) in offending {
            diags.push(
                Diagnostic::error(
                    CODE,
                    format!("unique {what} on a timeseries entity must include `{column}`"),
                    span,
                    "partitions cannot enforce this",
                )
                .with_secondary(ts.column.span, "partitioned on this column")
                .with_hint(format!("write `unique (..., {column})`, or keep the unique value in a table that is not partitioned")),
            );
        }
    }
}
