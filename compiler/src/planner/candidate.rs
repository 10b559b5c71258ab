//! The index a shape asks for, composed from the rules: containment, equalities
//! ([`super::equality`]), then order or range ([`super::range`]), with the literal and
//! live-rows predicate ([`super::literal_partial`], [`super::soft_delete`]).

use super::shape::Shape;
use super::{containment, equality, literal_partial, range, soft_delete};
use crate::ir::{Expr, IndexKey, IndexMethod, Schema, Table};

/// A planned index before naming: its table, key, method, predicate, and the queries it
/// serves with the reasons.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub table: String,
    pub keys: Vec<IndexKey>,
    pub method: IndexMethod,
    pub predicate: Option<Expr>,
    pub queries: Vec<String>,
    pub reasons: Vec<String>,
    /// The foreign keys this index was chosen to cover (see [`super::foreign_keys`]).
    pub covers: Vec<String>,
}

/// The index that serves `shape` best, or `None` with the reason when no index can.
pub fn derive(schema: &Schema, table: &Table, shape: &Shape) -> Result<Candidate, String> {
    let predicate = literal_partial::predicate(shape);
    let mut reasons = Vec::new();
    if let Some((key, reason)) = containment::key(shape) {
        reasons.push(reason);
        if shape.live_rows.is_some() {
            reasons.push(soft_delete::LIVE_ROWS_REASON.to_string());
        }
        return Ok(Candidate {
            table: table.name.clone(),
            keys: vec![key],
            method: IndexMethod::Gin,
            predicate,
            queries: vec![shape.query.clone()],
            reasons: prefixed(shape, reasons),
            covers: Vec::new(),
        });
    }
    let (equalities, reason) = equality::order(schema, table, &shape.equality, &shape.nulls);
    if !reason.is_empty() {
        reasons.push(reason);
    }
    let mut keys: Vec<IndexKey> = equalities.iter().map(IndexKey::ascending).collect();
    let (tail, tail_reasons) = range::tail(shape, &equalities);
    keys.extend(tail);
    reasons.extend(tail_reasons);
    if keys.is_empty() {
        // Only literals: the index holds exactly the matching rows, keyed by them.
        for column in shape.literal_columns() {
            keys.push(IndexKey::ascending(column));
        }
    }
    if keys.is_empty() {
        return Err(if shape.residual.is_empty() {
            "the query has no predicate, order or containment an index can serve".to_string()
        } else {
            format!("nothing an index can serve: {}", shape.residual.join("; "))
        });
    }
    if let Some(reason) = literal_partial::reason(shape) {
        reasons.push(reason);
    }
    if shape.live_rows.is_some() {
        reasons.push(soft_delete::LIVE_ROWS_REASON.to_string());
    }
    Ok(Candidate {
        table: table.name.clone(),
        keys,
        method: IndexMethod::BTree,
        predicate,
        queries: vec![shape.query.clone()],
        reasons: prefixed(shape, reasons),
        covers: Vec::new(),
    })
}

/// The reasons as one line per query: `query: reason; reason`.
fn prefixed(shape: &Shape, reasons: Vec<String>) -> Vec<String> {
    let place = match &shape.origin {
        super::shape::ShapeOrigin::Query => String::new(),
        super::shape::ShapeOrigin::Branch(n) => format!(" (branch {n} of the `or`)"),
        super::shape::ShapeOrigin::JoinTarget { alias } => {
            format!(" (the `{alias}` side of the path)")
        }
    };
    vec![format!("{}{place}: {}", shape.query, reasons.join("; "))]
}
