//! `tree` on every engine and with every strategy: a three-level tree answers
//! `descendants of`, `ancestors of` and `children of` with exactly the right nodes
//! through the SQL `render_query_sql` gives for the declared queries. Closure rows and
//! paths are kept by the emitted triggers; nested-set bounds are written by the
//! inserts, as the application does.

mod patterns_support;

use patterns_support::{compile, Db};
use schemac_compiler::ir::TreeStrategy;

fn schema_text(strategy: &str) -> String {
    format!(
        "entity Category {{
  id   id
  name string(40)
  tree {strategy}
}}
query subtree: Category descendants of ? rate 1/s
query path_to_root: Category ancestors of ? rate 1/s
query menu: Category children of ? rate 1/s
"
    )
}

/// `(id, parent, lft, rgt)`: 1 has children 2 and 3; 2 has 4 and 5; 3 has 6; 7 is a
/// second root with child 8.
const NODES: &[(i64, Option<i64>, i64, i64)] = &[
    (1, None, 1, 12),
    (2, Some(1), 2, 7),
    (4, Some(2), 3, 4),
    (5, Some(2), 5, 6),
    (3, Some(1), 8, 11),
    (6, Some(3), 9, 10),
    (7, None, 13, 16),
    (8, Some(7), 14, 15),
];

fn insert_tree(db: &mut Db, strategy: TreeStrategy) {
    for &(id, parent, lft, rgt) in NODES {
        let parent = parent.map_or("NULL".to_string(), |p| p.to_string());
        let sql = if strategy == TreeStrategy::NestedSet {
            format!("INSERT INTO categories (id, name, parent_id, lft, rgt) VALUES ({id}, 'n{id}', {parent}, {lft}, {rgt})")
        } else {
            format!("INSERT INTO categories (id, name, parent_id) VALUES ({id}, 'n{id}', {parent})")
        };
        db.exec(&sql);
    }
}

fn check_strategy(strategy: &str, expected: TreeStrategy) {
    let schema = compile(&schema_text(strategy));
    let table = schema.table("categories").expect("categories");
    assert_eq!(table.hierarchy.as_ref().map(|h| h.strategy), Some(expected));
    for mut db in Db::all(&schema) {
        let kind = db.kind();
        insert_tree(&mut db, expected);
        let context = format!("{kind} {strategy}");
        assert_eq!(
            db.query_ids(&schema, "subtree", 1, false),
            [2, 3, 4, 5, 6],
            "{context}"
        );
        assert_eq!(
            db.query_ids(&schema, "subtree", 2, false),
            [4, 5],
            "{context}"
        );
        assert_eq!(
            db.query_ids(&schema, "subtree", 6, false),
            Vec::<i64>::new(),
            "{context}"
        );
        assert_eq!(db.query_ids(&schema, "subtree", 7, false), [8], "{context}");
        assert_eq!(
            db.query_ids(&schema, "path_to_root", 4, true),
            [1, 2],
            "{context}"
        );
        assert_eq!(
            db.query_ids(&schema, "path_to_root", 6, true),
            [1, 3],
            "{context}"
        );
        assert_eq!(
            db.query_ids(&schema, "path_to_root", 1, true),
            Vec::<i64>::new(),
            "{context}"
        );
        assert_eq!(db.query_ids(&schema, "menu", 1, false), [2, 3], "{context}");
        assert_eq!(db.query_ids(&schema, "menu", 2, false), [4, 5], "{context}");
        if expected == TreeStrategy::Closure {
            // Deleting a node cascades to its subtree and to their closure rows.
            db.exec("DELETE FROM categories WHERE id = 2");
            assert_eq!(
                db.query_ids(&schema, "subtree", 1, false),
                [3, 6],
                "{context}"
            );
            let rows = db.ints("SELECT count(*) FROM categories_closure", &[]);
            // 1, 3, 6, 7, 8 themselves; 1-3, 1-6, 3-6, 7-8.
            assert_eq!(rows, [9], "{context}");
        }
    }
}

#[test]
fn adjacency_list_traversals() {
    check_strategy("adjacency", TreeStrategy::Adjacency);
}

#[test]
fn nested_set_traversals() {
    check_strategy("nested_set", TreeStrategy::NestedSet);
}

#[test]
fn materialized_path_traversals_and_paths_from_the_trigger() {
    check_strategy("materialized_path", TreeStrategy::MaterializedPath);
    let schema = compile(&schema_text("materialized_path"));
    for mut db in Db::all(&schema) {
        insert_tree(&mut db, TreeStrategy::MaterializedPath);
        let paths = db.texts("SELECT path FROM categories WHERE id IN (1, 4, 6) ORDER BY id");
        let paths: Vec<&str> = paths
            .iter()
            .map(|p| p.as_deref().unwrap_or("NULL"))
            .collect();
        assert_eq!(paths, ["/", "/1/2/", "/1/3/"], "{}", db.kind());
    }
}

#[test]
fn closure_table_traversals_and_rows_from_the_trigger() {
    check_strategy("closure", TreeStrategy::Closure);
}

#[test]
fn the_planner_chooses_a_strategy_and_says_why() {
    let read_mostly = compile(
        "entity Category {\n  id id\n  name string(40)\n  tree\n  scale rows 5k growth 10/month\n}
query subtree: Category descendants of ? rate 200/s",
    );
    let h = read_mostly
        .table("categories")
        .and_then(|t| t.hierarchy.clone())
        .expect("tree");
    assert_eq!(h.strategy, TreeStrategy::Closure);
    assert!(!h.declared);
    assert!(
        h.chosen_because.contains("read-mostly"),
        "{}",
        h.chosen_because
    );

    let busy = compile(
        "entity Thread {\n  id id\n  tree\n  scale rows 5M growth 100M/month\n}
query subtree: Thread descendants of ? rate 20/s",
    );
    let h = busy
        .table("threads")
        .and_then(|t| t.hierarchy.clone())
        .expect("tree");
    assert_eq!(h.strategy, TreeStrategy::Adjacency);
    assert!(
        h.chosen_because.contains("frequent writes"),
        "{}",
        h.chosen_because
    );

    let mixed = compile(
        "entity Folder {\n  id id\n  tree\n  scale rows 1M growth 2M/month\n}
query subtree: Folder descendants of ? rate 20/s",
    );
    let h = mixed
        .table("folders")
        .and_then(|t| t.hierarchy.clone())
        .expect("tree");
    assert_eq!(h.strategy, TreeStrategy::MaterializedPath);

    let shallow =
        compile("entity Menu {\n  id id\n  tree\n}\nquery kids: Menu children of ? rate 5/s");
    let h = shallow
        .table("menus")
        .and_then(|t| t.hierarchy.clone())
        .expect("tree");
    assert_eq!(h.strategy, TreeStrategy::Adjacency);
}
