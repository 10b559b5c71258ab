//! `W0004` null test on a required field: `x is null` or `x is not null` where `x` can
//! never be NULL.
//!
//! Why: the test is constant (`is null` never matches, `is not null` always does), so
//! the query or check does not do what it says; usually the field was meant to be
//! nullable, or another field was meant.
//!
//! ```text
//! entity User { email text }
//! query missing: User where email is null rate 1/s
//! ```
//! Fix: make the field nullable (`text?`), or remove the test.

use crate::resolve::path;
use crate::resolve::sites;
use crate::resolve::Model;
use schemac_lang::ast::ExprKind;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "W0004";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    sites::for_each(model, |site| {
        sites::walk(site.expr, &mut |e| {
            let ExprKind::IsNull { expr, negated } = &e.kind else {
                return;
            };
            let ExprKind::Path(p) = &expr.kind else {
                return;
            };
            let Ok(target) = path::resolve(model, site.entity, p, site.kind.is_query()) else {
                return;
            };
            // The implicit `id` is never NULL either.
            let nullable = target.leaf.declared().is_some_and(|f| f.field.ty.nullable);
            if nullable {
                return;
            }
            let name = p
                .iter()
                .map(|i| i.name.as_str())
                .collect::<Vec<_>>()
                .join(".");
            let outcome = if *negated {
                "always true"
            } else {
                "never true"
            };
            let mut d = Diagnostic::warning(
                CODE,
                format!("`{name}` is never NULL, so this test is {outcome}"),
                e.span,
                "constant null test",
            );
            if let Some(f) = target.leaf.declared() {
                d = d.with_secondary(f.field.ty.span, "not nullable");
            }
            diags.push(d.with_hint(format!(
                "make `{name}` nullable with `?`, or remove the test"
            )));
        });
    });
}
