//! `E0311` invalid scale: `scale rows N` where N is not a positive whole number, or a
//! growth that is not a finite number of rows.
//!
//! Why: the planner sizes indexes and partitions from these numbers; `scale rows 0` or
//! `scale rows 1.5` cannot describe a table.
//!
//! ```text
//! entity User { email text  scale rows 0 }
//! ```
//! Fix: the expected number of rows, with a suffix if convenient: `scale rows 2M`.

use crate::resolve::Model;
use schemac_lang::ast::Member;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0311";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for entity in &model.entities {
        for member in &entity.members {
            let Member::Scale(scale) = member.member else {
                continue;
            };
            let rows = &scale.rows;
            if !(rows.value >= 1.0 && rows.value.fract() == 0.0 && rows.value.is_finite()) {
                diags.push(
                    Diagnostic::error(CODE, format!("`scale rows {}` is not a positive whole number", rows.raw), rows.span, "invalid row count")
                        .with_hint("write the expected number of rows, e.g. `scale rows 50k` or `scale rows 2M`"),
                );
            }
            if let Some(growth) = &scale.growth {
                if !(growth.count.value >= 0.0 && growth.count.value.is_finite()) {
                    diags.push(
                        Diagnostic::error(
                            CODE,
                            format!("growth `{}` is not a number of rows", growth.count.raw),
                            growth.count.span,
                            "invalid growth",
                        )
                        .with_hint("write rows per period, e.g. `growth 50k/month`"),
                    );
                }
            }
        }
    }
}
