//! `L0009` unindexed foreign key: a foreign key whose columns do not lead any index,
//! the primary key or a unique constraint.
//!
//! Why it is bad: joins from the parent and `ON DELETE` checks look the children up by
//! these columns; without an index every parent delete or update scans the child table
//! (the guide: index foreign keys, even if the database does not do it for you).
//! The rule reads every index of the table as compiled, the index planner's included,
//! so it reports what the planner could not cover. A partial index counts only when its
//! predicate is `IS NOT NULL` of the foreign key's columns and nothing else: every
//! lookup by the foreign key (`fk = ?`) implies it, and the engines use such an index
//! for the lookup (the planner covers an optional foreign key that way).
//!
//! ```text
//! entity Stock { product -> Product  warehouse -> Warehouse  primary key (product, warehouse) }
//! ```
//! Here `warehouse` is not covered: the primary key leads with `product`.
//! Fix: `index (warehouse)`, or declare the queries that use the relation so the
//! planner adds the index.

use super::{locate, Context};
use crate::ir::Expr;
use crate::planner::foreign_keys;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "L0009";

pub fn check(ctx: &Context, diags: &mut Diagnostics) {
    for (table, entity) in ctx.entity_tables() {
        let mut indexes: Vec<(Vec<&str>, Option<&Expr>)> = vec![(
            table
                .primary_key
                .columns
                .iter()
                .map(String::as_str)
                .collect(),
            None,
        )];
        indexes.extend(
            table
                .uniques
                .iter()
                .map(|u| (u.columns.iter().map(String::as_str).collect(), None)),
        );
        indexes.extend(table.indexes.iter().map(|i| {
            (
                i.columns.iter().map(|k| k.column.as_str()).collect(),
                i.predicate.as_ref(),
            )
        }));
        for fk in &table.foreign_keys {
            let covered = indexes
                .iter()
                .any(|(keys, predicate)| foreign_keys::covered_by(fk, keys, *predicate));
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
