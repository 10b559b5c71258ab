//! `E0307` misplaced attribute: a known attribute where it has no meaning: `@table` on a
//! field, `@on_update` on a field that is not a date/time, `@native` on a field that is
//! not an enum, `@exclusive_arcs` on a relation that is not polymorphic, `@column` on a
//! field that becomes several columns.
//!
//! Why: the attribute would be ignored, and the user believes it does something.
//!
//! ```text
//! entity User { name text @on_update }
//! ```
//! Fix: move the attribute where it belongs, or remove it.

use crate::attributes;
use crate::resolve::types::{self, FieldType, ValueClass};
use crate::resolve::Model;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0307";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    attributes::for_each(model, |site| {
        let Some(spec) = attributes::spec(&site.attr.name.name) else {
            return;
        };
        let name = spec.name;
        if !spec.places.contains(&site.place) {
            let allowed = spec
                .places
                .iter()
                .map(|p| p.describe())
                .collect::<Vec<_>>()
                .join(" or ");
            diags.push(
                Diagnostic::error(
                    CODE,
                    format!("`@{name}` cannot be used on {}", site.place.describe()),
                    site.attr.span,
                    "misplaced attribute",
                )
                .with_hint(format!("`@{name}` belongs on {allowed}: {}", spec.usage)),
            );
            return;
        }
        let Some(field) = site.field else { return };
        // A field whose type does not resolve is reported by the type checks.
        let Ok(ty) = types::resolve(model, &field.ty) else {
            return;
        };
        let element = match &ty {
            FieldType::Array(inner) => inner.as_ref(),
            other => other,
        };
        let problem = match name {
            "on_update" if ValueClass::of(&ty) != ValueClass::Time => {
                Some("`@on_update` sets the current time, so it needs a date/time field")
            }
            "native" if !matches!(element, FieldType::Enum(_)) => {
                Some("`@native` applies to enum-typed fields only")
            }
            "exclusive_arcs" if !matches!(&ty, FieldType::Relation(r) if r.targets.len() > 1) => {
                Some("`@exclusive_arcs` applies to polymorphic relations (`-> A | B`) only")
            }
            "column" if !single_column(model, &ty) => Some(
                "`@column` names one column: a polymorphic relation, or a relation to a composite key, has several",
            ),
            _ => None,
        };
        if let Some(message) = problem {
            diags.push(
                Diagnostic::error(CODE, message, site.attr.span, "misplaced attribute")
                    .with_secondary(field.ty.span, "the field's type")
                    .with_hint(format!("remove it, or change the field: {}", spec.usage)),
            );
        }
    });
}

/// Whether a field of type `ty` becomes one column (what `@column` can name): a plain
/// field, or a relation to an entity with a single-column key.
fn single_column(model: &Model, ty: &FieldType) -> bool {
    match ty {
        FieldType::Relation(r) => match r.targets.as_slice() {
            [target] => model
                .entity(&target.name)
                .is_none_or(|t| t.primary_key.len() == 1),
            _ => false,
        },
        _ => true,
    }
}
