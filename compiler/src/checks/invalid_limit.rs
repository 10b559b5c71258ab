//! `E0310` invalid limit: `limit n` where `n` is not a positive whole number.
//!
//! Why: `limit 0` returns nothing (almost certainly a mistake) and a fractional limit
//! has no meaning.
//!
//! ```text
//! query q: User where email = ? limit 0 rate 1/s
//! ```
//! Fix: a positive whole number (`limit 20`), or no `limit`.

use crate::resolve::Model;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0310";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for query in &model.queries {
        let Some(limit) = &query.limit else { continue };
        if limit.value >= 1.0 && limit.value.fract() == 0.0 && limit.value <= u64::MAX as f64 {
            continue;
        }
        diags.push(
            Diagnostic::error(
                CODE,
                format!("`limit {}` is not a positive whole number", limit.raw),
                limit.span,
                "invalid limit",
            )
            .with_hint("write a positive whole number, e.g. `limit 20`, or remove the limit"),
        );
    }
}
