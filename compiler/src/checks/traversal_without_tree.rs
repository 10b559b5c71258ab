//! `E0314` traversal without tree: a query `descendants of`, `ancestors of` or
//! `children of` on an entity that has no `tree` line.
//!
//! Why: hierarchy traversals need the hierarchy storage that `tree` creates.
//!
//! ```text
//! entity Category { name text }
//! query sub: Category descendants of ? rate 1/s
//! ```
//! Fix: add `tree` to the entity.

use crate::resolve::Model;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0314";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for query in &model.queries {
        let (Some(traversal), Some(entity)) = (&query.traversal, model.entity(&query.from.name))
        else {
            continue;
        };
        if entity.tree().is_none() {
            diags.push(
                Diagnostic::error(
                    CODE,
                    format!(
                        "`{}` is not a tree, so it has no hierarchy to traverse",
                        entity.name()
                    ),
                    traversal.span,
                    "traversal on a non-tree entity",
                )
                .with_secondary(entity.decl.name.span, "entity declared here")
                .with_hint(format!("add a `tree` line to entity `{}`", entity.name())),
            );
        }
    }
}
