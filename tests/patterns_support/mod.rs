//! Shared by the `patterns_*` tests: compiling a small `.schema` text, and one
//! database per engine (PostgreSQL schema, MariaDB database, SQLite in memory) with
//! the DDL applied, behind one small interface for statements and single-column reads.

// Each `patterns_*` test uses part of this module.
#![allow(dead_code)]

use std::path::PathBuf;

use mysql::prelude::Queryable;
use schemac_backends::{render_ddl, render_query_sql, DialectKind};
use schemac_compiler::ir::Schema;
use schemac_lang::Diagnostics;

/// Compiles `source` as the only file of a project; panics with the diagnostics when
/// it does not compile.
pub fn compile(source: &str) -> Schema {
    compile_targeting(source, None)
}

/// [`compile`] for a project that targets `dialects` (`[project] dialects`), or the
/// default ones.
pub fn compile_targeting(source: &str, dialects: Option<&[&str]>) -> Schema {
    let dir = std::env::temp_dir().join(schemac_testkit::unique_name());
    std::fs::create_dir_all(&dir).expect("creating a temp dir");
    let file: PathBuf = dir.join("app.schema");
    std::fs::write(&file, source).expect("writing the schema");
    let mut diags = Diagnostics::new();
    let mut loaded = schemac::load::load(std::slice::from_ref(&file), &mut diags);
    if let Some(dialects) = dialects {
        loaded.project.settings.dialects = dialects.iter().map(|d| d.to_string()).collect();
    }
    let schema = schemac_compiler::compile(&loaded.project, &mut diags);
    let _ = std::fs::remove_dir_all(&dir);
    let rendered = schemac::render::to_text(&diags.clone().into_sorted(), &loaded.sources, false);
    match schema {
        Some(schema) if !diags.has_errors() => schema,
        _ => panic!("the schema does not compile:\n{rendered}"),
    }
}

/// A database on one engine with a schema applied.
pub enum Db {
    Postgres(schemac_testkit::PgSchema),
    Mariadb(schemac_testkit::MyDatabase),
    Sqlite(rusqlite::Connection),
}

impl Db {
    /// One database per engine, each with `schema`'s DDL applied.
    pub fn all(schema: &Schema) -> Vec<Db> {
        [
            DialectKind::Postgres,
            DialectKind::Mariadb,
            DialectKind::Sqlite,
        ]
        .into_iter()
        .map(|kind| Db::new(schema, kind))
        .collect()
    }

    pub fn new(schema: &Schema, kind: DialectKind) -> Db {
        let ddl = render_ddl(schema, kind);
        let mut db = match kind {
            DialectKind::Postgres => Db::Postgres(schemac_testkit::PgSchema::new()),
            DialectKind::Sqlite => Db::Sqlite(schemac_testkit::sqlite()),
            DialectKind::Mysql | DialectKind::Mariadb => {
                Db::Mariadb(schemac_testkit::MyDatabase::new())
            }
        };
        if let Err(e) = db.try_exec(&ddl) {
            panic!("{kind}: applying the DDL failed: {e}\n{ddl}");
        }
        db
    }

    pub fn kind(&self) -> DialectKind {
        match self {
            Db::Postgres(_) => DialectKind::Postgres,
            Db::Mariadb(_) => DialectKind::Mariadb,
            Db::Sqlite(_) => DialectKind::Sqlite,
        }
    }

    /// Runs statements; the error text when the engine refuses them.
    pub fn try_exec(&mut self, sql: &str) -> Result<(), String> {
        match self {
            Db::Postgres(db) => db.client.batch_execute(sql).map_err(|e| format!("{e:?}")),
            Db::Mariadb(db) => db.conn.query_drop(sql).map_err(|e| e.to_string()),
            Db::Sqlite(conn) => conn.execute_batch(sql).map_err(|e| e.to_string()),
        }
    }

    /// Runs statements that must succeed.
    pub fn exec(&mut self, sql: &str) {
        let kind = self.kind();
        if let Err(e) = self.try_exec(sql) {
            panic!("{kind}: `{sql}` failed: {e}");
        }
    }

    /// Runs statements that the engine must refuse.
    pub fn rejects(&mut self, sql: &str) {
        let kind = self.kind();
        assert!(self.try_exec(sql).is_err(), "{kind}: `{sql}` was accepted");
    }

    /// The first column of `sql` as integers, with `params` bound in order.
    pub fn ints(&mut self, sql: &str, params: &[i64]) -> Vec<i64> {
        let kind = self.kind();
        let fail = |e: String| -> ! { panic!("{kind}: `{sql}` failed: {e}") };
        match self {
            Db::Postgres(db) => {
                let params: Vec<&(dyn postgres::types::ToSql + Sync)> = params
                    .iter()
                    .map(|p| p as &(dyn postgres::types::ToSql + Sync))
                    .collect();
                db.client
                    .query(sql, &params)
                    .unwrap_or_else(|e| fail(format!("{e:?}")))
                    .iter()
                    .map(|row| row.get::<_, i64>(0))
                    .collect()
            }
            Db::Mariadb(db) => db
                .conn
                .exec::<mysql::Row, _, _>(sql, params.to_vec())
                .unwrap_or_else(|e| fail(e.to_string()))
                .iter()
                .map(|row| {
                    row.get::<i64, _>(0)
                        .unwrap_or_else(|| fail("not an integer".into()))
                })
                .collect(),
            Db::Sqlite(conn) => {
                let mut statement = conn.prepare(sql).unwrap_or_else(|e| fail(e.to_string()));
                let rows = statement
                    .query_map(rusqlite::params_from_iter(params.iter()), |row| {
                        row.get::<_, i64>(0)
                    })
                    .unwrap_or_else(|e| fail(e.to_string()));
                rows.collect::<Result<_, _>>()
                    .unwrap_or_else(|e| fail(e.to_string()))
            }
        }
    }

    /// The first column of `sql` as text (NULL as `None`).
    pub fn texts(&mut self, sql: &str) -> Vec<Option<String>> {
        let kind = self.kind();
        let fail = |e: String| -> ! { panic!("{kind}: `{sql}` failed: {e}") };
        match self {
            Db::Postgres(db) => db
                .client
                .query(sql, &[])
                .unwrap_or_else(|e| fail(format!("{e:?}")))
                .iter()
                .map(|row| row.get::<_, Option<String>>(0))
                .collect(),
            Db::Mariadb(db) => db
                .conn
                .query::<mysql::Row, _>(sql)
                .unwrap_or_else(|e| fail(e.to_string()))
                .iter()
                .map(|row| {
                    row.get::<Option<String>, _>(0)
                        .unwrap_or_else(|| fail("not text".into()))
                })
                .collect(),
            Db::Sqlite(conn) => {
                let mut statement = conn.prepare(sql).unwrap_or_else(|e| fail(e.to_string()));
                let rows = statement
                    .query_map([], |row| row.get::<_, Option<String>>(0))
                    .unwrap_or_else(|e| fail(e.to_string()));
                rows.collect::<Result<_, _>>()
                    .unwrap_or_else(|e| fail(e.to_string()))
            }
        }
    }

    /// The ids a declared query returns for the node or value `param`, sorted unless
    /// `ordered`.
    pub fn query_ids(
        &mut self,
        schema: &Schema,
        query: &str,
        param: i64,
        ordered: bool,
    ) -> Vec<i64> {
        let q = schema
            .queries
            .iter()
            .find(|q| q.name == query)
            .unwrap_or_else(|| panic!("no query `{query}`"));
        let sql = render_query_sql(q, self.kind());
        let mut ids = self.ints(&sql, &[param]);
        if !ordered {
            ids.sort_unstable();
        }
        ids
    }
}
