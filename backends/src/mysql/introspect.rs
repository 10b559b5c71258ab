//! MySQL / MariaDB introspection from `information_schema`. Tested against MariaDB
//! 10.11; on MySQL 8 the catalog reports literal defaults without quotes, which this
//! reader does not yet requote. A functional key part (MySQL 8 only) has no column
//! name but an `EXPRESSION`: a multi-valued key over a column is read back as that
//! column, as `expected_live` lists it; any other expression as its text.

use std::collections::BTreeMap;

use ::mysql::prelude::{FromRow, Queryable};
use ::mysql::{Conn, Row};

use crate::dialect::Dialect;
use crate::error::Error;
use crate::live::{
    normalize_default, partition_column, LiveCheck, LiveColumn, LiveForeignKey, LiveIndex,
    LiveIndexColumn, LivePrimaryKey, LiveSchema, LiveTable,
};

use super::{Mysql, MysqlFlavor};

const TABLES: &str = "
SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES
WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'";

const COLUMNS: &str = "
SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA,
       COLUMN_COMMENT
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = ?
ORDER BY TABLE_NAME, ORDINAL_POSITION";

/// The index key parts; `{expression}` is `EXPRESSION` on MySQL 8, `NULL` on MariaDB,
/// whose `STATISTICS` has no such column.
const STATISTICS: &str = "
SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, COLLATION, {expression}
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = ?
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

const FOREIGN_KEYS: &str = "
SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME,
       k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS r
  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
 AND r.TABLE_NAME = k.TABLE_NAME
WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION";

const VIEWS: &str = "
SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?";

const TRIGGERS: &str = "
SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME FROM information_schema.TRIGGERS
WHERE TRIGGER_SCHEMA = ?";

const PARTITIONS: &str = "
SELECT DISTINCT TABLE_NAME, PARTITION_EXPRESSION FROM information_schema.PARTITIONS
WHERE TABLE_SCHEMA = ? AND PARTITION_NAME IS NOT NULL";

const CHECKS: &str = "
SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE
FROM information_schema.TABLE_CONSTRAINTS tc
JOIN information_schema.CHECK_CONSTRAINTS cc
  ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
WHERE tc.TABLE_SCHEMA = ? AND tc.CONSTRAINT_TYPE = 'CHECK'";

type ColumnRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
);

pub fn introspect(conn: &mut Conn, database: &str) -> Result<LiveSchema, Error> {
    // Type normalization is the same for both flavors.
    let dialect = Mysql {
        flavor: MysqlFlavor::Mariadb,
    };
    let mut tables: BTreeMap<String, LiveTable> = BTreeMap::new();
    let rows: Vec<(String, String)> = fetch(conn, TABLES, database)?;
    for (name, comment) in rows {
        tables.insert(
            name.clone(),
            LiveTable {
                name,
                comment: Some(comment).filter(|c| !c.is_empty()),
                ..LiveTable::default()
            },
        );
    }

    let rows: Vec<ColumnRow> = fetch(conn, COLUMNS, database)?;
    for (table, name, ty, nullable, default, extra, comment) in rows {
        let Some(t) = tables.get_mut(&table) else {
            continue;
        };
        let extra = extra.to_ascii_lowercase();
        let generated = extra.contains("generated") && !extra.contains("default_generated");
        t.columns.push(LiveColumn {
            name,
            ty: dialect.normalize_reported_type(&ty),
            nullable: nullable == "YES",
            default: default
                .as_deref()
                .filter(|_| !generated)
                .and_then(normalize_default),
            identity: extra.contains("auto_increment"),
            on_update_now: extra.contains("on update"),
            generated,
            comment: Some(comment).filter(|c| !c.is_empty()),
        });
    }

    let version: Option<String> = conn.query_first("SELECT VERSION()")?;
    let expression = if version.is_some_and(|v| v.contains("MariaDB")) {
        "NULL"
    } else {
        "EXPRESSION"
    };
    type StatRow = (
        String,
        String,
        i64,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let statistics = STATISTICS.replace("{expression}", expression);
    let rows: Vec<StatRow> = fetch(conn, &statistics, database)?;
    for (table, index, non_unique, column, collation, expression) in rows {
        let Some(t) = tables.get_mut(&table) else {
            continue;
        };
        let name = match (column, expression) {
            (Some(column), _) => column,
            (None, Some(expression)) => {
                multi_valued_column(&expression).unwrap_or_else(|| format!("({expression})"))
            }
            (None, None) => String::new(),
        };
        let column = LiveIndexColumn {
            name,
            desc: collation.as_deref() == Some("D"),
        };
        if index == "PRIMARY" {
            t.primary_key
                .get_or_insert_with(|| LivePrimaryKey {
                    name: None,
                    columns: Vec::new(),
                })
                .columns
                .push(column.name);
            continue;
        }
        match t.indexes.iter_mut().find(|i| i.name == index) {
            Some(existing) => existing.columns.push(column),
            None => t.indexes.push(LiveIndex {
                name: index,
                columns: vec![column],
                unique: non_unique == 0,
                predicate: None,
            }),
        }
    }

    type ForeignKeyRow = (String, String, String, String, String, String, String);
    let rows: Vec<ForeignKeyRow> = fetch(conn, FOREIGN_KEYS, database)?;
    for (table, name, column, ref_table, ref_column, on_delete, on_update) in rows {
        let Some(t) = tables.get_mut(&table) else {
            continue;
        };
        match t
            .foreign_keys
            .iter_mut()
            .find(|fk| fk.name.as_deref() == Some(name.as_str()))
        {
            Some(existing) => {
                existing.columns.push(column);
                existing.ref_columns.push(ref_column);
            }
            None => t.foreign_keys.push(LiveForeignKey {
                name: Some(name),
                columns: vec![column],
                ref_table,
                ref_columns: vec![ref_column],
                on_delete,
                on_update,
            }),
        }
    }

    let rows: Vec<(String, String, String)> = fetch(conn, CHECKS, database)?;
    for (table, name, clause) in rows {
        let Some(t) = tables.get_mut(&table) else {
            continue;
        };
        // MariaDB scopes check names per table, so the join may pair a check with a
        // same-named one of another table; keep the first.
        if !t
            .checks
            .iter()
            .any(|c| c.name.as_deref() == Some(name.as_str()))
        {
            t.checks.push(LiveCheck {
                name: Some(name),
                expression: clause,
            });
        }
    }

    let rows: Vec<(String, String)> = fetch(conn, TRIGGERS, database)?;
    for (table, name) in rows {
        if let Some(t) = tables.get_mut(&table) {
            t.triggers.push(name);
        }
    }

    let rows: Vec<(String, Option<String>)> = fetch(conn, PARTITIONS, database)?;
    for (table, expression) in rows {
        if let Some(t) = tables.get_mut(&table) {
            t.partition_key = expression.as_deref().and_then(partition_column);
        }
    }

    let views: Vec<String> = fetch(conn, VIEWS, database)?;
    let mut live = LiveSchema {
        tables: tables.into_values().collect(),
        enums: Vec::new(),
        views,
    };
    live.sort();
    Ok(live)
}

/// The column of a multi-valued key part as MySQL 8 reports its expression:
/// ``cast(json_extract(`tags`,_utf8mb4'$') as char(40) array)`` for the key that
/// `Dialect::multi_valued_key` writes as `CAST(tags->'$' AS CHAR(40) ARRAY)`. `None` for
/// any other expression.
fn multi_valued_column(expression: &str) -> Option<String> {
    let rest = expression.trim().strip_prefix("cast(json_extract(`")?;
    // The quoted name ends at the first single backtick; a doubled one is part of it.
    let mut name = String::new();
    let mut chars = rest.char_indices().peekable();
    let end = loop {
        let (i, c) = chars.next()?;
        if c != '`' {
            name.push(c);
        } else if chars.peek().map(|&(_, next)| next) == Some('`') {
            chars.next();
            name.push('`');
        } else {
            break i + 1;
        }
    };
    let rest = rest[end..].strip_prefix(',')?;
    // The path literal may carry a charset introducer (`_utf8mb4'$'`).
    let rest = rest.trim_start_matches(|c: char| c == '_' || c.is_ascii_alphanumeric());
    let rest = rest.strip_prefix("'$') as ")?;
    (rest.ends_with(" array)") && !name.is_empty()).then_some(name)
}

/// Runs a catalog query for `database`, converting rows without panicking.
fn fetch<T: FromRow>(conn: &mut Conn, query: &str, database: &str) -> Result<Vec<T>, Error> {
    let rows: Vec<Row> = conn.exec(query, (database,))?;
    rows.into_iter()
        .map(|row| {
            ::mysql::from_row_opt(row).map_err(|e| Error::Mysql(::mysql::Error::FromRowError(e.0)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::multi_valued_column;

    #[test]
    fn multi_valued_keys_read_back_as_their_column() {
        assert_eq!(
            multi_valued_column("cast(json_extract(`labels`,_utf8mb4'$') as char(40) array)"),
            Some("labels".to_string())
        );
        assert_eq!(
            multi_valued_column("cast(json_extract(`a``b`,'$') as signed array)"),
            Some("a`b".to_string())
        );
        assert_eq!(
            multi_valued_column("cast(json_extract(`d`,_utf8mb4'$') as decimal(10, 2) array)"),
            Some("d".to_string())
        );
        // Other paths and other functional keys are not ours.
        assert_eq!(
            multi_valued_column("cast(json_extract(`f1`,_utf8mb4'$[*]') as char(10) array)"),
            None
        );
        assert_eq!(multi_valued_column("abs(`int_col`)"), None);
        assert_eq!(multi_valued_column("cast(`f1` as unsigned array)"), None);
        assert_eq!(multi_valued_column("cast(json_extract(`unterminated"), None);
    }
}
