//! `E0300` invalid type: a builtin type with wrong arguments, or an array of something
//! that cannot be an array element.
//!
//! Why: `string` without a length, `decimal(2,5)` or `int(11)` do not mean one thing
//! across dialects; `id[]` or an array of relations has no column representation.
//!
//! ```text
//! entity Price { amount decimal(2,5) }
//! ```
//! Fix: `string(255)` (or `text`), `decimal(12,2)` with scale <= precision, `int`; for
//! many related rows declare a join entity instead of an array of relations.

use crate::resolve::types::TypeProblem;
use crate::resolve::Model;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0300";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for entity in &model.entities {
        for field in &entity.fields {
            let Some((span, problem)) = field.problem.as_deref() else {
                continue;
            };
            let span = *span;
            match problem {
                TypeProblem::BadArguments { message, hint } => {
                    let (message, hint) = (message.clone(), hint.clone());
                    diags.push(Diagnostic::error(CODE, message, span, "invalid type arguments").with_hint(hint))
                }
                TypeProblem::BadArrayElement => diags.push(
                    Diagnostic::error(CODE, "this type cannot be an array element", span, "not an array element type")
                        .with_hint("arrays hold plain values (`text[]`, `int[]`, enums); for many related rows declare a join entity with two relations"),
                ),
                TypeProblem::UnknownName | TypeProblem::EntityName => {}
            }
        }
    }
}
