//! `E0205` unknown mixin: a `with` line names no mixin (user or stdlib).
//!
//! Why: the mixin's fields, constraints and traits would silently be missing.
//!
//! ```text
//! entity User { email text  with Timestamp }
//! ```
//! Fix: correct the name (`Timestamps`) or declare `mixin Timestamp { .. }`.

use crate::resolve::Model;
use crate::suggest;
use schemac_lang::ast::{Item, Member};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0205";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for file in model.files() {
        for item in &file.ast.items {
            let members = match item {
                Item::Entity(e) => &e.members,
                Item::Mixin(m) => &m.members,
                _ => continue,
            };
            for member in members {
                let Member::With { mixins, .. } = member else {
                    continue;
                };
                for name in mixins {
                    if model.mixin(&name.name).is_some() {
                        continue;
                    }
                    let mut d = Diagnostic::error(
                        CODE,
                        format!("unknown mixin `{}`", name.name),
                        name.span,
                        "no such mixin",
                    );
                    if let Some(hint) = suggest::did_you_mean(&name.name, model.mixin_names()) {
                        d = d.with_hint(hint);
                    } else {
                        d = d.with_hint(format!("declare `mixin {} {{ .. }}`; the stdlib provides Timestamps and SoftDelete", name.name));
                    }
                    diags.push(d);
                }
            }
        }
    }
}
