//! `E0212` duplicate table: two entities or enums that become tables of the same name,
//! through `@table("..")` or name derivation (`Person` and `Persons` do not collide,
//! but `@table("users")` next to `entity User` does).
//!
//! Why: one database cannot hold two tables of one name.
//!
//! ```text
//! entity User { email text }
//! entity Account @table("users") { name text }
//! ```
//! Fix: give one of them another `@table("..")` name.

use crate::hashing::FxHashMap as HashMap;
use crate::naming;
use crate::resolve::keys;
use crate::resolve::Model;
use schemac_lang::{Diagnostic, Diagnostics, Span};

pub const CODE: &str = "E0212";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    let mut seen: HashMap<String, (Span, &str)> = HashMap::default();
    let enums = model
        .enums
        .iter()
        .filter(|e| !keys::has_attr(&e.attrs, "native"))
        .map(|e| {
            (
                naming::table_name(&e.name.name),
                e.name.span,
                e.name.name.as_str(),
            )
        });
    let entities = model
        .entities
        .iter()
        .map(|e| (e.table.clone(), e.decl.name.span, e.name()));
    for (table, span, source) in enums.chain(entities) {
        match seen.get(&table) {
            // Two declarations of one name are `duplicate_declaration`'s finding.
            Some(&(_, first)) if first == source => {}
            Some(&(first_span, first)) => diags.push(
                Diagnostic::error(
                    CODE,
                    format!("`{source}` and `{first}` both become table `{table}`"),
                    span,
                    "second table of this name",
                )
                .with_secondary(first_span, format!("`{first}` is table `{table}`"))
                .with_hint("give one of them another name with `@table(\"..\")`"),
            ),
            None => {
                seen.insert(table, (span, source));
            }
        }
    }
}
