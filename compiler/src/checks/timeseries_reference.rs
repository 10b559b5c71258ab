//! `E0332` reference to a timeseries entity: a relation `-> X` where `X` is a
//! `timeseries` entity.
//!
//! Why: a partitioned table's key includes its partition column, so no foreign key can
//! point at its id alone (and MySQL forbids foreign keys to partitioned tables).
//!
//! ```text
//! entity Reading { at timestamptz  timeseries on at }
//! entity Alert { reading -> Reading }
//! ```
//! Fix: store the id (and the time) as plain fields, or reference a table that is not
//! partitioned.

use crate::resolve::{FieldType, Model};
use schemac_lang::ast::Member;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0332";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for entity in &model.entities {
        for field in &entity.fields {
            let FieldType::Relation(_) = field.ty else {
                continue;
            };
            let Some(target) = model.target(field) else {
                continue;
            };
            let partitioned = target
                .members
                .iter()
                .any(|m| matches!(m.member, Member::Timeseries(_)));
            if !partitioned {
                continue;
            }
            diags.push(
                Diagnostic::error(
                    CODE,
                    format!(
                        "`{}` references `{}`, a timeseries entity",
                        field.field.name.name,
                        target.name()
                    ),
                    field.field.ty.span,
                    "cannot be a foreign key",
                )
                .with_secondary(target.decl.name.span, "partitioned entity declared here")
                .with_hint("store the id and time as plain fields, or reference a table that is not partitioned"),
            );
        }
    }
}
