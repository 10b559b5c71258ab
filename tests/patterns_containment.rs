//! `contains` with a literal on every engine. A check constraint that an array or a
//! json document holds an element is created and bites on PostgreSQL and MariaDB, and
//! a partial index on such a predicate is built on PostgreSQL; a declared query with a
//! literal finds exactly the rows that hold it on all three engines. SQLite cannot
//! test containment in a constraint (`E0318`), so that part targets the other two.

mod patterns_support;

use patterns_support::{compile, compile_targeting, Db};
use schemac_backends::{render_query_sql, DialectKind};
use schemac_compiler::ir::Schema;

const CONSTRAINTS: &str = "
entity Item {
  id    id
  tags  text[]
  codes bigint[]
  meta  json
  check (tags contains 'x')
  check (codes contains 5)
  check (meta contains 'y')
  index (id) where tags contains 'hot'
}
";

const QUERIES: &str = "
entity Post {
  id    id
  tags  string(20)[]
  codes int[]
  meta  json
}
query hot: Post where tags contains 'hot' rate 1/s
query both: Post where tags contains ['hot', 'new'] rate 1/s
query coded: Post where codes contains 7 rate 1/s
query below_zero: Post where codes contains -3 rate 1/s
query flagged: Post where meta contains 'flag' rate 1/s
";

/// An array literal of `kind`: PostgreSQL's own, JSON text elsewhere.
fn array(kind: DialectKind, elements: &[&str]) -> String {
    match kind {
        DialectKind::Postgres => format!("'{{{}}}'", elements.join(",")),
        _ => format!(
            "'[{}]'",
            elements
                .iter()
                .map(|e| match e.parse::<i64>() {
                    Ok(_) => e.to_string(),
                    Err(_) => format!("\"{e}\""),
                })
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

fn insert_item(kind: DialectKind, id: i64, tags: &[&str], codes: &[&str], meta: &str) -> String {
    format!(
        "INSERT INTO items (id, tags, codes, meta) VALUES ({id}, {}, {}, '{meta}')",
        array(kind, tags),
        array(kind, codes)
    )
}

#[test]
fn a_containment_check_bites() {
    let schema = compile_targeting(CONSTRAINTS, Some(&["postgres", "mysql"]));
    for kind in [DialectKind::Postgres, DialectKind::Mariadb] {
        let mut db = Db::new(&schema, kind);
        db.exec(&insert_item(
            kind,
            1,
            &["x", "hot"],
            &["5", "6"],
            r#"["y", 7]"#,
        ));
        // Each row lacks what one check asks for.
        db.rejects(&insert_item(kind, 2, &["z"], &["5"], r#"["y"]"#));
        db.rejects(&insert_item(kind, 3, &["x"], &["6"], r#"["y"]"#));
        db.rejects(&insert_item(kind, 4, &["x"], &["5"], r#"["z"]"#));
        db.exec(&insert_item(kind, 5, &["x"], &["5"], r#""y""#));
        assert_eq!(
            db.ints("SELECT id FROM items ORDER BY id", &[]),
            [1, 5],
            "{kind}"
        );
    }
}

#[test]
fn a_containment_predicate_makes_a_partial_index() {
    let schema = compile_targeting(CONSTRAINTS, Some(&["postgres", "mysql"]));
    let mut db = Db::new(&schema, DialectKind::Postgres);
    let definitions = db.texts(
        "SELECT indexdef FROM pg_indexes WHERE tablename = 'items' AND indexdef LIKE '%WHERE%'",
    );
    assert_eq!(definitions.len(), 1, "{definitions:?}");
    let definition = definitions[0].clone().unwrap_or_default();
    assert!(definition.contains("@>"), "{definition}");
}

#[test]
fn a_constraint_with_contains_is_an_error_when_the_project_targets_sqlite() {
    let dir = std::env::temp_dir().join(schemac_testkit::unique_name());
    std::fs::create_dir_all(&dir).expect("creating a temp dir");
    std::fs::write(dir.join("app.schema"), CONSTRAINTS).expect("writing the schema");
    let mut diags = schemac_lang::Diagnostics::new();
    let loaded = schemac::load::load(std::slice::from_ref(&dir), &mut diags);
    assert!(schemac_compiler::compile(&loaded.project, &mut diags).is_none());
    let _ = std::fs::remove_dir_all(&dir);
    let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["E0318"; 4], "{codes:?}");
}

fn ids(db: &mut Db, schema: &Schema, query: &str) -> Vec<i64> {
    let q = schema
        .queries
        .iter()
        .find(|q| q.name == query)
        .unwrap_or_else(|| panic!("no query `{query}`"));
    let mut ids = db.ints(&render_query_sql(q, db.kind()), &[]);
    ids.sort_unstable();
    ids
}

#[test]
fn a_query_with_a_literal_finds_the_rows_that_hold_it() {
    let schema = compile(QUERIES);
    for mut db in Db::all(&schema) {
        let kind = db.kind();
        for (id, tags, codes, meta) in [
            (1, &["hot", "new"][..], &["7"][..], r#"["flag"]"#),
            (2, &["hot"][..], &["-3", "8"][..], r#"["other", 1]"#),
            (3, &["new", "cold"][..], &["70"][..], r#""flag""#),
            (4, &[][..], &[][..], r#"[]"#),
        ] {
            db.exec(&format!(
                "INSERT INTO posts (id, tags, codes, meta) VALUES ({id}, {}, {}, '{meta}')",
                array(kind, tags),
                array(kind, codes)
            ));
        }
        assert_eq!(ids(&mut db, &schema, "hot"), [1, 2], "{kind}");
        assert_eq!(ids(&mut db, &schema, "both"), [1], "{kind}");
        assert_eq!(ids(&mut db, &schema, "coded"), [1], "{kind}");
        assert_eq!(ids(&mut db, &schema, "below_zero"), [2], "{kind}");
        // A json document holds a value in an array, or is that value (SQLite's
        // `json_each` of a scalar document is the scalar itself).
        assert_eq!(ids(&mut db, &schema, "flagged"), [1, 3], "{kind}");
    }
}
