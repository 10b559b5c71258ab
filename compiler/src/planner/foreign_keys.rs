//! Rule: every foreign key is covered by an index whose leading columns are its
//! columns, in any order: deleting or re-keying a parent row looks its children up by
//! them (otherwise a scan of the child table per parent row, under a lock). A full
//! (non-partial) index, primary key or unique constraint covers them; where none does,
//! one of the planned indexes that lead with them is chosen to cover them and keeps
//! every row: it is planned without the live-rows predicate of a SoftDelete entity (one
//! full index costs less than a partial one beside a separate foreign key index, since
//! deleted rows are few) and without the `IS NOT NULL` predicate of
//! [`super::not_null`]. Where no planned index leads with them, the planner adds
//! `(<fk columns>)`. References to enum lookup tables are exempt: those rows are never
//! deleted while referenced, and an index on a low-cardinality column costs more than
//! it serves. So are tables under the small-table threshold.
//!
//! Example: `OrderItem.product -> Product` is covered by the user's
//! `order_items (product_id, quantity DESC)`; `Payment.order -> Order` gets
//! `payments (order_id)` unless a query already planned one. `Post where category = ?
//! order by published_at desc limit 20` on a SoftDelete `Post` plans `posts
//! (category_id, published_at DESC)` without `WHERE deleted_at IS NULL` when no other
//! index covers `posts.category_id`, instead of that partial index plus `posts
//! (category_id)`.

use super::candidate::Candidate;
use super::soft_delete;
use super::SMALL_TABLE_ROWS;
use crate::ir::{ForeignKey, IndexKey, IndexMethod, Schema, Table, TableKind};

/// True when `keys` lead with the foreign key's columns, in any order.
fn leads(keys: &[&str], fk: &ForeignKey) -> bool {
    keys.len() >= fk.columns.len()
        && fk
            .columns
            .iter()
            .all(|c| keys[..fk.columns.len()].contains(&c.as_str()))
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

/// The key columns of the table's own full indexes: primary key, unique constraints,
/// and the full B-tree indexes it already has.
/// (Read from the table directly: this runs for every table of the schema, and
/// borrowing the names costs far less than [`super::access::keyed_indexes`]' copies.)
fn full_indexes(table: &Table) -> Vec<Vec<&str>> {
    let mut out = Vec::with_capacity(1 + table.uniques.len() + table.indexes.len());
    if !table.primary_key.columns.is_empty() {
        out.push(names(&table.primary_key.columns));
    }
    out.extend(table.uniques.iter().map(|u| names(&u.columns)));
    out.extend(
        table
            .indexes
            .iter()
            .filter(|i| i.predicate.is_none() && i.method == IndexMethod::BTree)
            .map(|i| key_columns(&i.columns)),
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

/// For each foreign key that no full index of its table covers, chooses the planned
/// candidate that covers it: a full one if any, else one that is partial on live rows
/// only, which then keeps every row; the fewest key columns first, then the busiest.
/// Records the foreign key on the chosen candidate, so that [`super::not_null`] keeps
/// its NULL rows too.
pub fn choose_covers(schema: &Schema, candidates: &mut [Candidate]) {
    for table in &schema.tables {
        let existing = full_indexes(table);
        for fk in needing_cover(schema, table) {
            if existing.iter().any(|cols| leads(cols, fk)) {
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
                    "keeps deleted rows too, although the entity soft-deletes: it is the index that covers the foreign key `{}`, and one full index costs less than a partial one beside a separate foreign key index",
                    fk.name
                ));
            }
            candidate.covers.push(fk.name.clone());
        }
    }
}

/// The indexes to add so that every foreign key of a large enough table is covered.
pub fn uncovered(schema: &Schema, planned: &[Candidate]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for table in &schema.tables {
        let mut leading = full_indexes(table);
        leading.extend(
            planned
                .iter()
                .filter(|c| {
                    c.table == table.name && c.predicate.is_none() && c.method == IndexMethod::BTree
                })
                .map(|c| key_columns(&c.keys)),
        );
        for fk in needing_cover(schema, table) {
            if leading.iter().any(|cols| leads(cols, fk)) {
                continue;
            }
            leading.push(names(&fk.columns));
            out.push(Candidate {
                table: table.name.clone(),
                keys: fk
                    .columns
                    .iter()
                    .map(|c| IndexKey {
                        column: c.clone(),
                        desc: false,
                        opclass: None,
                    })
                    .collect(),
                method: IndexMethod::BTree,
                predicate: None,
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
