//! `schemac explain`: the schema analysis report in the guide's output format, as
//! markdown (default) or JSON. The report model lives in the compiler
//! ([`schemac_compiler::explain`]); this module asks the dialect its capabilities,
//! fills in the DDL and renders.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use schemac_backends::{dialect, render_ddl, DialectKind};
use schemac_compiler::explain::{self, Capabilities, Report};
use schemac_compiler::planner::estimate::{human_bytes, round_count};
use schemac_lang::Diagnostics;

use crate::{load, render};

/// Runs the command; returns the exit code (0 ok, 1 when the schema has errors or the
/// query does not exist).
pub fn run(paths: &[PathBuf], query: Option<&str>, json: bool, kind: DialectKind) -> i32 {
    let mut diags = Diagnostics::new();
    let loaded = load::load(paths, &mut diags);
    let schema = schemac_compiler::compile(&loaded.project, &mut diags);
    let failed = diags.has_errors();
    let sorted = diags.into_sorted();
    if !sorted.is_empty() {
        let color = std::io::stderr().is_terminal();
        let _ = std::io::stderr()
            .write_all(render::to_text(&sorted, &loaded.sources, color).as_bytes());
    }
    let Some(schema) = schema.filter(|_| !failed) else {
        return 1;
    };
    if let Some(name) = query {
        if !schema.queries.iter().any(|q| q.name == name) {
            let known: Vec<&str> = schema.queries.iter().map(|q| q.name.as_str()).collect();
            eprintln!(
                "error: no query named `{name}` (declared: {})",
                known.join(", ")
            );
            return 1;
        }
    }
    let engine = dialect(kind);
    let caps = Capabilities {
        dialect: kind.as_str().to_string(),
        partial_indexes: engine.supports_partial_indexes(),
        gin: engine.supports_gin(),
        multi_valued: engine.supports_multi_valued_indexes(),
        prefix_btree: engine.prefix_search_uses_btree(),
        online_index_build: engine.online_index_build().map(str::to_string),
    };
    let mut report = explain::build(&schema, &caps, query);
    if query.is_none() {
        report.ddl = render_ddl(&schema, kind);
    }
    if json {
        match serde_json::to_string_pretty(&report) {
            Ok(text) => println!("{text}"),
            Err(error) => {
                eprintln!("error: cannot serialize the report: {error}");
                return 1;
            }
        }
    } else {
        print!("{}", markdown(&report));
    }
    0
}

/// The report as markdown, in the guide's section order.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Schema Analysis\n");
    let _ = writeln!(out, "Dialect: {}\n", report.dialect);

    let _ = writeln!(out, "### Current Pain Points\n");
    if report.pain_points.is_empty() {
        let _ = writeln!(out, "- None found.");
    }
    for point in &report.pain_points {
        let _ = writeln!(out, "- {point}");
    }

    let _ = writeln!(out, "\n### Recommended Schema\n");
    if report.ddl.is_empty() {
        let _ = writeln!(
            out,
            "Unchanged; `schemac ddl --dialect {}` prints it.",
            report.dialect
        );
    } else {
        let _ = writeln!(out, "```sql\n{}```", report.ddl);
    }

    let _ = writeln!(out, "\n### Indexes\n");
    for index in &report.indexes {
        let mark = if index.user_written {
            " (user-written)"
        } else {
            ""
        };
        let method = if index.method == "btree" {
            String::new()
        } else {
            format!(" USING {}", index.method)
        };
        let predicate = index
            .predicate
            .as_ref()
            .map(|p| format!(" WHERE {p}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- `{}` on `{}`{method} ({}){predicate}: {}{mark}, ~{}",
            index.name,
            index.table,
            index.keys.join(", "),
            index.origin.replace('_', " "),
            human_bytes(index.estimated_bytes)
        );
        if !index.queries.is_empty() {
            let _ = writeln!(
                out,
                "  - serves: {}",
                index
                    .queries
                    .iter()
                    .map(|q| format!("`{q}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        for reason in &index.reasons {
            let _ = writeln!(out, "  - why: {reason}");
        }
        if let Some(note) = &index.dialect_note {
            let _ = writeln!(out, "  - {}: {note}", report.dialect);
        }
    }
    let _ = writeln!(out, "\nQuery access paths:\n");
    for query in &report.queries {
        for access in &query.accesses {
            let part = if access.part == "query" {
                String::new()
            } else {
                format!(" ({})", access.part)
            };
            let how = match (access.fit.as_str(), &access.index) {
                ("small_table", _) => "scans a small table (no index needed)".to_string(),
                ("full", Some(index)) => format!("`{index}`"),
                ("partial", Some(index)) => format!(
                    "`{index}` plus a residual filter{}",
                    if access.with_plan.sorts {
                        " and a sort"
                    } else {
                        ""
                    }
                ),
                _ => "scans the table".to_string(),
            };
            let _ = writeln!(
                out,
                "- `{}`{part} on `{}`: {how}; ~{} pages / {} rows per run (without the plan: ~{} pages / {} rows{})",
                query.name,
                access.table,
                round_count(access.with_plan.pages),
                round_count(access.with_plan.rows),
                round_count(access.without_plan.pages),
                round_count(access.without_plan.rows),
                if access.without_plan.sorts { ", plus a sort" } else { "" }
            );
        }
    }

    let _ = writeln!(out, "\n### Migration Strategy\n");
    for (i, step) in report.migration.iter().enumerate() {
        let _ = writeln!(out, "{}. {step}", i + 1);
    }

    if !report.strategies.is_empty() {
        let _ = writeln!(out, "\n### Chosen Strategies\n");
        for s in &report.strategies {
            let by = if s.declared {
                "declared"
            } else {
                "chosen by the planner"
            };
            let _ = writeln!(
                out,
                "- `{}`: {} stored as {} ({by}): {}",
                s.table, s.pattern, s.choice, s.reason
            );
        }
    }

    let _ = writeln!(out, "\n### Trade-offs\n");
    for t in &report.trade_offs {
        let _ = writeln!(out, "- {} {}", if t.advantage { "✓" } else { "✗" }, t.text);
    }

    let _ = writeln!(out, "\n### Expected Performance Impact\n");
    let _ = writeln!(out, "- Reads:");
    for line in &report.impact.reads {
        let _ = writeln!(out, "  - {line}");
    }
    if !report.impact.writes.is_empty() {
        let _ = writeln!(out, "- Writes:");
        for line in &report.impact.writes {
            let _ = writeln!(out, "  - {line}");
        }
    }
    if !report.impact.storage.is_empty() {
        let _ = writeln!(out, "- Storage:");
        for line in &report.impact.storage {
            let _ = writeln!(out, "  - {line}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop_report(query: Option<&str>) -> Report {
        let mut diags = Diagnostics::new();
        let loaded = load::load(&[PathBuf::from("examples/shop")], &mut diags);
        let schema =
            schemac_compiler::compile(&loaded.project, &mut diags).expect("the shop compiles");
        let caps = Capabilities {
            dialect: "postgres".to_string(),
            partial_indexes: true,
            gin: true,
            multi_valued: false,
            prefix_btree: true,
            online_index_build: None,
        };
        explain::build(&schema, &caps, query)
    }

    #[test]
    fn markdown_follows_the_guides_output_format() {
        let text = markdown(&shop_report(None));
        let sections = [
            "## Schema Analysis",
            "### Current Pain Points",
            "### Recommended Schema",
            "### Indexes",
            "### Migration Strategy",
            "### Trade-offs",
            "### Expected Performance Impact",
        ];
        let positions: Vec<usize> = sections
            .iter()
            .map(|s| text.find(s).unwrap_or(usize::MAX))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
        assert!(text.contains("(user-written)"), "{text}");
        assert!(
            text.contains("- Reads:") && text.contains("- Writes:") && text.contains("- Storage:"),
            "{text}"
        );
    }

    #[test]
    fn one_query_narrows_the_report() {
        let report = shop_report(Some("recent_orders"));
        assert_eq!(report.queries.len(), 1);
        assert!(report
            .indexes
            .iter()
            .all(|i| i.queries.iter().any(|q| q == "recent_orders")));
    }
}
