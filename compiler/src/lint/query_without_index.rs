//! `L0011` query without an index: a declared query on a table of 1,000 rows or more
//! where no index (the primary key, a unique constraint, an index the user wrote or one
//! the planner added) starts with a column the query filters on (or, without a filter,
//! the first `order by` column).
//!
//! One conjunct of an `and` served is enough; every alternative of an `or` must be. A
//! path through a relation (`customer.email = ?`) counts when the joined table has an
//! index on the joined column and the relation's columns lead an index here. Traversal
//! queries (`descendants of ?`) are served by the hierarchy and not reported, and
//! neither is a query with neither a filter nor an order (it reads the whole table on
//! purpose).
//!
//! Why it is bad: without an index the engine scans the whole table for every call, and
//! the cost grows with the table; at the declared rate that is the first thing to fall
//! over (the guide: "Seq Scan" on a large table -> add an index).
//!
//! ```text
//! entity Order { placed_at timestamptz  scale rows 20M }
//! query recent: Order where placed_at > ? rate 50/s
//! ```
//! Fix: `index (placed_at)` on the entity (or let the planner add it where it runs),
//! or change the query to filter on an indexed column.

use super::{locate, Context};
use crate::ir::{BinaryOp, Expr, Query, Table};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "L0011";

/// Below this many rows a scan is as good as an index.
const SMALL_ROWS: f64 = super::index_on_small_table::SMALL_ROWS;

pub fn check(ctx: &Context, diags: &mut Diagnostics) {
    for query in &ctx.schema.queries {
        let Some(table) = ctx.schema.table(&query.table) else {
            continue;
        };
        if query.traversal.is_some() || table.scale.rows < SMALL_ROWS {
            continue;
        }
        let served = match &query.filter {
            Some(filter) => served(ctx, query, table, filter),
            None => match query.order_by.first() {
                Some(key) => leads(table, &key.column),
                // Neither a filter nor an order: the whole table, on purpose.
                None => true,
            },
        };
        if served {
            continue;
        }
        let Some(span) = locate::query(ctx.model, &query.name) else {
            continue;
        };
        diags.push(
            Diagnostic::lint(
                CODE,
                format!(
                    "query `{}` has no index on `{}` to use",
                    query.name, table.name
                ),
                span,
                "served by a full scan",
            )
            .with_hint(hint(query)),
        );
    }
}

fn hint(query: &Query) -> String {
    let mut cols = Vec::new();
    let mut joined = Vec::new();
    if let Some(filter) = &query.filter {
        constrained(filter, &mut cols, &mut joined);
    }
    match cols.first() {
        Some(c) => format!("every call scans the table: add an index that starts with `{c}`"),
        None => {
            "every call scans the table: add an index on a column the query filters on".to_string()
        }
    }
}

/// Whether an index, the primary key or a unique constraint of `table` starts with
/// `column`.
fn leads(table: &Table, column: &str) -> bool {
    table
        .primary_key
        .columns
        .first()
        .is_some_and(|c| c == column)
        || table
            .uniques
            .iter()
            .any(|u| u.columns.first().is_some_and(|c| c == column))
        || table
            .indexes
            .iter()
            .any(|i| i.columns.first().is_some_and(|k| k.column == column))
}

/// Whether an index can serve the filter: one conjunct served is enough; every
/// alternative of an `or` must be.
fn served(ctx: &Context, query: &Query, table: &Table, expr: &Expr) -> bool {
    let column = |e: &Expr| match e {
        Expr::Column(c) => leads(table, c),
        Expr::JoinedColumn { join, column } => query
            .joins
            .iter()
            .find(|j| &j.alias == join)
            .is_some_and(|j| {
                ctx.schema.table(&j.table).is_some_and(|t| leads(t, column))
                    && j.from_columns.first().is_some_and(|c| leads(table, c))
            }),
        _ => false,
    };
    match expr {
        Expr::Binary {
            op: BinaryOp::And,
            lhs,
            rhs,
        } => served(ctx, query, table, lhs) || served(ctx, query, table, rhs),
        Expr::Binary {
            op: BinaryOp::Or,
            lhs,
            rhs,
        } => served(ctx, query, table, lhs) && served(ctx, query, table, rhs),
        Expr::Binary { op, lhs, .. } if !matches!(op, BinaryOp::Ne | BinaryOp::NotIn) => {
            column(lhs)
        }
        Expr::Between { expr, .. }
        | Expr::IsNull {
            expr,
            negated: false,
        } => column(expr),
        _ => false,
    }
}

/// The columns a filter compares with something: the table's own in `local`, and the
/// `(join alias, column)` pairs of paths in `joined`.
fn constrained<'e>(expr: &'e Expr, local: &mut Vec<&'e str>, joined: &mut Vec<(&'e str, &'e str)>) {
    let operand =
        |e: &'e Expr, local: &mut Vec<&'e str>, joined: &mut Vec<(&'e str, &'e str)>| match e {
            Expr::Column(c) => local.push(c),
            Expr::JoinedColumn { join, column } => joined.push((join, column)),
            _ => {}
        };
    match expr {
        Expr::Binary {
            op: BinaryOp::And | BinaryOp::Or,
            lhs,
            rhs,
        } => {
            constrained(lhs, local, joined);
            constrained(rhs, local, joined);
        }
        Expr::Binary { op, lhs, .. } if !matches!(op, BinaryOp::Ne | BinaryOp::NotIn) => {
            operand(lhs, local, joined)
        }
        Expr::Between { expr, .. } => operand(expr, local, joined),
        Expr::IsNull {
            expr,
            negated: false,
        } => operand(expr, local, joined),
        _ => {}
    }
}
