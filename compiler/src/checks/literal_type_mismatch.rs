//! `E0302` literal type mismatch: a field compared with a literal of another type in a
//! query or a check: `age = 'x'` on an int, `email = 5` on a string, `status = 'nope'`
//! where `nope` is not a variant, `x = null` instead of `x is null`.
//!
//! Why: the comparison can never be true (or fails in the database at run time), and
//! the index planner would plan for a query that cannot work.
//!
//! ```text
//! query q: User where age = 'x' rate 1/s
//! ```
//! Fix: compare with a value of the field's type, or a parameter `?`; for NULL use
//! `is null` / `is not null`.

use crate::resolve::literals::{self, Mismatch};
use crate::resolve::path;
use crate::resolve::sites;
use crate::resolve::{Entity, Model};
use schemac_lang::ast::{BinaryOp, Expr, ExprKind, Literal};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0302";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    sites::for_each(model, |site| {
        let joins = site.kind.is_query();
        sites::walk(site.expr, &mut |e| match &e.kind {
            ExprKind::Binary { op, lhs, rhs } => match op {
                BinaryOp::Eq
                | BinaryOp::Ne
                | BinaryOp::Lt
                | BinaryOp::Le
                | BinaryOp::Gt
                | BinaryOp::Ge
                | BinaryOp::StartsWith => {
                    compare(model, site.entity, joins, lhs, rhs, *op, diags);
                    compare(model, site.entity, joins, rhs, lhs, *op, diags);
                }
                BinaryOp::In | BinaryOp::NotIn => {
                    if let ExprKind::List(items) = &unparen(rhs).kind {
                        for item in items {
                            compare(model, site.entity, joins, lhs, item, *op, diags);
                        }
                    }
                }
                _ => {}
            },
            ExprKind::Between { expr, low, high } => {
                compare(model, site.entity, joins, expr, low, BinaryOp::Ge, diags);
                compare(model, site.entity, joins, expr, high, BinaryOp::Le, diags);
            }
            _ => {}
        });
    });
}

fn unparen(e: &Expr) -> &Expr {
    match &e.kind {
        ExprKind::Paren(inner) => unparen(inner),
        _ => e,
    }
}

/// Checks `value` (if it is a literal) against `field` (if it is a field path).
fn compare(
    model: &Model,
    entity: &Entity,
    joins: bool,
    field: &Expr,
    value: &Expr,
    op: BinaryOp,
    diags: &mut Diagnostics,
) {
    let ExprKind::Path(p) = &unparen(field).kind else {
        return;
    };
    let Some(literal) = literals::as_literal(value) else {
        return;
    };
    let Ok(target) = path::resolve(model, entity, p, joins) else {
        return;
    };
    let name = p
        .iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(".");
    if let Literal::Null = literal {
        if matches!(op, BinaryOp::Eq | BinaryOp::Ne) {
            let fix = if op == BinaryOp::Eq {
                "is null"
            } else {
                "is not null"
            };
            diags.push(
                Diagnostic::error(
                    CODE,
                    "comparing with `null` is never true",
                    value.span,
                    "`null` compared with `=`/`!=`",
                )
                .with_hint(format!("write `{name} {fix}`")),
            );
        }
        return;
    }
    let class = literals::class_of(model, target.leaf);
    if let Err(Mismatch { message, hint }) = literals::fits(model, class, literal) {
        diags.push(
            Diagnostic::error(CODE, message, value.span, "wrong type")
                .with_secondary(field.span, format!("`{name}` is {}", class.describe(model)))
                .with_hint(hint),
        );
    }
}
