//! The lock that makes concurrent `apply` runs apply each file once: whoever holds it
//! reads `schema_migrations` and applies what is pending; the others wait, then find
//! nothing left to do.
//!
//! - PostgreSQL: the session advisory lock [`PG_LOCK_KEY`]. It is taken with
//!   `pg_try_advisory_lock` in a polling loop rather than a blocking
//!   `pg_advisory_lock`, so that a waiting run holds no open transaction: a
//!   `CREATE INDEX CONCURRENTLY` in the running one waits for every open transaction
//!   and would otherwise wait for the waiter.
//! - MySQL / MariaDB: `GET_LOCK('schemac_migrations', 60)`.
//! - SQLite: `BEGIN EXCLUSIVE` for the whole run (waiting up to the busy timeout);
//!   each file is a savepoint inside it, and `unlock` commits.

use super::connection::{mysql_error, postgres_error, sqlite_error, Connection, WAIT};
use super::Failure;
use mysql::prelude::Queryable;
use std::time::{Duration, Instant};

/// The PostgreSQL advisory lock key: the first 8 bytes of sha256("schemac"), big-endian.
pub const PG_LOCK_KEY: i64 = -1_574_028_361_549_744_113;

/// The MySQL named lock.
const MYSQL_LOCK: &str = "schemac_migrations";

const POLL: Duration = Duration::from_millis(100);

impl Connection {
    /// Takes the migration lock, waiting up to a minute for another run to finish.
    pub fn lock(&mut self) -> Result<(), Failure> {
        let busy = || {
            Failure::Database(format!(
                "another `schemac apply` held the migration lock for {} seconds; try again when it is done",
                WAIT.as_secs()
            ))
        };
        match self {
            Connection::Postgres { client, .. } => {
                let started = Instant::now();
                loop {
                    let row = client
                        .query_one("SELECT pg_try_advisory_lock($1)", &[&PG_LOCK_KEY])
                        .map_err(postgres_error)?;
                    if row.try_get::<_, bool>(0).map_err(postgres_error)? {
                        return Ok(());
                    }
                    if started.elapsed() > WAIT {
                        return Err(busy());
                    }
                    std::thread::sleep(POLL);
                }
            }
            Connection::Mysql { conn, .. } => {
                let got: Option<Option<i64>> = conn
                    .exec_first("SELECT GET_LOCK(?, ?)", (MYSQL_LOCK, WAIT.as_secs()))
                    .map_err(mysql_error)?;
                match got.flatten() {
                    Some(1) => Ok(()),
                    Some(_) => Err(busy()),
                    None => Err(Failure::Database(format!(
                        "MySQL: GET_LOCK('{MYSQL_LOCK}') failed"
                    ))),
                }
            }
            Connection::Sqlite(conn) => {
                conn.execute_batch("BEGIN EXCLUSIVE")
                    .map_err(|error| match error {
                        rusqlite::Error::SqliteFailure(e, _)
                            if e.code == rusqlite::ErrorCode::DatabaseBusy =>
                        {
                            busy()
                        }
                        other => sqlite_error(other),
                    })
            }
        }
    }

    /// Releases the lock; on SQLite this commits the run's transaction.
    pub fn unlock(&mut self) -> Result<(), Failure> {
        match self {
            Connection::Postgres { client, .. } => client
                .execute("SELECT pg_advisory_unlock($1)", &[&PG_LOCK_KEY])
                .map(drop)
                .map_err(postgres_error),
            Connection::Mysql { conn, .. } => conn
                .exec_drop("SELECT RELEASE_LOCK(?)", (MYSQL_LOCK,))
                .map_err(mysql_error),
            Connection::Sqlite(conn) if !conn.is_autocommit() => {
                conn.execute_batch("COMMIT").map_err(sqlite_error)
            }
            Connection::Sqlite(_) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    #[test]
    fn the_postgres_key_is_derived_from_the_name() {
        let digest = Sha256::digest(b"schemac");
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        assert_eq!(super::PG_LOCK_KEY, i64::from_be_bytes(first));
    }
}
