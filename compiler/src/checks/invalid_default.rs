//! `E0301` invalid default: a field default that does not fit the field: `null` on a
//! non-null field, a literal of the wrong type (`int = 'x'`), an unknown enum variant,
//! `now()` on a field that is not a date/time, `{}` on a field that is not json, or a
//! default on a relation or an `id`.
//!
//! Why: the DDL would fail to apply, or every insert that relies on the default would
//! fail.
//!
//! ```text
//! entity User { age int = 'x' }
//! ```
//! Fix: give a default of the field's type, make the field nullable (`int?`) for a
//! `null` default, or remove the default.

use crate::resolve::literals::{self, Mismatch};
use crate::resolve::types::{FieldType, ValueClass};
use crate::resolve::{Leaf, Model};
use schemac_lang::ast::{Expr, ExprKind, Literal};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0301";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for field in model.fields_with_defaults() {
        let Some(default) = &field.field.default else {
            continue;
        };
        let class = literals::class_of(model, Leaf::Field(field));
        let problem = match &field.ty {
            FieldType::Relation(_) => Some(Mismatch {
                message: "a relation cannot have a default".into(),
                hint: "remove the default; set the reference when the row is inserted".into(),
            }),
            FieldType::Id => Some(Mismatch {
                message: "an `id` field is generated and cannot have a default".into(),
                hint: "remove the default, or use `bigint` for a plain number column".into(),
            }),
            FieldType::Unknown => None,
            _ => fit(model, class, field.field.ty.nullable, default),
        };
        if let Some(Mismatch { message, hint }) = problem {
            diags.push(
                Diagnostic::error(CODE, message, default.span, "invalid default")
                    .with_secondary(
                        field.field.ty.span,
                        format!(
                            "`{}` is {}",
                            field.field.name.name,
                            ValueClass::of(&field.ty).describe(model)
                        ),
                    )
                    .with_hint(hint),
            );
        }
    }
}

fn fit(model: &Model, class: ValueClass, nullable: bool, default: &Expr) -> Option<Mismatch> {
    if let Some(literal) = literals::as_literal(default) {
        if let Literal::Null = literal {
            return (!nullable).then(|| Mismatch {
                message: "`null` is not a valid default for a field that is not nullable".into(),
                hint: "make the field nullable with `?` (e.g. `text?`), or give a non-null default"
                    .into(),
            });
        }
        return literals::fits(model, class, literal).err();
    }
    let wrong = |message: &str, hint: &str| {
        Some(Mismatch {
            message: message.into(),
            hint: hint.into(),
        })
    };
    match &default.kind {
        ExprKind::Call { func, .. } if func.name == "now" => {
            if class == ValueClass::Time {
                None
            } else {
                wrong(
                    "`now()` is a date/time, but the field is not",
                    "use `now()` on date, time, timestamp or timestamptz fields",
                )
            }
        }
        ExprKind::Call { .. } | ExprKind::Param => None,
        ExprKind::Object(_) if class != ValueClass::Json => wrong(
            "a JSON object is only a valid default for a json field",
            "use a literal of the field's type",
        ),
        ExprKind::List(_) if !matches!(class, ValueClass::Json | ValueClass::Array) => wrong(
            "a list is only a valid default for a json or array field",
            "use a literal of the field's type",
        ),
        ExprKind::Object(_) | ExprKind::List(_) => None,
        ExprKind::Path(p) => match (class, p.as_slice()) {
            (ValueClass::Enum(e), [variant]) => {
                let fake = Literal::String(variant.name.clone());
                literals::fits(model, ValueClass::Enum(e), &fake).err()
            }
            _ => wrong(
                "a default must be a constant, not a reference to a field",
                "write a literal (quote text: 'value'); bare names are only enum variants",
            ),
        },
        _ => wrong(
            "a default must be a literal, a list, an object or a function call like `now()`",
            "write a constant value",
        ),
    }
}
