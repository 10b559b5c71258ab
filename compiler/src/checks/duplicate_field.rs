//! `E0207` duplicate field: two fields of one entity with the same name, counting the
//! fields its mixins copy in.
//!
//! Why: a table cannot have two columns of one name, and it is unclear which definition
//! is meant.
//!
//! ```text
//! entity User { created_at timestamp  with Timestamps }
//! ```
//! Fix: rename or remove one field, or drop the mixin that brings the second one.

use crate::resolve::Model;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0207";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for entity in &model.entities {
        for (first, repeated) in entity.repeated_fields() {
            let (first, field) = (&entity.fields[first], &entity.fields[repeated]);
            let name = field.field.name.name.as_str();
            let message = format!("entity `{}` has two fields named `{name}`", entity.name());
            let d = match field.mixin {
                Some(via) => Diagnostic::error(
                    CODE,
                    message,
                    via.span,
                    format!("`with {}` adds a second `{name}`", via.name),
                )
                .with_secondary(field.field.name.span, "the mixin's field"),
                None => Diagnostic::error(CODE, message, field.field.name.span, "second field"),
            };
            let d = match first.mixin {
                Some(via) => d
                    .with_secondary(
                        via.span,
                        format!("first `{name}` comes from `with {}`", via.name),
                    )
                    .with_secondary(first.field.name.span, "the first field"),
                None => d.with_secondary(first.field.name.span, "first field"),
            };
            diags.push(d.with_hint("rename or remove one of them"));
        }
    }
}
