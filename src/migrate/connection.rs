//! One connection type over the three engines, with what `apply` and `status` ask of a
//! database: the `schema_migrations` table, running one migration file, and reading
//! the live schema.

use super::files::Migration;
use super::statements::{self, Statement};
use super::url::{DbUrl, ServerUrl};
use super::Failure;
use mysql::prelude::Queryable;
use schemac_backends::{DialectKind, LiveSchema};
use std::time::Duration;

/// How long a connection attempt, or a wait for SQLite's write lock, may take.
pub(super) const WAIT: Duration = Duration::from_secs(60);

/// A live connection to the database of a [`DbUrl`].
pub enum Connection {
    /// `schema` is the URL's `?schema=` (default `public`); it is the session's
    /// `search_path`, so `schema_migrations` lives there too.
    Postgres {
        client: Box<postgres::Client>,
        schema: String,
    },
    Mysql {
        conn: mysql::Conn,
        database: String,
    },
    Sqlite(rusqlite::Connection),
}

/// Whether the command may change the database: `status` opens SQLite read-only and
/// never creates a file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    ReadOnly,
}

/// A version recorded in `schema_migrations`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub version: String,
    pub checksum: String,
}

/// A migration file that failed: the statement (when one failed, rather than the
/// bookkeeping around it) and the engine's message.
#[derive(Debug, Clone)]
pub struct FileFailure {
    pub statement: Option<Statement>,
    pub message: String,
}

impl Connection {
    /// Connects; any failure is a database error naming the server or file.
    pub fn connect(url: &DbUrl, access: Access) -> Result<Connection, Failure> {
        match url {
            DbUrl::Postgres(server) => connect_postgres(server),
            DbUrl::Mysql(server) => connect_mysql(server),
            DbUrl::Sqlite(path) => {
                let opened = match access {
                    Access::ReadWrite => rusqlite::Connection::open(path),
                    Access::ReadOnly => rusqlite::Connection::open_with_flags(
                        path,
                        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                    ),
                };
                let conn = opened.map_err(|e| {
                    Failure::Database(format!(
                        "cannot open the SQLite database `{}`: {e}",
                        path.display()
                    ))
                })?;
                conn.busy_timeout(WAIT).map_err(sqlite_error)?;
                // A table rebuild drops and recreates tables that others reference:
                // foreign keys are not enforced while files run (the bundled SQLite
                // turns them on by default), and each file is checked after it ran.
                if access == Access::ReadWrite {
                    conn.execute_batch("PRAGMA foreign_keys = OFF")
                        .map_err(sqlite_error)?;
                }
                Ok(Connection::Sqlite(conn))
            }
        }
    }

    /// The dialect of the live engine; a MySQL URL may reach MariaDB.
    pub fn kind(&mut self) -> Result<DialectKind, Failure> {
        match self {
            Connection::Postgres { .. } => Ok(DialectKind::Postgres),
            Connection::Sqlite(_) => Ok(DialectKind::Sqlite),
            Connection::Mysql { conn, .. } => {
                let version: Option<String> =
                    conn.query_first("SELECT VERSION()").map_err(mysql_error)?;
                Ok(if version.unwrap_or_default().contains("MariaDB") {
                    DialectKind::Mariadb
                } else {
                    DialectKind::Mysql
                })
            }
        }
    }

    /// Creates `schema_migrations` when it does not exist.
    pub fn ensure_table(&mut self) -> Result<(), Failure> {
        match self {
            Connection::Postgres { client, .. } => client
                .batch_execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (\n  version varchar(255) PRIMARY KEY,\n  \
                     checksum text NOT NULL,\n  applied_at timestamptz NOT NULL DEFAULT now()\n)",
                )
                .map_err(postgres_error),
            Connection::Mysql { conn, .. } => conn
                .query_drop(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (\n  version varchar(255) NOT NULL PRIMARY KEY,\n  \
                     checksum varchar(80) NOT NULL,\n  applied_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP\n)",
                )
                .map_err(mysql_error),
            Connection::Sqlite(conn) => conn
                .execute_batch(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (\n  version text PRIMARY KEY,\n  \
                     checksum text NOT NULL,\n  applied_at text NOT NULL DEFAULT CURRENT_TIMESTAMP\n)",
                )
                .map_err(sqlite_error),
        }
    }

    /// Whether `schema_migrations` exists (`status` reads it without creating it).
    pub fn has_table(&mut self) -> Result<bool, Failure> {
        match self {
            Connection::Postgres { client, schema } => {
                let row = client
                    .query_one(
                        "SELECT EXISTS (SELECT 1 FROM information_schema.tables \
                         WHERE table_schema = $1 AND table_name = 'schema_migrations')",
                        &[schema],
                    )
                    .map_err(postgres_error)?;
                row.try_get(0).map_err(postgres_error)
            }
            Connection::Mysql { conn, database } => {
                let count: Option<i64> = conn
                    .exec_first(
                        "SELECT COUNT(*) FROM information_schema.tables \
                         WHERE table_schema = ? AND table_name = 'schema_migrations'",
                        (database.as_str(),),
                    )
                    .map_err(mysql_error)?;
                Ok(count.unwrap_or(0) > 0)
            }
            Connection::Sqlite(conn) => conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
                    [],
                    |row| row.get::<_, i64>(0),
                )
                .map(|count| count > 0)
                .map_err(sqlite_error),
        }
    }

    /// The rows of `schema_migrations`, in no particular order.
    pub fn applied(&mut self) -> Result<Vec<Applied>, Failure> {
        const QUERY: &str = "SELECT version, checksum FROM schema_migrations";
        match self {
            Connection::Postgres { client, .. } => client
                .query(QUERY, &[])
                .map_err(postgres_error)?
                .iter()
                .map(|row| {
                    Ok(Applied {
                        version: row.try_get(0)?,
                        checksum: row.try_get(1)?,
                    })
                })
                .collect::<Result<_, postgres::Error>>()
                .map_err(postgres_error),
            Connection::Mysql { conn, .. } => conn
                .query_map(QUERY, |(version, checksum)| Applied { version, checksum })
                .map_err(mysql_error),
            Connection::Sqlite(conn) => {
                let mut statement = conn.prepare(QUERY).map_err(sqlite_error)?;
                let rows = statement
                    .query_map([], |row| {
                        Ok(Applied {
                            version: row.get(0)?,
                            checksum: row.get(1)?,
                        })
                    })
                    .map_err(sqlite_error)?;
                rows.collect::<Result<_, _>>().map_err(sqlite_error)
            }
        }
    }

    /// Runs one migration file and records it in `schema_migrations`: in one transaction
    /// on PostgreSQL; in a savepoint of the run's exclusive transaction on SQLite (see
    /// `lock`); statement by statement on MySQL, whose DDL commits as it goes, and for a
    /// `-- schemac:txmode none` file.
    pub fn apply_file(&mut self, migration: &Migration) -> Result<(), FileFailure> {
        let statements = statements::split(&migration.sql);
        match self {
            Connection::Postgres { client, .. } => {
                const RECORD: &str =
                    "INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)";
                let record = [
                    &migration.version as &(dyn postgres::types::ToSql + Sync),
                    &migration.checksum,
                ];
                if migration.txmode_none {
                    run_each(&statements, |sql| {
                        client.batch_execute(sql).map_err(|e| describe_postgres(&e))
                    })?;
                    client
                        .execute(RECORD, &record)
                        .map_err(|e| bookkeeping(describe_postgres(&e)))?;
                    return Ok(());
                }
                let mut tx = client
                    .transaction()
                    .map_err(|e| bookkeeping(describe_postgres(&e)))?;
                run_each(&statements, |sql| {
                    tx.batch_execute(sql).map_err(|e| describe_postgres(&e))
                })?;
                tx.execute(RECORD, &record)
                    .map_err(|e| bookkeeping(describe_postgres(&e)))?;
                tx.commit().map_err(|e| bookkeeping(describe_postgres(&e)))
            }
            Connection::Mysql { conn, .. } => {
                run_each(&statements, |sql| {
                    conn.query_drop(sql).map_err(|e| e.to_string())
                })?;
                conn.exec_drop(
                    "INSERT INTO schema_migrations (version, checksum) VALUES (?, ?)",
                    (migration.version.as_str(), migration.checksum.as_str()),
                )
                .map_err(|e| bookkeeping(e.to_string()))
            }
            Connection::Sqlite(conn) => {
                const RECORD: &str =
                    "INSERT INTO schema_migrations (version, checksum) VALUES (?1, ?2)";
                let record = (migration.version.as_str(), migration.checksum.as_str());
                if migration.txmode_none {
                    run_each(&statements, |sql| {
                        conn.execute_batch(sql).map_err(|e| e.to_string())
                    })?;
                    return conn
                        .execute(RECORD, record)
                        .map(drop)
                        .map_err(|e| bookkeeping(e.to_string()));
                }
                conn.execute_batch("SAVEPOINT schemac_file")
                    .map_err(|e| bookkeeping(e.to_string()))?;
                let result = run_each(&statements, |sql| {
                    conn.execute_batch(sql).map_err(|e| e.to_string())
                })
                .and_then(|()| {
                    let broken: i64 = conn
                        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                            r.get(0)
                        })
                        .map_err(|e| bookkeeping(e.to_string()))?;
                    if broken > 0 {
                        return Err(bookkeeping(format!(
                            "{broken} row(s) reference missing rows after the file ran (PRAGMA foreign_key_check)"
                        )));
                    }
                    Ok(())
                })
                .and_then(|()| {
                    conn.execute(RECORD, record)
                        .map(drop)
                        .map_err(|e| bookkeeping(e.to_string()))
                });
                let end = if result.is_ok() {
                    "RELEASE schemac_file"
                } else {
                    "ROLLBACK TO schemac_file; RELEASE schemac_file"
                };
                conn.execute_batch(end)
                    .map_err(|e| bookkeeping(e.to_string()))?;
                result
            }
        }
    }

    /// The live schema, as the backends' introspectors describe it.
    pub fn introspect(&mut self) -> Result<LiveSchema, Failure> {
        let live = match self {
            Connection::Postgres { client, schema } => {
                schemac_backends::introspect_postgres(client, schema)
            }
            Connection::Mysql { conn, database } => {
                schemac_backends::introspect_mysql(conn, database)
            }
            Connection::Sqlite(conn) => schemac_backends::introspect_sqlite(conn),
        };
        live.map_err(|e| Failure::Database(e.to_string()))
    }
}

/// Runs each statement with `run`, stopping at the first failure.
fn run_each(
    statements: &[Statement],
    mut run: impl FnMut(&str) -> Result<(), String>,
) -> Result<(), FileFailure> {
    for statement in statements {
        run(&statement.text).map_err(|message| FileFailure {
            statement: Some(statement.clone()),
            message,
        })?;
    }
    Ok(())
}

fn bookkeeping(message: String) -> FileFailure {
    FileFailure {
        statement: None,
        message,
    }
}

fn connect_postgres(server: &ServerUrl) -> Result<Connection, Failure> {
    let user = server.user.as_deref().unwrap_or("postgres");
    let mut config = postgres::Config::new();
    config
        .host(&server.host)
        .port(server.port.unwrap_or(5432))
        .user(user)
        .dbname(server.database.as_deref().unwrap_or(user))
        .connect_timeout(WAIT);
    if let Some(password) = &server.password {
        config.password(password);
    }
    let mut client = config.connect(postgres::NoTls).map_err(|e| {
        Failure::Database(format!(
            "cannot connect to PostgreSQL at {}:{}: {}",
            server.host,
            server.port.unwrap_or(5432),
            describe_postgres(&e)
        ))
    })?;
    let schema = server
        .schema
        .clone()
        .unwrap_or_else(|| "public".to_string());
    let exists = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)",
            &[&schema],
        )
        .and_then(|row| row.try_get::<_, bool>(0))
        .map_err(postgres_error)?;
    if !exists {
        return Err(Failure::Database(format!(
            "the PostgreSQL schema `{schema}` does not exist"
        )));
    }
    client
        .batch_execute(&format!(
            "SET search_path TO \"{}\"",
            schema.replace('"', "\"\"")
        ))
        .map_err(postgres_error)?;
    Ok(Connection::Postgres {
        client: Box::new(client),
        schema,
    })
}

fn connect_mysql(server: &ServerUrl) -> Result<Connection, Failure> {
    let database = server.database.clone().unwrap_or_default();
    let port = server.port.unwrap_or(3306);
    let opts = mysql::OptsBuilder::new()
        .ip_or_hostname(Some(server.host.as_str()))
        .tcp_port(port)
        .user(server.user.as_deref())
        .pass(server.password.as_deref())
        .db_name(Some(database.as_str()))
        .tcp_connect_timeout(Some(WAIT));
    let conn = mysql::Conn::new(opts).map_err(|e| {
        Failure::Database(format!(
            "cannot connect to MySQL at {}:{port}: {e}",
            server.host
        ))
    })?;
    Ok(Connection::Mysql { conn, database })
}

/// The server's message with its detail and hint, or the client error.
fn describe_postgres(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => {
            let mut text = db.message().to_string();
            if let Some(detail) = db.detail() {
                text.push_str(&format!(" ({detail})"));
            }
            if let Some(hint) = db.hint() {
                text.push_str(&format!("; hint: {hint}"));
            }
            text
        }
        None => error.to_string(),
    }
}

pub(super) fn postgres_error(error: postgres::Error) -> Failure {
    Failure::Database(format!("PostgreSQL: {}", describe_postgres(&error)))
}

pub(super) fn mysql_error(error: mysql::Error) -> Failure {
    Failure::Database(format!("MySQL: {error}"))
}

pub(super) fn sqlite_error(error: rusqlite::Error) -> Failure {
    Failure::Database(format!("SQLite: {error}"))
}
