//! Whether a literal fits a field: `'x'` is not an int, `5` is not text, `'nope'` is
//! not a variant of the enum. Shared by the default and query checks.

use super::entity::Leaf;
use super::types::{FieldType, ValueClass};
use super::Model;
use crate::suggest;
use schemac_lang::ast::{Expr, ExprKind, Literal, UnaryOp};

/// Why a literal does not fit.
pub struct Mismatch {
    pub message: String,
    pub hint: String,
}

/// The class of values a resolved field holds; a relation compares like its target's
/// single key column.
pub fn class_of(model: &Model, leaf: Leaf) -> ValueClass {
    match leaf.ty() {
        FieldType::Relation(_) => match leaf.declared().and_then(|f| model.target(f)) {
            Some(target) => match target.primary_key.as_slice() {
                [key] => ValueClass::of_column(&key.ty),
                _ => ValueClass::Unknown,
            },
            None => ValueClass::Unknown,
        },
        ty => ValueClass::of(ty),
    }
}

/// The literal an expression is, looking through parentheses and a leading minus.
pub fn as_literal(expr: &Expr) -> Option<&Literal> {
    match &expr.kind {
        ExprKind::Literal(l) => Some(l),
        ExprKind::Paren(inner) => as_literal(inner),
        ExprKind::Unary {
            op: UnaryOp::Neg,
            expr,
        } => match as_literal(expr) {
            Some(l @ Literal::Number(_)) => Some(l),
            _ => None,
        },
        _ => None,
    }
}

/// Checks a non-null literal against a class. `Null` always fits here; callers decide
/// about null.
pub fn fits(model: &Model, class: ValueClass, literal: &Literal) -> Result<(), Mismatch> {
    let mismatch = |what: &str| Mismatch {
        message: format!("{what} does not fit {}", class.describe(model)),
        hint: match class {
            ValueClass::Text | ValueClass::Time | ValueClass::Uuid => {
                "write a string literal in single quotes, e.g. 'value'".into()
            }
            ValueClass::Integer => "write a whole number, e.g. 42".into(),
            ValueClass::Number => "write a number, e.g. 4.5".into(),
            ValueClass::Bool => "write `true` or `false`".into(),
            _ => "compare with a value of the field's type, or use a parameter `?`".into(),
        },
    };
    match (literal, class) {
        (_, ValueClass::Unknown | ValueClass::Json) | (Literal::Null, _) => Ok(()),
        (Literal::Number(n), ValueClass::Integer) => {
            if n.value.fract() == 0.0 {
                Ok(())
            } else {
                Err(Mismatch {
                    message: format!(
                        "`{}` is not a whole number, but the field is an integer",
                        n.raw
                    ),
                    hint: "write a whole number".into(),
                })
            }
        }
        (Literal::Number(_), ValueClass::Number) => Ok(()),
        (Literal::Number(n), _) => Err(mismatch(&format!("the number `{}`", n.raw))),
        (Literal::String(s), ValueClass::Enum(e)) => {
            let decl = model.enums[e];
            if decl.variants.iter().any(|v| &v.name == s) {
                return Ok(());
            }
            let variants = decl.variants.iter().map(|v| v.name.as_str());
            let suggestion = suggest::did_you_mean(s, variants.clone())
                .map(|h| format!("{h} "))
                .unwrap_or_default();
            Err(Mismatch {
                message: format!("'{s}' is not a variant of enum `{}`", decl.name.name),
                hint: format!(
                    "{suggestion}the variants are: {}",
                    variants.collect::<Vec<_>>().join(", ")
                ),
            })
        }
        (
            Literal::String(_),
            ValueClass::Text | ValueClass::Time | ValueClass::Uuid | ValueClass::Bytes,
        ) => Ok(()),
        (Literal::String(s), _) => Err(mismatch(&format!("the string '{s}'"))),
        (Literal::Bool(_), ValueClass::Bool) => Ok(()),
        (Literal::Bool(b), _) => Err(mismatch(&format!("`{b}`"))),
    }
}
