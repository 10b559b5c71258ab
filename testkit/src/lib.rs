//! Test support shared by every crate's tests: each test gets its own PostgreSQL schema
//! or MariaDB database on the real servers (never a mock) and drops it when done, so
//! tests run in parallel and leave nothing behind. An unreachable server fails the test
//! with a message saying how to start it; nothing skips.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

/// A name unique to this test run: `t_<16 hex digits>`.
pub fn unique_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let hash = RandomState::new().hash_one((n, std::process::id()));
    format!("t_{hash:016x}")
}

/// A PostgreSQL database of its own, holding a schema of its own with `search_path` set
/// to it; the database is dropped on drop. A database, not only a schema, because
/// `CREATE INDEX CONCURRENTLY` waits for every older transaction in its database: in a
/// shared database, another test's long load would make it time out.
pub struct PgSchema {
    pub client: postgres::Client,
    /// The schema's name.
    pub name: String,
    /// The database's name.
    pub database: String,
}

impl PgSchema {
    pub fn new() -> Self {
        let database = unique_name();
        pg_connect("postgres")
            .batch_execute(&format!("CREATE DATABASE {database}"))
            .expect("creating the test database");
        let mut client = pg_connect(&database);
        let name = unique_name();
        client
            .batch_execute(&format!("CREATE SCHEMA {name}; SET search_path TO {name};"))
            .expect("creating the test schema");
        PgSchema {
            client,
            name,
            database,
        }
    }

    /// The URL of this schema, as `schemac apply --url` takes it.
    pub fn url(&self) -> String {
        format!(
            "postgres://postgres@127.0.0.1:5432/{}?schema={}",
            self.database, self.name
        )
    }
}

fn pg_connect(database: &str) -> postgres::Client {
    postgres::Client::connect(
        &format!("host=127.0.0.1 port=5432 user=postgres dbname={database}"),
        postgres::NoTls,
    )
    .unwrap_or_else(|e| {
        panic!(
            "PostgreSQL is not reachable at 127.0.0.1:5432 as user `postgres` (trust \
             auth, no password): {e}. Start it (e.g. `service postgresql start`) and \
             rerun; these tests never skip."
        )
    })
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        // WITH (FORCE) ends this guard's own connection and any the test left open.
        let _ = pg_connect("postgres").batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.database
        ));
    }
}

/// A MariaDB database of its own, selected on the connection; dropped on drop.
pub struct MyDatabase {
    pub conn: mysql::Conn,
    pub name: String,
}

impl MyDatabase {
    pub fn new() -> Self {
        use mysql::prelude::Queryable;
        let opts = mysql::OptsBuilder::new()
            .ip_or_hostname(Some("127.0.0.1"))
            .tcp_port(3306)
            .user(Some("root"))
            .pass(None::<String>);
        let mut conn = mysql::Conn::new(opts).unwrap_or_else(|e| {
            panic!(
                "MariaDB is not reachable at 127.0.0.1:3306 as `root` with an empty \
                 password: {e}. Start it (e.g. `service mariadb start`) and rerun; these \
                 tests never skip."
            )
        });
        let name = unique_name();
        conn.query_drop(format!("CREATE DATABASE {name} CHARACTER SET utf8mb4"))
            .expect("creating the test database");
        conn.select_db(&name).expect("selecting the test database");
        MyDatabase { conn, name }
    }
}

impl Drop for MyDatabase {
    fn drop(&mut self) {
        use mysql::prelude::Queryable;
        let _ = self
            .conn
            .query_drop(format!("DROP DATABASE IF EXISTS {}", self.name));
    }
}

/// An in-memory SQLite database with foreign keys enforced.
pub fn sqlite() -> rusqlite::Connection {
    let conn = rusqlite::Connection::open_in_memory().expect("opening SQLite in memory");
    conn.execute_batch("PRAGMA foreign_keys = ON;")
        .expect("enabling foreign keys");
    conn
}

/// Asserts that two descriptions of a schema (an introspected one and the expected
/// one) serialize identically, and shows the first differing lines when they do not.
pub fn assert_same_schema<T: serde::Serialize>(live: &T, expected: &T, context: &str) {
    let live = serde_json::to_string_pretty(live).expect("serializable");
    let expected = serde_json::to_string_pretty(expected).expect("serializable");
    if live == expected {
        return;
    }
    let diff: Vec<String> = live
        .lines()
        .zip(expected.lines())
        .enumerate()
        .filter(|(_, (l, e))| l != e)
        .take(20)
        .map(|(i, (l, e))| format!("line {i}:\n  live:     {l}\n  expected: {e}"))
        .collect();
    panic!(
        "{context}: the live schema differs from the expected one:\n{}\n\nlive:\n{live}",
        diff.join("\n")
    );
}
