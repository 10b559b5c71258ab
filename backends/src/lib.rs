//! Dialects for schemac: type mapping, DDL rendering and introspection for PostgreSQL
//! 15+, MySQL 8 / MariaDB 10.11 and SQLite 3.35+.
//!
//! Architecture invariant: backends see only the planned IR
//! ([`schemac_compiler::ir::Schema`]), never the AST. Shared code (naming, ordering,
//! expressions, the DDL assembler, [`expected_live`]) asks a [`Dialect`] capability
//! questions and never matches on the engine; each engine lives in its own module.

mod ddl;
pub mod dialect;
mod error;
mod expected;
pub mod expr;
mod layout;
pub mod live;
pub mod migrate;
pub mod mysql;
pub mod naming;
pub mod order;
mod parallel;
pub mod partitions;
pub mod patterns;
pub mod postgres;
mod query;
pub mod sqlite;
mod templates;
pub mod traversal;
pub mod triggers;
pub mod verbatim;
pub mod views;

use std::fmt;
use std::str::FromStr;

use schemac_compiler::ir::Schema;

pub use ddl::Ddl;
pub use dialect::Dialect;
pub use error::Error;
pub use live::LiveSchema;
pub use mysql::MysqlFlavor;
pub use query::render_query_sql;

/// The engines schemac emits DDL for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DialectKind {
    Postgres,
    /// MySQL 8.0.16+.
    Mysql,
    /// MariaDB 10.11.
    Mariadb,
    Sqlite,
}

impl DialectKind {
    pub const ALL: [DialectKind; 4] = [
        DialectKind::Postgres,
        DialectKind::Mysql,
        DialectKind::Mariadb,
        DialectKind::Sqlite,
    ];

    /// The name accepted by [`FromStr`].
    pub fn as_str(self) -> &'static str {
        match self {
            DialectKind::Postgres => "postgres",
            DialectKind::Mysql => "mysql",
            DialectKind::Mariadb => "mariadb",
            DialectKind::Sqlite => "sqlite",
        }
    }
}

impl fmt::Display for DialectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown dialect name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownDialect(pub String);

impl fmt::Display for UnknownDialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown dialect `{}` (expected postgres, mysql, mariadb or sqlite)",
            self.0
        )
    }
}

impl std::error::Error for UnknownDialect {}

impl FromStr for DialectKind {
    type Err = UnknownDialect;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DialectKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == s)
            .ok_or_else(|| UnknownDialect(s.to_string()))
    }
}

/// The dialect for `kind`.
pub fn dialect(kind: DialectKind) -> Box<dyn Dialect> {
    match kind {
        DialectKind::Postgres => Box::new(postgres::Postgres),
        DialectKind::Mysql => Box::new(mysql::Mysql {
            flavor: MysqlFlavor::Mysql8,
        }),
        DialectKind::Mariadb => Box::new(mysql::Mysql {
            flavor: MysqlFlavor::Mariadb,
        }),
        DialectKind::Sqlite => Box::new(sqlite::Sqlite),
    }
}

/// The full DDL of `schema` for `kind`: `;`-terminated statements separated by blank
/// lines, in an order that applies on an empty database. Deterministic.
pub fn render_ddl(schema: &Schema, kind: DialectKind) -> String {
    ddl::render_ddl(schema, dialect(kind).as_ref())
}

/// [`render_ddl`] as sections to write out, for a caller that does not need the text
/// in one string (the `ddl` command writes them to its output).
pub fn ddl_sections(schema: &Schema, kind: DialectKind) -> ddl::Ddl {
    ddl::ddl_sections(schema, dialect(kind).as_ref())
}

/// What the engine's catalog should report after applying [`render_ddl`]'s output,
/// normalized like the introspectors' results.
pub fn expected_live(schema: &Schema, kind: DialectKind) -> LiveSchema {
    expected::expected_live(schema, dialect(kind).as_ref())
}

/// Reads the tables, enums and constraints of one PostgreSQL schema.
pub fn introspect_postgres(
    client: &mut ::postgres::Client,
    schema_name: &str,
) -> Result<LiveSchema, Error> {
    postgres::introspect::introspect(client, schema_name)
}

/// Reads the tables and constraints of one MySQL / MariaDB database.
pub fn introspect_mysql(conn: &mut ::mysql::Conn, database: &str) -> Result<LiveSchema, Error> {
    mysql::introspect::introspect(conn, database)
}

/// Reads the tables and constraints of a SQLite database.
pub fn introspect_sqlite(conn: &rusqlite::Connection) -> Result<LiveSchema, Error> {
    sqlite::introspect::introspect(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialect_names_round_trip() {
        for kind in DialectKind::ALL {
            assert_eq!(kind.as_str().parse::<DialectKind>(), Ok(kind));
            assert_eq!(dialect(kind).name(), kind.as_str());
        }
        assert!("oracle".parse::<DialectKind>().is_err());
    }

    #[test]
    fn reserved_word_lists_are_sorted_lowercase() {
        for kind in DialectKind::ALL {
            let words = dialect(kind).reserved_words();
            assert!(words.windows(2).all(|w| w[0] < w[1]), "{kind}");
            assert!(words.iter().all(|w| *w == w.to_ascii_lowercase()), "{kind}");
        }
    }

    #[test]
    fn every_reserved_word_is_found_in_any_case() {
        for kind in DialectKind::ALL {
            let dialect = dialect(kind);
            for word in dialect.reserved_words() {
                for written in [word.to_string(), word.to_ascii_uppercase()] {
                    assert!(dialect.is_reserved(&written), "{kind}: {written}");
                }
                let longer = format!("{word}x");
                assert!(
                    dialect.reserved_words().contains(&longer.as_str())
                        || !dialect.is_reserved(&longer),
                    "{kind}: {longer}"
                );
            }
        }
    }
}
