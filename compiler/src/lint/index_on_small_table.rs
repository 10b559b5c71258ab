//! `L0007` index on a small table: a secondary index the user wrote on an entity whose
//! declared scale is under 1,000 rows.
//!
//! Why it is bad: a table that small fits in a few pages; a scan is as fast as an index
//! lookup, and the index still costs every write. The guide: don't index small tables.
//! (Uniqueness is not affected: `unique` constraints are not reported.)
//!
//! ```text
//! entity Warehouse { code string(8)  index (code)  scale rows 40 }
//! ```
//! Fix: remove the `index` line, or correct `scale rows` if the table will grow.

use super::{locate, Context};
use crate::ir::IndexOrigin;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "L0007";

/// Below this many rows a scan is as good as an index.
pub const SMALL_ROWS: f64 = 1_000.0;

pub fn check(ctx: &Context, diags: &mut Diagnostics) {
    for (table, entity) in ctx.entity_tables() {
        if !table.scale.declared || table.scale.rows >= SMALL_ROWS {
            continue;
        }
        for index in table
            .indexes
            .iter()
            .filter(|i| i.origin == IndexOrigin::User && !i.unique)
        {
            diags.push(
                Diagnostic::lint(
                    CODE,
                    format!(
                        "index ({}) on `{}`, declared at {} rows",
                        locate::columns(&index.columns),
                        entity.name(),
                        table.scale.rows
                    ),
                    locate::index(entity, index),
                    "index on a small table",
                )
                .with_hint("a table under 1,000 rows is scanned as fast as it is searched: remove the index"),
            );
        }
    }
}
