//! Rule: rows that none of an index's queries can return stay out of it. A row whose
//! key column is NULL never matches `=`, `<`, `<=`, `>`, `>=`, `between` or `is not
//! null` on that column, so when every query a planned index serves compares a nullable
//! key column that way, the index is partial on `column IS NOT NULL`: it holds exactly
//! the rows the queries can reach, and it is never larger than the full index. The
//! engines prove the predicate from the comparison (PostgreSQL and SQLite both derive
//! `x IS NOT NULL` from a comparison on `x`, parameters included), so the queries use
//! the index as before; MySQL and MariaDB, without partial indexes, get every row.
//!
//! `in`, `starts_with` and `contains` do not count: not every engine derives the
//! predicate from them. An index that is the one chosen to cover a foreign key (see
//! [`super::foreign_keys`]) leaves out only the rows with a NULL in the foreign key's
//! own columns, which no lookup by the foreign key (`fk = ?`) returns either; it keeps
//! the rows with a NULL in its other key columns, which the foreign key's lookups need.
//!
//! Example: `User where tenant = ? and last_seen >= ? order by last_seen desc limit 50`
//! plans `app_users (tenant_id, last_seen DESC) WHERE last_seen IS NOT NULL`: users
//! who never logged in are not in it. `Task where assignee = ? order by due_on limit
//! 100` plans `tasks (assignee_id, due_on) WHERE assignee_id IS NOT NULL`, which also
//! covers the optional `assignee` foreign key: unassigned tasks are never looked up.
//! `Customer where deleted_at is not null including deleted` plans `customers
//! (deleted_at) WHERE deleted_at IS NOT NULL`, which holds the deleted customers only.

use super::access::{fit, IndexKind, KeyedIndex};
use super::candidate::Candidate;
use super::shape::Shape;
use crate::ir::{BinaryOp, Expr, ForeignKey, IndexMethod, IndexOrigin, Schema};

/// `column IS NOT NULL`.
pub fn not_null(column: &str) -> Expr {
    Expr::IsNull {
        expr: Box::new(Expr::Column(column.to_string())),
        negated: true,
    }
}

/// The column of a `column IS NOT NULL` conjunct.
pub fn not_null_column(conjunct: &Expr) -> Option<&str> {
    match conjunct {
        Expr::IsNull {
            expr,
            negated: true,
        } => match expr.as_ref() {
            Expr::Column(c) => Some(c),
            _ => None,
        },
        _ => None,
    }
}

/// True when one of the shape's conjuncts compares `column` with an operator that is
/// never true for NULL (and that every engine derives `column IS NOT NULL` from).
pub fn compares(shape: &Shape, column: &str) -> bool {
    let is_column = |e: &Expr| matches!(e, Expr::Column(c) if c == column);
    shape.conjuncts.iter().any(|conjunct| match conjunct {
        Expr::Binary { op, lhs, rhs } => {
            matches!(
                op,
                BinaryOp::Eq | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
            ) && (is_column(lhs) || is_column(rhs))
        }
        Expr::Between { expr, .. } => is_column(expr),
        other => not_null_column(other) == Some(column),
    })
}

/// The nullable key columns of `candidate` that every shape it serves compares, in key
/// order, leaving out columns its predicate already mentions.
pub fn columns(schema: &Schema, shapes: &[Shape], candidate: &Candidate) -> Vec<String> {
    let Some(table) = schema.table(&candidate.table) else {
        return Vec::new();
    };
    if candidate.method != IndexMethod::BTree {
        return Vec::new();
    }
    let own = KeyedIndex {
        name: "",
        keys: candidate.keys.clone(),
        method: candidate.method,
        predicate: candidate.predicate.as_ref(),
        kind: IndexKind::Index(IndexOrigin::Planned {
            queries: Vec::new(),
            reasons: Vec::new(),
        }),
    };
    let served: Vec<&Shape> = shapes
        .iter()
        .filter(|s| s.table == candidate.table && candidate.queries.contains(&s.query))
        .filter(|s| fit(&own, s).is_some())
        .collect();
    if served.is_empty() {
        return Vec::new();
    }
    let mentioned = |column: &str| {
        candidate
            .predicate
            .as_ref()
            .is_some_and(|p| p.mentions(column))
    };
    candidate
        .keys
        .iter()
        .map(|k| k.column.as_str())
        .filter(|c| table.column(c).is_some_and(|col| col.nullable))
        .filter(|c| !mentioned(c))
        .filter(|c| served.iter().all(|s| compares(s, c)))
        .map(str::to_string)
        .collect()
}

/// Makes each planned B-tree candidate partial on `IS NOT NULL` of its [`columns`]; one
/// chosen to cover foreign keys only on those of the columns that belong to every
/// foreign key it covers, and it says why it keeps the rows with a NULL in the others.
pub fn apply(schema: &Schema, shapes: &[Shape], candidates: &mut [Candidate]) {
    for candidate in candidates.iter_mut() {
        let columns = columns(schema, shapes, candidate);
        if columns.is_empty() {
            continue;
        }
        let covered: Vec<&ForeignKey> = schema
            .table(&candidate.table)
            .map(|t| {
                t.foreign_keys
                    .iter()
                    .filter(|f| candidate.covers.contains(&f.name))
                    .collect()
            })
            .unwrap_or_default();
        let (partial, kept): (Vec<String>, Vec<String>) = columns
            .into_iter()
            .partition(|c| covered.iter().all(|f| f.columns.contains(c)));
        if !kept.is_empty() {
            candidate.reasons.push(format!(
                "keeps the rows where {} is NULL, which its queries never return: it is the index that covers the foreign key {}",
                listed(&kept),
                listed(&candidate.covers)
            ));
        }
        if partial.is_empty() {
            continue;
        }
        let mut predicate = candidate.predicate.take();
        for column in &partial {
            let conjunct = not_null(column);
            predicate = Some(match predicate {
                None => conjunct,
                Some(p) => Expr::Binary {
                    op: BinaryOp::And,
                    lhs: Box::new(p),
                    rhs: Box::new(conjunct),
                },
            });
        }
        candidate.predicate = predicate;
        let lookups = if covered.is_empty() {
            String::new()
        } else {
            format!(
                ", nor a lookup by the foreign key {} it covers",
                listed(&candidate.covers)
            )
        };
        candidate.reasons.push(format!(
            "partial on {}: rows where {} is NULL never match its queries' comparisons{lookups}, so they stay out of the index",
            partial
                .iter()
                .map(|c| format!("`{c} IS NOT NULL`"))
                .collect::<Vec<_>>()
                .join(" and "),
            listed(&partial)
        ));
    }
}

/// The names in backticks, joined by commas.
fn listed(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
