//! `contains` on arrays on MySQL 8 (`tests/fixtures/multi_valued`): the multi-valued
//! indexes the DDL builds, the query form that uses them, `W0112` exactly where none
//! can, and the migrations that add, rebuild and drop one. No MySQL 8 server is
//! available here, so the MySQL 8 side is snapshots and text checks; the statements
//! follow MySQL's own test suite (see docs/planner.md). MariaDB, which has no such
//! index, is checked to stay as it was, and live: the MySQL 8 files (`migrations/mysql`
//! serves both engines) apply on it and skip the index.

#[macro_use]
mod apply_support;
mod migrations_support;
mod support;

use std::path::{Path, PathBuf};

use apply_support::{Db, Engine};
use migrations_support::{comparable, fresh, v, Engines};
use mysql::prelude::Queryable;
use schemac::migrate::statements;
use schemac_backends::live::{LiveIndex, LiveSchema};
use schemac_backends::migrate::render_migration;
use schemac_backends::{
    expected_live, introspect_mysql, render_ddl, render_query_sql, DialectKind,
};
use schemac_compiler::diff::{diff, Options};
use schemac_compiler::ir::{ColumnType, Schema};
use schemac_lang::Diagnostics;
use schemac_testkit::{assert_same_schema, MyDatabase};

const FIXTURE: &str = "tests/fixtures/multi_valued";

/// The queries whose field no multi-valued index serves.
const UNINDEXED: &[&str] = &[
    "items_too_long",
    "items_noted",
    "items_flagged",
    "items_ratio",
    "items_at",
    "items_meta",
];

fn schema() -> Schema {
    support::compile(Path::new(FIXTURE))
}

/// The queries `W0112` warns about when the project targets `dialects`.
fn warned(dialects: &[&str]) -> Vec<String> {
    let mut diags = Diagnostics::new();
    let mut loaded = schemac::load::load(&[PathBuf::from(FIXTURE)], &mut diags);
    loaded.project.settings.dialects = dialects.iter().map(|d| d.to_string()).collect();
    schemac_compiler::compile(&loaded.project, &mut diags).expect("the fixture compiles");
    diags
        .iter()
        .filter(|d| d.code == "W0112")
        .map(|d| d.message.split('`').nth(1).unwrap_or_default().to_string())
        .collect()
}

/// The key expressions (`labels->'$'`) of the multi-valued indexes of a DDL, each
/// written inside the string of its guard (see [`GUARD`]).
fn indexed_documents(ddl: &str) -> Vec<String> {
    ddl.lines()
        .filter_map(|line| line.split("((CAST(").nth(1)?.split(" AS ").next())
        .map(|document| document.replace("''", "'"))
        .collect()
}

/// How the MySQL 8 files start the statement of a multi-valued index: MariaDB, which
/// applies them too, runs `DO 0` instead.
const GUARD: &str = "SET @schemac_sql = IF(VERSION() LIKE '%MariaDB%', 'DO 0', '";

/// True when every statement of `sql` that creates or drops a multi-valued index (or
/// an index named in `dropped`) is inside a guard.
fn guarded(sql: &str, dropped: &[&str]) -> bool {
    sql.lines().all(|line| {
        let ours = line.contains(" ARRAY)")
            || dropped
                .iter()
                .any(|name| line.contains(&format!("DROP INDEX {name} ")));
        !ours || line.starts_with(GUARD)
    })
}

#[test]
fn mysql8_ddl_builds_a_multi_valued_index_per_castable_array() {
    let schema = schema();
    let ddl = render_ddl(&schema, DialectKind::Mysql);
    insta::assert_snapshot!(ddl);
    assert!(guarded(&ddl, &[]), "{ddl}");
    // One per declared query on a field with a key type; none on the others.
    let queries = schema.queries.len();
    assert_eq!(
        indexed_documents(&ddl).len(),
        queries - UNINDEXED.len(),
        "{ddl}"
    );
    for engine in [DialectKind::Mariadb, DialectKind::Sqlite] {
        let ddl = render_ddl(&schema, engine);
        assert!(!ddl.contains("CREATE INDEX"), "{engine}: {ddl}");
    }
    let postgres = render_ddl(&schema, DialectKind::Postgres);
    assert_eq!(postgres.matches("USING gin").count(), queries, "{postgres}");
}

#[test]
fn mysql8_queries_test_the_expression_their_index_keys_on() {
    let schema = schema();
    let documents = indexed_documents(&render_ddl(&schema, DialectKind::Mysql));
    let mut lines = Vec::new();
    for query in &schema.queries {
        let mysql = render_query_sql(query, DialectKind::Mysql);
        let mariadb = render_query_sql(query, DialectKind::Mariadb);
        lines.push(format!(
            "{}:\n  mysql:   {mysql}\n  mariadb: {mariadb}",
            query.name
        ));
        assert!(!mariadb.contains("->"), "MariaDB has no `->`: {mariadb}");
    }
    for document in &documents {
        let call = format!("JSON_CONTAINS({document}, ?)");
        assert!(
            lines.iter().any(|l| l.contains(&call)),
            "no query tests {call}"
        );
    }
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn containment_warns_only_where_no_index_serves_it() {
    // The fixture's dialects: PostgreSQL, MySQL 8, SQLite.
    assert_eq!(warned(&["postgres", "mysql", "sqlite"]), UNINDEXED);
    // MariaDB has no multi-valued index: every `contains` scans.
    let all: Vec<String> = schema().queries.iter().map(|q| q.name.clone()).collect();
    assert_eq!(warned(&["mariadb"]), all);
    assert_eq!(warned(&["mysql", "mariadb"]), all);
    assert!(warned(&["postgres", "sqlite"]).is_empty());
}

/// `new` without the named indexes.
fn without_indexes(new: &Schema, names: &[&str]) -> Schema {
    let mut old = new.clone();
    for table in &mut old.tables {
        table.indexes.retain(|i| !names.contains(&i.name.as_str()));
    }
    old
}

/// The migration files from `old` to `new` on `kind`, joined.
fn migration(old: &Schema, new: &Schema, kind: DialectKind) -> String {
    let changes = diff(old, new, &Options::default()).changes;
    render_migration(&changes, old, new, &[], kind)
        .into_iter()
        .map(|f| f.sql)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn adding_a_multi_valued_index_takes_no_online_clause() {
    let new = schema();
    let added = ["items_labels_idx", "items_notes_idx", "posts_tags_idx"];
    let old = without_indexes(&new, &added);
    let mysql = migration(&old, &new, DialectKind::Mysql);
    assert!(!mysql.contains("ALGORITHM"), "{mysql}");
    insta::assert_snapshot!("add__mysql", mysql);
    // MariaDB builds none of them, and drops none of them either.
    let mariadb = migration(&old, &new, DialectKind::Mariadb);
    assert!(!mariadb.contains("CREATE INDEX"), "{mariadb}");
    insta::assert_snapshot!("add__mariadb", mariadb);
    let dropped = migration(&new, &old, DialectKind::Mariadb);
    assert!(!dropped.contains("DROP INDEX"), "{dropped}");
    let dropped = migration(&new, &old, DialectKind::Mysql);
    assert_eq!(dropped.matches("DROP INDEX").count(), 2, "{dropped}");
    assert!(guarded(&mysql, &[]), "{mysql}");
    assert!(guarded(&dropped, &added), "{dropped}");
}

#[test]
fn a_new_element_type_rebuilds_the_multi_valued_index() {
    let new = schema();
    let mut old = new.clone();
    let items = old
        .tables
        .iter_mut()
        .find(|t| t.name == "items")
        .expect("items");
    for column in &mut items.columns {
        column.ty = match column.name.as_str() {
            // `string(20)[]` -> `string(40)[]`: the key's CHAR(n) follows.
            "labels" => ColumnType::Array(Box::new(ColumnType::String { length: 20 })),
            // `string(40)[]` -> `text[]`: no key type is left, the index goes (and
            // comes back with the way back).
            "notes" => ColumnType::Array(Box::new(ColumnType::String { length: 40 })),
            _ => continue,
        };
    }
    let retype = migration(&old, &new, DialectKind::Mysql);
    let retype_back = migration(&new, &old, DialectKind::Mysql);
    for sql in [&retype, &retype_back] {
        assert!(
            guarded(sql, &["items_labels_idx", "items_notes_idx"]),
            "{sql}"
        );
    }
    insta::assert_snapshot!("retype__mysql", retype);
    insta::assert_snapshot!("retype_back__mysql", retype_back);
}

#[test]
fn a_guard_is_four_statements_for_apply() {
    let ddl = render_ddl(&schema(), DialectKind::Mysql);
    let labels = ddl
        .split("\n\n")
        .find(|s| s.contains("items_labels_idx"))
        .expect("the labels index");
    let texts: Vec<String> = statements::split(labels)
        .into_iter()
        .map(|s| s.text)
        .collect();
    assert_eq!(
        texts,
        [
            "SET @schemac_sql = IF(VERSION() LIKE '%MariaDB%', 'DO 0', 'CREATE INDEX items_labels_idx ON items ((CAST(labels->''$'' AS CHAR(40) ARRAY)))');",
            "PREPARE stmt FROM @schemac_sql;",
            "EXECUTE stmt;",
            "DEALLOCATE PREPARE stmt;",
        ]
    );
}

/// The indexes of each table (the rest differs between the flavors: MariaDB checks
/// its JSON columns itself).
fn indexes(live: &LiveSchema) -> Vec<(String, Vec<LiveIndex>)> {
    live.shape()
        .tables
        .into_iter()
        .map(|t| (t.name, t.indexes))
        .collect()
}

/// Applies the MySQL 8 DDL of the project at `path` on MariaDB statement by statement,
/// as `schemac apply` runs a file of `migrations/mysql`, and checks that MariaDB holds
/// the indexes its own DDL would give it: none multi-valued.
fn mysql8_ddl_on_mariadb(path: &Path) {
    let schema = support::compile(path);
    let ddl = render_ddl(&schema, DialectKind::Mysql);
    assert!(
        ddl.contains(GUARD),
        "{}: no multi-valued index",
        path.display()
    );
    let mut db = MyDatabase::new();
    for statement in statements::split(&ddl) {
        db.conn.query_drop(&statement.text).unwrap_or_else(|e| {
            panic!(
                "{}: line {}: {e}\n{}",
                path.display(),
                statement.line,
                statement.text
            )
        });
    }
    let live = introspect_mysql(&mut db.conn, &db.name).expect("introspection");
    let expected = expected_live(&schema, DialectKind::Mariadb);
    assert_same_schema(
        &indexes(&live),
        &indexes(&expected),
        &format!("{}: MySQL 8 DDL on MariaDB", path.display()),
    );
}

#[test]
fn mysql8_ddl_of_the_fixture_applies_on_mariadb_without_the_indexes() {
    mysql8_ddl_on_mariadb(Path::new(FIXTURE));
}

#[test]
fn mysql8_ddl_of_the_saas_example_applies_on_mariadb_without_the_index() {
    mysql8_ddl_on_mariadb(Path::new("examples/saas"));
}

/// A CHECK tests the column itself: only a query needs the expression the index keys
/// on, and MariaDB, which runs the MySQL 8 files, has no `->`. (SQLite cannot test
/// containment in a CHECK, so the project leaves it out.)
#[test]
fn checks_on_mysql8_test_the_column_and_apply_on_mariadb() {
    let schema = apply_support::compile_targeting(
        "entity Post {\n  tags string(40)[] check (tags contains 'x')\n}\n\nquery posts_tagged: Post where tags contains ? rate 10/s\n",
        Some(&["postgres", "mysql"]),
    );
    let ddl = render_ddl(&schema, DialectKind::Mysql);
    assert!(
        ddl.contains(r#"CHECK (JSON_CONTAINS(tags, '"x"'))"#),
        "{ddl}"
    );
    let query = render_query_sql(&schema.queries[0], DialectKind::Mysql);
    assert!(query.contains("JSON_CONTAINS(tags->'$', ?)"), "{query}");
    let mut db = MyDatabase::new();
    for statement in statements::split(&ddl) {
        db.conn
            .query_drop(&statement.text)
            .unwrap_or_else(|e| panic!("{e}\n{}", statement.text));
    }
    db.conn
        .query_drop(r#"INSERT INTO posts (tags) VALUES ('["x", "y"]')"#)
        .expect("a row the check accepts");
    assert!(db
        .conn
        .query_drop(r#"INSERT INTO posts (tags) VALUES ('["y"]')"#)
        .is_err());
}

/// A project whose posts are tagged with `string(<length>)[]` and queried by tag.
fn tagged(length: u32) -> String {
    format!(
        "entity Post {{\n  id id\n  title string(80)\n  tags string({length})[]\n}}\n\nquery posts_tagged: Post where tags contains ? rate 10/s\n"
    )
}

/// `schemac build` writes the guarded index into `migrations/mysql`; `schemac apply`
/// of it on MariaDB (a `mysql://` URL) creates the table without the index, and the
/// next build, which retypes the tags and so drops and rebuilds the index, applies too,
/// keeping the rows.
#[test]
fn built_migrations_with_a_multi_valued_index_apply_on_mariadb() {
    let project = migrations_support::Project::new();
    let mut engines = Engines::new();
    assert_eq!(project.build(&v(&tagged(40))), 0, "V1 builds");
    let v1 = project.all_files_text("mysql");
    assert!(
        v1.contains(&format!(
            "{GUARD}CREATE INDEX posts_tags_idx ON posts ((CAST(tags->''$'' AS CHAR(40) ARRAY)))');"
        )),
        "{v1}"
    );
    engines.apply(&project, "mysql");
    engines.execute(
        "mysql",
        r#"INSERT INTO posts (title, tags) VALUES ('a', '["red", "blue"]'), ('b', '[]')"#,
    );

    assert_eq!(
        project.build(&v(&tagged(80)).allow_destructive()),
        0,
        "V2 builds"
    );
    let both = project.all_files_text("mysql");
    let v2 = &both[v1.len()..];
    for statement in [
        "DROP INDEX posts_tags_idx ON posts');",
        "CREATE INDEX posts_tags_idx ON posts ((CAST(tags->''$'' AS CHAR(80) ARRAY)))');",
    ] {
        assert!(v2.contains(&format!("{GUARD}{statement}")), "{v2}");
    }
    engines.apply(&project, "mysql");

    assert_eq!(engines.query_i64("mysql", "SELECT COUNT(*) FROM posts"), 2);
    let blue = r#"SELECT COUNT(*) FROM posts WHERE JSON_CONTAINS(tags, '"blue"')"#;
    assert_eq!(engines.query_i64("mysql", blue), 1);
    let state = project.snapshot().schema;
    assert_same_schema(
        &comparable(&engines.introspect("mysql")),
        &fresh("mysql", &state),
        "mysql: migrated vs fresh DDL",
    );
    let mut live = engines.introspect("mysql");
    live.tables.retain(|t| t.name != "schema_migrations");
    assert_same_schema(
        &indexes(&live),
        &indexes(&expected_live(&state, DialectKind::Mariadb)),
        "mysql: indexes on MariaDB",
    );
}

on_each_engine!(bench_loads_elements_of_the_element_type);

/// `schemac bench` of the fixture: every array is filled with elements of its element
/// type (numbers in `int[]`, dates in `date[]`, ...), so PostgreSQL's typed arrays
/// load and the `contains` queries run with an element of that type; MySQL 8's
/// multi-valued keys, which reject an element they cannot cast, get the same rows.
fn bench_loads_elements_of_the_element_type(engine: Engine) {
    let mut db = Db::new(engine);
    let out = apply_support::run(&[
        "bench", FIXTURE, "--url", &db.url, "--scale", "0.0002", "--runs", "2", "--format", "json",
    ]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let report: serde_json::Value =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"));
    for table in report["tables"].as_array().expect("tables") {
        assert!(table["note"].is_null(), "{table}");
        assert_eq!(table["rows"], table["target_rows"], "{table}");
    }
    for query in report["queries"].as_array().expect("queries") {
        assert!(query["error"].is_null(), "{query}");
    }
    // The elements of `counts` (int[]) are numbers, and some rows have them.
    let (filled, not_numbers) = match engine {
        Engine::Postgres => (
            "SELECT count(*)::text FROM items WHERE cardinality(counts) > 0",
            "SELECT '0'",
        ),
        Engine::Mariadb => (
            "SELECT CAST(count(*) AS CHAR) FROM items WHERE JSON_LENGTH(counts) > 0",
            "SELECT CAST(count(*) AS CHAR) FROM items, \
             JSON_TABLE(counts, '$[*]' COLUMNS (element JSON PATH '$')) AS e \
             WHERE JSON_TYPE(e.element) <> 'INTEGER'",
        ),
        Engine::Sqlite => (
            "SELECT CAST(count(*) AS TEXT) FROM items WHERE json_array_length(counts) > 0",
            "SELECT CAST(count(*) AS TEXT) FROM items, json_each(items.counts) \
             WHERE json_each.type <> 'integer'",
        ),
    };
    let count = |db: &mut Db, sql: &str| -> i64 { db.strings(sql)[0].parse().expect("a count") };
    assert!(
        count(&mut db, filled) > 0,
        "{engine:?}: no element in counts"
    );
    assert_eq!(count(&mut db, not_numbers), 0, "{engine:?}");
}

/// How `schemac explain --dialect <dialect>` says query `name` of the fixture reads
/// its table: the index it uses, or `None` for a scan.
fn explained(report: &serde_json::Value, name: &str) -> Option<String> {
    let query = report["queries"]
        .as_array()
        .expect("queries")
        .iter()
        .find(|q| q["name"] == name)
        .unwrap_or_else(|| panic!("no query {name}"));
    let [access] = query["accesses"].as_array().expect("accesses").as_slice() else {
        panic!("{query}");
    };
    access["index"].as_str().map(str::to_string)
}

#[test]
fn explain_counts_the_multi_valued_index_on_mysql_only() {
    let report = |dialect: &str| -> serde_json::Value {
        let out =
            apply_support::run(&["explain", FIXTURE, "--dialect", dialect, "--format", "json"]);
        assert_eq!(out.code, Some(0), "{out:?}");
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"))
    };
    let mysql = report("mysql");
    let mariadb = report("mariadb");
    let postgres = report("postgres");
    for query in schema().queries {
        let name = query.name.as_str();
        let index = explained(&postgres, name);
        assert!(index.is_some(), "postgres: {name} scans");
        let on_mysql = if UNINDEXED.contains(&name) {
            None
        } else {
            index
        };
        assert_eq!(explained(&mysql, name), on_mysql, "mysql: {name}");
        assert_eq!(explained(&mariadb, name), None, "mariadb: {name}");
    }
    let labels = mysql["indexes"]
        .as_array()
        .expect("indexes")
        .iter()
        .find(|i| i["name"] == "items_labels_idx")
        .expect("items_labels_idx");
    let note = labels["dialect_note"].as_str().unwrap_or_default();
    assert!(note.contains("multi-valued index"), "{labels}");
    let points = |report: &serde_json::Value| report["pain_points"].to_string();
    assert!(!points(&mysql).contains("items.labels"), "{mysql}");
    assert!(points(&mariadb).contains("items.labels"), "{mariadb}");
}

/// MySQL builds a multi-valued index by copying the table: explain's migration strategy
/// does not list it with the indexes built without blocking writes, and MariaDB, which
/// does not build it, does not list it at all.
#[test]
fn explain_builds_the_multi_valued_index_in_a_maintenance_window() {
    let steps = |dialect: &str| -> Vec<String> {
        let out = apply_support::run(&[
            "explain",
            "examples/saas",
            "--dialect",
            dialect,
            "--format",
            "json",
        ]);
        assert_eq!(out.code, Some(0), "{out:?}");
        let report: serde_json::Value =
            serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"));
        report["migration"]
            .as_array()
            .expect("migration")
            .iter()
            .map(|s| s.as_str().expect("a step").to_string())
            .collect()
    };
    let naming = |steps: &[String]| -> Vec<String> {
        steps
            .iter()
            .filter(|s| s.contains("`tasks_labels_idx`"))
            .cloned()
            .collect()
    };
    let mysql = steps("mysql");
    let [step] = naming(&mysql)
        .try_into()
        .unwrap_or_else(|s| panic!("{s:?}"));
    assert!(step.contains("by copying the table"), "{step}");
    assert!(naming(&steps("mariadb")).is_empty());
    let postgres = steps("postgres");
    let [step] = naming(&postgres)
        .try_into()
        .unwrap_or_else(|s| panic!("{s:?}"));
    assert!(step.contains("CONCURRENTLY"), "{step}");
}
