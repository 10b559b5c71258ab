//! The relations the generator keeps consistent beyond plain foreign keys: polymorphic
//! `<name>_type` + `<name>_id` pairs (a CHECK lists the types) and exclusive arcs (a
//! CHECK that exactly one of several nullable foreign keys is set).

use schemac_compiler::ir::{BinaryOp, Expr, Schema, Table, Value};

/// A polymorphic relation: the type column, the id column, and for each type value the
/// table it names.
#[derive(Clone, Debug, PartialEq)]
pub struct Polymorphic<'s> {
    pub type_column: &'s str,
    pub id_column: String,
    pub variants: Vec<(&'s str, &'s str)>,
}

/// The polymorphic relations of `table`, found from their CHECK (`x_type IN (...)`).
pub fn polymorphic<'s>(schema: &'s Schema, table: &'s Table) -> Vec<Polymorphic<'s>> {
    let mut found = Vec::new();
    for check in &table.checks {
        let Expr::Binary {
            op: BinaryOp::In,
            lhs,
            rhs,
        } = &check.expr
        else {
            continue;
        };
        let (Expr::Column(type_column), Expr::List(items)) = (lhs.as_ref(), rhs.as_ref()) else {
            continue;
        };
        let Some(prefix) = type_column.strip_suffix("_type") else {
            continue;
        };
        let id_column = format!("{prefix}_id");
        if table.column(&id_column).is_none() {
            continue;
        }
        let variants: Option<Vec<(&str, &str)>> = items
            .iter()
            .map(|item| match item {
                Expr::Value(Value::String(name)) => schema
                    .tables
                    .iter()
                    .find(|t| t.source == *name)
                    .map(|t| (name.as_str(), t.name.as_str())),
                _ => None,
            })
            .collect();
        if let Some(variants) = variants.filter(|v| !v.is_empty()) {
            found.push(Polymorphic {
                type_column,
                id_column,
                variants,
            });
        }
    }
    found
}

/// The column sets of `table` of which exactly one is set (`CountNotNull(cols) = 1`).
pub fn exclusive_arcs(table: &Table) -> Vec<Vec<String>> {
    table
        .checks
        .iter()
        .filter_map(|check| match &check.expr {
            Expr::Binary {
                op: BinaryOp::Eq,
                lhs,
                rhs,
            } => match (lhs.as_ref(), rhs.as_ref()) {
                (Expr::CountNotNull(columns), Expr::Value(Value::Number(one))) if one == "1" => {
                    Some(columns.clone())
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}
