//! `with SoftDelete`: uniqueness among live rows.
//!
//! A soft-deleted row keeps its values, so a plain UNIQUE constraint would keep its
//! email or slug taken forever. Each unique becomes a unique index on the live rows
//! (`WHERE deleted_at IS NULL`); backends without partial indexes emulate the predicate
//! (see `schemac_backends`' partial unique fallback), so on every engine a deleted row
//! frees its value and two live rows still collide.
//!
//! The queries' live-rows filter is added by the planner
//! ([`crate::planner::soft_delete`]).

use crate::ir::{Index, IndexKey, IndexMethod, IndexOrigin, Table};
use crate::planner::soft_delete::{live_rows, DELETED_AT};

/// Turns the uniques of a soft-delete table into partial unique indexes on live rows.
/// The index keeps the constraint's name, so names stay stable across the change.
pub fn live_uniques(table: &mut Table) {
    if !table.soft_delete || table.column(DELETED_AT).is_none() {
        return;
    }
    for unique in std::mem::take(&mut table.uniques) {
        table.indexes.push(Index {
            name: unique.name,
            columns: unique
                .columns
                .into_iter()
                .map(IndexKey::ascending)
                .collect(),
            unique: true,
            predicate: Some(live_rows()),
            method: IndexMethod::BTree,
            origin: IndexOrigin::Trait {
                name: "soft_delete".into(),
                reason: "unique among live rows: a soft-deleted row frees its value".into(),
            },
        });
    }
}
