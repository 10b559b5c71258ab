//! A live database's description ([`LiveSchema`], from the backends' introspectors) to
//! the neutral [`model`](crate::model). Types, defaults, checks and predicates come as
//! the engine's text and are read with sqlparser like DDL. The catalog keeps no seed
//! rows, so enum lookup tables come through as entities.

use crate::model::{Check, Column, EnumType, ForeignKey, Index, IndexKey, Schema, Table, Type};
use crate::{types, SqlDialect, Warning};
use schemac_backends::LiveSchema;
use sqlparser::ast::{DataType, ReferentialAction};
use sqlparser::parser::Parser;

pub fn read(live: &LiveSchema, dialect: SqlDialect, warnings: &mut Vec<Warning>) -> Schema {
    let parser = dialect.parser();
    let expr = |text: &str| {
        Parser::new(parser.as_ref())
            .try_with_sql(text)
            .and_then(|mut p| p.parse_expr())
            .ok()
    };
    let data_type = |text: &str| {
        Parser::new(parser.as_ref())
            .try_with_sql(text)
            .and_then(|mut p| p.parse_data_type())
            .ok()
    };
    let mut schema = Schema {
        enums: live
            .enums
            .iter()
            .map(|e| EnumType {
                name: e.name.clone(),
                values: e.values.clone(),
                comment: None,
            })
            .collect(),
        tables: Vec::new(),
    };
    for t in &live.tables {
        let mut table = Table {
            name: t.name.clone(),
            comment: t.comment.clone(),
            ..Table::default()
        };
        for c in &t.columns {
            let enum_ty = schema
                .enums
                .iter()
                .find(|e| e.name == c.ty)
                .map(|e| Type::Enum(e.name.clone()));
            let ty = match (enum_ty, data_type(&c.ty)) {
                (Some(ty), _) => ty,
                (None, Some(dt)) => {
                    let mapped = types::map(&dt, dialect);
                    if let Some(note) = mapped.note {
                        warnings.push(Warning {
                            line: None,
                            message: format!("`{}.{}`: {note}", t.name, c.name),
                        });
                    }
                    mapped.ty
                }
                (None, None) => {
                    warnings.push(Warning {
                        line: None,
                        message: format!(
                            "`{}.{}`: cannot read the type `{}`: imported as `text`",
                            t.name, c.name, c.ty
                        ),
                    });
                    Type::Builtin("text".to_string())
                }
            };
            if c.generated {
                warnings.push(Warning {
                    line: None,
                    message: format!(
                        "`{}.{}` is a generated column: not imported",
                        t.name, c.name
                    ),
                });
                continue;
            }
            let default = c.default.as_deref().and_then(|d| {
                let parsed = expr(d);
                if parsed.is_none() {
                    warnings.push(Warning {
                        line: None,
                        message: format!("`{}.{}`: cannot read the default `{d}`", t.name, c.name),
                    });
                }
                parsed
            });
            table.columns.push(Column {
                name: c.name.clone(),
                ty,
                sql_type: c.ty.clone(),
                nullable: c.nullable,
                default: if c.identity { None } else { default },
                identity: c.identity,
                on_update_now: c.on_update_now,
                comment: c.comment.clone(),
            });
            if matches!(data_type(&c.ty), Some(DataType::Custom(..)))
                && !schema.enums.iter().any(|e| e.name == c.ty)
            {
                table
                    .verbatim
                    .extend(foreign_type(dialect, &t.name, &c.name, &c.ty));
            }
        }
        table.primary_key = t
            .primary_key
            .as_ref()
            .map(|k| k.columns.clone())
            .unwrap_or_default();
        table.foreign_keys = t
            .foreign_keys
            .iter()
            .map(|f| ForeignKey {
                columns: f.columns.clone(),
                ref_table: f.ref_table.clone(),
                ref_columns: f.ref_columns.clone(),
                on_delete: action(&f.on_delete),
                on_update: action(&f.on_update),
            })
            .collect();
        table.uniques = t.uniques.iter().map(|u| u.columns.clone()).collect();
        for check in &t.checks {
            match expr(&check.expression) {
                Some(e) => table.checks.push(Check {
                    name: check.name.clone(),
                    expr: e,
                }),
                None => warnings.push(Warning {
                    line: None,
                    message: format!(
                        "`{}`: cannot read the check `{}`: not imported",
                        t.name, check.expression
                    ),
                }),
            }
        }
        for index in &t.indexes {
            let predicate = index.predicate.as_deref().and_then(expr);
            table.indexes.push(Index {
                name: Some(index.name.clone()),
                columns: index
                    .columns
                    .iter()
                    .map(|c| IndexKey {
                        column: c.name.clone(),
                        desc: c.desc,
                    })
                    .collect(),
                unique: index.unique,
                predicate,
                sql: String::new(),
                inexpressible: None,
            });
        }
        for trigger in &t.triggers {
            if !trigger.ends_with("_on_update") {
                warnings.push(Warning {
                    line: None,
                    message: format!("trigger `{trigger}` on `{}` is not imported", t.name),
                });
            }
        }
        schema.tables.push(table);
    }
    schema
}

/// The verbatim statement that restores a type the language does not have.
fn foreign_type(dialect: SqlDialect, table: &str, column: &str, ty: &str) -> Option<String> {
    match dialect {
        SqlDialect::Postgres => Some(format!(
            "ALTER TABLE {table} ALTER COLUMN {column} TYPE {ty} USING {column}::{ty}"
        )),
        SqlDialect::Mysql | SqlDialect::Sqlite => None,
    }
}

fn action(text: &str) -> Option<ReferentialAction> {
    match text.to_uppercase().as_str() {
        "CASCADE" => Some(ReferentialAction::Cascade),
        "RESTRICT" => Some(ReferentialAction::Restrict),
        "SET NULL" => Some(ReferentialAction::SetNull),
        "SET DEFAULT" => Some(ReferentialAction::SetDefault),
        _ => None,
    }
}
