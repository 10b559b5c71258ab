//! The checks: one module per diagnostic code. Each module's doc comment says what it
//! checks, why, an example of bad input and the fix; each exports its `CODE` and a
//! `check(model, diags)` pass over the resolved [`Model`].
//!
//! Codes: `E02xx` name resolution, `E03xx` type and semantic checks, `W0xxx` warnings.
//!
//! | code | check |
//! | --- | --- |
//! | E0200 | [`unknown_std_module`] |
//! | E0201 | [`cyclic_use`] |
//! | E0202 | [`duplicate_declaration`] |
//! | E0203 | [`unknown_type`] |
//! | E0204 | [`unknown_entity`] |
//! | E0205 | [`unknown_mixin`] |
//! | E0206 | [`unknown_field`] |
//! | E0207 | [`duplicate_field`] |
//! | E0208 | [`duplicate_variant`] |
//! | E0209 | [`unknown_attribute`] |
//! | E0210 | [`invalid_path`] |
//! | E0211 | [`cyclic_mixin`] |
//! | E0212 | [`duplicate_table`] |
//! | E0213 | [`duplicate_column`] |
//! | E0300 | [`invalid_type`] |
//! | E0301 | [`invalid_default`] |
//! | E0302 | [`literal_type_mismatch`] |
//! | E0303 | [`invalid_operator`] |
//! | E0304 | [`timeseries_column`] |
//! | E0305 | [`unknown_tree_strategy`] |
//! | E0306 | [`duplicate_trait`] |
//! | E0307 | [`misplaced_attribute`] |
//! | E0308 | [`attribute_arguments`] |
//! | E0309 | [`order_by_path`] |
//! | E0310 | [`invalid_limit`] |
//! | E0311 | [`invalid_scale`] |
//! | E0312 | [`primary_key`] |
//! | E0313 | [`set_null_on_required`] |
//! | E0314 | [`traversal_without_tree`] |
//! | E0315 | [`unknown_unit`] |
//! | E0316 | [`param_outside_query`] |
//! | E0317 | [`empty_enum`] |
//! | E0318 | [`containment_in_constraint`] |
//! | E0330 | [`tree_key`] |
//! | E0331 | [`timeseries_unique`] |
//! | E0332 | [`timeseries_reference`] |
//! | W0001 | [`naming_convention`] |
//! | W0003 | [`including_deleted_without_soft_delete`] |
//! | W0004 | [`null_test_on_required`] |
//! | W0110 | [`timeseries_without_partitions`] |
//! | W0111 | [`partitioned_foreign_keys`] |
//! | W0112 | [`containment_without_index`] |

use crate::hashing::FxHashSet as HashSet;
use crate::resolve::Model;
use schemac_lang::Diagnostics;

pub mod attribute_arguments;
pub mod containment_in_constraint;
pub mod containment_without_index;
pub mod cyclic_mixin;
pub mod cyclic_use;
pub mod duplicate_column;
pub mod duplicate_declaration;
pub mod duplicate_field;
pub mod duplicate_table;
pub mod duplicate_trait;
pub mod duplicate_variant;
pub mod empty_enum;
pub mod including_deleted_without_soft_delete;
pub mod invalid_default;
pub mod invalid_limit;
pub mod invalid_operator;
pub mod invalid_path;
pub mod invalid_scale;
pub mod invalid_type;
pub mod literal_type_mismatch;
pub mod misplaced_attribute;
pub mod naming_convention;
pub mod null_test_on_required;
pub mod order_by_path;
pub mod param_outside_query;
pub mod partitioned_foreign_keys;
pub mod primary_key;
pub mod set_null_on_required;
pub mod timeseries_column;
pub mod timeseries_reference;
pub mod timeseries_unique;
pub mod timeseries_without_partitions;
pub mod traversal_without_tree;
pub mod tree_key;
pub mod unknown_attribute;
pub mod unknown_entity;
pub mod unknown_field;
pub mod unknown_mixin;
pub mod unknown_std_module;
pub mod unknown_tree_strategy;
pub mod unknown_type;
pub mod unknown_unit;

type Check = fn(&Model, &mut Diagnostics);

/// Every check, in code order.
const CHECKS: &[Check] = &[
    unknown_std_module::check,
    cyclic_use::check,
    duplicate_declaration::check,
    unknown_type::check,
    unknown_entity::check,
    unknown_mixin::check,
    unknown_field::check,
    duplicate_field::check,
    duplicate_variant::check,
    unknown_attribute::check,
    invalid_path::check,
    cyclic_mixin::check,
    duplicate_table::check,
    duplicate_column::check,
    invalid_type::check,
    invalid_default::check,
    literal_type_mismatch::check,
    invalid_operator::check,
    timeseries_column::check,
    unknown_tree_strategy::check,
    duplicate_trait::check,
    misplaced_attribute::check,
    attribute_arguments::check,
    order_by_path::check,
    invalid_limit::check,
    invalid_scale::check,
    primary_key::check,
    set_null_on_required::check,
    traversal_without_tree::check,
    unknown_unit::check,
    param_outside_query::check,
    empty_enum::check,
    tree_key::check,
    timeseries_unique::check,
    timeseries_reference::check,
    naming_convention::check,
    including_deleted_without_soft_delete::check,
    null_test_on_required::check,
    timeseries_without_partitions::check,
    partitioned_foreign_keys::check,
    containment_without_index::check,
    containment_in_constraint::check,
];

/// Runs every check. The checks only read the model, so on a large project they run on
/// every core, each thread taking the next check not yet started (their costs differ
/// by ten times and more); the findings are put back in the order of the list, which
/// keeps the order of a sequential run.
pub fn run(model: &Model, diags: &mut Diagnostics) {
    let threads = if model.entities.len() < crate::parallel::MIN_PARALLEL_ITEMS {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    };
    run_on(model, diags, threads);
}

/// [`run`] on `threads` threads.
fn run_on(model: &Model, diags: &mut Diagnostics, threads: usize) {
    if threads < 2 {
        for check in CHECKS {
            check(model, diags);
        }
        return;
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut found = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(check) = CHECKS.get(i) else {
                return found;
            };
            let mut diags = Diagnostics::new();
            check(model, &mut diags);
            found.push((i, diags));
        }
    };
    let mut found = std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut found = work();
        for handle in others {
            match handle.join() {
                Ok(theirs) => found.extend(theirs),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        found
    });
    found.sort_unstable_by_key(|(i, _)| *i);
    for (_, theirs) in found {
        diags.extend(theirs);
    }
}

/// Drops repeated findings. A mistake inside a mixin is found once per entity that
/// uses it, with the same code, span and message; it is reported once.
pub fn deduplicate(diags: Diagnostics) -> Diagnostics {
    let mut seen = HashSet::default();
    let mut out = Diagnostics::new();
    for d in diags.iter() {
        if seen.insert((d.code, d.primary.span, d.message.clone())) {
            out.push(d.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::resolve::Model;
    use crate::{FileOrigin, Project, ProjectFile, Settings};
    use schemac_lang::{Diagnostics, FileId};

    /// Findings in the order of a sequential run, whatever thread ran which check.
    #[test]
    fn parallel_run_reports_in_list_order() {
        let mut source = String::new();
        for i in 0..40 {
            source.push_str(&format!(
                "entity Thing{i} {{\n  id id\n  name strng\n  other -> Missing{i}\n  Size int\n  size int\n  qty int = 'x'\n}}\n"
            ));
        }
        let mut parsed = Diagnostics::new();
        let ast = schemac_lang::parse(FileId(0), &source, &mut parsed);
        assert!(parsed.is_empty());
        let project = Project {
            files: vec![ProjectFile {
                id: FileId(0),
                name: "app.schema".into(),
                ast,
                origin: FileOrigin::User,
                uses: Vec::new(),
            }],
            settings: Settings::default(),
        };
        let model = Model::build(&project);
        let findings = |threads| {
            let mut diags = Diagnostics::new();
            super::run_on(&model, &mut diags, threads);
            diags
                .iter()
                .map(|d| format!("{} {:?} {}", d.code, d.primary.span, d.message))
                .collect::<Vec<_>>()
        };
        let sequential = findings(1);
        let codes: std::collections::BTreeSet<_> =
            sequential.iter().map(|f| f.split(' ').next()).collect();
        assert!(codes.len() >= 3, "{codes:?}");
        for threads in 2..=4 {
            assert_eq!(findings(threads), sequential);
        }
    }
}
