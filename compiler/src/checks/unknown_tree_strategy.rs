//! `E0305` unknown tree strategy: `tree x` where `x` is not one of `adjacency`,
//! `nested_set`, `materialized_path`, `closure`.
//!
//! Why: the strategy decides the hierarchy's storage; an unknown one cannot be built.
//!
//! ```text
//! entity Category { name text  tree nested }
//! ```
//! Fix: write a known strategy, or plain `tree` to let the planner choose.

use crate::resolve::Model;
use crate::suggest;
use schemac_lang::ast::Member;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0305";

/// The hierarchy strategies the language knows.
pub const STRATEGIES: &[&str] = &["adjacency", "nested_set", "materialized_path", "closure"];

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for entity in &model.entities {
        for member in &entity.members {
            let Member::Tree {
                strategy: Some(s), ..
            } = member.member
            else {
                continue;
            };
            if STRATEGIES.contains(&s.name.as_str()) {
                continue;
            }
            let mut d = Diagnostic::error(
                CODE,
                format!("unknown tree strategy `{}`", s.name),
                s.span,
                "unknown strategy",
            );
            if let Some(hint) = suggest::did_you_mean(&s.name, STRATEGIES.iter().copied()) {
                d = d.with_hint(hint);
            }
            diags.push(d.with_hint("strategies: adjacency, nested_set, materialized_path, closure; or write `tree` alone to let the planner choose"));
        }
    }
}
