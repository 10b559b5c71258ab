//! `schemac apply` on PostgreSQL, MariaDB and SQLite: order, idempotence, the lock under
//! concurrent runs, refusals (tampered files, a stale `schemac.sum`), and stopping at a
//! failing file.

#[macro_use]
mod apply_support;
mod support;

use apply_support::{run, Db, Engine, Project};
use schemac::migrate::files;
use support::{compile as compile_path, examples};

const ITEMS: &str = "-- The items.\nCREATE TABLE items (\n  id integer PRIMARY KEY,\n  name varchar(50) NOT NULL\n);\n";
const LOG: &str =
    "CREATE TABLE log (entry varchar(20) NOT NULL);\nINSERT INTO log (entry) VALUES ('v2');\n";
const MORE: &str = "INSERT INTO log (entry) VALUES ('v3');\n";

on_each_engine!(
    applies_in_order_once,
    concurrent_runs_apply_each_file_once,
    tampered_applied_file_is_refused,
    stale_sum_is_refused_before_connecting,
    failing_file_stops_and_keeps_earlier_files,
    txmode_none_file_runs_statement_by_statement,
    examples_apply_without_drift,
);

fn applies_in_order_once(engine: Engine) {
    let mut db = Db::new(engine);
    let project = Project::new(engine);
    project.write("V1__items.sql", ITEMS);
    project.write("V2__log.sql", LOG);

    let first = project.apply(&db.url);
    assert_eq!(first.code, Some(0), "{first:?}");
    let v1 = first.stdout.find("applied V1__items").expect("V1 reported");
    let v2 = first.stdout.find("applied V2__log").expect("V2 reported");
    assert!(v1 < v2, "{first:?}");
    assert!(
        first
            .stdout
            .contains("applied 2 migrations; the database is at V2__log"),
        "{first:?}"
    );
    assert_eq!(db.versions(), ["V1__items", "V2__log"]);
    let recorded = db.strings("SELECT checksum FROM schema_migrations WHERE version = 'V1__items'");
    assert_eq!(recorded, [files::checksum(ITEMS.as_bytes())]);

    let second = project.apply(&db.url);
    assert_eq!(second.code, Some(0), "{second:?}");
    assert!(
        second
            .stdout
            .contains("nothing to apply; the database is at V2__log"),
        "{second:?}"
    );
    assert!(!second.stdout.contains("applied V"), "{second:?}");
    assert_eq!(db.count("log"), 1);

    project.write("V3__more.sql", MORE);
    let third = run(&[
        "apply",
        project.root.to_str().unwrap(),
        "--url",
        &db.url,
        "--format",
        "json",
    ]);
    assert_eq!(third.code, Some(0), "{third:?}");
    let json: serde_json::Value = serde_json::from_str(&third.stdout).expect("JSON");
    let applied: Vec<&str> = json["applied"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["version"].as_str().unwrap())
        .collect();
    assert_eq!(applied, ["V3__more"]);
    assert_eq!(json["current"], "V3__more");
    assert!(json["error"].is_null());
    assert_eq!(db.versions(), ["V1__items", "V2__log", "V3__more"]);
    assert_eq!(db.count("log"), 2);
}

fn concurrent_runs_apply_each_file_once(engine: Engine) {
    let mut db = Db::new(engine);
    let project = Project::new(engine);
    // The table makes a second run of V1 fail, so exit 0 from both proves it ran once.
    project.write(
        "V1__slow.sql",
        &format!(
            "{}\nCREATE TABLE once_only (id integer PRIMARY KEY);\n",
            engine.slow_statement()
        ),
    );
    project.write("V2__log.sql", LOG);

    let a = project.spawn_apply(&db.url);
    let b = project.spawn_apply(&db.url);
    let a: apply_support::Run = a.wait_with_output().expect("first run").into();
    let b: apply_support::Run = b.wait_with_output().expect("second run").into();
    assert_eq!(a.code, Some(0), "{a:?}");
    assert_eq!(b.code, Some(0), "{b:?}");
    let both = format!("{}{}", a.stdout, b.stdout);
    assert_eq!(both.matches("applied V1__slow").count(), 1, "{both}");
    assert_eq!(both.matches("applied V2__log").count(), 1, "{both}");
    assert!(both.contains("nothing to apply"), "{both}");
    assert_eq!(db.versions(), ["V1__slow", "V2__log"]);
    assert_eq!(db.count("log"), 1);
}

fn tampered_applied_file_is_refused(engine: Engine) {
    let mut db = Db::new(engine);
    let project = Project::new(engine);
    project.write("V1__items.sql", ITEMS);
    project.write("V2__log.sql", LOG);
    assert_eq!(project.apply(&db.url).code, Some(0));

    // The sum is rewritten too, so only the database can tell the file changed.
    project.write(
        "V1__items.sql",
        &format!("{ITEMS}-- edited after it was applied\n"),
    );
    project.write("V3__more.sql", MORE);
    let out = project.apply(&db.url);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr
            .contains("V1__items.sql was changed after it was applied"),
        "{out:?}"
    );
    assert!(out.stderr.contains("nothing was applied"), "{out:?}");
    assert_eq!(db.versions(), ["V1__items", "V2__log"]);
    assert_eq!(db.count("log"), 1);

    // An applied version whose file is gone is refused as well.
    std::fs::write(project.dir.join("V1__items.sql"), ITEMS).unwrap();
    std::fs::remove_file(project.dir.join("V3__more.sql")).unwrap();
    std::fs::remove_file(project.dir.join("V2__log.sql")).unwrap();
    project.seal();
    let out = project.apply(&db.url);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr
            .contains("V2__log is applied but its file is gone"),
        "{out:?}"
    );
}

fn stale_sum_is_refused_before_connecting(engine: Engine) {
    let db = Db::new(engine);
    let project = Project::new(engine);
    project.write("V1__items.sql", ITEMS);
    assert_eq!(project.apply(&db.url).code, Some(0));

    let unreachable = match engine {
        Engine::Postgres => "postgres://postgres@127.0.0.1:1/postgres".to_string(),
        Engine::Mariadb => "mysql://root@127.0.0.1:1/nowhere".to_string(),
        Engine::Sqlite => "sqlite:///nonexistent-schemac-dir/db.sqlite".to_string(),
    };
    let unreachable_fails = project.apply(&unreachable);
    assert_eq!(
        unreachable_fails.code,
        Some(3),
        "a bad connection is a database error: {unreachable_fails:?}"
    );

    project.write_unsealed("V1__items.sql", &format!("{ITEMS}-- a hand edit\n"));
    for url in [&db.url, &unreachable] {
        let out = project.apply(url);
        assert_eq!(out.code, Some(1), "{out:?}");
        assert!(
            out.stderr.contains("schemac.sum` does not match"),
            "{out:?}"
        );
        assert!(
            out.stderr
                .contains("V1__items.sql was edited after schemac.sum was written"),
            "{out:?}"
        );
    }

    std::fs::write(project.dir.join("V1__items.sql"), ITEMS).unwrap();
    project.write_unsealed("V2__log.sql", LOG);
    let out = project.apply(&unreachable);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr
            .contains("V2__log.sql was added without updating schemac.sum"),
        "{out:?}"
    );

    std::fs::rename(
        project.dir.join("V2__log.sql"),
        project.dir.join("V3__log.sql"),
    )
    .unwrap();
    let out = project.apply(&unreachable);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stderr.contains("there is no migration V2"), "{out:?}");
}

fn failing_file_stops_and_keeps_earlier_files(engine: Engine) {
    let mut db = Db::new(engine);
    let project = Project::new(engine);
    project.write("V1__items.sql", ITEMS);
    project.write(
        "V2__broken.sql",
        "-- Seeds, then fails.\nCREATE TABLE half (id integer);\nINSERT INTO missing_table (id) VALUES (1);\n",
    );
    project.write("V3__log.sql", LOG);

    let out = project.apply(&db.url);
    assert_eq!(out.code, Some(3), "{out:?}");
    assert!(out.stdout.contains("applied V1__items"), "{out:?}");
    assert!(
        out.stderr.contains("V2__broken failed at line 3 of"),
        "{out:?}"
    );
    assert!(
        out.stderr
            .contains("INSERT INTO missing_table (id) VALUES (1);"),
        "{out:?}"
    );
    assert!(
        out.stderr.contains("the database stays at V1__items"),
        "{out:?}"
    );
    assert_eq!(db.versions(), ["V1__items"]);
    assert!(!db.has_table("log"));
    // PostgreSQL and SQLite roll the file back; MariaDB's DDL commits as it goes.
    assert_eq!(db.has_table("half"), engine == Engine::Mariadb);

    project.write(
        "V2__broken.sql",
        "-- Fixed.\nCREATE TABLE IF NOT EXISTS half (id integer);\n",
    );
    let json = run(&[
        "apply",
        project.root.to_str().unwrap(),
        "--url",
        &db.url,
        "--format",
        "json",
    ]);
    assert_eq!(json.code, Some(0), "{json:?}");
    assert_eq!(db.versions(), ["V1__items", "V2__broken", "V3__log"]);

    project.write(
        "V4__broken.sql",
        "UPDATE items SET name = 'x';\nINSERT INTO missing_table (id) VALUES (1);\n",
    );
    let json = run(&[
        "apply",
        project.root.to_str().unwrap(),
        "--url",
        &db.url,
        "--format",
        "json",
    ]);
    assert_eq!(json.code, Some(3), "{json:?}");
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(value["error"]["kind"], "database");
    assert!(
        value["error"]["file"]
            .as_str()
            .unwrap()
            .ends_with("V4__broken.sql"),
        "{value}"
    );
    assert_eq!(value["error"]["line"], 2);
    assert_eq!(
        value["error"]["statement"],
        "INSERT INTO missing_table (id) VALUES (1);"
    );
    assert_eq!(value["current"], "V3__log");
}

fn txmode_none_file_runs_statement_by_statement(engine: Engine) {
    let mut db = Db::new(engine);
    let project = Project::new(engine);
    project.write("V1__items.sql", ITEMS);
    let index = match engine {
        Engine::Postgres => "CREATE INDEX CONCURRENTLY items_name_idx ON items (name);",
        Engine::Mariadb | Engine::Sqlite => "CREATE INDEX items_name_idx ON items (name);",
    };
    project.write("V2__index.sql", &format!("-- schemac:txmode none\n-- Built without locking writes.\n{index}\nINSERT INTO items (id, name) VALUES (1, 'a');\n"));
    let out = project.apply(&db.url);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(db.versions(), ["V1__items", "V2__index"]);
    assert_eq!(db.count("items"), 1);
}

/// Every example's full DDL (functions, triggers, comments, partial indexes) goes
/// through `apply`'s statement splitting and leaves a database `status` calls clean.
fn examples_apply_without_drift(engine: Engine) {
    for example in examples() {
        let schema = compile_path(&example);
        let db = Db::new(engine);
        let project = Project::new(engine);
        project.write(
            "V1__init.sql",
            &schemac_backends::render_ddl(&schema, engine.kind()),
        );
        project.snapshot(&schema);
        let out = project.apply(&db.url);
        assert_eq!(out.code, Some(0), "{}: {out:?}", example.display());
        let status = project.status(&db.url);
        assert_eq!(status.code, Some(0), "{}: {status:?}", example.display());
        assert!(
            status.stdout.contains("no drift"),
            "{}: {status:?}",
            example.display()
        );
    }
}
