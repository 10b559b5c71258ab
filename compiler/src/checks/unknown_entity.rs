//! `E0204` unknown entity: a relation target or a query's `from` that names no entity.
//!
//! Why: a relation becomes a foreign key and a query is planned against a table; both
//! need the entity to exist.
//!
//! ```text
//! entity Order { user -> Usr }
//! ```
//! Fix: declare the entity, or correct the name (the hint names the closest entity).

use crate::resolve::{FieldType, Model};
use crate::suggest;
use schemac_lang::ast::Ident;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0204";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for entity in &model.entities {
        for field in &entity.fields {
            let FieldType::Relation(relation) = &field.ty else {
                continue;
            };
            if field.target.is_some() {
                continue;
            }
            for target in &relation.targets {
                if model.entity_id(&target.name).is_none() {
                    diags.push(unknown(model, target, "relation to an unknown entity"));
                }
            }
        }
    }
    for query in &model.queries {
        if model.entity_id(&query.from.name).is_none() {
            diags.push(unknown(model, &query.from, "query from an unknown entity"));
        }
    }
}

fn unknown(model: &Model, name: &Ident, label: &str) -> Diagnostic {
    let mut d = Diagnostic::error(
        CODE,
        format!("unknown entity `{}`", name.name),
        name.span,
        label,
    );
    if let Some(hint) = suggest::did_you_mean(&name.name, model.entity_names()) {
        d = d.with_hint(hint);
    } else if model.enum_id(&name.name).is_some() {
        d = d.with_hint(format!(
            "`{}` is an enum: use it as a field type, without `->`",
            name.name
        ));
    } else {
        d = d.with_hint(format!(
            "declare `entity {} {{ .. }}` or correct the name",
            name.name
        ));
    }
    d
}
