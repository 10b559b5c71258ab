//! `schemac import --url URL` on each engine: the shop example's DDL is applied to a
//! fresh schema or database, imported from the live URL by the binary, and the result
//! compiles to the same tables as the example.
//!
//! Compared per table: the name, the column names in order with their nullability,
//! the primary key's columns and the foreign keys (columns, referenced table and
//! columns). The catalog keeps no seed rows, so enum lookup tables come back as
//! entities (same tables, columns and keys); types, indexes, checks and defaults are
//! covered by `import_round_trip` and `import_samples`.

use schemac::load;
use schemac_backends::DialectKind;
use schemac_compiler::ir::Schema;
use schemac_lang::Diagnostics;
use schemac_testkit::{MyDatabase, PgSchema};
use std::path::PathBuf;
use std::process::Command;

fn compile(paths: &[PathBuf]) -> Schema {
    let mut diags = Diagnostics::new();
    let loaded = load::load(paths, &mut diags);
    let schema = schemac_compiler::compile(&loaded.project, &mut diags);
    let rendered = schemac::render::to_text(&diags.clone().into_sorted(), &loaded.sources, false);
    schema.unwrap_or_else(|| panic!("does not compile:\n{rendered}"))
}

fn shape(schema: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let mut tables: Vec<_> = schema.tables.iter().collect();
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    for t in tables {
        out.push(format!("table {}", t.name));
        for c in &t.columns {
            out.push(format!("  column {} null={}", c.name, c.nullable));
        }
        out.push(format!("  pk {:?}", t.primary_key.columns));
        let mut fks: Vec<String> = t
            .foreign_keys
            .iter()
            .map(|f| {
                format!(
                    "  fk {:?} -> {} {:?}",
                    f.columns, f.ref_table, f.ref_columns
                )
            })
            .collect();
        fks.sort();
        out.extend(fks);
    }
    out
}

/// Runs `schemac import --url url`, compiles what it printed and compares it with the
/// example.
fn import_url(url: &str, example: &Schema, label: &str) {
    let output = Command::new(env!("CARGO_BIN_EXE_schemac"))
        .args(["import", "--url", url])
        .output()
        .expect("running schemac");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{label}: import failed:\n{stderr}");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let dir =
        std::env::temp_dir().join(format!("schemac-import-url-{}-{label}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("imported.schema");
    std::fs::write(&path, &text).expect("write the import");
    let back = compile(&[path]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        shape(&back).join("\n"),
        shape(example).join("\n"),
        "{label}:\n{text}\nwarnings:\n{stderr}"
    );
}

fn shop() -> Schema {
    compile(&[PathBuf::from("examples/shop")])
}

#[test]
fn import_from_a_live_postgres_schema() {
    let example = shop();
    let mut db = PgSchema::new();
    let ddl = schemac_backends::render_ddl(&example, DialectKind::Postgres);
    db.client.batch_execute(&ddl).expect("applying the example");
    let url = db.url();
    import_url(&url, &example, "postgres");
}

#[test]
fn import_from_a_live_mariadb_database() {
    use mysql::prelude::Queryable;
    let example = shop();
    let mut db = MyDatabase::new();
    let ddl = schemac_backends::render_ddl(&example, DialectKind::Mariadb);
    for statement in schemac_import::split::statements(&ddl) {
        if !schemac_import::split::strip_comments(statement.text)
            .trim()
            .is_empty()
        {
            db.conn
                .query_drop(statement.text)
                .expect("applying the example");
        }
    }
    let url = format!("mysql://root@127.0.0.1:3306/{}", db.name);
    import_url(&url, &example, "mariadb");
}

#[test]
fn import_from_a_sqlite_file() {
    let example = shop();
    let dir = std::env::temp_dir().join(format!("schemac-import-url-db-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("shop.db");
    let _ = std::fs::remove_file(&file);
    let conn = rusqlite::Connection::open(&file).expect("opening the file");
    let ddl = schemac_backends::render_ddl(&example, DialectKind::Sqlite);
    conn.execute_batch(&ddl).expect("applying the example");
    drop(conn);
    import_url(&format!("sqlite://{}", file.display()), &example, "sqlite");
    let _ = std::fs::remove_dir_all(&dir);
}
