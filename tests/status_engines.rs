//! `schemac status` on PostgreSQL, MariaDB and SQLite: applied, pending, tampered and
//! vanished migrations, `schemac.sum` problems, and drift between the live schema and
//! the snapshot.

#[macro_use]
mod apply_support;
mod support;

use apply_support::{compile, list, Db, Engine, Project};

/// A small schema with a foreign key, a unique key, an index and an on-update
/// timestamp (a trigger on PostgreSQL and SQLite).
const SCHEMA: &str = "entity Author {
  id         id
  handle     string(40) unique
  updated_at timestamptz = now() @on_update
}

entity Post {
  id     id
  author -> Author on delete cascade
  title  string(200)
  index (title)
}
";

const SEED: &str = "INSERT INTO authors (handle) VALUES ('ann');\n";

on_each_engine!(reports_applied_pending_and_tampered, detects_drift);

/// A project whose V1 is the schema's full DDL and whose snapshot is its IR.
fn project_with_schema(engine: Engine) -> Project {
    let schema = compile(SCHEMA);
    let project = Project::new(engine);
    project.write(
        "V1__init.sql",
        &schemac_backends::render_ddl(&schema, engine.kind()),
    );
    project.snapshot(&schema);
    project
}

fn reports_applied_pending_and_tampered(engine: Engine) {
    let db = Db::new(engine);
    let project = project_with_schema(engine);

    let (code, before) = project.status_json(&db.url);
    assert_eq!(code, Some(1), "{before}");
    assert_eq!(list(&before, "pending"), ["V1__init"]);
    assert!(list(&before, "applied").is_empty());
    assert!(
        list(&before, "drift")
            .iter()
            .any(|d| d == "table `authors` is missing from the database"),
        "{before}"
    );

    let applied = project.apply(&db.url);
    assert_eq!(applied.code, Some(0), "{applied:?}");
    let clean = project.status(&db.url);
    assert_eq!(clean.code, Some(0), "{clean:?}");
    assert!(clean.stdout.contains("applied   V1__init"), "{clean:?}");
    assert!(
        clean.stdout.contains("up to date: 1 applied, no drift"),
        "{clean:?}"
    );

    project.write("V2__seed.sql", SEED);
    let (code, pending) = project.status_json(&db.url);
    assert_eq!(code, Some(1), "{pending}");
    assert_eq!(list(&pending, "applied"), ["V1__init"]);
    assert_eq!(list(&pending, "pending"), ["V2__seed"]);
    assert!(list(&pending, "drift").is_empty(), "{pending}");
    assert!(list(&pending, "tampered").is_empty(), "{pending}");

    assert_eq!(project.apply(&db.url).code, Some(0));
    assert_eq!(project.status(&db.url).code, Some(0));

    // The applied V2 disappears from the folder.
    std::fs::remove_file(project.dir.join("V2__seed.sql")).unwrap();
    project.seal();
    let (code, gone) = project.status_json(&db.url);
    assert_eq!(code, Some(1), "{gone}");
    assert_eq!(list(&gone, "missing_files"), ["V2__seed"]);

    // The applied V1 is edited and the sum rewritten: only the database can tell.
    project.write("V2__seed.sql", SEED);
    let v1 = std::fs::read_to_string(project.dir.join("V1__init.sql")).unwrap();
    project.write(
        "V1__init.sql",
        &format!("{v1}-- edited after it was applied\n"),
    );
    let (code, tampered) = project.status_json(&db.url);
    assert_eq!(code, Some(1), "{tampered}");
    assert_eq!(list(&tampered, "tampered"), ["V1__init"]);
    assert!(list(&tampered, "missing_files").is_empty(), "{tampered}");
    let text = project.status(&db.url);
    assert!(
        text.stdout
            .contains("tampered  V1__init  (its file changed after it was applied)"),
        "{text:?}"
    );
    assert!(
        text.stdout.contains("not up to date: 1 tampered"),
        "{text:?}"
    );

    // A hand edit that leaves the sum stale is reported too.
    project.write_unsealed("V2__seed.sql", &format!("{SEED}-- a hand edit\n"));
    let (code, stale) = project.status_json(&db.url);
    assert_eq!(code, Some(1), "{stale}");
    assert_eq!(
        list(&stale, "sum_problems"),
        ["V2__seed.sql was edited after schemac.sum was written"]
    );
}

fn detects_drift(engine: Engine) {
    let mut db = Db::new(engine);
    let project = project_with_schema(engine);
    assert_eq!(project.apply(&db.url).code, Some(0));
    let clean = project.status(&db.url);
    assert_eq!(clean.code, Some(0), "{clean:?}");
    assert!(clean.stdout.contains("no drift"), "{clean:?}");

    db.execute("ALTER TABLE posts ADD COLUMN sneaky_note varchar(20)");
    let drifted = project.status(&db.url);
    assert_eq!(drifted.code, Some(1), "{drifted:?}");
    assert!(
        drifted
            .stdout
            .contains("drift     column `posts.sneaky_note`"),
        "{drifted:?}"
    );
    assert!(
        drifted
            .stdout
            .contains("is in the database but not in the snapshot"),
        "{drifted:?}"
    );

    db.execute(&format!("DROP INDEX {}", drop_index(engine)));
    let (code, json) = project.status_json(&db.url);
    assert_eq!(code, Some(1), "{json}");
    let drift = list(&json, "drift");
    assert_eq!(drift.len(), 2, "{json}");
    assert!(drift[0].starts_with("column `posts.sneaky_note`"), "{json}");
    assert!(
        drift[1].starts_with("index `posts_title_idx` (title) on `posts` is missing"),
        "{json}"
    );
}

/// The tail of `DROP INDEX` that drops `posts_title_idx` on this engine.
fn drop_index(engine: Engine) -> String {
    match engine {
        Engine::Mariadb => "posts_title_idx ON posts".to_string(),
        Engine::Postgres | Engine::Sqlite => "posts_title_idx".to_string(),
    }
}
