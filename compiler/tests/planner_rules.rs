//! One test per planner rule, on small schemas: the planned indexes as
//! `name (keys) WHERE predicate [origin]` lines.

mod common;

use common::{compile_ok, diagnostics};
use schemac_compiler::ir::{IndexMethod, IndexOrigin, Schema};
use schemac_compiler::{explain, lint, planner};

/// The planned indexes (query-planned and foreign key ones) of `table`.
fn planned(schema: &Schema, table: &str) -> Vec<String> {
    let table = schema.table(table).expect("table");
    table
        .indexes
        .iter()
        .filter_map(|index| {
            let origin = match &index.origin {
                IndexOrigin::Planned { queries, .. } => queries.join(","),
                IndexOrigin::ForeignKey => "fk".to_string(),
                _ => return None,
            };
            let keys: Vec<String> = index.columns.iter().map(explain::key_text).collect();
            let gin = if index.method == IndexMethod::Gin {
                " gin"
            } else {
                ""
            };
            let predicate = index
                .predicate
                .as_ref()
                .map(|p| format!(" where {}", explain::text::expr(p)))
                .unwrap_or_default();
            Some(format!(
                "{}{gin} ({}){predicate} [{origin}]",
                index.name,
                keys.join(", ")
            ))
        })
        .collect()
}

/// The `why` lines `explain` gives for the planned index `name` of `table`.
fn reasons(schema: &Schema, table: &str, name: &str) -> Vec<String> {
    let table = schema.table(table).expect("the table exists");
    match table
        .indexes
        .iter()
        .find(|i| i.name == name)
        .map(|i| &i.origin)
    {
        Some(IndexOrigin::Planned { reasons, .. }) => reasons.clone(),
        _ => panic!("no planned index {name}"),
    }
}

const SHOP: &str = "
enum Status { pending paid shipped }
entity Customer {
  email string(200) unique
  country string(2)
  scale rows 1M
}
entity Order {
  customer  -> Customer
  status    Status = pending
  placed_at timestamptz
  total     int
  note      text?
  paid      bool = false
  scale rows 20M
}
";

fn shop(queries: &str) -> Schema {
    compile_ok(&format!("{SHOP}\n{queries}"))
}

#[test]
fn equality_then_order_by_then_in_avoids_the_sort() {
    let s = shop("query recent { from Order where customer = ? and status in ? order by placed_at desc limit 20 rate 100/s }");
    assert_eq!(planned(&s, "orders"), ["orders_customer_id_placed_at_status_idx (customer_id, placed_at desc, status) [recent]"]);
}

#[test]
fn in_without_order_is_an_equality() {
    let s = shop("query q: Order where total = ? and customer in ? rate 10/s");
    assert_eq!(
        planned(&s, "orders"),
        [
            "orders_total_customer_id_idx (total, customer_id) [q]",
            "orders_customer_id_idx (customer_id) [fk]"
        ]
    );
}

#[test]
fn equalities_are_ordered_by_selectivity() {
    let s = shop("query q: Customer where country = ? and email = ? and id = ? rate 10/s");
    // The primary key finds the one row; the other predicates filter it.
    assert!(planned(&s, "customers").is_empty());
    let s = shop("query q: Order where paid = ? and customer = ? and total = ? rate 10/s");
    assert_eq!(
        planned(&s, "orders"),
        [
            "orders_total_customer_id_paid_idx (total, customer_id, paid) [q]",
            "orders_customer_id_idx (customer_id) [fk]"
        ]
    );
}

#[test]
fn one_range_column_ends_the_key() {
    let s = shop("query q: Order where customer = ? and placed_at >= ? and total < ? rate 10/s");
    assert_eq!(
        planned(&s, "orders"),
        ["orders_customer_id_placed_at_idx (customer_id, placed_at) [q]"]
    );
    let s = shop("query q: Order where placed_at between ? and ? rate 10/s");
    assert_eq!(
        planned(&s, "orders"),
        [
            "orders_placed_at_idx (placed_at) [q]",
            "orders_customer_id_idx (customer_id) [fk]"
        ]
    );
}

#[test]
fn starts_with_gets_a_pattern_key() {
    let s = shop("query q: Customer where country starts_with ? rate 10/s");
    assert_eq!(
        planned(&s, "customers"),
        ["customers_country_idx (country text_pattern_ops) [q]"]
    );
}

#[test]
fn contains_gets_an_inverted_index() {
    let s = compile_ok("entity Product { tags json = []\n labels text[] = []\n scale rows 100k }\nquery a: Product where tags contains ? rate 1/s\nquery b: Product where labels contains ? rate 1/s");
    assert_eq!(
        planned(&s, "products"),
        [
            "products_tags_idx gin (tags) [a]",
            "products_labels_idx gin (labels) [b]"
        ]
    );
}

#[test]
fn literal_on_a_low_cardinality_column_becomes_the_predicate() {
    let s = shop("query q: Order where status = 'pending' count rate 1/s\nquery r: Order where paid = false and placed_at < ? rate 1/s");
    assert_eq!(
        planned(&s, "orders"),
        [
            "orders_status_idx (status) where status = 'pending' [q]",
            "orders_placed_at_idx (placed_at) where paid = false [r]",
            "orders_customer_id_idx (customer_id) [fk]",
        ]
    );
}

#[test]
fn paths_index_both_sides_of_the_join() {
    let s = shop("query q: Order where customer.country = ? rate 10/s");
    assert_eq!(
        planned(&s, "customers"),
        ["customers_country_idx (country) [q]"]
    );
    assert_eq!(
        planned(&s, "orders"),
        ["orders_customer_id_idx (customer_id) [q]"]
    );
}

#[test]
fn or_plans_an_index_per_branch() {
    let s = shop("query q: Order where total = ? or placed_at > ? rate 10/s");
    assert_eq!(
        planned(&s, "orders"),
        [
            "orders_total_idx (total) [q]",
            "orders_placed_at_idx (placed_at) [q]",
            "orders_customer_id_idx (customer_id) [fk]"
        ]
    );
}

#[test]
fn every_foreign_key_is_covered_except_lookups_and_small_tables() {
    let s = compile_ok("enum Kind { a b }\nentity Owner { name text\n scale rows 10k }\nentity Pet { owner -> Owner\n kind Kind = a\n scale rows 50k }\nentity Tiny { owner -> Owner\n scale rows 200 }");
    assert_eq!(planned(&s, "pets"), ["pets_owner_id_idx (owner_id) [fk]"]);
    assert!(planned(&s, "tinies").is_empty());
}

#[test]
fn small_tables_get_no_secondary_index() {
    let s = compile_ok(
        "entity Flag { name string(40)\n scale rows 300 }\nquery q: Flag where name = ? rate 100/s",
    );
    assert!(planned(&s, "flags").is_empty());
}

#[test]
fn a_prefix_index_merges_into_the_longer_one() {
    let s = shop("query a: Order where customer = ? rate 100/s\nquery b: Order where customer = ? order by placed_at limit 5 rate 10/s");
    assert_eq!(
        planned(&s, "orders"),
        ["orders_customer_id_placed_at_idx (customer_id, placed_at) [a,b]"]
    );
}

#[test]
fn user_indexes_are_kept_and_reused() {
    let s = compile_ok(&format!(
        "{}\nquery q: Order where customer = ? and status = ? rate 10/s",
        SHOP.replace(
            "  scale rows 20M",
            "  index (customer, status)\n  scale rows 20M"
        )
    ));
    assert!(
        planned(&s, "orders").is_empty(),
        "{:?}",
        planned(&s, "orders")
    );
    let user = &s.table("orders").expect("orders").indexes[0];
    assert_eq!(user.origin, IndexOrigin::User);
}

#[test]
fn rare_queries_reuse_leading_equalities_with_a_residual_filter() {
    let s = shop("query hot: Order where customer = ? rate 100/s\nquery rare: Order where customer = ? and total > ? rate 1/hour");
    let orders = planned(&s, "orders");
    assert_eq!(orders, ["orders_customer_id_idx (customer_id) [hot,rare]"]);
    let index = &s.table("orders").expect("orders").indexes[0];
    let IndexOrigin::Planned { reasons, .. } = &index.origin else {
        panic!("planned")
    };
    assert!(
        reasons.iter().any(|r| r.starts_with("rare: reuses")),
        "{reasons:?}"
    );
}

#[test]
fn soft_delete_indexes_are_partial_on_live_rows_unless_including_deleted() {
    let src = "use std.soft_delete\nentity Doc { title string(100)\n kind int\n with SoftDelete\n scale rows 100k }\nquery a: Doc where title = ? rate 10/s\nquery b: Doc where kind = ? including deleted rate 10/s";
    let s = compile_ok(src);
    assert_eq!(
        planned(&s, "docs"),
        [
            "docs_title_idx (title) where deleted_at is null [a]",
            "docs_kind_idx (kind) [b]"
        ]
    );
}

/// A soft-deleted tree node keeps its children until they are purged too, so the
/// `parent_id` index must cover the foreign key on every row: it stays full, and no
/// second `(parent_id)` index is planned beside it.
#[test]
fn a_soft_delete_tree_keeps_one_full_parent_index() {
    let src = "use std.soft_delete\nentity Folder {\n name string(100)\n tree\n with SoftDelete\n scale rows 100k\n}";
    let s = compile_ok(src);
    let folders = s.table("folders").expect("folders");
    let parent: Vec<_> = folders
        .indexes
        .iter()
        .filter(|i| i.columns.first().is_some_and(|k| k.column == "parent_id"))
        .collect();
    assert_eq!(parent.len(), 1, "{parent:?}");
    assert_eq!(parent[0].predicate, None);
}

#[test]
fn an_unindexable_query_warns() {
    let out = diagnostics(&format!("{SHOP}\nquery q: Order where total != ? rate 1/s"));
    assert!(out.contains("W0101 warning"), "{out}");
    assert!(out.contains("inequality on `total`"), "{out}");
}

#[test]
fn names_are_unique_and_the_plan_is_deterministic() {
    let q = "query a: Order where total = ? rate 1/s\nquery b: Order where total = ? and paid = true rate 1/s";
    let first = shop(q);
    assert_eq!(first, shop(q));
    let names: Vec<&str> = first
        .tables
        .iter()
        .flat_map(|t| t.indexes.iter().map(|i| i.name.as_str()))
        .collect();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(names.len(), unique.len());
}

// Not-null partial indexes (`planner/not_null.rs`).

const DOCS: &str = "
entity Owner { name string(80)\n scale rows 10k }
entity Doc {
  owner   -> Owner?
  code    string(20)?
  due     date?
  deleted timestamptz?
  scale rows 100k
}
";

#[test]
fn compared_nullable_key_columns_leave_their_null_rows_out() {
    let s = compile_ok(&format!(
        "{DOCS}\nquery due_soon: Doc where due >= ? order by due limit 50 rate 10/s\nquery gone: Doc where deleted is not null rate 1/s"
    ));
    assert_eq!(
        planned(&s, "docs"),
        [
            "docs_due_idx (due) where due is not null [due_soon]",
            "docs_deleted_idx (deleted) where deleted is not null [gone]",
            "docs_owner_id_idx (owner_id) where owner_id is not null [fk]",
        ]
    );
    assert!(reasons(&s, "docs", "docs_due_idx")
        .iter()
        .any(|r| r.starts_with("partial on `due IS NOT NULL`")));
    // The queries still use them: the predicate follows from their comparisons.
    let table = s.table("docs").expect("docs");
    for (query, index) in [("due_soon", "docs_due_idx"), ("gone", "docs_deleted_idx")] {
        let query = s.queries.iter().find(|q| q.name == query).expect("query");
        let shape = &planner::shape::shapes_of(&s, query)[0];
        assert_eq!(
            planner::access::best(table, shape)
                .map(|a| a.index)
                .as_deref(),
            Some(index)
        );
    }
}

#[test]
fn a_served_query_that_does_not_compare_the_column_keeps_its_null_rows() {
    // `first` orders by `due` without comparing it: rows with no due date are among
    // its results, so only `code` (compared by both queries) becomes the predicate.
    let s = compile_ok(&format!(
        "{DOCS}\nquery first: Doc where code = ? order by due limit 10 rate 20/s\nquery late: Doc where code = ? and due < ? rate 10/s"
    ));
    assert_eq!(
        planned(&s, "docs")[0],
        "docs_code_due_idx (code, due) where code is not null [first,late]"
    );
}

#[test]
fn the_index_that_covers_a_foreign_key_keeps_the_null_rows_of_its_other_columns() {
    // `owner_id` and `due` are nullable and compared, but the index is the one that
    // covers the foreign key: it leaves out the rows without an owner, which no lookup
    // by the foreign key returns either, and keeps those without a due date. No
    // separate foreign key index is added.
    let s = compile_ok(&format!(
        "{DOCS}\nquery mine: Doc where owner = ? and due >= ? order by due limit 20 rate 10/s"
    ));
    assert_eq!(
        planned(&s, "docs"),
        ["docs_owner_id_due_idx (owner_id, due) where owner_id is not null [mine]"]
    );
    let why = reasons(&s, "docs", "docs_owner_id_due_idx");
    assert!(why
        .iter()
        .any(|r| r.starts_with("partial on `owner_id IS NOT NULL`")
            && r.contains("nor a lookup by the foreign key `docs_owner_id_fkey` it covers")));
    assert!(why
        .iter()
        .any(|r| r.starts_with("keeps the rows where `due` is NULL")
            && r.ends_with("covers the foreign key `docs_owner_id_fkey`")));
}

#[test]
fn the_index_that_covers_a_foreign_key_keeps_its_null_rows_when_a_query_needs_them() {
    // `orphans` returns the rows without an owner: its index stays full, and covers
    // the foreign key as it is.
    let s = compile_ok(&format!(
        "{DOCS}\nquery orphans: Doc where owner is null rate 10/s"
    ));
    assert_eq!(
        planned(&s, "docs"),
        ["docs_owner_id_idx (owner_id) [orphans]"]
    );
}

// Foreign keys covered by an index of their own (`planner/foreign_keys.rs`).

#[test]
fn an_optional_foreign_key_gets_an_index_without_the_rows_that_have_no_parent() {
    let s = compile_ok(DOCS);
    assert_eq!(
        planned(&s, "docs"),
        ["docs_owner_id_idx (owner_id) where owner_id is not null [fk]"]
    );
}

#[test]
fn a_required_foreign_key_gets_a_full_index() {
    let s = compile_ok(&DOCS.replace("-> Owner?", "-> Owner"));
    assert_eq!(planned(&s, "docs"), ["docs_owner_id_idx (owner_id) [fk]"]);
}

#[test]
fn a_partial_index_on_the_foreign_key_alone_covers_it() {
    // The user's index leaves out the rows without an owner: it serves every lookup by
    // the foreign key, so the planner adds none and `explain` sees no pain point. An
    // index partial on anything else does not cover it.
    let with_index = |predicate: &str, rows: &str| {
        DOCS.replace(
            "  scale rows 100k",
            &format!("  index (owner) where {predicate}\n  scale rows {rows}"),
        )
    };
    let unpainful = |s: &Schema| {
        !explain::build(s, &caps(), None)
            .pain_points
            .iter()
            .any(|p| p.contains("`docs_owner_id_fkey`"))
    };
    let covered = compile_ok(&with_index("owner is not null", "100k"));
    assert_eq!(planned(&covered, "docs"), Vec::<String>::new());
    assert!(unpainful(&covered));
    let other = compile_ok(&with_index("due is not null", "100k"));
    assert_eq!(
        planned(&other, "docs"),
        ["docs_owner_id_idx_1 (owner_id) where owner_id is not null [fk]"]
    );
    assert!(!unpainful(&other));
    // The lint counts the same indexes (on a table too small for the planner to add
    // one).
    for (predicate, covers) in [("owner is not null", true), ("due is not null", false)] {
        let source = with_index(predicate, "500");
        let p = common::project(&[("app.schema", source.as_str())]);
        let schema = p.compile().0.expect("the schema compiles");
        let lints = lint::run(&p.project, &schema, &[]);
        assert_eq!(
            lints
                .iter()
                .any(|d| d.code == lint::unindexed_foreign_key::CODE),
            !covers,
            "index (owner) where {predicate}"
        );
    }
}

fn caps() -> explain::Capabilities {
    explain::Capabilities {
        dialect: "postgres".to_string(),
        partial_indexes: true,
        gin: true,
        multi_valued: false,
        prefix_btree: true,
        online_index_build: None,
    }
}

// Foreign keys covered by a planned index (`planner/foreign_keys.rs`).

const POSTS: &str = "
entity Category { name string(80)\n scale rows 5k }
entity Post {
  category     -> Category
  published_at timestamptz
  with SoftDelete
  scale rows 400k
}
query latest: Post where category = ? order by published_at desc limit 20 rate 700/s
";

#[test]
fn a_soft_delete_query_index_that_covers_a_foreign_key_keeps_deleted_rows() {
    let s = compile_ok(POSTS);
    assert_eq!(
        planned(&s, "posts"),
        ["posts_category_id_published_at_idx (category_id, published_at desc) [latest]"]
    );
    let why = reasons(&s, "posts", "posts_category_id_published_at_idx");
    assert!(why.iter().all(|r| !r.contains("partial on live rows")));
    assert!(
        why.iter()
            .any(|r| r.starts_with("keeps deleted rows too")
                && r.contains("`posts_category_id_fkey`"))
    );
}

#[test]
fn with_another_full_index_on_the_foreign_key_it_stays_partial_on_live_rows() {
    let s =
        compile_ok(&POSTS.replace("  with SoftDelete", "  with SoftDelete\n  index (category)"));
    assert_eq!(
        planned(&s, "posts"),
        ["posts_category_id_published_at_idx (category_id, published_at desc) where deleted_at is null [latest]"]
    );
}
