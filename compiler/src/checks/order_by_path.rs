//! `E0309` order by a path: `order by user.name` sorts by a column of another table.
//!
//! Why: no index on the queried table can serve that order, so every such query sorts
//! all matching rows; the planner cannot plan it.
//!
//! ```text
//! query q { from Order  order by user.name desc  limit 20 }
//! ```
//! Fix: order by a field of the entity itself (copy the value if it must sort), or
//! query the related entity.

use crate::resolve::path;
use crate::resolve::Model;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0309";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for query in &model.queries {
        let Some(entity) = model.entity(&query.from.name) else {
            continue;
        };
        for item in &query.order_by {
            if item.path.len() < 2 || path::resolve(model, entity, &item.path, true).is_err() {
                continue;
            }
            let name = item
                .path
                .iter()
                .map(|i| i.name.as_str())
                .collect::<Vec<_>>()
                .join(".");
            diags.push(
                Diagnostic::error(CODE, format!("`order by {name}` sorts by a field of another entity"), item.span, "ordering through a relation")
                    .with_hint("order by a field of the queried entity; no index can serve an order on a joined table"),
            );
        }
    }
}
