//! Public sample databases (`tests/fixtures/import/<name>/`, see each README) imported
//! faithfully: for each sample and engine, the original DDL is applied to one fresh
//! schema, and `schemac import` -> compile -> `schemac ddl` to another; the two are
//! introspected (`schemac_backends::introspect_*`) and compared, never as text.
//!
//! Compared per table: the name; the columns in order with their names, nullability
//! and normalised types; the primary key's columns; the foreign keys (columns,
//! referenced table and columns, delete and update actions); the indexes and unique
//! constraints as one set of (columns with direction, unique, partial). Normalised:
//! - integer widths: every integer type compares as `integer` (the language widens
//!   `TINYINT`, `MEDIUMINT` and unsigned types, and its one generated key, `id`, is a
//!   `bigint`; the import warns about each);
//! - fixed-length `character(n)` compares as `character varying(n)` (the language's
//!   `string(n)`); on MySQL the text (`tinytext` ... `longtext`) and blob types compare
//!   as one, and `DATETIME`/`TIMESTAMP` of any precision as `datetime`;
//! - on SQLite a declared type compares by its affinity (the engine's own rule), and
//!   dates and times (`DATETIME`, which schemac writes as ISO-8601 `TEXT`) as text;
//! - indexes the index planner adds to the imported schema for foreign keys (origin
//!   `ForeignKey`: the import cannot know the scale of the tables) and, on MySQL, the
//!   indexes InnoDB creates itself for a foreign key (named after the constraint) are
//!   left out of the comparison;
//! - names of indexes and constraints, checks, defaults and comments are not compared.

use schemac::load;
use schemac_backends::naming::Namer;
use schemac_backends::{DialectKind, LiveSchema};
use schemac_compiler::ir::{IndexOrigin, Schema};
use schemac_import::SqlDialect;
use schemac_lang::Diagnostics;
use schemac_testkit::{assert_same_schema, sqlite, MyDatabase, PgSchema};
use std::path::{Path, PathBuf};

fn fixture(sample: &str, file: &str) -> String {
    let path = Path::new("tests/fixtures/import").join(sample).join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Imports `sql` and compiles the result; panics with the diagnostics if it does not
/// compile.
fn import(sample: &str, sql: &str, dialect: SqlDialect) -> Schema {
    let imported = schemac_import::from_sql(sql, dialect);
    let dir = std::env::temp_dir().join(format!(
        "schemac-import-samples-{}-{sample}-{}",
        std::process::id(),
        dialect.as_str()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{sample}.schema"));
    std::fs::write(&path, &imported.text).expect("write the import");
    let schema = compile(&[path]);
    let _ = std::fs::remove_dir_all(&dir);
    schema
}

fn compile(paths: &[PathBuf]) -> Schema {
    let mut diags = Diagnostics::new();
    let loaded = load::load(paths, &mut diags);
    let schema = schemac_compiler::compile(&loaded.project, &mut diags);
    let rendered = schemac::render::to_text(&diags.clone().into_sorted(), &loaded.sources, false);
    schema.unwrap_or_else(|| panic!("does not compile:\n{rendered}"))
}

/// The engine names of the indexes the planner added for foreign keys.
fn planner_fk_indexes(schema: &Schema, kind: DialectKind) -> Vec<String> {
    let dialect = schemac_backends::dialect(kind);
    let namer = Namer::new(dialect.as_ref());
    schema
        .tables
        .iter()
        .flat_map(|t| &t.indexes)
        .filter(|i| i.origin == IndexOrigin::ForeignKey)
        .map(|i| namer.name(&i.name))
        .collect()
}

fn norm_type(ty: &str, kind: DialectKind) -> String {
    let t = ty.to_ascii_lowercase();
    let t = t.trim();
    if kind == DialectKind::Sqlite {
        // SQLite's affinity rules (https://sqlite.org/datatype3.html, 3.1), with dates
        // and times as text.
        return if t.contains("int") {
            "integer"
        } else if t.contains("char")
            || t.contains("clob")
            || t.contains("text")
            || t.contains("date")
            || t.contains("time")
        {
            "text"
        } else if t.contains("blob") || t.is_empty() {
            "blob"
        } else if t.contains("real") || t.contains("floa") || t.contains("doub") {
            "real"
        } else {
            "numeric"
        }
        .to_string();
    }
    let base = t.split(['(', ' ']).next().unwrap_or(t);
    let integers = [
        "tinyint",
        "smallint",
        "mediumint",
        "int",
        "integer",
        "bigint",
        "int2",
        "int4",
        "int8",
        "serial",
        "bigserial",
        "smallserial",
        "year",
    ];
    if integers.contains(&base) && !t.starts_with("tinyint(1)") {
        return "integer".to_string();
    }
    if let Some(rest) = t
        .strip_prefix("character(")
        .or_else(|| t.strip_prefix("char("))
    {
        return format!("character varying({rest}");
    }
    if let Some(rest) = t.strip_prefix("varchar(") {
        return format!("character varying({rest}");
    }
    if kind != DialectKind::Postgres {
        if base.ends_with("text") {
            return "text".to_string();
        }
        if base.ends_with("blob") {
            return "blob".to_string();
        }
        if base == "datetime" || base == "timestamp" {
            return "datetime".to_string();
        }
    }
    t.to_string()
}

/// The comparable shape of an introspected schema.
fn shape(live: &LiveSchema, kind: DialectKind, skip_indexes: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut tables: Vec<_> = live.tables.iter().collect();
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    for t in tables {
        out.push(format!("table {}", t.name));
        for c in &t.columns {
            out.push(format!(
                "  column {} {} null={}",
                c.name,
                norm_type(&c.ty, kind),
                c.nullable
            ));
        }
        out.push(format!(
            "  pk {:?}",
            t.primary_key
                .as_ref()
                .map(|k| k.columns.clone())
                .unwrap_or_default()
        ));
        let mut fks: Vec<String> = t
            .foreign_keys
            .iter()
            .map(|f| {
                format!(
                    "  fk {:?} -> {} {:?} on delete {} on update {}",
                    f.columns, f.ref_table, f.ref_columns, f.on_delete, f.on_update
                )
            })
            .collect();
        fks.sort();
        out.extend(fks);
        let fk_names: Vec<&str> = t
            .foreign_keys
            .iter()
            .filter_map(|f| f.name.as_deref())
            .collect();
        let mut keys: Vec<String> = t
            .uniques
            .iter()
            .map(|u| format!("  unique {:?} partial=false", u.columns))
            .collect();
        for i in &t.indexes {
            let implicit = kind != DialectKind::Postgres
                && kind != DialectKind::Sqlite
                && fk_names.contains(&i.name.as_str());
            if implicit || skip_indexes.contains(&i.name) {
                continue;
            }
            let cols: Vec<String> = i
                .columns
                .iter()
                .map(|k| format!("{}{}", k.name, if k.desc { " desc" } else { "" }))
                .collect();
            let kind = if i.unique { "unique" } else { "index" };
            keys.push(format!(
                "  {kind} {cols:?} partial={}",
                i.predicate.is_some()
            ));
        }
        keys.sort();
        out.extend(keys);
    }
    out
}

fn introspect_pg(sql: &str) -> LiveSchema {
    let mut db = PgSchema::new();
    db.client
        .batch_execute(sql)
        .unwrap_or_else(|e| panic!("applying on PostgreSQL: {e:?}\n{sql}"));
    schemac_backends::introspect_postgres(&mut db.client, &db.name).expect("introspection")
}

fn introspect_mariadb(sql: &str) -> LiveSchema {
    use mysql::prelude::Queryable;
    let mut db = MyDatabase::new();
    for statement in schemac_import::split::statements(sql) {
        let text = schemac_import::split::strip_comments(statement.text);
        if text.trim().is_empty() {
            continue;
        }
        db.conn.query_drop(statement.text).unwrap_or_else(|e| {
            panic!(
                "applying on MariaDB (line {}): {e}\n{}",
                statement.line, statement.text
            )
        });
    }
    schemac_backends::introspect_mysql(&mut db.conn, &db.name).expect("introspection")
}

fn introspect_sqlite(sql: &str) -> LiveSchema {
    let conn = sqlite();
    conn.execute_batch(sql)
        .unwrap_or_else(|e| panic!("applying on SQLite: {e}\n{sql}"));
    schemac_backends::introspect_sqlite(&conn).expect("introspection")
}

/// Applies the original and the imported DDL on the engine and compares them.
fn round_trip(sample: &str, file: &str, kind: DialectKind) {
    let (dialect, apply): (SqlDialect, fn(&str) -> LiveSchema) = match kind {
        DialectKind::Postgres => (SqlDialect::Postgres, introspect_pg),
        DialectKind::Mysql | DialectKind::Mariadb => (SqlDialect::Mysql, introspect_mariadb),
        DialectKind::Sqlite => (SqlDialect::Sqlite, introspect_sqlite),
    };
    let original = fixture(sample, file);
    let schema = import(sample, &original, dialect);
    let ddl = schemac_backends::render_ddl(&schema, kind);
    let expected = shape(&apply(&original), kind, &[]);
    let actual = shape(&apply(&ddl), kind, &planner_fk_indexes(&schema, kind));
    assert_same_schema(&actual, &expected, &format!("{sample} on {kind}"));
}

#[test]
fn chinook_on_postgres() {
    round_trip("chinook", "postgres.sql", DialectKind::Postgres);
}

#[test]
fn chinook_on_mariadb() {
    round_trip("chinook", "mysql.sql", DialectKind::Mariadb);
}

#[test]
fn chinook_on_sqlite() {
    round_trip("chinook", "sqlite.sql", DialectKind::Sqlite);
}

#[test]
fn sakila_on_postgres() {
    round_trip("sakila", "postgres.sql", DialectKind::Postgres);
}

#[test]
fn sakila_on_mariadb() {
    round_trip("sakila", "mysql.sql", DialectKind::Mariadb);
}

#[test]
fn northwind_on_postgres() {
    round_trip("northwind", "postgres.sql", DialectKind::Postgres);
}
