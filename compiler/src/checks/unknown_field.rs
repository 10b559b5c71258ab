//! `E0206` unknown field: a name that should be a field of an entity but is not. Looked
//! up in `primary key`, `unique`, `index`, `timeseries on`, `distribute by`, `check`
//! and index predicates, and in queries (`where`, `order by`, paths like `user.email`).
//!
//! Why: every one of these becomes a column reference in SQL; a typo would fail at
//! migration time instead of here.
//!
//! ```text
//! entity User { email text  unique (emial) }
//! ```
//! Fix: correct the name (the hint names the closest field) or declare the field.

use crate::resolve::path::{self, PathError};
use crate::resolve::sites;
use crate::resolve::{Entity, Model};
use crate::suggest;
use schemac_lang::ast::{ExprKind, Ident, Member};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0206";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for entity in &model.entities {
        for member in &entity.members {
            let mut look_up = |name: &Ident| {
                if entity.lookup(&name.name).is_none() {
                    diags.push(unknown(entity, name));
                }
            };
            match member.member {
                Member::PrimaryKey { columns, .. } | Member::Unique { columns, .. } => {
                    columns.iter().for_each(&mut look_up)
                }
                Member::Index(index) => index.columns.iter().for_each(|c| look_up(&c.name)),
                Member::Timeseries(ts) => look_up(&ts.column),
                Member::DistributeBy { column, .. } => look_up(column),
                _ => {}
            }
        }
    }
    sites::for_each(model, |site| {
        sites::walk(site.expr, &mut |e| {
            let ExprKind::Path(p) = &e.kind else { return };
            if let Err(PathError::UnknownField { ident, entity }) =
                path::resolve(model, site.entity, p, site.kind.is_query())
            {
                diags.push(unknown(entity, ident));
            }
        });
    });
    for query in &model.queries {
        let Some(entity) = model.entity(&query.from.name) else {
            continue;
        };
        for item in &query.order_by {
            if let Err(PathError::UnknownField { ident, entity }) =
                path::resolve(model, entity, &item.path, true)
            {
                diags.push(unknown(entity, ident));
            }
        }
    }
}

pub fn unknown(entity: &Entity, name: &Ident) -> Diagnostic {
    let d = Diagnostic::error(
        CODE,
        format!("entity `{}` has no field `{}`", entity.name(), name.name),
        name.span,
        "unknown field",
    )
    .with_secondary(
        entity.decl.name.span,
        format!("`{}` declared here", entity.name()),
    );
    let implicit = entity.implicit_id.then_some("id");
    let hint = suggest::did_you_mean(&name.name, entity.field_names().chain(implicit))
        .unwrap_or_else(|| {
            let fields: Vec<&str> = entity.field_names().chain(implicit).collect();
            format!("`{}` has: {}", entity.name(), fields.join(", "))
        });
    d.with_hint(hint)
}
