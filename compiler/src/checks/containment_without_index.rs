//! `W0112` containment without an index on MySQL: the project targets MySQL or MariaDB
//! and a query tests `contains` on a json or array field that the engine cannot index.
//!
//! Why: a B-tree cannot serve containment. PostgreSQL serves it with GIN; MySQL 8
//! serves `contains` on an array whose elements it can type with a multi-valued index
//! (see [`mysql8_multi_valued`]); MariaDB has neither, nor does MySQL 8 for a json
//! document or an array of unbounded strings, floats, booleans, times or timestamps.
//! There the planner's index is left out and the query reads the whole table, once per
//! execution. A MariaDB project is warned about every such query; a MySQL project only
//! about those no multi-valued index serves. (SQLite has no inverted index either; its
//! fallback, the same scan, is documented in docs/planner.md.)
//!
//! ```text
//! entity Task { labels text[]  meta json }
//! query tasks_with_label: Task where labels contains ? rate 10/s
//! ```
//! Fix: none needed on PostgreSQL. On MySQL 8 bound the elements (`string(40)[]` gets a
//! multi-valued index); on MariaDB, or for a json document, keep the values as rows of
//! a child entity (`TaskLabel { task -> Task  label string(40) }`) and query them with
//! `=`, or accept the scan (`schemac explain --dialect mysql` shows what it reads).

use super::invalid_operator::field_class;
use crate::ir::ColumnType;
use crate::resolve::sites::{self, SiteKind};
use crate::resolve::types::ValueClass;
use crate::resolve::{keys, path, Model};
use schemac_lang::ast::{BinaryOp, ExprKind};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "W0112";

/// The longest string element a multi-valued index keys on (`CHAR(512)`).
const MAX_INDEXED_STRING: u32 = 512;

/// True when MySQL 8 builds a multi-valued index for `contains` on a column of type
/// `ty`: an array whose element type has a key type that accepts every value of it
/// (bounded strings up to 512 characters, native enums, uuids, integers, decimals,
/// dates), since the index rejects on insert what it cannot cast. The MySQL dialect
/// renders the key (`Dialect::multi_valued_key` in the backends, whose tests keep the
/// two in step).
pub fn mysql8_multi_valued(ty: &ColumnType) -> bool {
    let ColumnType::Array(element) = ty else {
        return false;
    };
    let bounded = |n: u32| (1..=MAX_INDEXED_STRING).contains(&n);
    match element.as_ref() {
        ColumnType::String { length } => bounded(*length),
        ColumnType::Enum(native) => native
            .values
            .iter()
            .map(|v| v.chars().count() as u32)
            .max()
            .is_some_and(bounded),
        ColumnType::Decimal { precision, scale } => {
            (1..=65).contains(precision) && *scale <= 30 && scale <= precision
        }
        ColumnType::Uuid
        | ColumnType::SmallInt
        | ColumnType::Int
        | ColumnType::BigInt
        | ColumnType::Date => true,
        _ => false,
    }
}

pub fn check(model: &Model, diags: &mut Diagnostics) {
    let settings = &model.project.settings;
    // `targets("mysql")` also answers for MariaDB.
    let mysql = settings.dialects.iter().any(|d| d == "mysql");
    let mariadb = settings.targets("mariadb");
    if !mysql && !mariadb {
        return;
    }
    sites::for_each(model, |site| {
        let SiteKind::QueryFilter(query) = site.kind else {
            return;
        };
        sites::walk(site.expr, &mut |e| {
            let ExprKind::Binary {
                op: BinaryOp::Contains,
                lhs,
                ..
            } = &e.kind
            else {
                return;
            };
            let Some((name, class)) = field_class(model, site.entity, true, lhs) else {
                return;
            };
            if !matches!(class, ValueClass::Json | ValueClass::Array) {
                return;
            }
            let indexed =
                column_type(model, site.entity, lhs).is_some_and(|ty| mysql8_multi_valued(&ty));
            let (engines, hint) = match (indexed, mysql, mariadb) {
                (true, _, false) => return,
                (true, _, true) => (
                    "MariaDB",
                    "MySQL 8 serves it with a multi-valued index and PostgreSQL with GIN; on MariaDB keep the values as rows of a child entity and query them with `=`, or accept the scan (`schemac explain --dialect mariadb` shows its cost)".to_string(),
                ),
                (false, true, true) => ("MySQL/MariaDB", not_indexed_hint("mysql")),
                (false, true, false) => ("MySQL", not_indexed_hint("mysql")),
                (false, false, _) => ("MariaDB", not_indexed_hint("mariadb")),
            };
            diags.push(
                Diagnostic::warning(
                    CODE,
                    format!(
                        "query `{}`: `contains` on `{name}` has no index on {engines}; the query scans `{}`",
                        query.name.name,
                        site.entity.name()
                    ),
                    e.span,
                    format!("no inverted index on {engines}"),
                )
                .with_hint(hint),
            );
        });
    });
}

/// The hint for a field no MySQL index serves; `dialect` names the `explain` to run.
fn not_indexed_hint(dialect: &str) -> String {
    format!(
        "PostgreSQL serves it with a GIN index; MySQL 8's multi-valued index needs an array of bounded strings (up to {MAX_INDEXED_STRING} characters), enums, uuids, integers, decimals or dates: keep the values as rows of a child entity and query them with `=`, or accept the scan (`schemac explain --dialect {dialect}` shows its cost)"
    )
}

/// The column type of the field a `contains` operand names, when it is one.
fn column_type(
    model: &Model,
    entity: &crate::resolve::Entity,
    operand: &schemac_lang::ast::Expr,
) -> Option<ColumnType> {
    let ExprKind::Path(p) = &operand.kind else {
        return None;
    };
    let field = path::resolve(model, entity, p, true)
        .ok()?
        .leaf
        .declared()?;
    keys::column_type(model, field, &field.ty)
}
