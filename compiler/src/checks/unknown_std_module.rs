//! `E0200` unknown stdlib module: `use std.x` must name a module the stdlib ships.
//!
//! Why: a misspelt module would otherwise go unnoticed until one of its mixins fails to
//! resolve, far from the real mistake.
//!
//! ```text
//! use std.timestamp
//! ```
//! Fix: name an existing module (`use std.timestamps`); the list is in the hint.

use crate::resolve::Model;
use crate::suggest;
use schemac_lang::ast::{Item, UseTarget};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0200";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    let modules = || schemac_stdlib::MODULES.iter().map(|(m, _)| *m);
    for file in model.files() {
        for item in &file.ast.items {
            let Item::Use(decl) = item else { continue };
            let UseTarget::Std(path) = &decl.target else {
                continue;
            };
            let name = path
                .iter()
                .map(|i| i.name.as_str())
                .collect::<Vec<_>>()
                .join(".");
            if schemac_stdlib::module(&name).is_some() {
                continue;
            }
            let span = match (path.first(), path.last()) {
                (Some(first), Some(last)) => first.span.to(last.span),
                _ => decl.span,
            };
            let mut d = Diagnostic::error(
                CODE,
                format!("unknown stdlib module `std.{name}`"),
                span,
                "no such module",
            );
            if let Some(hint) = suggest::did_you_mean(&name, modules()) {
                d = d.with_hint(hint);
            }
            let list = modules()
                .map(|m| format!("std.{m}"))
                .collect::<Vec<_>>()
                .join(", ");
            diags.push(d.with_hint(format!("the stdlib modules are: {list}")));
        }
    }
}
