//! The bench's result: a table for the terminal and the same data as JSON.

use super::run::QueryResult;
use super::target::Location;
use serde::Serialize;
use std::fmt::Write;

#[derive(Debug, Serialize)]
pub struct Report {
    pub engine: String,
    pub location: Location,
    pub scale: f64,
    pub seed: u64,
    pub runs: usize,
    pub load: LoadSummary,
    pub tables: Vec<TableReport>,
    pub queries: Vec<QueryResult>,
    /// How the size estimates were made.
    pub estimates: &'static str,
    pub warnings: Vec<String>,
    /// Queries that read a large table (at least `large_table_rows`) by a full scan.
    pub flagged: usize,
    pub large_table_rows: u64,
}

#[derive(Debug, Default, Serialize)]
pub struct LoadSummary {
    pub rows: u64,
    /// The tables' load times plus `constraints_seconds`.
    pub seconds: f64,
    pub rows_per_second: f64,
    /// How the rows went in (the engine's fast path and what was deferred).
    pub path: &'static str,
    /// The time spent after the rows were in: building the indexes and validating the
    /// foreign keys that were set aside (PostgreSQL), or checking integrity.
    pub constraints_seconds: f64,
}

#[derive(Debug, Serialize)]
pub struct TableReport {
    pub name: String,
    pub target_rows: u64,
    pub rows: u64,
    pub seconds: f64,
    pub table_bytes: Option<u64>,
    pub index_bytes: Option<u64>,
    pub estimated_table_bytes: u64,
    pub estimated_index_bytes: u64,
    /// Why the table holds fewer rows than its target, when it does.
    pub note: Option<String>,
}

/// The report as text for the terminal.
pub fn to_text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "schemac bench on {} ({} `{}`), scale {}, seed {}",
        report.engine, report.location.kind, report.location.name, report.scale, report.seed
    );
    let _ = writeln!(
        out,
        "loaded {} rows in {:.2} s ({:.0} rows/s, of which {:.2} s after the rows were in)\nload path: {}\n",
        report.load.rows,
        report.load.seconds,
        report.load.rows_per_second,
        report.load.constraints_seconds,
        report.load.path
    );
    let mut rows = vec![vec![
        "table".to_string(),
        "rows".to_string(),
        "target".to_string(),
        "load s".to_string(),
        "table size".to_string(),
        "est.".to_string(),
        "index size".to_string(),
        "est.".to_string(),
    ]];
    for t in &report.tables {
        rows.push(vec![
            t.name.clone(),
            t.rows.to_string(),
            t.target_rows.to_string(),
            format!("{:.2}", t.seconds),
            t.table_bytes.map_or("?".to_string(), bytes),
            bytes(t.estimated_table_bytes),
            t.index_bytes.map_or("?".to_string(), bytes),
            bytes(t.estimated_index_bytes),
        ]);
    }
    out.push_str(&grid(&rows));
    let _ = writeln!(out, "size estimates: {}\n", report.estimates);
    let mut rows = vec![vec![
        "query".to_string(),
        "p50 ms".to_string(),
        "p95 ms".to_string(),
        "rows".to_string(),
        "plan".to_string(),
    ]];
    for q in &report.queries {
        let plan = match &q.error {
            Some(error) => format!("error: {error}"),
            None => {
                let scans: Vec<String> = q
                    .scans
                    .iter()
                    .map(|s| match &s.index {
                        Some(index) => format!("{} via {index}", s.table),
                        None => format!("FULL SCAN {}", s.table),
                    })
                    .collect();
                let flag = if q.full_scans_on_large_tables.is_empty() {
                    ""
                } else {
                    "  <-- full scan on a large table"
                };
                format!("{}{flag}", scans.join(", "))
            }
        };
        rows.push(vec![
            q.name.clone(),
            format!("{:.3}", q.p50_ms),
            format!("{:.3}", q.p95_ms),
            q.rows_median.to_string(),
            plan,
        ]);
    }
    out.push_str(&grid(&rows));
    for t in report.tables.iter().filter(|t| t.note.is_some()) {
        let _ = writeln!(
            out,
            "note: `{}`: {}",
            t.name,
            t.note.as_deref().unwrap_or_default()
        );
    }
    for warning in &report.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    if report.flagged > 0 {
        let _ = writeln!(
            out,
            "{} quer{} read a table of {}+ rows by a full scan",
            report.flagged,
            if report.flagged == 1 { "y" } else { "ies" },
            report.large_table_rows
        );
    }
    if report.location.dropped {
        let _ = writeln!(
            out,
            "dropped the {} `{}` (keep it with --keep)",
            report.location.kind, report.location.name
        );
    }
    out
}

/// Left-aligned columns separated by two spaces, with a rule under the header.
fn grid(rows: &[Vec<String>]) -> String {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |v| v.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, v)| format!("{v:<width$}", width = widths[c]))
            .collect();
        let _ = writeln!(out, "{}", cells.join("  ").trim_end());
        if i == 0 {
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            let _ = writeln!(out, "{}", rule.join("  "));
        }
    }
    out.push('\n');
    out
}

/// `12.3 MB`.
fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "kB", "MB", "GB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_human() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1536), "1.5 kB");
        assert_eq!(bytes(5 * 1024 * 1024), "5.0 MB");
    }

    #[test]
    fn grid_aligns() {
        let text = grid(&[
            vec!["a".into(), "bb".into()],
            vec!["ccc".into(), "d".into()],
        ]);
        assert_eq!(text, "a    bb\n---  --\nccc  d\n\n");
    }
}
