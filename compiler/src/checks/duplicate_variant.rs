//! `E0208` duplicate enum variant: an enum lists the same variant twice.
//!
//! Why: the lookup table's primary key (or the native enum type) cannot hold a value
//! twice, and it is usually a copy-paste mistake hiding a missing variant.
//!
//! ```text
//! enum Status { active paused active }
//! ```
//! Fix: remove the repeated variant.

use crate::hashing::FxHashMap as HashMap;
use crate::resolve::Model;
use schemac_lang::ast::{Ident, Item};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0208";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for file in model.files() {
        for item in &file.ast.items {
            let Item::Enum(decl) = item else { continue };
            let mut seen: HashMap<&str, &Ident> = HashMap::default();
            for variant in &decl.variants {
                match seen.get(variant.name.as_str()) {
                    Some(first) => diags.push(
                        Diagnostic::error(
                            CODE,
                            format!("enum `{}` lists `{}` twice", decl.name.name, variant.name),
                            variant.span,
                            "repeated variant",
                        )
                        .with_secondary(first.span, "first listed here")
                        .with_hint("remove the repeated variant"),
                    ),
                    None => {
                        seen.insert(&variant.name, variant);
                    }
                }
            }
        }
    }
}
