//! `E0317` empty enum: an enum without variants.
//!
//! Why: no value could ever be stored in a field of that type (and PostgreSQL rejects
//! an empty `CREATE TYPE .. AS ENUM ()`).
//!
//! ```text
//! enum Status {}
//! ```
//! Fix: list the variants, `enum Status { active paused }`, or remove the enum.

use crate::resolve::Model;
use schemac_lang::ast::Item;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0317";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for file in model.files() {
        for item in &file.ast.items {
            let Item::Enum(decl) = item else { continue };
            if decl.variants.is_empty() {
                diags.push(
                    Diagnostic::error(
                        CODE,
                        format!("enum `{}` has no variants", decl.name.name),
                        decl.name.span,
                        "empty enum",
                    )
                    .with_hint(format!(
                        "list its values: `enum {} {{ first second }}`",
                        decl.name.name
                    )),
                );
            }
        }
    }
}
