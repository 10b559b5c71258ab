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
use crate::hashing::{FxHashMap, FxHashSet};
use crate::ir::{BinaryOp, Expr, ForeignKey, IndexKey, IndexMethod, Schema, Table, TableKind};

/// The column a key part names: key lists come as names, primary key and unique
/// columns, or index keys, and the coverage test reads them all without copying.
pub trait KeyColumn {
    fn column(&self) -> &str;
}

impl KeyColumn for &str {
    fn column(&self) -> &str {
        self
    }
}

impl KeyColumn for String {
    fn column(&self) -> &str {
        self
    }
}

impl KeyColumn for IndexKey {
    fn column(&self) -> &str {
        &self.column
    }
}

/// True when `keys` lead with the foreign key's columns, in any order.
fn leads<K: KeyColumn>(keys: &[K], fk: &ForeignKey) -> bool {
    let width = fk.columns.len();
    keys.len() >= width
        && fk
            .columns
            .iter()
            .all(|c| keys[..width].iter().any(|k| k.column() == c))
}

/// True when an index with these key columns and predicate serves every lookup of the
/// foreign key's rows (`fk = ?`): its key leads with the foreign key's columns, and it
/// is full or partial only on `IS NOT NULL` of those columns, which the lookup implies.
pub fn covered_by<K: KeyColumn>(fk: &ForeignKey, keys: &[K], predicate: Option<&Expr>) -> bool {
    leads(keys, fk) && predicate.is_none_or(|p| only_not_null_of(p, &fk.columns))
}

/// True when `predicate` is `c IS NOT NULL` for one of `columns`, or a conjunction of
/// such tests.
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

/// The names of the enum lookup tables: references to them need no covering index.
fn enum_lookup_tables(schema: &Schema) -> FxHashSet<&str> {
    schema
        .tables
        .iter()
        .filter(|t| t.kind == TableKind::EnumLookup)
        .map(|t| t.name.as_str())
        .collect()
}

/// The foreign keys of `table` that need a covering index: not references to enum
/// lookup tables (`lookups`), on an entity table large enough for secondary indexes.
fn needing_cover<'t>(
    lookups: &'t FxHashSet<&str>,
    table: &'t Table,
) -> impl Iterator<Item = &'t ForeignKey> + 't {
    let large_entity = table.kind == TableKind::Entity && table.scale.rows >= SMALL_TABLE_ROWS;
    table
        .foreign_keys
        .iter()
        .filter(move |fk| large_entity && !lookups.contains(fk.ref_table.as_str()))
}

/// True when one of the table's own B-tree indexes covers `fk`: its primary key, a
/// unique constraint, or an index it already has.
fn covered_by_table(table: &Table, fk: &ForeignKey) -> bool {
    covered_by(fk, &table.primary_key.columns, None)
        || table
            .uniques
            .iter()
            .any(|u| covered_by(fk, &u.columns, None))
        || table
            .indexes
            .iter()
            .filter(|i| i.method == IndexMethod::BTree)
            .any(|i| covered_by(fk, &i.columns, i.predicate.as_ref()))
}

/// The positions of the planned B-tree candidates, by table.
fn btree_candidates_by_table(candidates: &[Candidate]) -> FxHashMap<&str, Vec<usize>> {
    let mut by_table: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, c) in candidates.iter().enumerate() {
        if c.method == IndexMethod::BTree {
            by_table.entry(c.table.as_str()).or_default().push(i);
        }
    }
    by_table
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
    let by_table = btree_candidates_by_table(candidates);
    let lookups = enum_lookup_tables(schema);
    // Which candidate covers which foreign key, decided table by table before any
    // candidate changes: a candidate that gives up its live-rows predicate for one
    // foreign key is a full index for the next one of its table.
    let mut chosen: Vec<(usize, &ForeignKey)> = Vec::new();
    for table in &schema.tables {
        let Some(planned) = by_table.get(table.name.as_str()) else {
            continue;
        };
        let first = chosen.len();
        for fk in needing_cover(&lookups, table) {
            if covered_by_table(table, fk) {
                continue;
            }
            let made_full = |i: usize| chosen[first..].iter().any(|&(c, _)| c == i);
            let best = planned
                .iter()
                .map(|&i| (i, &candidates[i]))
                .map(|(i, c)| (i, c, c.predicate.is_some() && !made_full(i)))
                .filter(|(_, c, partial)| {
                    leads(&c.keys, fk) && (!partial || only_live_rows(table, c))
                })
                .min_by_key(|(i, c, partial)| (*partial, c.keys.len(), *i))
                .map(|(i, _, _)| i);
            if let Some(i) = best {
                chosen.push((i, fk));
            }
        }
    }
    drop(by_table);
    for (i, fk) in chosen {
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

/// Appends to `planned` the indexes to add so that every foreign key of a large enough
/// table is covered.
pub fn cover_the_rest(schema: &Schema, planned: &mut Vec<Candidate>) {
    let by_table = btree_candidates_by_table(planned);
    let lookups = enum_lookup_tables(schema);
    let candidates: &[Candidate] = planned;
    let per_table = crate::parallel::map(&schema.tables, |table| {
        let mine = by_table
            .get(table.name.as_str())
            .map_or(&[][..], Vec::as_slice);
        // Room for a cover per foreign key: most tables have one or two, and a list's
        // first push would make room for four.
        let mut out: Vec<Candidate> = Vec::with_capacity(needing_cover(&lookups, table).count());
        for fk in needing_cover(&lookups, table) {
            let covered = covered_by_table(table, fk)
                || mine
                    .iter()
                    .map(|&i| &candidates[i])
                    .any(|c| covered_by(fk, &c.keys, c.predicate.as_ref()))
                || out
                    .iter()
                    .any(|c| covered_by(fk, &c.keys, c.predicate.as_ref()));
            if covered {
                continue;
            }
            out.push(Candidate {
                table: table.name.clone(),
                keys: fk.columns.iter().map(IndexKey::ascending).collect(),
                method: IndexMethod::BTree,
                predicate: lookup_predicate(table, fk),
                // No query: it is installed as a foreign key's index, whose origin is
                // its whole rationale (`explain` words it from the foreign key).
                queries: Vec::new(),
                reasons: Vec::new(),
                covers: vec![fk.name.clone()],
            });
        }
        out
    });
    drop(by_table);
    planned.reserve(per_table.iter().map(Vec::len).sum());
    planned.extend(per_table.into_iter().flatten());
}
