//! [`expected_live`]: what an engine's catalog should report for the IR after the DDL
//! of [`crate::render_ddl`] is applied, built from the same naming, type and default
//! renderings and normalized like the introspectors' results.

use schemac_compiler::ir::{Column, Schema, Table};

use crate::ddl::{
    builds_index, named_enums, needs_partial_unique_fallback, on_update_trigger_name,
    partial_marker_column, predicate_key_columns, type_check_name, PARTIAL_MARKER_TYPE,
};
use crate::dialect::{CommentPlacement, Dialect, OnUpdateSupport};
use crate::expr::{ColumnScope, ExprRenderer};
use crate::live::{
    normalize_default, LiveCheck, LiveColumn, LiveEnum, LiveForeignKey, LiveIndex, LiveIndexColumn,
    LivePrimaryKey, LiveSchema, LiveTable, LiveUnique,
};
use crate::naming::Namer;

pub fn expected_live(schema: &Schema, dialect: &dyn Dialect) -> LiveSchema {
    let adapted = crate::partitions::for_dialect(schema, dialect);
    let schema: &Schema = &adapted;
    let namer = Namer::new(dialect);
    let exprs = ExprRenderer::new(dialect, ColumnScope::Bare);
    let mut live = LiveSchema {
        tables: schema
            .tables
            .iter()
            .map(|t| expected_table(t, dialect, &namer, &exprs))
            .collect(),
        enums: named_enums(schema, dialect)
            .iter()
            .map(|e| LiveEnum {
                name: namer.name(e.name),
                values: e.values.to_vec(),
            })
            .collect(),
        views: crate::views::view_names(&schema.views, dialect),
    };
    live.sort();
    live
}

fn expected_table(
    table: &Table,
    dialect: &dyn Dialect,
    namer: &Namer,
    exprs: &ExprRenderer,
) -> LiveTable {
    let keeps_names = dialect.catalog_keeps_constraint_names();
    let constraint_name = |name: &str| keeps_names.then(|| namer.name(name));
    let comments = dialect.supports_comments();
    let sole_key = match table.primary_key.columns.as_slice() {
        [only] => Some(only.as_str()),
        _ => None,
    };

    let mut columns: Vec<LiveColumn> = table
        .columns
        .iter()
        .map(|c| expected_column(c, dialect, namer, exprs, sole_key == Some(c.name.as_str())))
        .collect();
    for index in &table.indexes {
        if needs_partial_unique_fallback(dialect, index) {
            columns.push(LiveColumn {
                name: partial_marker_column(namer, index),
                ty: dialect.reported_type(&PARTIAL_MARKER_TYPE),
                nullable: true,
                default: None,
                identity: false,
                on_update_now: false,
                generated: true,
                comment: None,
            });
        }
    }

    let primary_key = (!table.primary_key.columns.is_empty()).then(|| LivePrimaryKey {
        name: dialect
            .catalog_keeps_primary_key_name()
            .then(|| namer.name(&table.primary_key.name)),
        columns: names(namer, &table.primary_key.columns),
    });

    let foreign_keys: Vec<LiveForeignKey> = table
        .foreign_keys
        .iter()
        .map(|fk| LiveForeignKey {
            name: constraint_name(&fk.name),
            columns: names(namer, &fk.columns),
            ref_table: namer.name(&fk.ref_table),
            ref_columns: names(namer, &fk.ref_columns),
            on_delete: dialect.ref_action(fk.on_delete).to_string(),
            on_update: dialect.ref_action(fk.on_update).to_string(),
        })
        .collect();

    let mut uniques = Vec::new();
    let mut indexes = Vec::new();
    for unique in &table.uniques {
        if dialect.unique_constraints_are_indexes() {
            indexes.push(LiveIndex {
                name: namer.name(&unique.name),
                columns: ascending(namer, &unique.columns),
                unique: true,
                predicate: None,
            });
        } else {
            uniques.push(LiveUnique {
                name: constraint_name(&unique.name),
                columns: names(namer, &unique.columns),
            });
        }
    }
    for index in table
        .indexes
        .iter()
        .filter(|i| builds_index(dialect, namer, table, i))
    {
        let mut keys: Vec<LiveIndexColumn> = predicate_key_columns(dialect, index)
            .iter()
            .map(|c| LiveIndexColumn {
                name: namer.name(c),
                desc: false,
            })
            .collect();
        keys.extend(index.columns.iter().map(|key| LiveIndexColumn {
            name: namer.name(&key.column),
            desc: key.desc && dialect.supports_descending_indexes(),
        }));
        if needs_partial_unique_fallback(dialect, index) {
            keys.push(LiveIndexColumn {
                name: partial_marker_column(namer, index),
                desc: false,
            });
        }
        indexes.push(LiveIndex {
            name: namer.name(&index.name),
            columns: keys,
            unique: index.unique,
            predicate: (index.predicate.is_some() && dialect.supports_partial_indexes())
                .then(String::new),
        });
    }
    if dialect.creates_foreign_key_indexes() {
        let key = names(namer, &table.primary_key.columns);
        for fk in &foreign_keys {
            let covered = starts_with(&key, &fk.columns)
                || indexes.iter().any(|index| {
                    let columns: Vec<String> =
                        index.columns.iter().map(|c| c.name.clone()).collect();
                    starts_with(&columns, &fk.columns)
                });
            if !covered {
                indexes.push(LiveIndex {
                    name: namer.name(fk.name.as_deref().unwrap_or_default()),
                    columns: fk
                        .columns
                        .iter()
                        .map(|c| LiveIndexColumn {
                            name: c.clone(),
                            desc: false,
                        })
                        .collect(),
                    unique: false,
                    predicate: None,
                });
            }
        }
    }

    let mut checks = Vec::new();
    if dialect.supports_check_constraints() {
        for column in &table.columns {
            let ident = namer.ident(&column.name);
            if let Some(check) = dialect.type_check(&ident, &column.ty) {
                checks.push(LiveCheck {
                    name: Some(type_check_name(
                        namer,
                        &table.name,
                        &column.name,
                        check.kind,
                    )),
                    expression: String::new(),
                });
            }
        }
        for check in &table.checks {
            checks.push(LiveCheck {
                name: Some(namer.name(&check.name)),
                expression: String::new(),
            });
        }
    }

    let mut triggers = Vec::new();
    if matches!(dialect.on_update(), OnUpdateSupport::RowTrigger { .. })
        && table.columns.iter().any(|c| c.on_update_now)
    {
        triggers.push(on_update_trigger_name(namer, &table.name));
    }
    if let Some(pattern) = crate::triggers::table_triggers(table, dialect, false) {
        triggers.extend(pattern.names);
    }

    LiveTable {
        name: namer.name(&table.name),
        comment: table.comment.clone().filter(|_| comments),
        columns,
        primary_key,
        foreign_keys,
        uniques,
        checks,
        indexes,
        triggers,
        partition_key: crate::partitions::live_partition_key(table, dialect),
    }
}

fn expected_column(
    column: &Column,
    dialect: &dyn Dialect,
    namer: &Namer,
    exprs: &ExprRenderer,
    sole_key: bool,
) -> LiveColumn {
    let identity = column.identity || (sole_key && dialect.implicit_identity(&column.ty));
    let default = match (&column.default, identity) {
        (Some(default), false) => normalize_default(&exprs.default_value(default, &column.ty)),
        _ => None,
    };
    LiveColumn {
        name: namer.name(&column.name),
        ty: dialect.reported_type(&column.ty),
        nullable: column.nullable,
        default,
        identity,
        on_update_now: column.on_update_now
            && matches!(dialect.on_update(), OnUpdateSupport::ColumnClause(_)),
        generated: false,
        comment: column
            .comment
            .clone()
            .filter(|_| dialect.comment_placement() != CommentPlacement::Unsupported),
    }
}

fn names(namer: &Namer, columns: &[String]) -> Vec<String> {
    columns.iter().map(|c| namer.name(c)).collect()
}

fn ascending(namer: &Namer, columns: &[String]) -> Vec<LiveIndexColumn> {
    columns
        .iter()
        .map(|c| LiveIndexColumn {
            name: namer.name(c),
            desc: false,
        })
        .collect()
}

fn starts_with(columns: &[String], prefix: &[String]) -> bool {
    !prefix.is_empty() && columns.len() >= prefix.len() && columns[..prefix.len()] == *prefix
}
