//! Rule: every foreign key is covered by an index whose leading columns are its
//! columns, in any order: deleting or re-keying a parent row looks its children up by
//! them (otherwise a scan of the child table per parent row, under a lock). The
//! planner adds `(<fk columns>)` where no full (non-partial) index, primary key or
//! unique constraint covers them. References to enum lookup tables are exempt: those
//! rows are never deleted while referenced, and an index on a low-cardinality column
//! costs more than it serves. So are tables under the small-table threshold.
//!
//! Example: `OrderItem.product -> Product` is covered by the user's
//! `order_items (product_id, quantity DESC)`; `Payment.order -> Order` gets
//! `payments (order_id)` unless a query already planned one.

use super::candidate::Candidate;
use super::SMALL_TABLE_ROWS;
use crate::ir::{IndexKey, Schema, TableKind};

/// The indexes to add so that every foreign key of a large enough table is covered.
pub fn uncovered(schema: &Schema, planned: &[Candidate]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for table in &schema.tables {
        if table.kind != TableKind::Entity || table.scale.rows < SMALL_TABLE_ROWS {
            continue;
        }
        let mut leading: Vec<Vec<String>> = super::access::keyed_indexes(table)
            .iter()
            .filter(|i| i.predicate.is_none())
            .map(|i| i.keys.iter().map(|k| k.column.clone()).collect())
            .collect();
        leading.extend(
            planned
                .iter()
                .filter(|c| {
                    c.table == table.name
                        && c.predicate.is_none()
                        && c.method == crate::ir::IndexMethod::BTree
                })
                .map(|c| c.keys.iter().map(|k| k.column.clone()).collect()),
        );
        for fk in &table.foreign_keys {
            let lookup = schema
                .table(&fk.ref_table)
                .is_some_and(|t| t.kind == TableKind::EnumLookup);
            if lookup {
                continue;
            }
            let covered = leading.iter().any(|cols| {
                cols.len() >= fk.columns.len()
                    && fk
                        .columns
                        .iter()
                        .all(|c| cols[..fk.columns.len()].contains(c))
            });
            if covered {
                continue;
            }
            leading.push(fk.columns.clone());
            out.push(Candidate {
                table: table.name.clone(),
                keys: fk.columns.iter().map(|c| IndexKey { column: c.clone(), desc: false, opclass: None }).collect(),
                method: crate::ir::IndexMethod::BTree,
                predicate: None,
                queries: Vec::new(),
                reasons: vec![format!(
                    "covers the foreign key `{}` ({} -> {}): deletes of a {} row find its children without a scan",
                    fk.name,
                    fk.columns.join(", "),
                    fk.ref_table,
                    fk.ref_table
                )],
            });
        }
    }
    out
}
