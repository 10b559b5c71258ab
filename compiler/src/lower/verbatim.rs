//! `@sql("<dialect>", "statement", ...)` on an entity: the escape hatch. Its statements
//! are copied into the table's [`VerbatimSql`] list in declaration order; the backends
//! emit those of their dialect after every table and index.

use crate::ir::VerbatimSql;
use schemac_lang::ast::{Attribute, ExprKind, Literal};

/// The statements of every `@sql` attribute in `attrs`, in order. A trailing `;` is
/// dropped: the backends terminate statements themselves.
pub fn statements(attrs: &[Attribute]) -> Vec<VerbatimSql> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.name.name == "sql") {
        let mut strings = attr.args.iter().filter_map(|e| match &e.kind {
            ExprKind::Literal(Literal::String(s)) => Some(s.as_str()),
            _ => None,
        });
        let Some(dialect) = strings.next() else {
            continue;
        };
        for sql in strings {
            let sql = sql.trim().trim_end_matches(';').trim_end();
            if !sql.is_empty() {
                out.push(VerbatimSql {
                    dialect: dialect.trim().to_string(),
                    sql: sql.to_string(),
                });
            }
        }
    }
    out
}
