//! `L0003` UUID primary key: a primary key that is a single `uuid` column.
//!
//! Why it is bad: random (v4) UUIDs are 16 bytes and land anywhere in the key's B-tree,
//! so inserts touch random pages, indexes fragment and every foreign key and secondary
//! index carries the wider key. The guide's advice: a sequential `bigint` identity.
//!
//! ```text
//! entity Session { id uuid  primary key (id) }
//! ```
//! Fix: `id id` (bigint identity), keeping a `uuid` column with `unique` if the id must
//! be public; or generate time-ordered UUIDs (UUIDv7) so inserts stay sequential, and
//! allow the lint for that entity with `@allow("L0003")`.

use super::{locate, Context};
use crate::ir::ColumnType;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "L0003";

pub fn check(ctx: &Context, diags: &mut Diagnostics) {
    for (table, entity) in ctx.entity_tables() {
        let [key] = table.primary_key.columns.as_slice() else {
            continue;
        };
        if !table.column(key).is_some_and(|c| c.ty == ColumnType::Uuid) {
            continue;
        }
        diags.push(
            Diagnostic::lint(
                CODE,
                format!("`{}` has a UUID primary key", entity.name()),
                locate::column(entity, key),
                "UUID primary key",
            )
            .with_hint("random UUIDs fragment the index and widen every key: use `id id` (bigint identity), or time-ordered UUIDs (v7) and `@allow(\"L0003\")`"),
        );
    }
}
