//! `L0001` native enum: an enum stored as the dialect's native ENUM type (`@native` on
//! the enum or on a field).
//!
//! Why it is bad: adding, renaming or removing a value of a native ENUM is a schema
//! change (`ALTER TYPE` in PostgreSQL, a table rebuild for MySQL's inline `ENUM(..)`),
//! and a value cannot carry data of its own. The guide's advice: a lookup table with a
//! foreign key, which is what an enum without `@native` becomes.
//!
//! ```text
//! enum Plan @native { free team enterprise }
//! ```
//! Fix: drop `@native` (`enum Plan { free team enterprise }`); new values are then rows.

use super::Context;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "L0001";

pub fn check(ctx: &Context, diags: &mut Diagnostics) {
    for decl in &ctx.model.enums {
        if let Some(attr) = decl.attrs.iter().find(|a| a.name.name == "native") {
            diags.push(lint(&decl.name.name, attr.span));
        }
    }
    for (_, entity) in ctx.entity_tables() {
        for f in entity.fields.iter().filter(|f| f.mixin.is_none()) {
            if let Some(attr) = f.field.attrs.iter().find(|a| a.name.name == "native") {
                diags.push(lint(&f.field.name.name, attr.span));
            }
        }
    }
}

fn lint(name: &str, span: schemac_lang::Span) -> Diagnostic {
    Diagnostic::lint(
        CODE,
        format!("`{name}` is stored as a native ENUM type"),
        span,
        "native ENUM",
    )
    .with_hint("native ENUMs are hard to change: remove `@native` to get a lookup table with a foreign key")
}
