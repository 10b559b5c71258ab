//! `E0330` tree strategy needs a single key: `tree nested_set`, `tree
//! materialized_path` or `tree closure` on an entity whose primary key has several
//! columns.
//!
//! Why: bounds, paths and closure rows refer to one node id; only the adjacency list
//! (`parent_<col>` per key column) can store a tree over a composite key.
//!
//! ```text
//! entity Node { a int  b int  primary key (a, b)  tree closure }
//! ```
//! Fix: give the entity an `id id` key, or write `tree adjacency`.

use crate::resolve::Model;
use schemac_lang::ast::Member;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0330";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for entity in &model.entities {
        if entity.primary_key.len() < 2 {
            continue;
        }
        let Some(Member::Tree {
            strategy: Some(s), ..
        }) = entity.tree()
        else {
            continue;
        };
        if !matches!(
            s.name.as_str(),
            "nested_set" | "materialized_path" | "closure"
        ) {
            continue;
        }
        diags.push(
            Diagnostic::error(
                CODE,
                format!(
                    "`tree {}` needs a single-column primary key; `{}` has {} key columns",
                    s.name,
                    entity.name(),
                    entity.primary_key.len()
                ),
                s.span,
                "needs one node id",
            )
            .with_secondary(entity.decl.name.span, "entity declared here")
            .with_hint("give the entity an `id id` key, or write `tree adjacency`"),
        );
    }
}
