//! `E0203` unknown type: a field type that is neither a builtin, an enum, nor written
//! as a relation.
//!
//! Why: a typo in a type name would otherwise silently become something else.
//!
//! ```text
//! entity User { email strng(255) }
//! ```
//! Fix: use a builtin type (`string(255)`), declare the enum, or write a relation to an
//! entity as `-> User`. The hint names the closest known type.

use crate::resolve::types::TypeProblem;
use crate::resolve::Model;
use crate::suggest;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0203";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for entity in &model.entities {
        for field in &entity.fields {
            let Some((span, problem)) = field.problem.as_deref() else {
                continue;
            };
            let span = *span;
            let name = type_name(&field.field.ty);
            match problem {
                TypeProblem::UnknownName => {
                    let mut d = Diagnostic::error(
                        CODE,
                        format!("unknown type `{name}`"),
                        span,
                        "not a builtin type or enum",
                    );
                    if let Some(hint) = suggest::did_you_mean(&name, model.type_names()) {
                        d = d.with_hint(hint);
                    }
                    diags.push(d.with_hint("builtin types: bool smallint int bigint id decimal(p,s) float double string(n) text bytes date time timestamp timestamptz uuid json, plus arrays `T[]` and declared enums"));
                }
                TypeProblem::EntityName => diags.push(
                    Diagnostic::error(
                        CODE,
                        format!("`{name}` is an entity, not a type"),
                        span,
                        "a reference to an entity",
                    )
                    .with_hint(format!("write a relation as `-> {name}`")),
                ),
                TypeProblem::BadArguments { .. } | TypeProblem::BadArrayElement => {}
            }
        }
    }
}

/// The innermost type name of a type reference (`strng` in `strng(255)[]`).
fn type_name(ty: &schemac_lang::ast::TypeRef) -> String {
    use schemac_lang::ast::TypeKind;
    match &ty.kind {
        TypeKind::Named { name, .. } => name.name.clone(),
        TypeKind::Array(inner) => type_name(inner),
        TypeKind::Relation(_) => String::new(),
    }
}
