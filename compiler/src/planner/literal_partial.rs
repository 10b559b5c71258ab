//! Rule: equality with a literal on a low-cardinality column (bool, enum) becomes a
//! partial index predicate (`WHERE visibility = 'listed'`): a key column with three
//! values narrows little, while the predicate keeps the other rows out of the index.
//! On dialects without partial indexes the DDL puts the column first in the key
//! instead (`Dialect::supports_partial_indexes`).
//!
//! The same holds for `is null` in a query with an `order by`: PostgreSQL does not take
//! `IS NULL` as an equality that fixes the order of the next key column, so
//! `(shipped_at, placed_at)` would still sort, while `(placed_at) WHERE shipped_at IS
//! NULL` reads in order.
//!
//! Example: `Order where status = 'pending' count` plans
//! `orders (status) WHERE status = 'pending'`: a small index the count reads alone.

use super::shape::Shape;
use crate::ir::{BinaryOp, Expr};

/// The partial predicate of a shape: its literals, then its live-rows filter.
pub fn predicate(shape: &Shape) -> Option<Expr> {
    shape
        .literals
        .iter()
        .chain(shape.live_rows.iter())
        .cloned()
        .reduce(|a, b| Expr::Binary {
            op: BinaryOp::And,
            lhs: Box::new(a),
            rhs: Box::new(b),
        })
}

/// The reason for the predicate's literals, if any.
pub fn reason(shape: &Shape) -> Option<String> {
    let columns = shape.literal_columns();
    (!columns.is_empty()).then(|| {
        format!(
            "the literal or null test on {} becomes the partial predicate instead of a key column",
            columns
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}
