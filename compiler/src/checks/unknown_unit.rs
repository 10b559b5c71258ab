//! `E0315` unknown unit: a rate (`rate 5/s`, `growth 50k/month`), a partition interval
//! (`every month`) or a duration (`retain 13 months`) with a unit the compiler does not
//! know.
//!
//! Why: rates and sizes drive the planner; a unit it cannot convert would silently
//! count as nothing.
//!
//! ```text
//! query q: User where email = ? rate 5/fortnight
//! ```
//! Fix: use `s`, `min`, `h`, `day`, `week`, `month` or `year` for rates; `day`, `week`,
//! `month`, `quarter`, `year` for partitions; `days`, `weeks`, `months`, `years`,
//! `hours` for durations.

use crate::resolve::Model;
use crate::suggest;
use crate::units;
use schemac_lang::ast::{Ident, Member};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0315";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for query in &model.queries {
        if let Some(rate) = &query.rate {
            rate_unit(&rate.per, diags);
        }
    }
    for entity in &model.entities {
        for member in &entity.members {
            match member.member {
                Member::Scale(scale) => {
                    if let Some(growth) = &scale.growth {
                        rate_unit(&growth.per, diags);
                    }
                }
                Member::Timeseries(ts) => {
                    if let Some(every) = &ts.every {
                        unit(
                            every,
                            units::PARTITION_INTERVALS,
                            "partition interval",
                            diags,
                        );
                    }
                    if let Some(retain) = &ts.retain {
                        unit(&retain.unit, units::DURATION_UNITS, "duration unit", diags);
                    }
                }
                _ => {}
            }
        }
    }
}

fn rate_unit(per: &Ident, diags: &mut Diagnostics) {
    if units::rate_unit_seconds(&per.name).is_none() {
        report(per, units::RATE_UNITS, "rate unit", diags);
    }
}

fn unit(ident: &Ident, known: &[&str], what: &str, diags: &mut Diagnostics) {
    if !known.contains(&ident.name.as_str()) {
        report(ident, known, what, diags);
    }
}

fn report(ident: &Ident, known: &[&str], what: &str, diags: &mut Diagnostics) {
    let mut d = Diagnostic::error(
        CODE,
        format!("unknown {what} `{}`", ident.name),
        ident.span,
        format!("unknown {what}"),
    );
    if let Some(hint) = suggest::did_you_mean(&ident.name, known.iter().copied()) {
        d = d.with_hint(hint);
    }
    diags.push(d.with_hint(format!("known: {}", known.join(", "))));
}
