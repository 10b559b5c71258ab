//! The planner on the example projects: the planned indexes of each, snapshotted with
//! their provenance, and the explain report's shape.

mod common;

use schemac_compiler::explain::{self, Capabilities};
use schemac_compiler::ir::{IndexOrigin, Schema};

fn example(name: &str) -> Schema {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name)
        .join("schema");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("example folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "schema"))
        .map(|p| {
            let name = p
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .to_string();
            (name, std::fs::read_to_string(&p).expect("example source"))
        })
        .collect();
    files.sort();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    let p = common::project(&refs);
    let (schema, diags) = p.compile();
    schema.unwrap_or_else(|| panic!("{}", p.render(&diags)))
}

/// Every planned index as `table: name (keys) WHERE predicate [origin]` with its
/// provenance lines.
fn planned(schema: &Schema) -> String {
    let mut out = String::new();
    for table in &schema.tables {
        for index in &table.indexes {
            let (origin, lines) = match &index.origin {
                IndexOrigin::Planned { queries, reasons } => (
                    format!("planned for {}", queries.join(", ")),
                    reasons.clone(),
                ),
                IndexOrigin::ForeignKey => ("foreign key".to_string(), Vec::new()),
                _ => continue,
            };
            let keys: Vec<String> = index.columns.iter().map(explain::key_text).collect();
            let method = match index.method {
                schemac_compiler::ir::IndexMethod::BTree => "",
                schemac_compiler::ir::IndexMethod::Gin => " USING gin",
            };
            let predicate = index
                .predicate
                .as_ref()
                .map(|p| format!(" WHERE {}", explain::text::expr(p)))
                .unwrap_or_default();
            out.push_str(&format!(
                "{}{method} ({}){predicate} [{origin}]\n",
                index.name,
                keys.join(", ")
            ));
            for line in lines {
                out.push_str(&format!("    {line}\n"));
            }
        }
    }
    out
}

fn caps() -> Capabilities {
    Capabilities {
        dialect: "postgres".to_string(),
        partial_indexes: true,
        gin: true,
        multi_valued: false,
        prefix_btree: true,
        online_index_build: Some("CREATE INDEX CONCURRENTLY".to_string()),
    }
}

#[test]
fn shop_plan() {
    insta::assert_snapshot!(planned(&example("shop")));
}

#[test]
fn saas_plan() {
    insta::assert_snapshot!(planned(&example("saas")));
}

#[test]
fn publishing_plan() {
    insta::assert_snapshot!(planned(&example("publishing")));
}

#[test]
fn every_declared_query_on_a_large_table_is_served_in_the_examples() {
    for name in ["shop", "saas", "publishing"] {
        let schema = example(name);
        let report = explain::build(&schema, &caps(), None);
        for q in &report.queries {
            for a in &q.accesses {
                assert!(
                    a.fit != "scan",
                    "{name}: {} ({}) scans {}",
                    q.name,
                    a.part,
                    a.table
                );
            }
        }
    }
}

#[test]
fn explain_narrows_to_one_query() {
    let schema = example("shop");
    let report = explain::build(&schema, &caps(), Some("recent_orders"));
    assert_eq!(report.queries.len(), 1);
    assert!(
        report
            .indexes
            .iter()
            .all(|i| i.queries.contains(&"recent_orders".to_string())),
        "{:#?}",
        report.indexes
    );
}
