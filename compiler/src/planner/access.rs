//! Which index serves a shape, and how well: the analysis the consolidation uses to
//! reuse indexes and `explain` uses to report each query's access path. The primary
//! key and unique constraints count as indexes (the engines back them with one).

use super::not_null;
use super::shape::{RangeKind, Shape};
use crate::ir::{BinaryOp, Expr, Index, IndexKey, IndexMethod, IndexOrigin, OpClass, Table};

/// An index as the access analysis sees it: the table's indexes, its primary key and
/// its unique constraints.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyedIndex<'t> {
    pub name: &'t str,
    pub keys: Vec<IndexKey>,
    pub method: IndexMethod,
    pub predicate: Option<&'t Expr>,
    pub kind: IndexKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum IndexKind {
    PrimaryKey,
    Unique,
    Index(IndexOrigin),
}

/// Every index of `table`, the primary key and unique constraints first.
pub fn keyed_indexes(table: &Table) -> Vec<KeyedIndex<'_>> {
    let asc = |columns: &[String]| columns.iter().map(IndexKey::ascending).collect::<Vec<_>>();
    let mut out = Vec::new();
    if !table.primary_key.columns.is_empty() {
        out.push(KeyedIndex {
            name: &table.primary_key.name,
            keys: asc(&table.primary_key.columns),
            method: IndexMethod::BTree,
            predicate: None,
            kind: IndexKind::PrimaryKey,
        });
    }
    for unique in &table.uniques {
        out.push(KeyedIndex {
            name: &unique.name,
            keys: asc(&unique.columns),
            method: IndexMethod::BTree,
            predicate: None,
            kind: IndexKind::Unique,
        });
    }
    out.extend(table.indexes.iter().map(keyed));
    out
}

pub fn keyed(index: &Index) -> KeyedIndex<'_> {
    KeyedIndex {
        name: &index.name,
        keys: index.columns.clone(),
        method: index.method,
        predicate: index.predicate.as_ref(),
        kind: IndexKind::Index(index.origin.clone()),
    }
}

/// How well an index serves a shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fit {
    /// Some leading equality or the range is served; the rest is filtered (or sorted)
    /// after the lookup.
    Partial,
    /// Every equality, then the order (no sort) or the range, or the containment.
    Full,
}

/// The best index for a shape, with its fit.
#[derive(Clone, Debug, PartialEq)]
pub struct Access {
    pub index: String,
    pub fit: Fit,
    /// Key columns the lookup uses.
    pub used_keys: usize,
}

/// The predicate's conjuncts are all among the shape's, or `x IS NOT NULL` where the
/// shape compares `x` (see [`super::not_null`]): the partial index holds every row the
/// query can return.
pub fn predicate_implied(predicate: Option<&Expr>, shape: &Shape) -> bool {
    let Some(predicate) = predicate else {
        return true;
    };
    let mut parts = Vec::new();
    split_and(predicate, &mut parts);
    parts.iter().all(|p| {
        shape.conjuncts.contains(p)
            || shape.live_rows.as_ref() == Some(p)
            || not_null::not_null_column(p).is_some_and(|c| not_null::compares(shape, c))
    })
}

fn split_and<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match e {
        Expr::Binary {
            op: BinaryOp::And,
            lhs,
            rhs,
        } => {
            split_and(lhs, out);
            split_and(rhs, out);
        }
        other => out.push(other),
    }
}

/// How `index` serves `shape`, or `None` when it does not help.
pub fn fit(index: &KeyedIndex, shape: &Shape) -> Option<(Fit, usize)> {
    if !predicate_implied(index.predicate, shape) {
        return None;
    }
    if index.method == IndexMethod::Gin {
        let first = index.keys.first()?;
        return (shape.contains.as_deref() == Some(first.column.as_str()))
            .then_some((Fit::Full, 1));
    }
    if shape.contains.is_some() && shape.equality.is_empty() && shape.range.is_none() {
        return None;
    }
    let literal_columns = shape.literal_columns();
    let mut covered: Vec<&str> = Vec::new();
    let mut i = 0;
    while let Some(key) = index.keys.get(i) {
        let column = key.column.as_str();
        if shape.equality.iter().any(|c| c == column) || literal_columns.iter().any(|c| c == column)
        {
            covered.push(column);
            i += 1;
        } else {
            break;
        }
    }
    // A primary key or unique constraint whose every column is an equality finds at
    // most one row: the other predicates are filtered on it and nothing is sorted.
    let one_row = matches!(index.kind, IndexKind::PrimaryKey | IndexKind::Unique)
        && i == index.keys.len()
        && i > 0;
    if one_row {
        return Some((Fit::Full, i));
    }
    let all_equalities = shape.equality.iter().all(|c| covered.contains(&c.as_str()));
    let order = shape.effective_order();
    let narrows =
        !covered.is_empty() || index.predicate.is_some_and(|_| !shape.literals.is_empty());
    if all_equalities {
        if !order.is_empty() {
            if follows_order(&index.keys[i..], order) {
                return Some((Fit::Full, i + order.len()));
            }
        } else if let Some(range) = &shape.range {
            if index
                .keys
                .get(i)
                .is_some_and(|k| k.column == range.column && prefix_ok(k, range.kind))
            {
                return Some((Fit::Full, i + 1));
            }
        } else if narrows {
            return Some((Fit::Full, i));
        }
    }
    if !covered.is_empty() {
        return Some((Fit::Partial, i));
    }
    match &shape.range {
        Some(range)
            if index
                .keys
                .first()
                .is_some_and(|k| k.column == range.column && prefix_ok(k, range.kind)) =>
        {
            Some((Fit::Partial, 1))
        }
        _ => None,
    }
}

/// A prefix search needs the byte-wise operator class on the key.
fn prefix_ok(key: &IndexKey, kind: RangeKind) -> bool {
    kind != RangeKind::Prefix || key.opclass == Some(OpClass::TextPattern)
}

/// The keys start with the order columns, all in their directions or all reversed (a
/// backward scan).
fn follows_order(keys: &[IndexKey], order: &[IndexKey]) -> bool {
    if keys.len() < order.len() {
        return false;
    }
    let same = keys
        .iter()
        .zip(order)
        .all(|(k, o)| k.column == o.column && k.desc == o.desc);
    let reversed = keys
        .iter()
        .zip(order)
        .all(|(k, o)| k.column == o.column && k.desc != o.desc);
    same || reversed
}

/// The best index of `table` for `shape`: the best fit, then the most key columns
/// used, then the fewest key columns, then the name.
pub fn best(table: &Table, shape: &Shape) -> Option<Access> {
    best_among(&keyed_indexes(table), shape)
}

pub fn best_among(indexes: &[KeyedIndex], shape: &Shape) -> Option<Access> {
    indexes
        .iter()
        .filter_map(|index| fit(index, shape).map(|(fit, used)| (index, fit, used)))
        .max_by(|a, b| {
            a.1.cmp(&b.1)
                .then(a.2.cmp(&b.2))
                .then(b.0.keys.len().cmp(&a.0.keys.len()))
                .then(b.0.name.cmp(a.0.name))
        })
        .map(|(index, fit, used_keys)| Access {
            index: index.name.to_string(),
            fit,
            used_keys,
        })
}
