//! `L0006` low-cardinality index: an index the user wrote whose first column is a
//! `bool` or an enum, without a `where` that makes it partial.
//!
//! Why it is bad: a column with a handful of distinct values splits the table into a
//! few huge ranges; the engine prefers a full scan to reading half the table through an
//! index, so the index costs writes and space and serves nothing.
//!
//! ```text
//! entity Order { status OrderStatus  index (status) }
//! ```
//! Fix: lead with a selective column (`index (customer, status)`), or make the index
//! partial on the rare value (`index (placed_at) where status = 'pending'`).

use super::{locate, Context};
use crate::ir::{ColumnType, IndexOrigin, Table, TableKind};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "L0006";

pub fn check(ctx: &Context, diags: &mut Diagnostics) {
    for (table, entity) in ctx.entity_tables() {
        for index in &table.indexes {
            if index.origin != IndexOrigin::User || index.predicate.is_some() {
                continue;
            }
            let Some(first) = index.columns.first() else {
                continue;
            };
            let Some(kind) = low_cardinality(ctx, table, &first.column) else {
                continue;
            };
            diags.push(
                Diagnostic::lint(
                    CODE,
                    format!("index on `{}` starts with the {kind} column `{}`", table.name, first.column),
                    locate::index(entity, index),
                    "low-cardinality leading column",
                )
                .with_hint("lead with a selective column, or make the index partial on the rare value (`index (..) where ..`)"),
            );
        }
    }
}

/// `Some("bool")` / `Some("enum")` when the column has few distinct values.
fn low_cardinality(ctx: &Context, table: &Table, column: &str) -> Option<&'static str> {
    match &table.column(column)?.ty {
        ColumnType::Bool => return Some("bool"),
        ColumnType::Enum(_) => return Some("enum"),
        _ => {}
    }
    let lookup = table.foreign_keys.iter().any(|fk| {
        fk.columns.len() == 1
            && fk.columns[0] == column
            && ctx
                .schema
                .table(&fk.ref_table)
                .is_some_and(|t| t.kind == TableKind::EnumLookup)
    });
    lookup.then_some("enum")
}
