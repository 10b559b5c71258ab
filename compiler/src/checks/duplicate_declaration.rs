//! `E0202` duplicate declaration: two entities, enums, mixins or queries with the same
//! name, in one file or across files.
//!
//! Why: names are global to a project; with two declarations it is unclear which one a
//! relation, `with` or `explain --query` means. Entities and enums share one namespace
//! (both are type names). A user mixin may shadow a stdlib mixin: that is not a
//! duplicate.
//!
//! ```text
//! entity User { email text }
//! entity User { name text }
//! ```
//! Fix: rename or remove one of them.

use crate::hashing::FxHashMap as HashMap;
use crate::project::FileOrigin;
use crate::resolve::Model;
use schemac_lang::ast::{Ident, Item};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0202";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    let mut types: HashMap<&str, (&Ident, &str)> = HashMap::default();
    let mut mixins: HashMap<&str, &Ident> = HashMap::default();
    let mut queries: HashMap<&str, &Ident> = HashMap::default();
    for file in model
        .files()
        .iter()
        .filter(|f| f.origin == FileOrigin::User)
    {
        for item in &file.ast.items {
            match item {
                Item::Entity(e) => declare(&mut types, &e.name, "entity", diags),
                Item::Enum(e) => declare(&mut types, &e.name, "enum", diags),
                Item::Mixin(m) => declare_plain(&mut mixins, &m.name, "mixin", diags),
                Item::Query(q) => declare_plain(&mut queries, &q.name, "query", diags),
                Item::Use(_) => {}
            }
        }
    }
}

fn declare<'a>(
    seen: &mut HashMap<&'a str, (&'a Ident, &'a str)>,
    name: &'a Ident,
    kind: &'a str,
    diags: &mut Diagnostics,
) {
    match seen.get(name.name.as_str()) {
        Some(&(first, first_kind)) => diags.push(duplicate(name, kind, first, first_kind)),
        None => {
            seen.insert(&name.name, (name, kind));
        }
    }
}

fn declare_plain<'a>(
    seen: &mut HashMap<&'a str, &'a Ident>,
    name: &'a Ident,
    kind: &str,
    diags: &mut Diagnostics,
) {
    match seen.get(name.name.as_str()) {
        Some(first) => diags.push(duplicate(name, kind, first, kind)),
        None => {
            seen.insert(&name.name, name);
        }
    }
}

fn duplicate(name: &Ident, kind: &str, first: &Ident, first_kind: &str) -> Diagnostic {
    Diagnostic::error(CODE, format!("`{}` is declared more than once", name.name), name.span, format!("second declaration ({kind})"))
        .with_secondary(first.span, format!("first declared here ({first_kind})"))
        .with_hint("names of entities, enums, mixins and queries are global to the project: rename or remove one")
}
