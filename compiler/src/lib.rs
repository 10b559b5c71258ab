//! Name resolution, checks and lowering of `.schema` projects into the planned IR.
//!
//! Architecture invariant: the compiler does no IO. The driver hands it parsed files
//! (the user's and the stdlib's) and it hands back an [`ir::Schema`] and diagnostics.
//!
//! The pipeline is [`resolve`] (symbol tables, flattened entities), [`checks`] (one
//! module per diagnostic code) and [`lower`] (AST to IR), which runs only when the
//! checks found no error.

mod attributes;
pub mod checks;
pub mod diff;
pub mod explain;
pub mod hashing;
pub mod ir;
pub mod lint;
pub mod lower;
pub mod naming;
pub mod parallel;
pub mod planner;
pub mod project;
pub mod resolve;
mod suggest;
mod units;

pub use project::{FileOrigin, Project, ProjectFile, Settings, UseLink};

use schemac_lang::Diagnostics;

/// Compiles a parsed project. Returns `None` when there are errors: the ones this
/// finds, or ones already in `diags` (e.g. from parsing), since a tree with syntax
/// errors is incomplete. Every finding goes to `diags`; warnings do not block.
pub fn compile(project: &Project, diags: &mut Diagnostics) -> Option<ir::Schema> {
    let model = checked_model(project, diags)?;
    Some(planned(model, diags))
}

/// Reports exactly what [`compile`] reports, without building the IR when no finding
/// depends on it: lowering and planning only add the planner's warnings about declared
/// queries that no index serves, so a project that declares no query stops after the
/// checks. This is `schemac check`.
pub fn check(project: &Project, diags: &mut Diagnostics) {
    if let Some(model) = checked_model(project, diags) {
        if !model.queries.is_empty() {
            planned(model, diags);
        }
    }
}

/// The resolved model, when neither the checks nor the parser found an error.
fn checked_model<'a>(project: &'a Project, diags: &mut Diagnostics) -> Option<resolve::Model<'a>> {
    let model = resolve::Model::build(project);
    let mut found = Diagnostics::new();
    checks::run(&model, &mut found);
    diags.extend(checks::deduplicate(found));
    (!diags.has_errors()).then_some(model)
}

/// The IR of a checked model, with its indexes planned; reports the queries that no
/// index serves. Planning needs only the IR and the declared queries (which live in
/// the syntax trees), so the model is freed meanwhile, on another thread when it is
/// large: a hundred thousand allocations at 10,000 entities.
fn planned(model: resolve::Model, diags: &mut Diagnostics) -> ir::Schema {
    let mut schema = lower::lower(&model);
    let queries = model.queries.clone();
    let large = model.entities.len() >= parallel::MIN_PARALLEL_ITEMS;
    let ((), unserved) =
        parallel::beside(large, move || drop(model), || planner::plan(&mut schema));
    planner::report(&queries, &unserved, diags);
    schema
}
