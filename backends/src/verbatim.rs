//! The escape hatch: statements written with `@sql("<dialect>", "statement", ...)` on an
//! entity ([`VerbatimSql`] in the IR). The DDL emits those of its dialect verbatim after
//! every table, index, trigger and comment, table by table in declaration order.
//!
//! `expected_live` does not model them: schemac cannot know what an arbitrary statement
//! creates. Comparisons of an introspected database with `expected_live` first drop, with
//! [`forget_created_objects`], the indexes and triggers that a verbatim statement
//! creates by name (`CREATE [UNIQUE] INDEX name ON table`, `CREATE TRIGGER name ... ON
//! table`); anything else a verbatim statement changes (a column type, a constraint)
//! shows up as a difference.

use schemac_compiler::ir::{Schema, VerbatimSql};

use crate::dialect::Dialect;
use crate::live::LiveSchema;
use crate::DialectKind;

/// Whether a statement tagged `tag` is for `dialect` (`mysql` covers MariaDB).
pub fn applies(tag: &str, dialect: &dyn Dialect) -> bool {
    let name = dialect.name();
    tag == name || (tag == "mysql" && name == "mariadb")
}

/// The verbatim statements for `dialect`, table by table in declaration order.
pub fn statements<'s>(schema: &'s Schema, dialect: &dyn Dialect) -> Vec<&'s VerbatimSql> {
    schema
        .tables
        .iter()
        .flat_map(|t| &t.verbatim)
        .filter(|v| applies(&v.dialect, dialect))
        .collect()
}

/// The DDL section of the verbatim statements, `;`-terminated; `None` when there are none.
pub fn ddl_section(schema: &Schema, dialect: &dyn Dialect) -> Option<String> {
    let statements = statements(schema, dialect);
    (!statements.is_empty()).then(|| {
        statements
            .iter()
            .map(|v| format!("{};", v.sql))
            .collect::<Vec<_>>()
            .join("\n\n")
    })
}

/// What a verbatim statement creates, when it is an index or a trigger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Created {
    Index { table: String, name: String },
    Trigger { table: String, name: String },
}

/// The index or trigger a statement creates, read from its text.
pub fn created(sql: &str) -> Option<Created> {
    let words: Vec<&str> = sql.split_whitespace().collect();
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    let is = |i: usize, w: &str| upper.get(i).is_some_and(|u| u == w);
    if !is(0, "CREATE") {
        return None;
    }
    let mut at = 1;
    if is(at, "OR") && is(at + 1, "REPLACE") {
        at += 2;
    }
    if is(at, "UNIQUE") {
        at += 1;
    }
    let index = is(at, "INDEX");
    if !index && !is(at, "TRIGGER") {
        return None;
    }
    at += 1;
    if index && is(at, "CONCURRENTLY") {
        at += 1;
    }
    if is(at, "IF") && is(at + 1, "NOT") && is(at + 2, "EXISTS") {
        at += 3;
    }
    let name = unquote(words.get(at)?);
    let on = (at + 1..upper.len()).find(|&i| upper[i] == "ON")?;
    let mut table = words.get(on + 1)?.to_string();
    if index && table.eq_ignore_ascii_case("ONLY") {
        table = words.get(on + 2)?.to_string();
    }
    let table = unquote(table.split('(').next().unwrap_or_default());
    Some(if index {
        Created::Index { table, name }
    } else {
        Created::Trigger { table, name }
    })
}

/// `"schema"."name"`, `` `name` `` or `name` to `name`.
fn unquote(word: &str) -> String {
    let last = word.rsplit('.').next().unwrap_or(word);
    last.trim_matches(|c| c == '"' || c == '`' || c == '[' || c == ']')
        .to_string()
}

/// Removes from `live` the indexes and triggers that `schema`'s verbatim statements for
/// `kind` create, so that `live` compares with [`crate::expected_live`].
pub fn forget_created_objects(live: &mut LiveSchema, schema: &Schema, kind: DialectKind) {
    let dialect = crate::dialect(kind);
    for v in statements(schema, dialect.as_ref()) {
        match created(&v.sql) {
            Some(Created::Index { table, name }) => {
                if let Some(t) = live.tables.iter_mut().find(|t| t.name == table) {
                    t.indexes.retain(|i| i.name != name);
                }
            }
            Some(Created::Trigger { table, name }) => {
                if let Some(t) = live.tables.iter_mut().find(|t| t.name == table) {
                    t.triggers.retain(|n| *n != name);
                }
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_objects_are_read_from_the_statement() {
        assert_eq!(
            created(
                "CREATE UNIQUE INDEX IF NOT EXISTS \"ux_email\" ON public.users (lower(email))"
            ),
            Some(Created::Index {
                table: "users".into(),
                name: "ux_email".into()
            })
        );
        assert_eq!(
            created("CREATE INDEX idx ON ONLY t USING gin (tags)"),
            Some(Created::Index {
                table: "t".into(),
                name: "idx".into()
            })
        );
        assert_eq!(
            created(
                "CREATE OR REPLACE TRIGGER audit AFTER UPDATE ON `film` FOR EACH ROW BEGIN END"
            ),
            Some(Created::Trigger {
                table: "film".into(),
                name: "audit".into()
            })
        );
        assert_eq!(created("ALTER TABLE t ADD CHECK (a > 0)"), None);
    }
}
