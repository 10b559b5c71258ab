//! Rule: every foreign key is covered by an index whose leading columns are its
//! columns, in any order: deleting or re-keying a parent row looks its children up by
//! them (otherwise a scan of the child table per parent row, under a lock). That lookup
//! is `fk = ?`, which no row with a NULL in the foreign key's columns matches, so an
//! index covers the foreign key when it is full (or a primary key or unique constraint)
//! or partial only on `IS NOT NULL` of the foreign key's columns: PostgreSQL and SQLite
//! derive the predicate from the lookup's comparison, parameters included
//! ([`covered_by`]).
//!
//! Where no such index exists, one of the planned indexes that lead with the columns is
//! chosen to cover them. It keeps the rows its other predicates would leave out: it is
//! planned without the live-rows predicate of a SoftDelete entity (one index with the
//! deleted rows costs less than a partial one beside a separate foreign key index,
//! since deleted rows are few), and [`super::not_null`] leaves out only the rows with a
//! NULL in the foreign key's own columns, when its queries compare them too. Where no
//! planned index leads with them, the planner adds `(<fk columns>)`, partial on
//! `<column> IS NOT NULL` for each nullable one: rows without a parent are never looked
//! up, so they stay out of the index. Engines without partial indexes (MySQL, MariaDB)
//! build it full (`Dialect::supports_partial_indexes`). References to enum lookup tables
//! are exempt: those rows are never deleted while referenced, and an index on a
//! low-cardinality column costs more than it serves. So are tables under the
//! small-table threshold.
//!
//! Example: `OrderItem.product -> Product` is covered by the user's
//! `order_items (product_id, quantity DESC)`; `Payment.order -> Order` gets
//! `payments (order_id)` unless a query already planned one, and the optional
//! `Comment.parent -> Comment?` gets `comments (parent_id) WHERE parent_id IS NOT NULL`.
//! `Post where category = ? order by published_at desc limit 20` on a SoftDelete `Post`
//! plans `posts (category_id, published_at DESC)` without `WHERE deleted_at IS NULL`
//! when no other index covers `posts.category_id`, instead of that partial index plus
//! `posts (category_id)`.

use super::candidate::Candidate;
use super::not_null;
use super::soft_delete;
use super::SMALL_TABLE_ROWS;
use crate::ir::{BinaryOp, Expr, ForeignKey, IndexKey, IndexMethod, Schema, Table, TableKind};

/// True when `keys` lead with the foreign key's columns, in any order.
fn leads(keys: &[&str], fk: &ForeignKey) -> bool {
    keys.len() >= fk.columns.len()
        && fk
            .columns
            .iter()
            .all(|c| keys[..fk.columns.len()].contains(&c.as_str()))
}

/// True when an index with these key columns and predicate serves every lookup of the
/// foreign key's rows (`fk = ?`): its key leads with the foreign key's columns, and it
/// is full or partial only on `IS NOT NULL` of those columns, which the lookup implies.
pub fn covered_by(fk: &ForeignKey, keys: &[&str], predicate: Option<&Expr>) -> bool {
    leads(keys, fk) && predicate.is_none_or(|p| only_not_null_of(p, &fk.columns))
}

/// True when every conjunct of `predicate` is `c IS NOT NULL` for one of `columns`.
fn only_not_null_of(predicate: &Expr, columns: &[String]) -> bool {
    match predicate {
        Expr::Binary {
            op: BinaryOp::And,
            lhs,
            rhs,
        } => only_not_null_of(lhs, columns) && only_not_null_of(rhs, columns),
        other => not_null::not_null_column(other).is_some_and(|c| columns.iter().any(|f| f == c)),
    }
}

fn key_columns(keys: &[IndexKey]) -> Vec<&str> {
    keys.iter().map(|k| k.column.as_str()).collect()
}

fn names(columns: &[String]) -> Vec<&str> {
    columns.iter().map(String::as_str).collect()
}

/// The foreign keys of `table` that need a covering index: not references to enum
/// lookup tables, on an entity table large enough for secondary indexes.
fn needing_cover<'t>(schema: &Schema, table: &'t Table) -> Vec<&'t ForeignKey> {
    if table.kind != TableKind::Entity || table.scale.rows < SMALL_TABLE_ROWS {
        return Vec::new();
    }
    table
        .foreign_keys
        .iter()
        .filter(|fk| {
            !schema
                .table(&fk.ref_table)
                .is_some_and(|t| t.kind == TableKind::EnumLookup)
        })
        .collect()
}

/// The key columns and predicates of the table's own B-tree indexes: primary key,
/// unique constraints, and the indexes it already has.
/// (Read from the table directly: this runs for every table of the schema, and
/// borrowing the names costs far less than [`super::access::keyed_indexes`]' copies.)
fn btree_indexes(table: &Table) -> Vec<(Vec<&str>, Option<&Expr>)> {
    let mut out = Vec::with_capacity(1 + table.uniques.len() + table.indexes.len());
    if !table.primary_key.columns.is_empty() {
        out.push((names(&table.primary_key.columns), None));
    }
    out.extend(table.uniques.iter().map(|u| (names(&u.columns), None)));
    out.extend(
        table
            .indexes
            .iter()
            .filter(|i| i.method == IndexMethod::BTree)
            .map(|i| (key_columns(&i.columns), i.predicate.as_ref())),
    );
    out
}

/// True when the candidate's predicate is only the live-rows filter, which it can drop
/// and still serve its queries fully (they filter deleted rows after the lookup).
fn only_live_rows(table: &Table, candidate: &Candidate) -> bool {
    candidate
        .predicate
        .as_ref()
        .is_some_and(|p| soft_delete::is_live_rows(table, p))
}

/// `<column> IS NOT NULL` for each nullable column of the foreign key, joined by `AND`:
/// the predicate of an index that serves only the foreign key's lookups.
fn lookup_predicate(table: &Table, fk: &ForeignKey) -> Option<Expr> {
    fk.columns
        .iter()
        .filter(|c| table.column(c).is_some_and(|col| col.nullable))
        .map(|c| not_null::not_null(c))
        .reduce(|lhs, rhs| Expr::Binary {
            op: BinaryOp::And,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        })
}

/// For each foreign key that no index of its table covers, chooses the planned
/// candidate that covers it: a full one if any, else one that is partial on live rows
/// only, which then keeps the deleted rows; the fewest key columns first, then the
/// busiest. Records the foreign key on the chosen candidate, so that
/// [`super::not_null`] keeps the rows with a NULL in its other key columns.
pub fn choose_covers(schema: &Schema, candidates: &mut [Candidate]) {
    for table in &schema.tables {
        let existing = btree_indexes(table);
        for fk in needing_cover(schema, table) {
            if existing
                .iter()
                .any(|(keys, predicate)| covered_by(fk, keys, *predicate))
            {
                continue;
            }
            let chosen = candidates
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    c.table == table.name
                        && c.method == IndexMethod::BTree
                        && leads(&key_columns(&c.keys), fk)
                        && (c.predicate.is_none() || only_live_rows(table, c))
                })
                .min_by_key(|(i, c)| (c.predicate.is_some(), c.keys.len(), *i))
                .map(|(i, _)| i);
            let Some(i) = chosen else {
                continue;
            };
            let candidate = &mut candidates[i];
            if candidate.predicate.take().is_some() {
                let partial = format!("; {}", soft_delete::LIVE_ROWS_REASON);
                for reason in &mut candidate.reasons {
                    *reason = reason.replace(&partial, "");
                }
                candidate.reasons.push(format!(
                    "keeps deleted rows too, although the entity soft-deletes: it is the index that covers the foreign key `{}`, and one index that keeps them costs less than a partial one beside a separate foreign key index",
                    fk.name
                ));
            }
            candidate.covers.push(fk.name.clone());
        }
    }
}

/// The indexes to add so that every foreign key of a large enough table is covered.
pub fn uncovered(schema: &Schema, planned: &[Candidate]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for table in &schema.tables {
        let mut indexes = btree_indexes(table);
        indexes.extend(
            planned
                .iter()
                .filter(|c| c.table == table.name && c.method == IndexMethod::BTree)
                .map(|c| (key_columns(&c.keys), c.predicate.as_ref())),
        );
        let added = out.len();
        for fk in needing_cover(schema, table) {
            let covered = indexes
                .iter()
                .any(|(keys, predicate)| covered_by(fk, keys, *predicate))
                || out[added..]
                    .iter()
                    .any(|c| covered_by(fk, &key_columns(&c.keys), c.predicate.as_ref()));
            if covered {
                continue;
            }
            out.push(Candidate {
                table: table.name.clone(),
                keys: fk
                    .columns
                    .iter()
                    .map(IndexKey::ascending)
                    .collect(),
                method: IndexMethod::BTree,
                predicate: lookup_predicate(table, fk),
                queries: Vec::new(),
                reasons: vec![format!(
                    "covers the foreign key `{}` ({} -> {}): deletes of a {} row find its children without a scan",
                    fk.name,
                    fk.columns.join(", "),
                    fk.ref_table,
                    fk.ref_table
                )],
                covers: vec![fk.name.clone()],
            });
        }
    }
    out
}
