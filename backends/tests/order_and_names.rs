//! Naming (quoting of reserved words, shortening), statement order (dependencies,
//! self-references, cycles) and the query renderer.

mod support;

use schemac_backends::naming::Namer;
use schemac_backends::order::order_tables;
use schemac_backends::{dialect, render_ddl, render_query_sql, DialectKind};
use schemac_compiler::ir::{
    BinaryOp, ColumnType, Expr, IndexKey, Query, QueryJoin, RefAction, Schema,
};
use support::{bin, c, col, s, ColumnExt, TableBuilder};

#[test]
fn reserved_words_and_odd_names_are_quoted_only_when_needed() {
    let expectations = [
        (
            DialectKind::Postgres,
            [
                "\"order\"",
                "\"user\"",
                "\"group\"",
                "\"from\"",
                "\"select\"",
                "key",
            ],
        ),
        (
            DialectKind::Mariadb,
            ["`order`", "user", "`group`", "`from`", "`select`", "`key`"],
        ),
        (
            DialectKind::Sqlite,
            [
                "\"order\"",
                "user",
                "\"group\"",
                "\"from\"",
                "\"select\"",
                "\"key\"",
            ],
        ),
    ];
    for (kind, expected) in expectations {
        let d = dialect(kind);
        let namer = Namer::new(d.as_ref());
        let names = ["order", "user", "group", "from", "select", "key"];
        let quoted: Vec<String> = names.iter().map(|n| namer.ident(n)).collect();
        assert_eq!(quoted, expected, "{kind}");
        assert_eq!(namer.ident("order_items"), "order_items", "{kind}");
        assert_ne!(namer.ident("OrderItem"), "OrderItem", "{kind}");
        assert_ne!(namer.ident("2fa"), "2fa", "{kind}");
    }
}

#[test]
fn long_names_are_shortened_to_each_limit() {
    assert_eq!(support::LONG_TABLE.len(), 70);
    for (kind, limit) in [
        (DialectKind::Postgres, 63),
        (DialectKind::Mysql, 64),
        (DialectKind::Mariadb, 64),
    ] {
        let d = dialect(kind);
        let name = Namer::new(d.as_ref()).name(support::LONG_TABLE);
        assert_eq!(name.len(), limit, "{kind}");
        assert!(render_ddl(&support::rich_schema(), kind).contains(&name));
    }
    let d = dialect(DialectKind::Sqlite);
    assert_eq!(
        Namer::new(d.as_ref()).name(support::LONG_TABLE),
        support::LONG_TABLE
    );
}

fn cycle_schema() -> Schema {
    Schema {
        tables: vec![
            TableBuilder::new("a")
                .id()
                .column(col("b_id", ColumnType::BigInt).null())
                .fk(
                    "a_b_id_fkey",
                    &["b_id"],
                    "b",
                    &["id"],
                    RefAction::SetNull,
                    RefAction::NoAction,
                )
                .build(),
            TableBuilder::new("b")
                .id()
                .column(col("a_id", ColumnType::BigInt))
                .column(col("parent_id", ColumnType::BigInt).null())
                .fk(
                    "b_a_id_fkey",
                    &["a_id"],
                    "a",
                    &["id"],
                    RefAction::Cascade,
                    RefAction::NoAction,
                )
                .fk(
                    "b_parent_id_fkey",
                    &["parent_id"],
                    "b",
                    &["id"],
                    RefAction::SetNull,
                    RefAction::NoAction,
                )
                .build(),
            TableBuilder::new("c").id().build(),
            TableBuilder::new("d")
                .id()
                .column(col("e_id", ColumnType::BigInt))
                .fk(
                    "d_e_id_fkey",
                    &["e_id"],
                    "e",
                    &["id"],
                    RefAction::Cascade,
                    RefAction::NoAction,
                )
                .build(),
            TableBuilder::new("e").id().build(),
        ],
        enums: Vec::new(),
        queries: Vec::new(),
        views: Vec::new(),
        lookup: Default::default(),
    }
}

#[test]
fn tables_follow_their_dependencies_and_cycles_are_deferred() {
    let schema = cycle_schema();
    let order = order_tables(&schema, true);
    let names: Vec<&str> = order
        .tables
        .iter()
        .map(|&i| schema.tables[i].name.as_str())
        .collect();
    assert_eq!(names, ["c", "e", "d", "a", "b"]);
    // Only the foreign key that closes the cycle is deferred; the self-reference stays inline.
    assert_eq!(order.deferred_foreign_keys(), vec![(0, 0)]);

    let pg = render_ddl(&schema, DialectKind::Postgres);
    assert!(pg
        .contains("ALTER TABLE a ADD CONSTRAINT a_b_id_fkey FOREIGN KEY (b_id) REFERENCES b (id)"));
    assert!(pg.contains("CONSTRAINT b_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES b (id)"));

    let sqlite = render_ddl(&schema, DialectKind::Sqlite);
    assert!(!sqlite.contains("ALTER TABLE"));
    assert!(order_tables(&schema, false)
        .deferred_foreign_keys()
        .is_empty());
}

#[test]
fn cyclic_schemas_apply_on_postgres_and_mariadb() {
    use mysql::prelude::Queryable;
    let schema = cycle_schema();
    let mut pg = schemac_testkit::PgSchema::new();
    pg.client
        .batch_execute(&render_ddl(&schema, DialectKind::Postgres))
        .expect("PostgreSQL applies the cycle");
    let mut maria = schemac_testkit::MyDatabase::new();
    maria
        .conn
        .query_drop(render_ddl(&schema, DialectKind::Mariadb))
        .expect("MariaDB applies the cycle");
}

#[test]
fn queries_render_per_dialect() {
    let query = Query {
        name: "orders_by_email".to_string(),
        table: "order".to_string(),
        filter: Some(bin(
            BinaryOp::And,
            bin(
                BinaryOp::Eq,
                Expr::JoinedColumn {
                    join: "user".to_string(),
                    column: "email".to_string(),
                },
                Expr::Param,
            ),
            bin(
                BinaryOp::Or,
                bin(BinaryOp::In, c("status"), Expr::Param),
                bin(BinaryOp::StartsWith, c("note"), s("x")),
            ),
        )),
        joins: vec![QueryJoin {
            alias: "user".to_string(),
            from_columns: vec!["user_id".to_string()],
            table: "user".to_string(),
            to_columns: vec!["id".to_string()],
        }],
        traversal: None,
        order_by: vec![IndexKey {
            column: "placed_at".to_string(),
            desc: true,
            opclass: None,
        }],
        limit: Some(20),
        count: false,
        including_deleted: false,
        rate_per_sec: 20.0,
    };
    assert_eq!(
        render_query_sql(&query, DialectKind::Postgres),
        "SELECT * FROM \"order\" JOIN \"user\" AS \"user\" ON \"order\".user_id = \"user\".id \
         WHERE (\"user\".email = $1) AND ((\"order\".status = ANY($2)) OR (\"order\".note LIKE ('x' || '%'))) \
         ORDER BY \"order\".placed_at DESC LIMIT 20"
    );
    assert_eq!(
        render_query_sql(&query, DialectKind::Mariadb),
        "SELECT * FROM `order` JOIN user AS user ON `order`.user_id = user.id \
         WHERE (user.email = ?) AND ((`order`.status IN (?)) OR (`order`.note LIKE CONCAT('x', '%'))) \
         ORDER BY `order`.placed_at DESC LIMIT 20"
    );
}
