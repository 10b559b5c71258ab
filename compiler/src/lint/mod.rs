//! The lints: anti-patterns from the schema-design guide, found on a schema that
//! compiles. One module per rule; each module's doc comment says what the rule finds,
//! why it is bad, an example and the fix, and each exports its `CODE` and a
//! `check(ctx, diags)` pass. Lints read both the resolved model (for spans and what the
//! user wrote) and the planned IR (for what the schema became: columns, keys and every
//! index, the planner's included).
//!
//! A lint is a [`Severity::Lint`](schemac_lang::Severity) diagnostic with a stable
//! `L0xxx` code. A rule is switched off for one entity with `@allow("L0003")` on the
//! entity, or for the whole project with `[lint] allow = ["L0003"]` in `schemac.toml`.
//!
//! | code | rule |
//! | --- | --- |
//! | L0001 | [`native_enum`] |
//! | L0002 | [`delimited_list`] |
//! | L0003 | [`uuid_primary_key`] |
//! | L0004 | [`reference_without_foreign_key`] |
//! | L0005 | [`missing_timestamps`] |
//! | L0006 | [`low_cardinality_index`] |
//! | L0007 | [`index_on_small_table`] |
//! | L0008 | [`redundant_index`] |
//! | L0009 | [`unindexed_foreign_key`] |
//! | L0010 | [`polymorphic_nullable_relations`] |
//! | L0011 | [`query_without_index`] |
//! | L0012 | [`large_table_without_plan`] |

use crate::ir;
use crate::project::Project;
use crate::resolve::{Entity, Model};
use schemac_lang::ast::{Expr, ExprKind, Literal};
use schemac_lang::{Diagnostic, Diagnostics, Span};

pub mod delimited_list;
pub mod index_on_small_table;
pub mod large_table_without_plan;
mod locate;
pub mod low_cardinality_index;
pub mod missing_timestamps;
pub mod native_enum;
pub mod polymorphic_nullable_relations;
pub mod query_without_index;
pub mod redundant_index;
pub mod reference_without_foreign_key;
pub mod unindexed_foreign_key;
pub mod uuid_primary_key;

/// What every rule sees: the resolved model and the IR it compiled to.
pub struct Context<'m, 'a> {
    pub model: &'m Model<'a>,
    pub schema: &'m ir::Schema,
}

impl<'m, 'a> Context<'m, 'a> {
    /// The entity a table was lowered from (none for enum lookup tables).
    pub fn entity(&self, table: &ir::Table) -> Option<&'m Entity<'a>> {
        match table.kind {
            // An `audit` entity also yields an events table with the same source.
            ir::TableKind::Entity => self
                .model
                .entity(&table.source)
                .filter(|e| e.table == table.name),
            ir::TableKind::EnumLookup => None,
        }
    }

    /// Every entity table with its entity.
    pub fn entity_tables(&self) -> impl Iterator<Item = (&'m ir::Table, &'m Entity<'a>)> + '_ {
        self.schema
            .tables
            .iter()
            .filter_map(|t| self.entity(t).map(|e| (t, e)))
    }
}

/// One rule: its code, a short name (its module) and a one-line summary.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    pub check: fn(&Context, &mut Diagnostics),
}

/// Every rule, in code order.
pub const RULES: &[Rule] = &[
    Rule {
        code: native_enum::CODE,
        name: "native_enum",
        summary: "a native ENUM column type (`@native`)",
        check: native_enum::check,
    },
    Rule {
        code: delimited_list::CODE,
        name: "delimited_list",
        summary: "a list stored as a delimited string",
        check: delimited_list::check,
    },
    Rule {
        code: uuid_primary_key::CODE,
        name: "uuid_primary_key",
        summary: "a random UUID primary key",
        check: uuid_primary_key::check,
    },
    Rule {
        code: reference_without_foreign_key::CODE,
        name: "reference_without_foreign_key",
        summary: "an `<x>_id` integer field that is not a relation (no foreign key)",
        check: reference_without_foreign_key::check,
    },
    Rule {
        code: missing_timestamps::CODE,
        name: "missing_timestamps",
        summary: "a table without `created_at` / `updated_at`",
        check: missing_timestamps::check,
    },
    Rule {
        code: low_cardinality_index::CODE,
        name: "low_cardinality_index",
        summary: "an index led by a bool or enum column",
        check: low_cardinality_index::check,
    },
    Rule {
        code: index_on_small_table::CODE,
        name: "index_on_small_table",
        summary: "a secondary index on a table declared under 1,000 rows",
        check: index_on_small_table::check,
    },
    Rule {
        code: redundant_index::CODE,
        name: "redundant_index",
        summary: "a duplicate index, or one that is a prefix of another",
        check: redundant_index::check,
    },
    Rule {
        code: unindexed_foreign_key::CODE,
        name: "unindexed_foreign_key",
        summary: "a foreign key that no index covers",
        check: unindexed_foreign_key::check,
    },
    Rule {
        code: polymorphic_nullable_relations::CODE,
        name: "polymorphic_nullable_relations",
        summary: "nullable relations used as a polymorphic association",
        check: polymorphic_nullable_relations::check,
    },
    Rule {
        code: query_without_index::CODE,
        name: "query_without_index",
        summary: "a declared query that no index serves",
        check: query_without_index::check,
    },
    Rule {
        code: large_table_without_plan::CODE,
        name: "large_table_without_plan",
        summary: "a large table with no scale-phase plan (`timeseries`, `distribute by`)",
        check: large_table_without_plan::check,
    },
];

/// Runs every rule on a project that compiled to `schema`. Codes in `allow` (the
/// project's `[lint] allow`) are dropped, and so is a lint inside an entity that says
/// `@allow("<code>")`. Lints inside stdlib files are never reported.
pub fn run(project: &Project, schema: &ir::Schema, allow: &[String]) -> Diagnostics {
    let model = Model::build(project);
    let ctx = Context {
        model: &model,
        schema,
    };
    let mut found = Diagnostics::new();
    for rule in RULES {
        if !allow.iter().any(|a| a == rule.code) {
            (rule.check)(&ctx, &mut found);
        }
    }
    let mut out = Diagnostics::new();
    for d in found.iter() {
        if !allowed_in_entity(&model, d) {
            out.push(d.clone());
        }
    }
    out
}

/// Whether the lint lies inside an entity that allows its code.
fn allowed_in_entity(model: &Model, d: &Diagnostic) -> bool {
    let span = d.primary.span;
    model.entities.iter().any(|e| {
        contains(e.decl.span, span)
            && e.decl
                .attrs
                .iter()
                .filter(|a| a.name.name == "allow")
                .flat_map(|a| a.args.iter())
                .any(|arg| string(arg) == Some(d.code))
    })
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.file == inner.file && outer.start <= inner.start && inner.end <= outer.end
}

fn string(e: &Expr) -> Option<&str> {
    match &e.kind {
        ExprKind::Literal(Literal::String(s)) => Some(s),
        _ => None,
    }
}
