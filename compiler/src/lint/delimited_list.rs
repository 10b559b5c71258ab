//! `L0002` delimited list: a `string`/`text` field that looks like it holds a list of
//! values joined by a delimiter.
//!
//! Heuristic: the field is a string or text and either its name is a plural (`tags`,
//! `roles`, `emails`; words ending in `ss`, `us`, `is` and a few like `status` or
//! `news` are not plurals) or ends in `_ids` / `_list` / `_csv`, or its default holds a
//! comma (`= 'a,b'`).
//!
//! Why it is bad: a list in a string cannot be indexed or constrained; finding the rows
//! that hold one value is a full scan with `LIKE '%x%'`, and every reader must parse it.
//!
//! ```text
//! entity Post { tags text = 'new,draft' }
//! ```
//! Fix: an array (`tags string(40)[]`), a `json` list, or a join table (`entity PostTag
//! { post -> Post  tag -> Tag  primary key (post, tag) }`).

use super::{locate, Context};
use crate::ir::ColumnType;
use crate::resolve::FieldType;
use schemac_lang::ast::{ExprKind, Literal};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "L0002";

/// Words ending in `s` that are not plurals.
const SINGULAR_S: &[&str] = &[
    "status",
    "news",
    "series",
    "species",
    "alias",
    "canvas",
    "bias",
    "gas",
    "radius",
    "kudos",
    "address",
    "process",
    "access",
    "class",
    "analysis",
    "basis",
    "axis",
    "campus",
    "bonus",
    "census",
    "corpus",
    "virus",
    "atlas",
    "apparatus",
    "plus",
    "minus",
    "metadata",
    "has",
    "is",
    "was",
    "yes",
    "this",
    "ms",
];

pub fn check(ctx: &Context, diags: &mut Diagnostics) {
    for (_, entity) in ctx.entity_tables() {
        for f in &entity.fields {
            if !matches!(
                f.ty,
                FieldType::Scalar(ColumnType::String { .. } | ColumnType::Text)
            ) {
                continue;
            }
            let name = f.field.name.name.as_str();
            let comma_default = matches!(
                f.field.default.as_ref().map(|d| &d.kind),
                Some(ExprKind::Literal(Literal::String(s))) if s.contains(',')
            );
            if !(comma_default || looks_like_list(name)) {
                continue;
            }
            let why = if comma_default {
                "its default holds a comma-separated list"
            } else {
                "its name is a plural"
            };
            diags.push(
                Diagnostic::lint(
                    CODE,
                    format!("`{name}` looks like a list stored in a string ({why})"),
                    locate::field_span(f),
                    "a delimited list?",
                )
                .with_hint("a list in a string cannot be indexed or constrained: use an array (`T[]`), `json`, or a join table"),
            );
        }
    }
}

/// Whether a field name reads as a plural or a list.
fn looks_like_list(name: &str) -> bool {
    if ["_ids", "_list", "_csv"].iter().any(|s| name.ends_with(s)) {
        return true;
    }
    let last = name.rsplit('_').next().unwrap_or(name);
    last.len() > 3
        && last.ends_with('s')
        && !["ss", "us", "is"].iter().any(|s| last.ends_with(s))
        && !SINGULAR_S.contains(&last)
}
