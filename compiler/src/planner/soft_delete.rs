//! Rule: SoftDelete entities. Their queries see live rows only (`deleted_at IS NULL`)
//! unless they say `including deleted`; the planner makes that filter explicit in the
//! IR's queries, and the indexes it plans for them are partial on live rows where the
//! dialect has partial indexes (smaller, and every lookup skips deleted rows). Other
//! dialects get the index without the predicate and filter deleted rows after the
//! lookup.
//!
//! Example: `Customer where email = ?` (Customer `with SoftDelete`) is planned as
//! `customers (email) WHERE deleted_at IS NULL`.

use crate::ir::{BinaryOp, Expr, IndexOrigin, Schema, Table};

/// The column the stdlib `SoftDelete` mixin adds.
pub const DELETED_AT: &str = "deleted_at";

/// What `explain` says of an index planned partial on live rows.
pub const LIVE_ROWS_REASON: &str =
    "partial on live rows (`deleted_at IS NULL`): the entity soft-deletes";

/// `deleted_at IS NULL`.
pub fn live_rows() -> Expr {
    Expr::IsNull {
        expr: Box::new(Expr::Column(DELETED_AT.to_string())),
        negated: false,
    }
}

/// True when `conjunct` is the live-rows filter of a SoftDelete table.
pub fn is_live_rows(table: &Table, conjunct: &Expr) -> bool {
    table.soft_delete && *conjunct == live_rows()
}

/// Adds the live-rows conjunct to every query on a SoftDelete table that does not say
/// `including deleted`, and to every path through one (`customer.deleted_at IS NULL`),
/// so that the rendered SQL and the planned partial indexes agree.
pub fn make_live_rows_explicit(schema: &mut Schema) {
    let soft: Vec<String> = schema
        .tables
        .iter()
        .filter(|t| t.soft_delete && t.column(DELETED_AT).is_some())
        .map(|t| t.name.clone())
        .collect();
    for query in &mut schema.queries {
        if query.including_deleted {
            continue;
        }
        let mut wanted = Vec::new();
        if soft.contains(&query.table) {
            wanted.push(live_rows());
        }
        for join in query.joins.iter().filter(|j| soft.contains(&j.table)) {
            wanted.push(Expr::IsNull {
                expr: Box::new(Expr::JoinedColumn {
                    join: join.alias.clone(),
                    column: DELETED_AT.to_string(),
                }),
                negated: false,
            });
        }
        for conjunct in wanted {
            let filter = match query.filter.take() {
                None => conjunct,
                Some(f) if super::shape::conjuncts_of(&f).contains(&conjunct) => f,
                Some(f) => Expr::Binary {
                    op: BinaryOp::And,
                    lhs: Box::new(f),
                    rhs: Box::new(conjunct),
                },
            };
            query.filter = Some(filter);
        }
    }
}

/// Makes the `(type, id)` index of a polymorphic relation partial on live rows too,
/// like the planned ones: the entity's queries only look at live rows, and a planned
/// index that extends it can then replace it instead of standing beside it. (A tree's
/// `parent_id` index stays full: it covers a foreign key, and a partial index does
/// not serve the lookups of a parent's delete.)
pub fn make_trait_indexes_live(schema: &mut Schema) {
    for table in schema
        .tables
        .iter_mut()
        .filter(|t| t.soft_delete && t.column(DELETED_AT).is_some())
    {
        for index in &mut table.indexes {
            let polymorphic = index.origin == IndexOrigin::Polymorphic;
            if polymorphic && !index.unique && index.predicate.is_none() {
                index.predicate = Some(live_rows());
            }
        }
    }
}
