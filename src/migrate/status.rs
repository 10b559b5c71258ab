//! `schemac status [PATH] --url URL`: which migrations are applied, pending or tampered
//! with, whether `schemac.sum` still matches, and how the live schema drifts from the
//! snapshot. It changes nothing in the database. Exit 0 when everything is applied and
//! nothing drifts, 1 otherwise, so CI can gate on it.

use super::connection::{Access, Connection};
use super::files::{self, Migration};
use super::project::{self, SNAPSHOT_FILE};
use super::url::DbUrl;
use super::{drift, Failure};
use schemac_compiler::ir::Schema;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What `status` found, printed by `--format json`.
#[derive(Debug, Default, Serialize)]
pub struct StatusReport {
    /// Versions recorded in `schema_migrations` whose file exists (tampered ones too).
    pub applied: Vec<String>,
    /// Versions with a file that are not applied, in order.
    pub pending: Vec<String>,
    /// Applied versions whose file changed since.
    pub tampered: Vec<String>,
    /// Applied versions whose file is gone.
    pub missing_files: Vec<String>,
    /// Disagreements between the migration folder and `schemac.sum`.
    pub sum_problems: Vec<String>,
    /// False when there is no snapshot to compare with.
    pub drift_checked: bool,
    /// There are migrations but no `schemac.snapshot.json`: drift cannot be checked.
    pub snapshot_missing: bool,
    /// Differences between the live schema and the snapshot, in words.
    pub drift: Vec<String>,
    pub error: Option<StatusError>,
}

#[derive(Debug, Serialize)]
pub struct StatusError {
    pub kind: &'static str,
    pub message: String,
}

impl StatusReport {
    /// True when everything is applied, intact and without drift.
    pub fn is_clean(&self) -> bool {
        self.pending.is_empty()
            && self.tampered.is_empty()
            && self.missing_files.is_empty()
            && self.sum_problems.is_empty()
            && self.drift.is_empty()
            && !self.snapshot_missing
    }
}

/// The parts of `schemac.snapshot.json` that `status` reads.
#[derive(Deserialize)]
struct Snapshot {
    format: u32,
    schema: Schema,
}

/// Runs the command and returns its exit code.
pub fn run(project: &Path, url: &str, json: bool) -> i32 {
    let mut report = StatusReport::default();
    let code = match status(project, url, &mut report) {
        Ok(()) if report.is_clean() => 0,
        Ok(()) => 1,
        Err(failure) => {
            let code = failure.exit_code();
            if !json {
                eprintln!("error: {failure}");
            }
            report.error = Some(StatusError {
                kind: failure.kind(),
                message: failure.message().to_string(),
            });
            code
        }
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("the report serializes")
        );
    } else if report.error.is_none() {
        print!("{}", to_text(&report));
    }
    code
}

fn status(project: &Path, url: &str, report: &mut StatusReport) -> Result<(), Failure> {
    let url = DbUrl::parse(url).map_err(|m| Failure::Usage(format!("bad --url: {m}")))?;
    let root = project::migrations_root(project)?;
    let dir = root.join(url.dialect_folder());
    let migrations = files::read_folder(&dir)
        .map_err(|e| Failure::Refused(format!("in `{}`: {e}", dir.display())))?;
    report.sum_problems = files::verify_sum(&dir, &migrations)
        .iter()
        .map(ToString::to_string)
        .collect();
    let snapshot = read_snapshot(&root.join(SNAPSHOT_FILE))?;
    report.snapshot_missing = snapshot.is_none() && !migrations.is_empty();

    let mut conn = Connection::connect(&url, Access::ReadOnly)?;
    let applied = if conn.has_table()? {
        conn.applied()?
    } else {
        Vec::new()
    };
    classify(&migrations, &applied, report);

    if let Some(schema) = snapshot {
        let kind = conn.kind()?;
        let live = conn.introspect()?;
        report.drift = drift::differences(&live, &schemac_backends::expected_live(&schema, kind));
        report.drift_checked = true;
    }
    Ok(())
}

fn classify(
    migrations: &[Migration],
    applied: &[super::connection::Applied],
    report: &mut StatusReport,
) {
    for migration in migrations {
        match applied.iter().find(|a| a.version == migration.version) {
            Some(row) => {
                report.applied.push(migration.version.clone());
                if row.checksum != migration.checksum {
                    report.tampered.push(migration.version.clone());
                }
            }
            None => report.pending.push(migration.version.clone()),
        }
    }
    let mut gone: Vec<String> = applied
        .iter()
        .filter(|a| !migrations.iter().any(|m| m.version == a.version))
        .map(|a| a.version.clone())
        .collect();
    gone.sort_by_key(|v| (files::parse_version(v), v.clone()));
    report.missing_files = gone;
}

/// The snapshot's schema, or None when there is no snapshot file.
fn read_snapshot(path: &Path) -> Result<Option<Schema>, Failure> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(Failure::Refused(format!(
                "cannot read `{}`: {error}",
                path.display()
            )))
        }
    };
    let snapshot: Snapshot = serde_json::from_str(&text).map_err(|e| {
        Failure::Refused(format!(
            "`{}` is not a schemac snapshot: {e}",
            path.display()
        ))
    })?;
    if snapshot.format != 1 {
        return Err(Failure::Refused(format!(
            "`{}` has snapshot format {}, this schemac reads format 1",
            path.display(),
            snapshot.format
        )));
    }
    Ok(Some(snapshot.schema))
}

/// The report as text: one line per migration and per problem, then a summary.
fn to_text(report: &StatusReport) -> String {
    let mut out = String::new();
    for version in &report.applied {
        let state = if report.tampered.contains(version) {
            "tampered"
        } else {
            "applied "
        };
        let note = if report.tampered.contains(version) {
            "  (its file changed after it was applied)"
        } else {
            ""
        };
        out.push_str(&format!("{state}  {version}{note}\n"));
    }
    for version in &report.pending {
        out.push_str(&format!("pending   {version}\n"));
    }
    for version in &report.missing_files {
        out.push_str(&format!(
            "gone      {version}  (applied, but its file is missing)\n"
        ));
    }
    for problem in &report.sum_problems {
        out.push_str(&format!("sum       {problem}\n"));
    }
    for difference in &report.drift {
        out.push_str(&format!("drift     {difference}\n"));
    }
    if report.snapshot_missing {
        out.push_str(&format!(
            "snapshot  {SNAPSHOT_FILE} is missing, so drift was not checked; run `schemac build`\n"
        ));
    }
    let mut summary = Vec::new();
    let counts = [
        (report.pending.len(), "pending"),
        (report.tampered.len(), "tampered"),
        (report.missing_files.len(), "with a missing file"),
        (report.sum_problems.len(), "schemac.sum problem(s)"),
        (report.drift.len(), "drift difference(s)"),
        (usize::from(report.snapshot_missing), "missing snapshot"),
    ];
    for (count, what) in counts {
        if count > 0 {
            summary.push(format!("{count} {what}"));
        }
    }
    if summary.is_empty() {
        let drift = if report.drift_checked {
            "no drift"
        } else {
            "no snapshot to check drift against"
        };
        out.push_str(&format!(
            "up to date: {} applied, {drift}\n",
            report.applied.len()
        ));
    } else {
        if !report.pending.is_empty() && !report.drift.is_empty() {
            summary.push("(pending migrations may explain the drift)".to_string());
        }
        out.push_str(&format!("not up to date: {}\n", summary.join(", ")));
    }
    out
}
