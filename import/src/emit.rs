//! The neutral model to `.schema` text: enums (native types, recognised lookup tables
//! and MySQL inline enums), then one entity per table. The text is parsed back into the
//! language's AST and returned formatted by `schemac_lang::fmt::format`.

use crate::exprs::{to_schema, to_schema_on};
use crate::model::{Column, ForeignKey, Schema, Table, Type};
use crate::{names, SqlDialect, Warning};
use schemac_compiler::naming;
use sqlparser::ast::{Expr, ReferentialAction, Value};
use std::collections::BTreeMap;
use std::fmt::Write;

pub fn emit(schema: &Schema, dialect: SqlDialect, warnings: &mut Vec<Warning>) -> String {
    let mut out = String::new();
    let mut enums = Enums::default();
    for e in &schema.enums {
        let name = names::pascal(&e.name);
        if e.values.iter().all(|v| is_ident(v)) {
            doc(&mut out, "", e.comment.as_deref());
            let _ = writeln!(out, "enum {name} @native {{ {} }}\n", e.values.join(" "));
            enums.native.insert(e.name.clone(), name);
        } else {
            warnings.push(warn(format!(
                "enum `{}` has values that are not names: its columns become `text`, with the type kept verbatim with `@sql`",
                e.name
            )));
        }
    }
    for t in schema.tables.iter().filter(|t| is_lookup(t)) {
        let name = names::entity(&t.name);
        doc(&mut out, "", t.comment.as_deref());
        let _ = writeln!(out, "enum {name} {{ {} }}\n", t.seed_values.join(" "));
        enums.lookup.insert(t.name.clone(), name);
    }
    let entity_names: BTreeMap<&str, String> = schema
        .tables
        .iter()
        .filter(|t| !is_lookup(t))
        .map(|t| (t.name.as_str(), names::entity(&t.name)))
        .collect();
    for t in schema.tables.iter().filter(|t| !is_lookup(t)) {
        entity(
            &mut out,
            schema,
            t,
            &entity_names,
            &mut enums,
            dialect,
            warnings,
        );
    }
    out.insert_str(0, &enums.inline);
    format(&out, warnings)
}

/// Parses the generated text and formats it; text that does not parse (a bug) is
/// returned as it is, with a warning.
fn format(text: &str, warnings: &mut Vec<Warning>) -> String {
    let mut diags = schemac_lang::Diagnostics::new();
    let file = schemac_lang::parse(schemac_lang::FileId(0), text, &mut diags);
    if diags.has_errors() {
        let first = diags
            .iter()
            .next()
            .map(|d| d.message.clone())
            .unwrap_or_default();
        warnings.push(warn(format!(
            "the generated schema does not parse ({first}); it is printed unformatted"
        )));
        return text.to_string();
    }
    schemac_lang::fmt::format(&file, text)
}

fn warn(message: String) -> Warning {
    Warning {
        line: None,
        message,
    }
}

#[derive(Default)]
struct Enums {
    /// SQL enum type name -> enum name.
    native: BTreeMap<String, String>,
    /// Lookup table name -> enum name.
    lookup: BTreeMap<String, String>,
    /// Enums made for MySQL inline `ENUM(..)` columns.
    inline: String,
    /// Enum types the language cannot write whose `CREATE TYPE` is already kept
    /// verbatim (on the first table that uses them).
    restored: Vec<String>,
}

/// schemac's own enum lookup shape: one `value` string column that is the key, with
/// rows whose values are names.
fn is_lookup(t: &Table) -> bool {
    t.columns.len() == 1
        && t.primary_key.len() == 1
        && t.columns[0].name == t.primary_key[0]
        && matches!(&t.columns[0].ty, Type::Builtin(b) if b.starts_with("string") || b == "text")
        && !t.seed_values.is_empty()
        && t.seed_values.iter().all(|v| is_ident(v))
        && t.foreign_keys.is_empty()
}

fn is_ident(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// How a foreign key is written.
enum Link {
    /// A relation field `<name> -> Target`, with `@column("..")` when its one column is
    /// not `<name>_<key>`.
    Relation {
        name: String,
        target: String,
        column: Option<String>,
    },
    /// An enum-typed field (a foreign key to a lookup table).
    Enum(String),
    /// Not expressible: kept verbatim.
    Verbatim,
}

fn link(
    schema: &Schema,
    t: &Table,
    fk: &ForeignKey,
    plain: &BTreeMap<&str, String>,
    entities: &BTreeMap<&str, String>,
    enums: &Enums,
) -> Link {
    if let Some(e) = enums.lookup.get(&fk.ref_table) {
        if fk.columns.len() == 1 {
            return Link::Enum(e.clone());
        }
    }
    let Some(target) = schema.table(&fk.ref_table) else {
        return Link::Verbatim;
    };
    let ref_columns = if fk.ref_columns.is_empty() {
        target.primary_key.clone()
    } else {
        fk.ref_columns.clone()
    };
    if ref_columns != target.primary_key
        || ref_columns.is_empty()
        || ref_columns.len() != fk.columns.len()
    {
        return Link::Verbatim;
    }
    let prefixes: Vec<Option<&str>> = fk
        .columns
        .iter()
        .zip(&ref_columns)
        .map(|(c, r)| {
            c.strip_suffix(r.as_str())
                .and_then(|p| p.strip_suffix('_'))
                .filter(|p| is_ident(p))
        })
        .collect();
    let Some(target) = entities.get(fk.ref_table.as_str()) else {
        return Link::Verbatim;
    };
    // `set null` on a column that cannot be null has no `.schema` form.
    let set_null = [fk.on_delete, fk.on_update].contains(&Some(ReferentialAction::SetNull));
    if set_null
        && fk
            .columns
            .iter()
            .any(|c| t.column(c).is_some_and(|c| !c.nullable))
    {
        return Link::Verbatim;
    }
    // Another column's field of the same name would clash with the relation.
    let clash = |name: &str| {
        plain
            .iter()
            .any(|(c, f)| f == name && !fk.columns.iter().any(|k| k == c))
    };
    if let Some(Some(name)) = prefixes.first().copied() {
        if prefixes.iter().all(|p| *p == Some(name)) && !clash(name) {
            return Link::Relation {
                name: name.to_string(),
                target: target.clone(),
                column: None,
            };
        }
    }
    // One column named otherwise (`ArtistId`, `language_id` -> `language(language_id)`,
    // `reports_to`): the field is named after the column and keeps it with `@column`.
    let [column] = fk.columns.as_slice() else {
        return Link::Verbatim;
    };
    let snake = names::snake(column);
    let key = names::snake(&ref_columns[0]);
    let name = [
        snake.strip_suffix("_id"),
        snake.strip_suffix(&format!("_{key}")),
        Some(snake.as_str()),
    ]
    .into_iter()
    .flatten()
    .find(|n| is_ident(n) && !clash(n));
    match name {
        Some(name) => Link::Relation {
            name: name.to_string(),
            target: target.clone(),
            column: Some(column.clone()),
        },
        None => Link::Verbatim,
    }
}

/// The field names of a table's columns: the column name when it is a snake_case
/// identifier, else its snake_case form (kept with `@column`); distinct per table.
fn plain_fields(t: &Table) -> BTreeMap<&str, String> {
    let mut taken: Vec<String> = Vec::new();
    let mut out = BTreeMap::new();
    for c in &t.columns {
        let base = if is_snake(&c.name) {
            c.name.clone()
        } else {
            names::snake(&c.name)
        };
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        taken.push(name.clone());
        out.insert(c.name.as_str(), name);
    }
    out
}

fn is_snake(s: &str) -> bool {
    is_ident(s) && !s.chars().any(|c| c.is_ascii_uppercase())
}

fn entity(
    out: &mut String,
    schema: &Schema,
    t: &Table,
    entities: &BTreeMap<&str, String>,
    enums: &mut Enums,
    dialect: SqlDialect,
    warnings: &mut Vec<Warning>,
) {
    let name = &entities[t.name.as_str()];
    let mut verbatim = t.verbatim.clone();
    // Column -> the field that carries it, and what each foreign key becomes.
    let plain = plain_fields(t);
    let mut field_of: BTreeMap<&str, String> = plain.clone();
    let mut relations: BTreeMap<&str, Relation> = BTreeMap::new();
    // The columns of relations, each with its relation's first column.
    let mut in_relation: BTreeMap<&str, &str> = BTreeMap::new();
    let mut enum_columns: BTreeMap<&str, String> = BTreeMap::new();
    for fk in &t.foreign_keys {
        if fk
            .columns
            .iter()
            .any(|c| in_relation.contains_key(c.as_str()))
        {
            // A second foreign key on the same column: the first one is its relation.
            verbatim.push(foreign_key_sql(t, fk));
            warnings.push(warn(format!(
                "`{}`: the foreign key ({}) shares its columns with another one: kept verbatim with `@sql`",
                t.name,
                fk.columns.join(", ")
            )));
            continue;
        }
        match link(schema, t, fk, &plain, entities, enums) {
            Link::Relation {
                name: field,
                target,
                column,
            } => {
                for c in &fk.columns {
                    field_of.insert(c, field.clone());
                    in_relation.insert(c, &fk.columns[0]);
                }
                relations.insert(
                    &fk.columns[0],
                    Relation {
                        field,
                        target,
                        column,
                        fk,
                    },
                );
            }
            Link::Enum(e) => {
                enum_columns.insert(&fk.columns[0], e);
            }
            Link::Verbatim => {
                let sql = foreign_key_sql(t, fk);
                warnings.push(warn(format!(
                    "`{}`: the foreign key ({}) is not a relation the language can write (it does not reference `{}`'s primary key, or sets NULL into a column that cannot be null): kept verbatim with `@sql`",
                    t.name,
                    fk.columns.join(", "),
                    fk.ref_table
                )));
                verbatim.push(sql);
            }
        }
    }
    let single_id = match t.primary_key.as_slice() {
        [key] => t.column(key).filter(|c| c.identity).map(|c| c.name.clone()),
        _ => None,
    };
    let mut body = String::new();
    for column in &t.columns {
        if let Some(r) = relations.get(column.name.as_str()) {
            doc(&mut body, "  ", column.comment.as_deref());
            let nullable =
                r.fk.columns
                    .iter()
                    .any(|c| t.column(c).is_some_and(|c| c.nullable));
            let _ = writeln!(
                body,
                "  {} -> {}{}{}{}{}",
                r.field,
                r.target,
                if nullable { "?" } else { "" },
                action("delete", r.fk.on_delete),
                action("update", r.fk.on_update),
                column_attr(r.column.as_deref())
            );
            continue;
        }
        if in_relation.contains_key(column.name.as_str()) {
            continue;
        }
        let field = &plain[column.name.as_str()];
        if !is_ident(field) {
            warnings.push(warn(format!(
                "`{}.{}`: no field name can be made from the column name; it is not imported",
                t.name, column.name
            )));
            continue;
        }
        let ty = if single_id.as_deref() == Some(column.name.as_str()) {
            if column.ty != Type::Builtin("bigint".into()) {
                warnings.push(warn(format!(
                    "`{}.{}`: the generated key `{}` is imported as `id` (a `bigint` identity): the language's only generated key",
                    t.name, column.name, column.sql_type
                )));
            }
            "id".to_string()
        } else if let Some(e) = enum_columns.get(column.name.as_str()) {
            e.clone()
        } else {
            if column.identity {
                warnings.push(warn(format!(
                    "`{}.{}` is generated but not the primary key: imported as a plain column",
                    t.name, column.name
                )));
            }
            if let Type::Enum(sql) = &column.ty {
                if !enums.native.contains_key(sql) {
                    verbatim.extend(restore_enum(schema, t, column, sql, enums));
                    warnings.push(warn(format!(
                        "`{}.{}`: the enum type `{sql}` has values that are not names: imported as `text`, the type and the column's type kept verbatim",
                        t.name, column.name
                    )));
                }
            }
            type_text(&column.ty, t, column, enums)
        };
        doc(&mut body, "  ", column.comment.as_deref());
        let mut line = format!(
            "  {field} {ty}{}",
            if column.nullable && ty != "id" {
                "?"
            } else {
                ""
            }
        );
        if ty != "id" {
            if let Some(default) = &column.default {
                // A variant name is the default of an enum field; an enum the
                // language cannot write is a `text` field here.
                let is_enum = enum_columns.contains_key(column.name.as_str())
                    || match &column.ty {
                        Type::Enum(sql) => enums.native.contains_key(sql),
                        Type::InlineEnum(_) => true,
                        _ => false,
                    };
                match default_text(default, column, is_enum) {
                    Some(text) => {
                        let _ = write!(line, " = {text}");
                    }
                    None => {
                        warnings.push(warn(format!(
                            "`{}.{}`: the default `{default}` has no `.schema` form: kept verbatim",
                            t.name, column.name
                        )));
                        verbatim.push(match dialect {
                            SqlDialect::Postgres | SqlDialect::Mysql => format!(
                                "ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {default}",
                                t.name, column.name
                            ),
                            SqlDialect::Sqlite => {
                                format!("-- default of {}.{}: {default}", t.name, column.name)
                            }
                        });
                    }
                }
            }
        }
        if t.uniques
            .iter()
            .any(|u| u.len() == 1 && u[0] == column.name)
            && ty != "id"
        {
            line.push_str(" unique");
        }
        if column.on_update_now {
            line.push_str(" @on_update");
        }
        line.push_str(&column_attr(
            (*field != column.name).then_some(column.name.as_str()),
        ));
        body.push_str(&line);
        body.push('\n');
    }
    // Keys and constraints.
    let fields = |cols: &[String]| -> Option<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for c in cols {
            let f = field_of.get(c.as_str())?.clone();
            if !out.contains(&f) {
                out.push(f);
            }
        }
        Some(out)
    };
    if single_id.is_none() && !t.primary_key.is_empty() {
        match fields(&t.primary_key) {
            Some(f) => {
                let _ = writeln!(body, "  primary key ({})", f.join(", "));
            }
            None => warnings.push(warn(format!(
                "`{}`: the primary key names unknown columns",
                t.name
            ))),
        }
    }
    // Single-column uniques of plain fields are written on the field.
    for unique in t
        .uniques
        .iter()
        .filter(|u| u.len() > 1 || u.iter().any(|c| in_relation.contains_key(c.as_str())))
    {
        if let Some(f) = fields(unique) {
            let _ = writeln!(body, "  unique ({})", f.join(", "));
        }
    }
    for check in &t.checks {
        match to_schema_on(&check.expr, &field_of) {
            Some(text) => {
                let _ = writeln!(body, "  check ({text})");
            }
            None => {
                warnings.push(warn(format!(
                    "`{}`: the check `{}` has no `.schema` form: kept verbatim",
                    t.name, check.expr
                )));
                verbatim.push(format!("ALTER TABLE {} ADD CHECK ({})", t.name, check.expr));
            }
        }
    }
    for index in &t.indexes {
        // A key column is a plain field's, or a single-column relation's.
        let keys = index.columns.iter().map(|k| {
            field_of
                .get(k.column.as_str())
                .filter(|_| match in_relation.get(k.column.as_str()) {
                    Some(first) => relations
                        .get(first)
                        .is_some_and(|r| r.fk.columns.len() == 1),
                    None => true,
                })
                .map(|f| {
                    if k.desc {
                        format!("{f} desc")
                    } else {
                        f.clone()
                    }
                })
        });
        let keys: Option<Vec<String>> = keys.collect();
        let predicate = index.predicate.as_ref().map(|p| to_schema_on(p, &field_of));
        let why = match (&index.inexpressible, &keys, &predicate) {
            (Some(why), _, _) => Some(why.clone()),
            (None, None, _) => Some("an index on columns that are not fields".to_string()),
            (None, _, Some(None)) => {
                Some("a partial index whose condition has no `.schema` form".to_string())
            }
            (None, _, Some(Some(_))) if index.unique => Some("a unique partial index".to_string()),
            _ => None,
        };
        if let Some(why) = why {
            let sql = if index.sql.is_empty() {
                format!("-- index {}", index.name.clone().unwrap_or_default())
            } else {
                index.sql.clone()
            };
            warnings.push(warn(format!(
                "`{}`: {why} is not expressible: kept verbatim with `@sql`",
                t.name
            )));
            verbatim.push(sql);
            continue;
        }
        let keys = keys.unwrap_or_default();
        if index.unique {
            let _ = writeln!(
                body,
                "  unique ({})",
                keys.iter()
                    .map(|k| k.trim_end_matches(" desc"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            continue;
        }
        let _ = write!(body, "  index ({})", keys.join(", "));
        if let Some(Some(p)) = predicate {
            let _ = write!(body, " where {p}");
        }
        body.push('\n');
    }
    if let Some(column) = &t.partition_by {
        let time = t.column(column).is_some_and(
            |c| matches!(&c.ty, Type::Builtin(b) if b.starts_with("timestamp") || b == "date"),
        );
        if time {
            let _ = writeln!(body, "  timeseries on {column}");
            warnings.push(warn(format!("`{}` is partitioned by range on `{column}`: imported as `timeseries on {column}`; the interval cannot be inferred from the DDL, add `every ..`", t.name)));
        } else {
            warnings.push(warn(format!("`{}` is partitioned on `{column}`, which is not a time column: the partitioning is not imported", t.name)));
        }
    }
    // The header: docs, name, `@table`, `@sql`.
    doc(out, "", t.comment.as_deref());
    let _ = write!(out, "entity {name}");
    if naming::table_name(name) != t.name {
        let _ = write!(out, " @table(\"{}\")", escape(&t.name));
    }
    let statements: Vec<String> = verbatim
        .iter()
        .map(|s| one_line(s))
        .filter(|s| !s.is_empty())
        .collect();
    if !statements.is_empty() {
        let args: Vec<String> = std::iter::once(dialect.as_str().to_string())
            .chain(statements)
            .map(|s| format!("\"{}\"", escape(&s)))
            .collect();
        let _ = write!(out, " @sql({})", args.join(", "));
    }
    let _ = writeln!(out, " {{\n{body}}}\n");
}

/// The PostgreSQL statements that give a `text` column back its enum type `sql`, whose
/// values the language cannot write: the `CREATE TYPE` (once), then the column's type,
/// with its default dropped and set again around the change.
fn restore_enum(
    schema: &Schema,
    t: &Table,
    column: &Column,
    sql: &str,
    enums: &mut Enums,
) -> Vec<String> {
    let mut out = Vec::new();
    let (table, name, ty) = (pg_ident(&t.name), pg_ident(&column.name), pg_ident(sql));
    if !enums.restored.iter().any(|r| r == sql) {
        if let Some(e) = schema.enums.iter().find(|e| e.name == sql) {
            let values: Vec<String> = e
                .values
                .iter()
                .map(|v| crate::exprs::sql_string(v))
                .collect();
            out.push(format!("CREATE TYPE {ty} AS ENUM ({})", values.join(", ")));
        }
        enums.restored.push(sql.to_string());
    }
    if column.default.is_some() {
        out.push(format!(
            "ALTER TABLE {table} ALTER COLUMN {name} DROP DEFAULT"
        ));
    }
    out.push(format!(
        "ALTER TABLE {table} ALTER COLUMN {name} TYPE {ty} USING {name}::{ty}"
    ));
    if let Some(default) = &column.default {
        out.push(format!(
            "ALTER TABLE {table} ALTER COLUMN {name} SET DEFAULT {default}"
        ));
    }
    out
}

/// A PostgreSQL identifier, quoted unless it is plain lowercase.
fn pg_ident(name: &str) -> String {
    if is_snake(name) {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// A relation field being written.
struct Relation<'t> {
    field: String,
    target: String,
    /// The column's name for `@column`, when it is not `<field>_<key>`.
    column: Option<String>,
    fk: &'t ForeignKey,
}

/// ` @column("name")`, or nothing.
fn column_attr(column: Option<&str>) -> String {
    column
        .map(|c| format!(" @column(\"{}\")", escape(c)))
        .unwrap_or_default()
}

/// The statement that adds a foreign key the language cannot write.
fn foreign_key_sql(t: &Table, fk: &ForeignKey) -> String {
    format!(
        "ALTER TABLE {} ADD FOREIGN KEY ({}) REFERENCES {} ({}){}{}",
        t.name,
        fk.columns.join(", "),
        fk.ref_table,
        fk.ref_columns.join(", "),
        fk.on_delete
            .map(|a| format!(" ON DELETE {a}"))
            .unwrap_or_default(),
        fk.on_update
            .map(|a| format!(" ON UPDATE {a}"))
            .unwrap_or_default(),
    )
}

fn action(word: &str, a: Option<ReferentialAction>) -> String {
    let text = match a {
        Some(ReferentialAction::Cascade) => "cascade",
        Some(ReferentialAction::Restrict) => "restrict",
        Some(ReferentialAction::SetNull) => "set null",
        Some(ReferentialAction::SetDefault) => "set default",
        Some(ReferentialAction::NoAction) | None => return String::new(),
    };
    format!(" on {word} {text}")
}

fn type_text(ty: &Type, t: &Table, column: &Column, enums: &mut Enums) -> String {
    match ty {
        Type::Builtin(b) => b.clone(),
        Type::Enum(sql) => match enums.native.get(sql) {
            Some(name) => name.clone(),
            None => "text".to_string(),
        },
        Type::InlineEnum(values) => {
            let name = format!("{}{}", names::entity(&t.name), names::pascal(&column.name));
            if !enums.native.values().any(|n| *n == name) {
                let _ = writeln!(
                    enums.inline,
                    "enum {name} @native {{ {} }}\n",
                    values.join(" ")
                );
                enums
                    .native
                    .insert(format!("{}.{}", t.name, column.name), name.clone());
            }
            name
        }
        Type::Array(inner) => format!("{}[]", type_text(inner, t, column, enums)),
    }
}

/// A column default in `.schema`: booleans from `0`/`1`, enum values as names, JSON
/// documents as JSON literals.
fn default_text(expr: &Expr, column: &Column, is_enum: bool) -> Option<String> {
    let inner = match expr {
        Expr::Nested(e) => e.as_ref(),
        e => e,
    };
    let literal = match inner {
        Expr::Value(v) => Some(&v.value),
        Expr::Cast { expr, .. } => match expr.as_ref() {
            Expr::Value(v) => Some(&v.value),
            _ => None,
        },
        _ => None,
    };
    let text = match literal {
        Some(Value::SingleQuotedString(s)) | Some(Value::Number(s, _)) => Some(s.as_str()),
        _ => None,
    };
    let is = |b: &str| matches!(&column.ty, Type::Builtin(x) if x == b);
    if is("bool") {
        match (literal, text) {
            (Some(Value::Boolean(b)), _) => return Some(b.to_string()),
            (_, Some("0" | "f" | "false")) => return Some("false".into()),
            (_, Some("1" | "t" | "true")) => return Some("true".into()),
            _ => {}
        }
    }
    if is_enum {
        if let Some(s) = text.filter(|s| is_ident(s)) {
            return Some(s.to_string());
        }
    }
    if matches!(column.ty, Type::Array(_)) && matches!(text, Some("[]" | "{}")) {
        return Some("[]".to_string());
    }
    if is("json") && matches!(text, Some("[]" | "{}")) {
        return text.map(str::to_string);
    }
    to_schema(inner)
}

fn doc(out: &mut String, indent: &str, text: Option<&str>) {
    for line in text.into_iter().flat_map(str::lines) {
        let _ = writeln!(out, "{indent}/// {line}");
    }
}

/// A statement on one line, without `--` comments: attribute strings stay on the
/// entity's header line.
fn one_line(sql: &str) -> String {
    crate::split::strip_comments(sql)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Escapes a double-quoted `.schema` string.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}
