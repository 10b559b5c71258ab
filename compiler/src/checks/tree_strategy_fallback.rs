//! `W0002` tree strategy not implemented: `tree nested_set`, `tree materialized_path`
//! and `tree closure` are validated but stored as an adjacency list (a `parent_id`
//! column) for now.
//!
//! Why: the user asked for a storage the compiler does not build yet; saying so beats
//! silently emitting something else.
//!
//! ```text
//! entity Category { name text  tree closure }
//! ```
//! Fix: none needed; write `tree adjacency` (or `tree`) to silence the warning.

use crate::resolve::Model;
use schemac_lang::ast::Member;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "W0002";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for entity in &model.entities {
        for member in &entity.members {
            let Member::Tree {
                strategy: Some(s), ..
            } = member.member
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
                Diagnostic::warning(CODE, format!("tree strategy {} is not implemented yet; adjacency list used", s.name), s.span, "stored as an adjacency list")
                    .with_hint("the table gets a `parent_id` column; write `tree adjacency` to make that explicit"),
            );
        }
    }
}
