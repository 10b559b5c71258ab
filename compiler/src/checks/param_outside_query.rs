//! `E0316` parameter outside a query: `?` in a default, a `check (..)` or an index
//! predicate.
//!
//! Why: `?` is a value the application passes when it runs a query; a default, check or
//! index is fixed in the DDL and has nobody to pass it.
//!
//! ```text
//! entity Item { quantity int check (quantity > ?) }
//! ```
//! Fix: write the constant (`check (quantity > 0)`).

use crate::resolve::sites;
use crate::resolve::Model;
use schemac_lang::ast::{Expr, ExprKind};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0316";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    sites::for_each(model, |site| {
        if !site.kind.is_query() {
            report(site.expr, "in a check or index predicate", diags);
        }
    });
    for field in model.fields_with_defaults() {
        if let Some(default) = &field.field.default {
            report(default, "in a default", diags);
        }
    }
}

fn report(expr: &Expr, place: &str, diags: &mut Diagnostics) {
    sites::walk(expr, &mut |e| {
        if let ExprKind::Param = e.kind {
            diags.push(
                Diagnostic::error(
                    CODE,
                    format!("a parameter `?` cannot appear {place}"),
                    e.span,
                    "parameter outside a query",
                )
                .with_hint("parameters are only for query filters; write a constant value here"),
            );
        }
    });
}
