//! `W0001` naming convention: entities, enums and mixins are `PascalCase`; fields and
//! queries are `snake_case`.
//!
//! Why: table and column names are derived from these names; mixed conventions give
//! tables like `order_item` next to `orderitems` and make the schema harder to read.
//!
//! ```text
//! entity order_item { unitPrice int }
//! ```
//! Fix: `entity OrderItem { unit_price int }` (the hint gives the converted name).

use crate::naming;
use crate::project::FileOrigin;
use crate::resolve::Model;
use schemac_lang::ast::{Ident, Item, Member};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "W0001";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for file in model
        .files()
        .iter()
        .filter(|f| f.origin == FileOrigin::User)
    {
        for item in &file.ast.items {
            match item {
                Item::Entity(e) => {
                    pascal(&e.name, "entity", diags);
                    fields(&e.members, diags);
                }
                Item::Mixin(m) => {
                    pascal(&m.name, "mixin", diags);
                    fields(&m.members, diags);
                }
                Item::Enum(e) => pascal(&e.name, "enum", diags),
                Item::Query(q) => snake(&q.name, "query", diags),
                Item::Use(_) => {}
            }
        }
    }
}

fn fields(members: &[Member], diags: &mut Diagnostics) {
    for member in members {
        if let Member::Field(f) = member {
            snake(&f.name, "field", diags);
        }
    }
}

fn pascal(name: &Ident, kind: &str, diags: &mut Diagnostics) {
    let ok = name
        .name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_uppercase())
        && !name.name.contains('_');
    if !ok {
        let fixed = to_pascal(&name.name);
        diags.push(
            Diagnostic::warning(
                CODE,
                format!("{kind} `{}` should be PascalCase", name.name),
                name.span,
                "not PascalCase",
            )
            .with_hint(format!("rename it to `{fixed}`")),
        );
    }
}

fn snake(name: &Ident, kind: &str, diags: &mut Diagnostics) {
    // By byte: a byte of a non-ASCII character fails as the character would.
    let ok = name
        .name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !ok {
        diags.push(
            Diagnostic::warning(
                CODE,
                format!("{kind} `{}` should be snake_case", name.name),
                name.span,
                "not snake_case",
            )
            .with_hint(format!("rename it to `{}`", naming::snake_case(&name.name))),
        );
    }
}

fn to_pascal(name: &str) -> String {
    naming::snake_case(name)
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}
