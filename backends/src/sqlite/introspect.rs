//! SQLite introspection from `sqlite_master` and the `pragma_*` table functions. Check
//! constraints are not in any catalog, so their names are read from the stored
//! `CREATE TABLE` text.

use rusqlite::Connection;

use crate::dialect::Dialect;
use crate::error::Error;
use crate::live::{
    normalize_default, LiveCheck, LiveColumn, LiveForeignKey, LiveIndex, LiveIndexColumn,
    LivePrimaryKey, LiveSchema, LiveTable, LiveUnique,
};

use super::Sqlite;

pub fn introspect(conn: &Connection) -> Result<LiveSchema, Error> {
    let dialect = Sqlite;
    let mut statement = conn.prepare(
        "SELECT name, sql FROM sqlite_master \
         WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )?;
    let tables: Vec<(String, Option<String>)> = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut live = LiveSchema::default();
    for (name, sql) in tables {
        let mut table = LiveTable {
            name: name.clone(),
            ..LiveTable::default()
        };
        read_columns(conn, &dialect, &mut table)?;
        read_foreign_keys(conn, &mut table)?;
        read_indexes(conn, &mut table)?;
        table.checks = checks_in(sql.as_deref().unwrap_or_default());
        let mut statement = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1")?;
        table.triggers = statement
            .query_map([&name], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        live.tables.push(table);
    }
    let mut statement =
        conn.prepare("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")?;
    live.views = statement
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    live.sort();
    Ok(live)
}

fn read_columns(conn: &Connection, dialect: &Sqlite, table: &mut LiveTable) -> Result<(), Error> {
    let mut statement = conn.prepare(
        "SELECT name, type, \"notnull\", dflt_value, pk, hidden \
         FROM pragma_table_xinfo(?1) ORDER BY cid",
    )?;
    let rows: Vec<(String, String, bool, Option<String>, i64, i64)> = statement
        .query_map([&table.name], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut key: Vec<(i64, String)> = rows
        .iter()
        .filter(|r| r.4 > 0)
        .map(|r| (r.4, r.0.clone()))
        .collect();
    key.sort();
    let rowid_alias = match key.as_slice() {
        [(_, only)] => rows
            .iter()
            .any(|r| &r.0 == only && r.1.eq_ignore_ascii_case("INTEGER")),
        _ => false,
    };
    for (name, ty, not_null, default, pk, hidden) in rows {
        table.columns.push(LiveColumn {
            identity: rowid_alias && pk > 0,
            name,
            ty: dialect.normalize_reported_type(&ty),
            nullable: !not_null,
            default: default.as_deref().and_then(normalize_default),
            on_update_now: false,
            // `hidden` is 2 or 3 for generated columns.
            generated: hidden >= 2,
            comment: None,
        });
    }
    if !key.is_empty() {
        table.primary_key = Some(LivePrimaryKey {
            name: None,
            columns: key.into_iter().map(|(_, name)| name).collect(),
        });
    }
    Ok(())
}

fn read_foreign_keys(conn: &Connection, table: &mut LiveTable) -> Result<(), Error> {
    let mut statement = conn.prepare(
        "SELECT id, \"table\", \"from\", \"to\", on_delete, on_update \
         FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
    )?;
    let rows: Vec<(i64, String, String, Option<String>, String, String)> = statement
        .query_map([&table.name], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut current: Option<(i64, LiveForeignKey)> = None;
    for (id, ref_table, from, to, on_delete, on_update) in rows {
        match &mut current {
            Some((current_id, fk)) if *current_id == id => {
                fk.columns.push(from);
                fk.ref_columns.extend(to);
            }
            _ => {
                if let Some((_, fk)) = current.take() {
                    table.foreign_keys.push(fk);
                }
                current = Some((
                    id,
                    LiveForeignKey {
                        name: None,
                        columns: vec![from],
                        ref_table,
                        ref_columns: to.into_iter().collect(),
                        on_delete,
                        on_update,
                    },
                ));
            }
        }
    }
    if let Some((_, fk)) = current {
        table.foreign_keys.push(fk);
    }
    Ok(())
}

fn read_indexes(conn: &Connection, table: &mut LiveTable) -> Result<(), Error> {
    let mut statement = conn.prepare(
        "SELECT l.name, l.\"unique\", l.origin, m.sql \
         FROM pragma_index_list(?1) l \
         LEFT JOIN sqlite_master m ON m.type = 'index' AND m.name = l.name",
    )?;
    let indexes: Vec<(String, bool, String, Option<String>)> = statement
        .query_map([&table.name], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut columns_of = conn.prepare(
        "SELECT name, \"desc\" FROM pragma_index_xinfo(?1) WHERE key = 1 ORDER BY seqno",
    )?;
    for (name, unique, origin, sql) in indexes {
        let columns: Vec<LiveIndexColumn> = columns_of
            .query_map([&name], |row| {
                Ok(LiveIndexColumn {
                    name: row.get::<_, Option<String>>(0)?.unwrap_or_default(),
                    desc: row.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        match origin.as_str() {
            "pk" => {}
            "u" => table.uniques.push(LiveUnique {
                name: None,
                columns: columns.into_iter().map(|c| c.name).collect(),
            }),
            _ => table.indexes.push(LiveIndex {
                name,
                columns,
                unique,
                predicate: sql.as_deref().and_then(predicate_of),
            }),
        }
    }
    Ok(())
}

/// The text after the top-level `WHERE` of a `CREATE INDEX` statement.
fn predicate_of(sql: &str) -> Option<String> {
    let tokens = tokenize(sql);
    let at = tokens
        .iter()
        .position(|t| t.depth == 0 && t.word_is("where"))?;
    Some(sql[tokens[at].end..].trim().to_string())
}

/// The CHECK constraints of a `CREATE TABLE` statement: `CONSTRAINT name CHECK (...)`
/// with its name, a bare `CHECK (...)` without one.
fn checks_in(sql: &str) -> Vec<LiveCheck> {
    let tokens = tokenize(sql);
    let mut checks = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if !token.word_is("check") {
            continue;
        }
        let name = match i.checked_sub(2).map(|j| (&tokens[j], &tokens[j + 1])) {
            Some((keyword, name)) if keyword.word_is("constraint") => name.ident.clone(),
            _ => None,
        };
        let Some(open) = tokens.get(i + 1).filter(|t| t.text == "(") else {
            continue;
        };
        let close = tokens[i + 2..]
            .iter()
            .find(|t| t.text == ")" && t.depth == open.depth)
            .map_or(sql.len(), |t| t.start);
        checks.push(LiveCheck {
            name,
            expression: sql[open.end..close].trim().to_string(),
        });
    }
    checks
}

/// A token of SQL text: its text, byte range, parenthesis depth (of the token itself;
/// a parenthesis has the depth outside it) and, for identifiers, the unquoted name.
struct Token<'s> {
    text: &'s str,
    ident: Option<String>,
    start: usize,
    end: usize,
    depth: usize,
}

impl Token<'_> {
    fn word_is(&self, keyword: &str) -> bool {
        self.text.eq_ignore_ascii_case(keyword)
    }
}

fn tokenize(sql: &str) -> Vec<Token<'_>> {
    let bytes = sql.as_bytes();
    let mut tokens = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let (ident, token_depth) = match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'\'' | b'"' | b'`' | b'[' => {
                let close = if c == b'[' { b']' } else { c };
                i += 1;
                let mut name = Vec::new();
                while i < bytes.len() {
                    if bytes[i] == close {
                        if close != b']' && bytes.get(i + 1) == Some(&close) {
                            name.push(close);
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    name.push(bytes[i]);
                    i += 1;
                }
                i = (i + 1).min(bytes.len());
                let ident = (c != b'\'').then(|| String::from_utf8_lossy(&name).into_owned());
                (ident, depth)
            }
            b'(' => {
                i += 1;
                depth += 1;
                (None, depth - 1)
            }
            b')' => {
                i += 1;
                depth = depth.saturating_sub(1);
                (None, depth)
            }
            _ if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                (Some(sql[start..i].to_string()), depth)
            }
            _ => {
                i += 1;
                while i < bytes.len() && !sql.is_char_boundary(i) {
                    i += 1;
                }
                (None, depth)
            }
        };
        tokens.push(Token {
            text: &sql[start..i],
            ident,
            start,
            end: i,
            depth: token_depth,
        });
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_are_found_with_their_names() {
        let sql = "CREATE TABLE t (a INTEGER CHECK (a > 0), \"b\" TEXT, \
                   CONSTRAINT \"t_b_check\" CHECK (length(\"b\") <= 3 AND b <> ')'), \
                   CONSTRAINT t_c CHECK ((a) IN (0, 1)))";
        let checks = checks_in(sql);
        assert_eq!(checks.len(), 3);
        assert_eq!(checks[0].name, None);
        assert_eq!(checks[0].expression, "a > 0");
        assert_eq!(checks[1].name.as_deref(), Some("t_b_check"));
        assert_eq!(checks[1].expression, "length(\"b\") <= 3 AND b <> ')'");
        assert_eq!(checks[2].name.as_deref(), Some("t_c"));
        assert_eq!(checks[2].expression, "(a) IN (0, 1)");
    }

    #[test]
    fn predicates_follow_the_top_level_where() {
        assert_eq!(
            predicate_of("CREATE INDEX i ON t (a) WHERE b IS NULL").as_deref(),
            Some("b IS NULL")
        );
        assert_eq!(predicate_of("CREATE INDEX i ON t (a)"), None);
    }
}
