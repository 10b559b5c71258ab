//! `W0111` foreign keys of a partitioned table on MySQL: the project targets MySQL or
//! MariaDB and a `timeseries` entity has relations.
//!
//! Why: InnoDB does not support foreign keys on partitioned tables, so on MySQL the
//! table is created without them: nothing stops a row from pointing at a missing parent,
//! and `on delete cascade` does not happen.
//!
//! ```text
//! entity Reading { sensor -> Sensor  at timestamptz  timeseries on at }
//! ```
//! Fix: none needed on PostgreSQL; on MySQL delete the children yourself (or accept
//! orphans until their partition expires).

use super::timeseries_column::usable_partition_key;
use crate::resolve::{FieldType, Model};
use schemac_lang::ast::Member;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "W0111";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    if !model.project.settings.targets("mysql") {
        return;
    }
    for entity in &model.entities {
        let Some(ts) = entity.members.iter().find_map(|m| match m.member {
            Member::Timeseries(ts) => Some(ts),
            _ => None,
        }) else {
            continue;
        };
        // A timeseries on a column that cannot be a partition key is an error already.
        if !usable_partition_key(entity, &ts.column.name) {
            continue;
        }
        for field in &entity.fields {
            if !matches!(field.ty, FieldType::Relation(_)) {
                continue;
            }
            diags.push(
                Diagnostic::warning(
                    CODE,
                    format!(
                        "timeseries on {}: MySQL partitioned tables cannot have foreign keys; `{}` is not enforced there",
                        ts.column.name, field.field.name.name
                    ),
                    field.field.ty.span,
                    "no foreign key on MySQL/MariaDB",
                )
                .with_secondary(ts.span, "partitioned here")
                .with_hint("the column and its index stay; on MySQL delete dependent rows yourself (`on delete` does not run)"),
            );
        }
    }
}
