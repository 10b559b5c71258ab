//! Introspection errors.

use std::fmt;

/// A failure while reading a live database's catalog.
#[derive(Debug)]
pub enum Error {
    Postgres(::postgres::Error),
    Mysql(::mysql::Error),
    Sqlite(rusqlite::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Postgres(e) => write!(f, "PostgreSQL introspection failed: {e}"),
            Error::Mysql(e) => write!(f, "MySQL introspection failed: {e}"),
            Error::Sqlite(e) => write!(f, "SQLite introspection failed: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Postgres(e) => Some(e),
            Error::Mysql(e) => Some(e),
            Error::Sqlite(e) => Some(e),
        }
    }
}

impl From<::postgres::Error> for Error {
    fn from(e: ::postgres::Error) -> Self {
        Error::Postgres(e)
    }
}

impl From<::mysql::Error> for Error {
    fn from(e: ::mysql::Error) -> Self {
        Error::Mysql(e)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Sqlite(e)
    }
}
