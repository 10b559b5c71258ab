//! Rule: paths. `customer.email = ?` joins through the foreign key: the engine looks
//! up the target rows by the joined column, then this table's rows by the foreign key
//! column. Both sides need an index: the target table's column (a shape of its own),
//! and this table's foreign key columns, which become equality columns of this shape.
//!
//! Example: `Order where customer.email = ?` needs `customers (email)` (already the
//! unique constraint) and `orders (customer_id)`.

use super::shape::{Shape, ShapeOrigin};
use crate::ir::{BinaryOp, Expr, Query, Schema};

/// The shapes of the path targets that `conjuncts` compare, and the join's foreign key
/// columns added to `own` as equalities.
pub fn target_shapes(
    schema: &Schema,
    query: &Query,
    conjuncts: &[Expr],
    own: &mut Shape,
) -> Vec<Shape> {
    let mut shapes = Vec::new();
    for join in &query.joins {
        let target: Vec<Expr> = conjuncts
            .iter()
            .filter_map(|c| on_target(c, &join.alias))
            .collect();
        if target.is_empty() {
            continue;
        }
        for column in &join.from_columns {
            if !own.equality.contains(column) {
                own.equality.push(column.clone());
            }
        }
        let Some(table) = schema.table(&join.table) else {
            continue;
        };
        let target_query = Query {
            name: query.name.clone(),
            table: table.name.clone(),
            filter: target.into_iter().reduce(|a, b| Expr::Binary {
                op: BinaryOp::And,
                lhs: Box::new(a),
                rhs: Box::new(b),
            }),
            joins: Vec::new(),
            traversal: None,
            order_by: Vec::new(),
            limit: None,
            count: false,
            including_deleted: true,
            rate_per_sec: query.rate_per_sec,
        };
        for mut shape in super::shape::shapes_of(schema, &target_query) {
            shape.origin = ShapeOrigin::JoinTarget {
                alias: join.alias.clone(),
            };
            shapes.push(shape);
        }
    }
    shapes
}

/// The conjunct rewritten onto the target table when it compares a column of `alias`.
fn on_target(conjunct: &Expr, alias: &str) -> Option<Expr> {
    let rewrite = |e: &Expr| match e {
        Expr::JoinedColumn { join, column } if join == alias => Some(Expr::Column(column.clone())),
        Expr::JoinedColumn { .. } | Expr::Column(_) => None,
        other => Some(other.clone()),
    };
    match conjunct {
        Expr::Binary { op, lhs, rhs } => {
            let joined = matches!(lhs.as_ref(), Expr::JoinedColumn { .. })
                || matches!(rhs.as_ref(), Expr::JoinedColumn { .. });
            if !joined {
                return None;
            }
            Some(Expr::Binary {
                op: *op,
                lhs: Box::new(rewrite(lhs)?),
                rhs: Box::new(rewrite(rhs)?),
            })
        }
        Expr::Between { expr, low, high } => Some(Expr::Between {
            expr: Box::new(match expr.as_ref() {
                Expr::JoinedColumn { join, column } if join == alias => {
                    Expr::Column(column.clone())
                }
                _ => return None,
            }),
            low: low.clone(),
            high: high.clone(),
        }),
        Expr::IsNull { expr, negated } => match expr.as_ref() {
            Expr::JoinedColumn { join, column } if join == alias => Some(Expr::IsNull {
                expr: Box::new(Expr::Column(column.clone())),
                negated: *negated,
            }),
            _ => None,
        },
        _ => None,
    }
}
