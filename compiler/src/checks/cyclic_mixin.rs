//! `E0211` cyclic mixin: a mixin that includes itself through `with`, directly or via
//! other mixins.
//!
//! Why: the expansion would never end; the compiler stops it, and the entity's columns
//! would depend on where it stopped.
//!
//! ```text
//! mixin A { a int  with B }
//! mixin B { b int  with A }
//! ```
//! Fix: remove one `with` of the cycle.

use crate::resolve::Model;
use schemac_lang::ast::{Item, Member, MixinDecl};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0211";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    // Mixins on a cycle already reported: each cycle is reported once, at the mixin
    // declared first.
    let mut reported: Vec<String> = Vec::new();
    for file in model.files() {
        for item in &file.ast.items {
            let Item::Mixin(mixin) = item else { continue };
            // Only the declaration that is in scope under its name is expanded.
            if !model
                .mixin(&mixin.name.name)
                .is_some_and(|m| std::ptr::eq(m, mixin))
            {
                continue;
            }
            if reported.contains(&mixin.name.name) {
                continue;
            }
            let mut path = vec![mixin.name.name.as_str()];
            if let Some(span) = reaches(model, mixin, &mixin.name.name, &mut path) {
                reported.extend(path.iter().map(|m| m.to_string()));
                diags.push(
                    Diagnostic::error(
                        CODE,
                        format!(
                            "mixin `{}` includes itself: {}",
                            mixin.name.name,
                            path.join(" -> ")
                        ),
                        span,
                        "this `with` closes the cycle",
                    )
                    .with_secondary(mixin.name.span, "mixin declared here")
                    .with_hint("remove one `with` of the cycle"),
                );
            }
        }
    }
}

/// The span of a `with` name that leads back to `goal`, extending `path` with the way.
fn reaches<'a>(
    model: &Model<'a>,
    mixin: &'a MixinDecl,
    goal: &str,
    path: &mut Vec<&'a str>,
) -> Option<schemac_lang::Span> {
    for member in &mixin.members {
        let Member::With { mixins, .. } = member else {
            continue;
        };
        for name in mixins {
            if name.name == goal {
                path.push(&name.name);
                return Some(name.span);
            }
            if path.contains(&name.name.as_str()) {
                continue;
            }
            let Some(next) = model.mixin(&name.name) else {
                continue;
            };
            path.push(&name.name);
            if let Some(span) = reaches(model, next, goal, path) {
                return Some(span);
            }
            path.pop();
        }
    }
    None
}
