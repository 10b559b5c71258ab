//! `W0003` `including deleted` without SoftDelete: the query asks to include deleted
//! rows of an entity that does not soft-delete.
//!
//! Why: the words have no effect there; the user may believe rows are soft-deleted
//! when they are really removed.
//!
//! ```text
//! query all: User including deleted rate 1/s      // User has no `with SoftDelete`
//! ```
//! Fix: remove `including deleted`, or add `with SoftDelete` to the entity.

use crate::resolve::Model;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "W0003";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for query in &model.queries {
        let (Some(span), Some(entity)) = (query.including_deleted, model.entity(&query.from.name))
        else {
            continue;
        };
        if !entity.is_soft_delete() {
            diags.push(
                Diagnostic::warning(
                    CODE,
                    format!(
                        "`including deleted` has no effect: `{}` does not use SoftDelete",
                        entity.name()
                    ),
                    span,
                    "no soft-deleted rows to include",
                )
                .with_hint("remove `including deleted`, or add `with SoftDelete` to the entity"),
            );
        }
    }
}
