//! The bulk-load path of PostgreSQL and SQLite: the secondary indexes (and on
//! PostgreSQL the foreign keys) of the generated tables are set aside after the DDL is
//! applied, the rows go in, and then the indexes are built and the foreign keys added
//! again from the definitions the engine itself kept (`pg_get_indexdef`,
//! `pg_get_constraintdef`, `sqlite_master.sql`), so the schema ends exactly as the DDL
//! made it. `CREATE UNIQUE INDEX` proves uniqueness over the loaded rows and
//! `ADD CONSTRAINT ... FOREIGN KEY` validates every row, so integrity is proven as it is
//! when both are in place during the load, in one pass per object instead of one lookup
//! per row. (SQLite cannot drop a foreign key: it loads with `foreign_keys` off and
//! `PRAGMA foreign_key_check` proves afterwards that no row is an orphan.)
//!
//! Primary keys and unique constraints stay in place. Tables filled by a trigger (a
//! closure table) keep everything, because their trigger reads their indexes; so do
//! PostgreSQL's partitioned tables and their partitions, whose indexes are attached per
//! partition.

use crate::migrate::Failure;
use postgres::Client;

/// What was set aside, as the statements that put it back, in order: indexes first
/// (a foreign key may need a unique index of its parent), then foreign keys, then the
/// comments of both.
#[derive(Debug, Default)]
pub struct SetAside {
    restore: Vec<String>,
}

/// The secondary indexes (those no constraint owns) of `tables` in `schema`, as
/// `(drop, create, comment)` statements quoted by the server.
const INDEXES: &str = "\
SELECT format('DROP INDEX %I.%I', n.nspname, i.relname), pg_get_indexdef(i.oid), \
       CASE WHEN obj_description(i.oid, 'pg_class') IS NOT NULL THEN \
         format('COMMENT ON INDEX %I.%I IS %L', n.nspname, i.relname, obj_description(i.oid, 'pg_class')) END \
FROM pg_index x \
JOIN pg_class i ON i.oid = x.indexrelid \
JOIN pg_class t ON t.oid = x.indrelid \
JOIN pg_namespace n ON n.oid = t.relnamespace \
WHERE n.nspname = $1 AND t.relname = ANY($2) AND t.relkind = 'r' AND NOT t.relispartition \
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c \
                  WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u', 'x')) \
ORDER BY i.oid";

/// The foreign keys declared on `tables` in `schema`, as `(drop, add, comment)`.
const FOREIGN_KEYS: &str = "\
SELECT format('ALTER TABLE %I.%I DROP CONSTRAINT %I', n.nspname, t.relname, c.conname), \
       format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', n.nspname, t.relname, c.conname, pg_get_constraintdef(c.oid)), \
       CASE WHEN obj_description(c.oid, 'pg_constraint') IS NOT NULL THEN \
         format('COMMENT ON CONSTRAINT %I ON %I.%I IS %L', c.conname, n.nspname, t.relname, obj_description(c.oid, 'pg_constraint')) END \
FROM pg_constraint c \
JOIN pg_class t ON t.oid = c.conrelid \
JOIN pg_namespace n ON n.oid = t.relnamespace \
WHERE n.nspname = $1 AND t.relname = ANY($2) AND t.relkind = 'r' AND NOT t.relispartition \
  AND c.contype = 'f' AND c.conparentid = 0 \
ORDER BY c.oid";

/// Drops the secondary indexes and foreign keys of `tables` (the generated ones) and
/// remembers how to recreate them.
pub fn set_aside(
    client: &mut Client,
    schema: &str,
    tables: &[String],
) -> Result<SetAside, Failure> {
    let mut set_aside = SetAside::default();
    let mut drops = Vec::new();
    let mut comments = Vec::new();
    let indexes = client.query(INDEXES, &[&schema, &tables]).map_err(pg)?;
    let foreign_keys = client
        .query(FOREIGN_KEYS, &[&schema, &tables])
        .map_err(pg)?;
    // Foreign keys are dropped first: one may depend on a unique index of its parent.
    for row in foreign_keys.iter().chain(&indexes) {
        drops.push(row.try_get::<_, String>(0).map_err(pg)?);
        comments.extend(row.try_get::<_, Option<String>>(2).map_err(pg)?);
    }
    for row in indexes.iter().chain(&foreign_keys) {
        set_aside
            .restore
            .push(row.try_get::<_, String>(1).map_err(pg)?);
    }
    set_aside.restore.extend(comments);
    client.batch_execute(&drops.join(";\n")).map_err(pg)?;
    Ok(set_aside)
}

/// Builds the set-aside indexes and adds the foreign keys again, validating every row.
pub fn restore(client: &mut Client, set_aside: &SetAside) -> Result<(), Failure> {
    for statement in &set_aside.restore {
        client.batch_execute(statement).map_err(pg)?;
    }
    Ok(())
}

/// Drops the secondary indexes of `tables` in a SQLite database (those with their own
/// `CREATE INDEX`; a constraint's automatic index has no SQL) and remembers their SQL.
pub fn set_aside_sqlite(
    conn: &rusqlite::Connection,
    tables: &[String],
) -> Result<SetAside, Failure> {
    let mut set_aside = SetAside::default();
    let mut drops = Vec::new();
    let mut select = conn
        .prepare(
            "SELECT name, tbl_name, sql FROM sqlite_master \
             WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid",
        )
        .map_err(lite)?;
    let rows = select
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .map_err(lite)?;
    for row in rows {
        let (name, table, sql) = row.map_err(lite)?;
        if tables.contains(&table) {
            drops.push(format!("DROP INDEX \"{}\";", name.replace('"', "\"\"")));
            set_aside.restore.push(sql);
        }
    }
    conn.execute_batch(&drops.concat()).map_err(lite)?;
    Ok(set_aside)
}

/// Builds the set-aside indexes of a SQLite database, turns foreign keys back on and
/// proves that no row references a missing parent.
pub fn restore_sqlite(conn: &rusqlite::Connection, set_aside: &SetAside) -> Result<(), Failure> {
    for statement in &set_aside.restore {
        conn.execute_batch(statement).map_err(lite)?;
    }
    conn.execute_batch("PRAGMA foreign_keys = ON;")
        .map_err(lite)?;
    let mut check = conn.prepare("PRAGMA foreign_key_check").map_err(lite)?;
    let orphans = check
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(lite)?
        .collect::<Result<Vec<String>, _>>()
        .map_err(lite)?;
    match orphans.first() {
        None => Ok(()),
        Some(table) => Err(Failure::Database(format!(
            "SQLite: {} loaded row(s) reference a missing parent (the first in `{table}`)",
            orphans.len()
        ))),
    }
}

fn lite(error: rusqlite::Error) -> Failure {
    Failure::Database(format!("SQLite: {error}"))
}

fn pg(error: postgres::Error) -> Failure {
    Failure::Database(format!("PostgreSQL: {}", super::load::describe_pg(&error)))
}
