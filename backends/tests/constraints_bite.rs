//! Inserts on the real engines prove that the rendered constraints are enforced: NOT
//! NULL, CHECK (including the emulated types and the exclusive-arc count), UNIQUE,
//! foreign keys, native enums and enum lookup rows reject bad rows while valid rows go
//! in; a partial unique index admits a duplicate outside its predicate; `@on_update`
//! moves `updated_at` on update.

mod support;

use std::time::Duration;

use mysql::prelude::Queryable;
use schemac_backends::naming::Namer;
use schemac_backends::{dialect, render_ddl, DialectKind};

/// A live database the scenarios run on.
trait Engine {
    fn kind(&self) -> DialectKind;
    fn exec(&mut self, sql: &str) -> Result<(), String>;
    /// The first column of the first row, read as text.
    fn text(&mut self, sql: &str) -> String;
    /// An expression that reads `column` as text.
    fn as_text(&self, column: &str) -> String;
}

struct Pg(schemac_testkit::PgSchema);
struct Maria(schemac_testkit::MyDatabase);
struct Lite(rusqlite::Connection);

impl Engine for Pg {
    fn kind(&self) -> DialectKind {
        DialectKind::Postgres
    }
    fn exec(&mut self, sql: &str) -> Result<(), String> {
        self.0
            .client
            .batch_execute(sql)
            .map_err(|e| format!("{e:?}"))
    }
    fn text(&mut self, sql: &str) -> String {
        self.0.client.query_one(sql, &[]).expect(sql).get(0)
    }
    fn as_text(&self, column: &str) -> String {
        format!("{column}::text")
    }
}

impl Engine for Maria {
    fn kind(&self) -> DialectKind {
        DialectKind::Mariadb
    }
    fn exec(&mut self, sql: &str) -> Result<(), String> {
        self.0.conn.query_drop(sql).map_err(|e| e.to_string())
    }
    fn text(&mut self, sql: &str) -> String {
        self.0
            .conn
            .query_first::<String, _>(sql)
            .expect(sql)
            .expect("a row")
    }
    fn as_text(&self, column: &str) -> String {
        format!("CAST({column} AS CHAR)")
    }
}

impl Engine for Lite {
    fn kind(&self) -> DialectKind {
        DialectKind::Sqlite
    }
    fn exec(&mut self, sql: &str) -> Result<(), String> {
        self.0.execute_batch(sql).map_err(|e| e.to_string())
    }
    fn text(&mut self, sql: &str) -> String {
        self.0.query_row(sql, [], |row| row.get(0)).expect(sql)
    }
    fn as_text(&self, column: &str) -> String {
        column.to_string()
    }
}

const UUID_1: &str = "123e4567-e89b-12d3-a456-426614174000";
const UUID_2: &str = "123e4567-e89b-12d3-a456-426614174001";

fn scenario(engine: &mut dyn Engine) {
    let kind = engine.kind();
    let ddl = render_ddl(&support::rich_schema(), kind);
    engine
        .exec(&ddl)
        .unwrap_or_else(|e| panic!("{kind}: applying the DDL failed: {e}"));
    let d = dialect(kind);
    let namer = Namer::new(d.as_ref());
    let q = |name: &str| namer.ident(name);
    let (user, order, products) = (q("user"), q("order"), q("products"));

    let accept = |engine: &mut dyn Engine, sql: String| {
        engine
            .exec(&sql)
            .unwrap_or_else(|e| panic!("{kind}: a valid statement was rejected: {sql}\n{e}"));
    };
    let reject = |engine: &mut dyn Engine, what: &str, sql: String| {
        assert!(
            engine.exec(&sql).is_err(),
            "{kind}: {what} was not enforced: {sql}"
        );
    };

    accept(
        engine,
        format!("INSERT INTO {user} (email) VALUES ('a@example.com')"),
    );
    accept(
        engine,
        format!("INSERT INTO {products} (name, sku) VALUES ('p', 'sku1')"),
    );
    accept(
        engine,
        format!("INSERT INTO {order} (user_id, public_id) VALUES (1, '{UUID_1}')"),
    );

    reject(
        engine,
        "NOT NULL",
        format!("INSERT INTO {products} (name, sku) VALUES (NULL, 'sku2')"),
    );
    reject(
        engine,
        "CHECK (quantity > 0)",
        "INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES (1, 1, 0, 1)"
            .to_string(),
    );
    accept(
        engine,
        "INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES (1, 1, 2, 1)"
            .to_string(),
    );
    reject(
        engine,
        "UNIQUE (sku)",
        format!("INSERT INTO {products} (name, sku) VALUES ('q', 'sku1')"),
    );
    reject(
        engine,
        "FOREIGN KEY (user_id)",
        format!("INSERT INTO {order} (user_id, public_id) VALUES (999, '{UUID_2}')"),
    );
    reject(
        engine,
        "the enum lookup foreign key",
        format!(
            "INSERT INTO {order} (user_id, public_id, priority) VALUES (1, '{UUID_2}', 'urgent')"
        ),
    );
    reject(
        engine,
        "the native enum",
        format!("INSERT INTO {order} (user_id, public_id, status) VALUES (1, '{UUID_2}', 'lost')"),
    );
    reject(
        engine,
        "the JSON type",
        format!("INSERT INTO {user} (email, settings) VALUES ('b@example.com', 'not json')"),
    );
    reject(
        engine,
        "string(255)",
        format!("INSERT INTO {user} (email) VALUES ('{}')", "x".repeat(256)),
    );
    reject(
        engine,
        "the array type",
        format!(
            "INSERT INTO {order} (user_id, public_id, tags) VALUES (1, '{UUID_2}', {})",
            match kind {
                DialectKind::Postgres => "'{{a}}'::text",
                _ => "'{\"a\": 1}'",
            }
        ),
    );
    if kind == DialectKind::Sqlite {
        reject(
            engine,
            "the bool CHECK",
            format!("INSERT INTO {user} (email, is_active) VALUES ('c@example.com', 2)"),
        );
        reject(
            engine,
            "the uuid length CHECK",
            format!("INSERT INTO {order} (user_id, public_id) VALUES (1, 'short')"),
        );
    }
    reject(
        engine,
        "the exclusive-arc CHECK (none set)",
        "INSERT INTO attachments (order_id, product_id) VALUES (NULL, NULL)".to_string(),
    );
    reject(
        engine,
        "the exclusive-arc CHECK (both set)",
        "INSERT INTO attachments (order_id, product_id) VALUES (1, 1)".to_string(),
    );
    accept(
        engine,
        "INSERT INTO attachments (order_id, product_id) VALUES (1, NULL)".to_string(),
    );

    // The partial unique index: a live duplicate is rejected, a duplicate of a deleted
    // row is accepted (the generated-column fallback gives MariaDB the same behaviour).
    reject(
        engine,
        "the partial UNIQUE index",
        format!("INSERT INTO {order} (user_id, public_id) VALUES (1, '{UUID_1}')"),
    );
    accept(
        engine,
        format!("UPDATE {order} SET deleted_at = '2024-01-01 00:00:00' WHERE id = 1"),
    );
    accept(
        engine,
        format!("INSERT INTO {order} (user_id, public_id) VALUES (1, '{UUID_1}')"),
    );

    // `@on_update` moves updated_at.
    let read = format!(
        "SELECT {} FROM {user} WHERE id = 1",
        engine.as_text("updated_at")
    );
    let before = engine.text(&read);
    std::thread::sleep(Duration::from_millis(20));
    accept(
        engine,
        format!("UPDATE {user} SET name = 'Ada' WHERE id = 1"),
    );
    let after = engine.text(&read);
    assert_ne!(before, after, "{kind}: updated_at did not change on update");
}

#[test]
fn postgres_enforces_the_constraints() {
    scenario(&mut Pg(schemac_testkit::PgSchema::new()));
}

#[test]
fn mariadb_enforces_the_constraints() {
    scenario(&mut Maria(schemac_testkit::MyDatabase::new()));
}

#[test]
fn sqlite_enforces_the_constraints() {
    scenario(&mut Lite(schemac_testkit::sqlite()));
}

#[test]
fn sqlite_accepts_foreign_key_cycles_inline() {
    let conn = schemac_testkit::sqlite();
    conn.execute_batch(&render_ddl(&support::rich_schema(), DialectKind::Sqlite))
        .expect("applying the DDL");
    conn.execute_batch(
        "INSERT INTO departments (name) VALUES ('R&D');
         INSERT INTO employees (department_id, email) VALUES (1, 'e@example.com');
         UPDATE departments SET manager_id = 1 WHERE id = 1;",
    )
    .expect("rows that close the cycle");
    assert!(conn
        .execute_batch("UPDATE departments SET manager_id = 42 WHERE id = 1")
        .is_err());
}
