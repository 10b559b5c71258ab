//! `E0306` duplicate trait: an entity line that may appear once given twice, counting
//! lines copied in from mixins: `primary key`, `audit`, `tree`, `timeseries`,
//! `distribute by`, `scale`.
//!
//! Why: a table has one primary key, one history, one hierarchy, one partitioning, one
//! shard key and one expected size; with two lines it is unclear which one holds.
//!
//! ```text
//! entity Invoice { total int  audit  audit }
//! ```
//! Fix: keep one of the lines.

use crate::resolve::Model;
use schemac_lang::ast::Member;
use schemac_lang::{Diagnostic, Diagnostics, Span};

pub const CODE: &str = "E0306";

fn kind(member: &Member) -> Option<&'static str> {
    Some(match member {
        Member::PrimaryKey { .. } => "primary key",
        Member::Audit { .. } => "audit",
        Member::Tree { .. } => "tree",
        Member::Timeseries(_) => "timeseries",
        Member::DistributeBy { .. } => "distribute by",
        Member::Scale(_) => "scale",
        _ => return None,
    })
}

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for entity in &model.entities {
        let mut seen: Vec<(&str, Span)> = Vec::new();
        for member in &entity.members {
            let Some(kind) = kind(member.member) else {
                continue;
            };
            let span = member.mixin.map(|m| m.span).unwrap_or(member.member.span());
            match seen.iter().find(|(k, _)| *k == kind) {
                Some(&(_, first)) => {
                    let mut d = Diagnostic::error(
                        CODE,
                        format!("entity `{}` has `{kind}` twice", entity.name()),
                        span,
                        format!("second `{kind}`"),
                    )
                    .with_secondary(first, format!("first `{kind}`"));
                    if member.mixin.is_some() {
                        d = d.with_secondary(member.member.span(), "copied from the mixin");
                    }
                    diags.push(d.with_hint("keep one of them"));
                }
                None => seen.push((kind, span)),
            }
        }
    }
}
