//! `E0303` invalid operator: an operator applied to a field of a type it does not work
//! on: `contains` needs a json or array field, `starts_with` a text field, ordering
//! comparisons (`<`, `between`, ...) a field with an order (not bool, json or array).
//!
//! Why: the database would reject the query or compare meaninglessly, and no index
//! could serve it.
//!
//! ```text
//! query q: Product where name contains ? rate 1/s     // `name` is string(80)
//! ```
//! Fix: use an operator that fits the field (`=`, `starts_with` for text prefixes,
//! `contains` on json/array fields), or change the field's type.

use crate::resolve::literals;
use crate::resolve::path;
use crate::resolve::sites;
use crate::resolve::types::ValueClass;
use crate::resolve::{Entity, Model};
use schemac_lang::ast::{BinaryOp, Expr, ExprKind};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0303";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    sites::for_each(model, |site| {
        let joins = site.kind.is_query();
        sites::walk(site.expr, &mut |e| {
            let (operator, operand) = match &e.kind {
                ExprKind::Binary { op, lhs, .. } => match op {
                    BinaryOp::Contains => ("contains", lhs),
                    BinaryOp::StartsWith => ("starts_with", lhs),
                    BinaryOp::Lt => ("<", lhs),
                    BinaryOp::Le => ("<=", lhs),
                    BinaryOp::Gt => (">", lhs),
                    BinaryOp::Ge => (">=", lhs),
                    _ => return,
                },
                ExprKind::Between { expr, .. } => ("between", expr),
                _ => return,
            };
            let Some((name, class)) = field_class(model, site.entity, joins, operand) else {
                return;
            };
            let fits = match operator {
                "contains" => matches!(class, ValueClass::Json | ValueClass::Array),
                "starts_with" => class == ValueClass::Text,
                _ => !matches!(
                    class,
                    ValueClass::Bool | ValueClass::Json | ValueClass::Array
                ),
            };
            if fits || class == ValueClass::Unknown {
                return;
            }
            let hint = match operator {
                "contains" => {
                    "`contains` tests json/array containment; for text use `starts_with` or `=`"
                }
                "starts_with" => "`starts_with` works on text fields (`string(n)`, `text`)",
                _ => "ordering comparisons need a field with an order (numbers, text, dates)",
            };
            diags.push(
                Diagnostic::error(
                    CODE,
                    format!(
                        "`{operator}` cannot be used on `{name}`, which is {}",
                        class.describe(model)
                    ),
                    e.span,
                    "invalid operator",
                )
                .with_secondary(
                    operand.span,
                    format!("`{name}` is {}", class.describe(model)),
                )
                .with_hint(hint),
            );
        });
    });
}

/// The name of the field a path operand names, and its class of values.
pub(super) fn field_class(
    model: &Model,
    entity: &Entity,
    joins: bool,
    e: &Expr,
) -> Option<(String, ValueClass)> {
    let ExprKind::Path(p) = &e.kind else {
        return None;
    };
    let target = path::resolve(model, entity, p, joins).ok()?;
    let name = p
        .iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(".");
    Some((name, literals::class_of(model, target.leaf)))
}
