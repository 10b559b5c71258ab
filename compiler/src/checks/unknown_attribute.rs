//! `E0209` unknown attribute: an `@name` the language does not define.
//!
//! Why: attributes change the generated schema (`@table`, `@native`) or migrations
//! (`@was`); a misspelt one would silently do nothing.
//!
//! ```text
//! entity User { updated_at timestamptz @onupdate }
//! ```
//! Fix: use a known attribute: `@table`, `@was`, `@deprecated`, `@on_update`,
//! `@native`, `@exclusive_arcs`, `@allow`, `@sql`.

use crate::attributes::{self, KNOWN};
use crate::resolve::Model;
use crate::suggest;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0209";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    attributes::for_each(model, |site| {
        let name = &site.attr.name;
        if attributes::spec(&name.name).is_some() {
            return;
        }
        let mut d = Diagnostic::error(
            CODE,
            format!("unknown attribute `@{}`", name.name),
            site.attr.span,
            "unknown attribute",
        );
        if let Some(hint) = suggest::did_you_mean(&name.name, KNOWN.iter().map(|s| s.name)) {
            d = d.with_hint(hint);
        }
        let known = KNOWN
            .iter()
            .map(|s| format!("@{}", s.name))
            .collect::<Vec<_>>()
            .join(", ");
        diags.push(d.with_hint(format!("known attributes: {known}")));
    });
}
