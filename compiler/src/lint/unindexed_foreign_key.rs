//! `L0009` unindexed foreign key: a foreign key whose columns do not lead any index,
//! the primary key or a unique constraint.
//!
//! Why it is bad: joins from the parent and `ON DELETE` checks look the children up by
//! these columns; without an index every parent delete or update scans the child table
//! (the guide: index foreign keys, even if the database does not do it for you).
//! The rule reads every index of the table as compiled, the index planner's included,
//! so it reports what the planner could not cover; a partial index does not count.
//!
//! ```text
//! entity Stock { product -> Product  warehouse -> Warehouse  primary key (product, warehouse) }
//! ```
//! Here `warehouse` is not covered: the primary key leads with `product`.
//! Fix: `index (warehouse)`, or declare the queries that use the relation so the
//! planner adds the index.

use super::{locate, Context};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "L0009";

pub fn check(ctx: &Context, diags: &mut Diagnostics) {
    for (table, entity) in ctx.entity_tables() {
        let mut leads: Vec<Vec<&str>> = vec![table
            .primary_key
            .columns
            .iter()
            .map(String::as_str)
            .collect()];
        leads.extend(
            table
                .uniques
                .iter()
                .map(|u| u.columns.iter().map(String::as_str).collect()),
        );
        leads.extend(
            table
                .indexes
                .iter()
                .filter(|i| i.predicate.is_none())
                .map(|i| i.columns.iter().map(|k| k.column.as_str()).collect()),
        );
        for fk in &table.foreign_keys {
            let covered = leads.iter().any(|cols| {
                cols.len() >= fk.columns.len()
                    && fk
                        .columns
                        .iter()
                        .all(|c| cols[..fk.columns.len()].contains(&c.as_str()))
            });
            if covered {
                continue;
            }
            let Some(first) = fk.columns.first() else {
                continue;
            };
            let field = locate::field(entity, first)
                .map(|f| f.field.name.name.clone())
                .unwrap_or_else(|| first.clone());
            diags.push(
                Diagnostic::lint(
                    CODE,
                    format!(
                        "foreign key ({}) of `{}` has no index",
                        fk.columns.join(", "),
                        table.name
                    ),
                    locate::column(entity, first),
                    "no index covers this foreign key",
                )
                .with_hint(format!(
                    "deletes in `{}` and joins through it scan `{}`: add `index ({field})`",
                    fk.ref_table, table.name
                )),
            );
        }
    }
}
