//! Lowering of each construct to the IR, and the warnings and multi-file behaviour, on
//! small inputs.

mod common;

use common::compile_ok;
use schemac_compiler::ir::{
    BinaryOp, ColumnType, Expr, IndexOrigin, NativeEnum, RefAction, TableKind, TraversalKind, Value,
};

#[test]
fn implicit_id_and_derived_table_names() {
    let s = compile_ok("entity OrderItem { quantity int }\nentity Category { name text }\nentity Box { label text }");
    let names: Vec<_> = s.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["order_items", "categories", "boxes"]);
    let t = &s.tables[0];
    assert_eq!(t.kind, TableKind::Entity);
    assert_eq!(t.source, "OrderItem");
    let id = &t.columns[0];
    assert_eq!(
        (id.name.as_str(), &id.ty, id.identity, id.nullable),
        ("id", &ColumnType::BigInt, true, false)
    );
    assert_eq!(t.primary_key.name, "order_items_pkey");
    assert_eq!(t.primary_key.columns, ["id"]);
}

#[test]
fn table_attribute_overrides_the_name() {
    let s = compile_ok("entity Person @table(\"people_legacy\") { name text }");
    assert_eq!(s.tables[0].name, "people_legacy");
    assert_eq!(s.tables[0].primary_key.name, "people_legacy_pkey");
}

#[test]
fn relations_become_foreign_keys() {
    let s = compile_ok(
        "entity User { email text }\nentity Post {\n  author -> User on delete cascade\n  editor -> User? on delete set null on update cascade\n}",
    );
    let posts = s.table("posts").expect("posts");
    let author = posts.column("author_id").expect("author_id");
    assert_eq!(
        (&author.ty, author.nullable, author.identity),
        (&ColumnType::BigInt, false, false)
    );
    assert!(posts.column("editor_id").expect("editor_id").nullable);
    let fk = &posts.foreign_keys[0];
    assert_eq!(fk.name, "posts_author_id_fkey");
    assert_eq!(
        (fk.ref_table.as_str(), fk.ref_columns.as_slice()),
        ("users", &["id".to_string()][..])
    );
    assert_eq!(
        (fk.on_delete, fk.on_update),
        (RefAction::Cascade, RefAction::NoAction)
    );
    let fk = &posts.foreign_keys[1];
    assert_eq!(
        (fk.on_delete, fk.on_update),
        (RefAction::SetNull, RefAction::Cascade)
    );
}

#[test]
fn relation_to_a_composite_key_takes_every_key_column() {
    let s = compile_ok(
        "entity A { name text }\nentity B { name text }\nentity Pair {\n  a -> A\n  b -> B\n  primary key (a, b)\n}\nentity Note {\n  pair -> Pair\n  body text\n}",
    );
    let pairs = s.table("pairs").expect("pairs");
    assert_eq!(pairs.primary_key.columns, ["a_id", "b_id"]);
    let notes = s.table("notes").expect("notes");
    let columns: Vec<_> = notes.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(columns, ["id", "pair_a_id", "pair_b_id", "body"]);
    assert_eq!(notes.foreign_keys[0].columns, ["pair_a_id", "pair_b_id"]);
    assert_eq!(notes.foreign_keys[0].ref_columns, ["a_id", "b_id"]);
}

#[test]
fn relation_column_takes_the_target_key_type() {
    let s = compile_ok("entity Country {\n  code string(2)\n  primary key (code)\n}\nentity City { country -> Country }");
    let city = s.table("cities").expect("cities");
    assert_eq!(
        city.column("country_code").expect("column").ty,
        ColumnType::String { length: 2 }
    );
}

#[test]
fn polymorphic_relation_gets_type_id_check_and_index() {
    let s = compile_ok("entity Post { t text }\nentity Photo { u text }\nentity Comment { subject -> Post | Photo }");
    let t = s.table("comments").expect("comments");
    assert_eq!(
        t.column("subject_type").expect("type").ty,
        ColumnType::String { length: 50 }
    );
    assert_eq!(t.column("subject_id").expect("id").ty, ColumnType::BigInt);
    assert!(t.foreign_keys.is_empty());
    let check = &t.checks[0];
    assert_eq!(check.name, "comments_subject_type_check");
    let Expr::Binary {
        op: BinaryOp::In,
        lhs,
        rhs,
    } = &check.expr
    else {
        panic!("an IN check: {:?}", check.expr)
    };
    assert_eq!(**lhs, Expr::Column("subject_type".into()));
    assert_eq!(
        **rhs,
        Expr::List(vec![
            Expr::Value(Value::String("Post".into())),
            Expr::Value(Value::String("Photo".into()))
        ])
    );
    let index = &t.indexes[0];
    assert_eq!(index.name, "comments_subject_type_subject_id_idx");
    assert_eq!(index.origin, IndexOrigin::Polymorphic);
}

#[test]
fn exclusive_arcs_get_one_foreign_key_per_target_and_a_count_check() {
    let s = compile_ok("entity Post { t text }\nentity Photo { u text }\nentity Flag { target -> Post | Photo @exclusive_arcs }");
    let t = s.table("flags").expect("flags");
    for c in ["target_post_id", "target_photo_id"] {
        assert!(t.column(c).expect("arc column").nullable);
    }
    assert_eq!(t.foreign_keys.len(), 2);
    assert_eq!(t.foreign_keys[1].ref_table, "photos");
    let Expr::Binary {
        op: BinaryOp::Eq,
        lhs,
        rhs,
    } = &t.checks[0].expr
    else {
        panic!("an = check")
    };
    assert_eq!(
        **lhs,
        Expr::CountNotNull(vec!["target_post_id".into(), "target_photo_id".into()])
    );
    assert_eq!(**rhs, Expr::Value(Value::Number("1".into())));
}

#[test]
fn nullable_exclusive_arcs_allow_none_set() {
    let s = compile_ok("entity Post { t text }\nentity Photo { u text }\nentity Flag { target -> Post | Photo? @exclusive_arcs }");
    let Expr::Binary { op, .. } = &s.tables[2].checks[0].expr else {
        panic!("a check")
    };
    assert_eq!(*op, BinaryOp::Le);
}

#[test]
fn enums_become_lookup_tables_first() {
    let s = compile_ok("entity Order { status OrderStatus = pending }\nenum OrderStatus { pending paid a_very_long_variant_name_that_is_longer_than_fifty_chars }");
    let lookup = &s.tables[0];
    assert_eq!(
        (lookup.name.as_str(), lookup.kind),
        ("order_statuses", TableKind::EnumLookup)
    );
    assert_eq!(lookup.columns[0].ty, ColumnType::String { length: 56 });
    assert_eq!(lookup.primary_key.columns, ["value"]);
    assert_eq!(lookup.seed_rows.len(), 3);
    assert_eq!(lookup.seed_rows[0], vec![Value::String("pending".into())]);
    let orders = &s.tables[1];
    let status = orders.column("status").expect("status");
    assert_eq!(status.ty, ColumnType::String { length: 56 });
    assert_eq!(
        status.default.as_deref(),
        Some(&Expr::Value(Value::String("pending".into())))
    );
    let fk = &orders.foreign_keys[0];
    assert_eq!(
        (fk.ref_table.as_str(), fk.on_delete),
        ("order_statuses", RefAction::Restrict)
    );
    assert_eq!(fk.ref_columns, ["value"]);
    assert!(s.enums.is_empty());
}

#[test]
fn native_enums_become_enum_types() {
    let s = compile_ok("enum Mood @native { happy sad }\nentity Person { mood Mood }");
    assert_eq!(s.tables.len(), 1);
    assert_eq!(s.enums[0].name, "mood");
    let mood = s.tables[0].column("mood").expect("mood");
    assert_eq!(
        mood.ty,
        ColumnType::Enum(Box::new(NativeEnum {
            name: "mood".into(),
            values: vec!["happy".into(), "sad".into()]
        }))
    );
    assert!(s.tables[0].foreign_keys.is_empty());
}

#[test]
fn native_on_a_field_keeps_the_lookup_table_for_others() {
    let s =
        compile_ok("enum Mood { happy sad }\nentity Person {\n  mood Mood @native\n  past Mood\n}");
    assert_eq!(s.tables[0].kind, TableKind::EnumLookup);
    assert_eq!(s.enums.len(), 1);
    assert!(matches!(
        s.tables[1].column("mood").expect("mood").ty,
        ColumnType::Enum(_)
    ));
    assert_eq!(s.tables[1].foreign_keys.len(), 1);
}

#[test]
fn arrays_defaults_and_modifiers() {
    let s = compile_ok(
        "entity Doc {\n  /// The tags.\n  tags text[] = []\n  meta json = {\"b\": 1, \"a\": [true, null]}\n  seen timestamptz = now() @on_update\n  score int = -3\n  code string(8) unique check (length(code) > 2)\n}",
    );
    let t = &s.tables[0];
    let tags = t.column("tags").expect("tags");
    assert_eq!(tags.ty, ColumnType::Array(Box::new(ColumnType::Text)));
    assert_eq!(tags.comment.as_deref(), Some("The tags."));
    assert_eq!(
        t.column("meta").expect("meta").default.as_deref(),
        Some(&Expr::Value(Value::Json(
            r#"{"a":[true,null],"b":1}"#.into()
        )))
    );
    let seen = t.column("seen").expect("seen");
    assert_eq!(
        (seen.default.as_deref(), seen.on_update_now),
        (Some(&Expr::Now), true)
    );
    assert_eq!(
        t.column("score").expect("score").default.as_deref(),
        Some(&Expr::Value(Value::Number("-3".into())))
    );
    assert_eq!(t.uniques[0].name, "docs_code_key");
    assert_eq!(t.checks[0].name, "docs_code_check");
}

#[test]
fn table_level_lines() {
    let s = compile_ok(
        "entity User { email text }\nentity Member {\n  user -> User\n  team int\n  role text\n  unique (user, team)\n  index (team, role desc) where role != 'guest'\n  check (team > 0)\n  check (role != '')\n}",
    );
    let t = s.table("members").expect("members");
    assert_eq!(t.uniques[0].columns, ["user_id", "team"]);
    assert_eq!(t.uniques[0].name, "members_user_id_team_key");
    let index = &t.indexes[0];
    assert_eq!(index.name, "members_team_role_idx");
    assert!(index.columns[1].desc && !index.columns[0].desc);
    assert_eq!(index.origin, IndexOrigin::User);
    assert!(index.predicate.is_some());
    let checks: Vec<_> = t.checks.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(checks, ["members_check1", "members_check2"]);
}

#[test]
fn mixins_copy_fields_in_with_order() {
    let s = compile_ok(
        "mixin Owned {\n  owner_name text\n  index (owner_name)\n}\nentity Thing {\n  name text\n  with Timestamps, Owned, SoftDelete\n}",
    );
    let columns: Vec<_> = s.tables[0]
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        columns,
        [
            "id",
            "name",
            "created_at",
            "updated_at",
            "owner_name",
            "deleted_at",
            "deleted_by"
        ]
    );
    assert_eq!(s.tables[0].indexes[0].name, "things_owner_name_idx");
}

#[test]
fn local_mixin_shadows_the_stdlib() {
    let s = compile_ok("mixin Timestamps { made_at timestamp = now() }\nentity Thing {\n  name text\n  with Timestamps\n}");
    assert!(s.tables[0].column("made_at").is_some());
    assert!(s.tables[0].column("created_at").is_none());
}

#[test]
fn tree_adds_a_parent_reference() {
    let s = compile_ok("entity Category {\n  name text\n  tree\n}");
    let t = &s.tables[0];
    let parent = t.column("parent_id").expect("parent_id");
    assert!(parent.nullable);
    let fk = &t.foreign_keys[0];
    assert_eq!(
        (fk.ref_table.as_str(), fk.on_delete),
        ("categories", RefAction::Cascade)
    );
    assert_eq!(t.indexes[0].origin, IndexOrigin::Hierarchy);
}

#[test]
fn tree_closure_adds_a_closure_table_without_warnings() {
    let p = common::project(&[(
        "app.schema",
        "entity Category {\n  name text\n  tree closure\n}",
    )]);
    let (schema, diags) = p.compile();
    assert_eq!(p.render(&diags), "");
    let schema = schema.expect("compiles");
    let categories = &schema.tables[0];
    assert!(categories.column("parent_id").is_some());
    let h = categories.hierarchy.as_ref().expect("a hierarchy");
    assert_eq!(h.strategy, schemac_compiler::ir::TreeStrategy::Closure);
    assert!(h.declared);
    let closure = &schema.tables[1];
    assert_eq!(closure.name, "categories_closure");
    assert_eq!(
        closure.primary_key.columns,
        ["ancestor_id", "descendant_id"]
    );
    assert_eq!(closure.foreign_keys.len(), 2);
}

#[test]
fn scale_is_normalized_per_month() {
    let s = compile_ok("entity A {\n  x int\n  scale rows 2M growth 1k/day\n}\nentity B { x int }");
    assert_eq!(s.tables[0].scale.rows, 2_000_000.0);
    assert!((s.tables[0].scale.growth_per_month - 30_437.5).abs() < 1e-6);
    assert!(s.tables[0].scale.declared);
    assert_eq!(
        (s.tables[1].scale.rows, s.tables[1].scale.declared),
        (10_000.0, false)
    );
}

#[test]
fn queries_resolve_columns_joins_and_rates() {
    let s = compile_ok(
        "entity User { email text }\nentity Order {\n  user -> User\n  placed_at timestamptz = now()\n}\nquery q {\n  from Order\n  where user.email = ? and user = ?\n  order by placed_at desc\n  limit 20\n  rate 30/min\n}",
    );
    let q = &s.queries[0];
    assert_eq!(
        (q.name.as_str(), q.table.as_str(), q.limit),
        ("q", "orders", Some(20))
    );
    assert!((q.rate_per_sec - 0.5).abs() < 1e-9);
    assert_eq!(q.joins.len(), 1);
    let join = &q.joins[0];
    assert_eq!(
        (join.alias.as_str(), join.table.as_str()),
        ("user", "users")
    );
    assert_eq!(
        (join.from_columns.as_slice(), join.to_columns.as_slice()),
        (&["user_id".to_string()][..], &["id".to_string()][..])
    );
    let Some(Expr::Binary {
        op: BinaryOp::And,
        lhs,
        rhs,
    }) = &q.filter
    else {
        panic!("an and: {:?}", q.filter)
    };
    let Expr::Binary { lhs: joined, .. } = lhs.as_ref() else {
        panic!("a comparison")
    };
    assert_eq!(
        **joined,
        Expr::JoinedColumn {
            join: "user".into(),
            column: "email".into()
        }
    );
    let Expr::Binary { lhs: own, .. } = rhs.as_ref() else {
        panic!("a comparison")
    };
    assert_eq!(**own, Expr::Column("user_id".into()));
    assert_eq!(q.order_by[0].column, "placed_at");
    assert!(q.order_by[0].desc);
}

#[test]
fn query_flags_and_traversal() {
    let s = compile_ok(
        "entity Cat {\n  name text\n  tree\n  with SoftDelete\n}\nquery n: Cat where name = 'x' count including deleted rate 1/s\nquery kids: Cat children of ? rate 2/s",
    );
    assert!(s.queries[0].count && s.queries[0].including_deleted);
    assert_eq!(
        s.queries[1].traversal.as_ref().map(|t| t.kind),
        Some(TraversalKind::Children)
    );
}

#[test]
fn constraint_names_are_unique_across_the_schema() {
    // `a_b` + column `c` and `a` + column `b_c` both want `a_b_c_key`.
    let s = compile_ok("entity AB @table(\"a_b\") {\n  c int unique\n}\nentity A @table(\"a\") {\n  b_c int unique\n}");
    assert_eq!(s.tables[0].uniques[0].name, "a_b_c_key");
    assert_eq!(s.tables[1].uniques[0].name, "a_b_c_key_1");
}

#[test]
fn naming_conventions_are_warnings() {
    let p = common::project(&[("app.schema", "entity order_item {\n  unitPrice int\n}\nquery ByPrice: order_item where unitPrice = ? rate 1/s")]);
    let (schema, diags) = p.compile();
    assert!(schema.is_some());
    insta::assert_snapshot!(p.render(&diags), @r"
    W0001 warning app.schema:1:8 entity `order_item` should be PascalCase
      = app.schema:1:8: not PascalCase
      hint: rename it to `OrderItem`
    W0001 warning app.schema:2:3 field `unitPrice` should be snake_case
      = app.schema:2:3: not snake_case
      hint: rename it to `unit_price`
    W0001 warning app.schema:4:7 query `ByPrice` should be snake_case
      = app.schema:4:7: not snake_case
      hint: rename it to `by_price`
    ");
}

#[test]
fn including_deleted_without_soft_delete_warns() {
    let diags = common::diagnostics("entity User { email text }\nquery all_users: User where email = ? including deleted rate 1/s");
    assert!(diags.starts_with("W0003 warning"), "{diags}");
}

#[test]
fn files_share_one_namespace_and_cycles_are_reported() {
    let p = common::project(&[
        ("a.schema", "use \"./b.schema\"\nentity User { email text }"),
        (
            "b.schema",
            "use \"./a.schema\"\nentity Post { author -> User }\nentity User { name text }",
        ),
    ]);
    let (schema, diags) = p.compile();
    assert!(schema.is_none());
    insta::assert_snapshot!(p.render(&diags), @r"
    E0201 error a.schema:1:1 cyclic `use`: a.schema -> b.schema -> a.schema
      = a.schema:1:1: this `use` starts the cycle
      - b.schema:1:1: which continues here
      hint: move the shared declarations into a file that both use, and remove one `use` of the cycle
    E0202 error b.schema:3:8 `User` is declared more than once
      = b.schema:3:8: second declaration (entity)
      - a.schema:2:8: first declared here (entity)
      hint: names of entities, enums, mixins and queries are global to the project: rename or remove one
    ");
}

#[test]
fn errors_inside_a_mixin_are_reported_once() {
    let diags = common::diagnostics(
        "mixin M {\n  x strng\n}\nentity A {\n  with M\n}\nentity B {\n  with M\n}",
    );
    assert_eq!(diags.matches("E0203").count(), 1, "{diags}");
}

#[test]
fn null_test_on_a_required_field_warns() {
    let diags = common::diagnostics(
        "entity User {\n  email text\n  nick text?\n}\nquery q: User where email is not null and nick is null rate 1/s",
    );
    assert_eq!(diags.matches("W0004").count(), 1, "{diags}");
    assert!(diags.contains("is always true"), "{diags}");
}

#[test]
fn containment_warns_when_the_project_targets_mysql() {
    let source = "entity Task {\n  labels string(40)[]\n  notes text[]\n  meta json\n  title text\n}\nquery by_label: Task where labels contains ? and title = ? rate 1/s\nquery by_note: Task where notes contains ? rate 1/s\nquery by_meta: Task where meta contains ? rate 1/s\nquery by_title: Task where title = ? rate 1/s";
    let warnings = |dialects: &[&str]| {
        let mut p = common::project(&[("a.schema", source)]);
        p.project.settings.dialects = dialects.iter().map(|d| d.to_string()).collect();
        let (_, diags) = p.compile();
        let found: Vec<String> = diags
            .iter()
            .filter(|d| d.code == "W0112")
            .map(|d| d.message.clone())
            .collect();
        found
    };
    // MySQL 8 serves `labels` (bounded strings) with a multi-valued index, not
    // unbounded text elements or a json document.
    assert_eq!(
        warnings(&["postgres", "mysql", "sqlite"]),
        [
            "query `by_note`: `contains` on `notes` has no index on MySQL; the query scans `Task`",
            "query `by_meta`: `contains` on `meta` has no index on MySQL; the query scans `Task`",
        ]
    );
    // MariaDB has no multi-valued index.
    assert_eq!(
        warnings(&["mysql", "mariadb"]),
        [
            "query `by_label`: `contains` on `labels` has no index on MariaDB; the query scans `Task`",
            "query `by_note`: `contains` on `notes` has no index on MySQL/MariaDB; the query scans `Task`",
            "query `by_meta`: `contains` on `meta` has no index on MySQL/MariaDB; the query scans `Task`",
        ]
    );
    assert_eq!(warnings(&["mariadb"]).len(), 3);
    assert!(warnings(&["postgres", "sqlite"]).is_empty());
}

#[test]
fn a_diamond_of_uses_is_not_a_cycle() {
    let p = common::project(&[
        (
            "a.schema",
            "use \"./b.schema\"\nuse \"./c.schema\"\nentity A { d -> D }",
        ),
        ("b.schema", "use \"./d.schema\"\nentity B { d -> D }"),
        ("c.schema", "use \"./d.schema\"\nentity C { d -> D }"),
        ("d.schema", "entity D { name text }"),
    ]);
    let (schema, diags) = p.compile();
    assert!(diags.is_empty(), "{}", p.render(&diags));
    assert_eq!(schema.map(|s| s.tables.len()), Some(4));
}

#[test]
fn constraint_names_are_unique_across_a_schema_lowered_in_parallel() {
    // Enough entities to be lowered on several threads; each pair wants the same
    // unique name, and the last table's name takes the first pair's. Some entities
    // add an audit table, so an entity's tables are not always one.
    let mut source = String::new();
    for i in 0..400 {
        let audit = if i % 7 == 0 { "  audit\n" } else { "" };
        source.push_str(&format!(
            "entity P{i} @table(\"t{i}_x\") {{\n  y int unique\n{audit}}}\nentity Q{i} @table(\"t{i}\") {{\n  x_y int unique\n{audit}}}\n"
        ));
    }
    source.push_str("entity Last @table(\"t0_x_y_key\") {\n  k int\n}\n");
    let s = compile_ok(&source);
    let audited = (0..400).filter(|i| i % 7 == 0).count();
    assert_eq!(s.tables.len(), 801 + 2 * audited);
    for i in 0..400 {
        let first = s.table(&format!("t{i}_x")).expect("the first of the pair");
        let second = s.table(&format!("t{i}")).expect("the second of the pair");
        let (a, b) = if i == 0 { (1, 2) } else { (0, 1) };
        let suffix = |n: usize| {
            if n == 0 {
                String::new()
            } else {
                format!("_{n}")
            }
        };
        assert_eq!(first.uniques[0].name, format!("t{i}_x_y_key{}", suffix(a)));
        assert_eq!(second.uniques[0].name, format!("t{i}_x_y_key{}", suffix(b)));
    }
}
