//! `schemac apply [PATH] --url URL`: verify `schemac.sum`, take the migration lock,
//! refuse if an applied file changed, then apply the pending files in version order and
//! record each in `schema_migrations`.

use super::connection::{Access, Applied, Connection, FileFailure};
use super::files::{self, Migration};
use super::project;
use super::url::DbUrl;
use super::Failure;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The result of one run, printed by `--format json`.
#[derive(Debug, Default, Serialize)]
pub struct ApplyReport {
    /// The files applied by this run, in order.
    pub applied: Vec<AppliedFile>,
    /// The last version recorded in the database after the run.
    pub current: Option<String>,
    pub error: Option<ErrorReport>,
}

#[derive(Debug, Serialize)]
pub struct AppliedFile {
    pub version: String,
    pub millis: u128,
}

#[derive(Debug, Serialize)]
pub struct ErrorReport {
    /// `usage`, `refused` or `database`.
    pub kind: &'static str,
    pub message: String,
    /// The migration that failed, when one did.
    pub file: Option<String>,
    pub line: Option<usize>,
    pub statement: Option<String>,
}

/// Runs the command and returns its exit code.
pub fn run(project: &Path, url: &str, json: bool) -> i32 {
    let mut report = ApplyReport::default();
    let failure = apply(project, url, json, &mut report).err();
    let code = failure
        .as_ref()
        .map_or(0, |(failure, _)| failure.exit_code());
    if let Some((failure, file)) = failure {
        if !json {
            eprintln!("error: {failure}");
        }
        let (file, line, statement) = match file {
            Some((path, FileFailure { statement, .. })) => {
                let line = statement.as_ref().map(|s| s.line);
                (
                    Some(path.display().to_string()),
                    line,
                    statement.map(|s| s.text),
                )
            }
            None => (None, None, None),
        };
        report.error = Some(ErrorReport {
            kind: failure.kind(),
            message: failure.message().to_string(),
            file,
            line,
            statement,
        });
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("the report serializes")
        );
    } else if code == 0 {
        let at = report
            .current
            .as_deref()
            .map_or(String::from("no migrations"), |v| {
                format!("the database is at {v}")
            });
        match report.applied.len() {
            0 => println!("nothing to apply; {at}"),
            1 => println!("applied 1 migration; {at}"),
            n => println!("applied {n} migrations; {at}"),
        }
    }
    code
}

/// A failure, with the file and statement when a migration failed.
type RunFailure = (Failure, Option<(PathBuf, FileFailure)>);

fn apply(
    project: &Path,
    url: &str,
    json: bool,
    report: &mut ApplyReport,
) -> Result<(), RunFailure> {
    let url = DbUrl::parse(url).map_err(|m| (Failure::Usage(format!("bad --url: {m}")), None))?;
    let dir = project::migrations_root(project)
        .map_err(|f| (f, None))?
        .join(url.dialect_folder());
    let migrations = read_verified(&dir).map_err(|f| (f, None))?;

    let mut conn = Connection::connect(&url, Access::ReadWrite).map_err(|f| (f, None))?;
    conn.lock().map_err(|f| (f, None))?;
    let result = apply_locked(&mut conn, &dir, &migrations, json, report);
    let unlocked = conn.unlock();
    result?;
    unlocked.map_err(|f| (f, None))
}

/// The folder's migrations, refused when the folder is missing, unreadable or does not
/// match `schemac.sum`.
pub(super) fn read_verified(dir: &Path) -> Result<Vec<Migration>, Failure> {
    if !dir.is_dir() {
        return Err(Failure::Refused(format!(
            "there is no migrations folder `{}`; run `schemac build` first",
            dir.display()
        )));
    }
    let migrations = files::read_folder(dir)
        .map_err(|e| Failure::Refused(format!("in `{}`: {e}", dir.display())))?;
    let problems = files::verify_sum(dir, &migrations);
    if !problems.is_empty() {
        let list: String = problems.iter().map(|p| format!("\n  - {p}")).collect();
        return Err(Failure::Refused(format!(
            "`{}` does not match the migration files, so nothing was applied:{list}\n\
             Migrations are written by `schemac build`: undo the hand edit, or rebuild.",
            dir.join(files::SUM_FILE).display()
        )));
    }
    Ok(migrations)
}

fn apply_locked(
    conn: &mut Connection,
    dir: &Path,
    migrations: &[Migration],
    json: bool,
    report: &mut ApplyReport,
) -> Result<(), RunFailure> {
    conn.ensure_table().map_err(|f| (f, None))?;
    let applied = conn.applied().map_err(|f| (f, None))?;
    let problems = applied_problems(migrations, &applied);
    if !problems.is_empty() {
        let list: String = problems.iter().map(|p| format!("\n  - {p}")).collect();
        return Err((
            Failure::Refused(format!(
                "the database does not match the migration files, so nothing was applied:{list}"
            )),
            None,
        ));
    }
    report.current = migrations
        .iter()
        .rev()
        .find(|m| applied.iter().any(|a| a.version == m.version))
        .map(|m| m.version.clone());
    let is_mysql = matches!(conn, Connection::Mysql { .. });
    for migration in migrations
        .iter()
        .filter(|m| !applied.iter().any(|a| a.version == m.version))
    {
        let started = Instant::now();
        if let Err(failure) = conn.apply_file(migration) {
            let path = dir.join(migration.file_name());
            let message = file_failure_message(
                migration,
                &path,
                &failure,
                is_mysql,
                report.current.as_deref(),
            );
            return Err((Failure::Database(message), Some((path, failure))));
        }
        let millis = started.elapsed().as_millis();
        if !json {
            println!("applied {} ({millis} ms)", migration.version);
            let _ = std::io::stdout().flush();
        }
        report.applied.push(AppliedFile {
            version: migration.version.clone(),
            millis,
        });
        report.current = Some(migration.version.clone());
    }
    Ok(())
}

/// Why the recorded versions forbid applying anything: a changed file, a missing
/// file, or a pending file older than an applied one.
pub(super) fn applied_problems(migrations: &[Migration], applied: &[Applied]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut versions: Vec<&Applied> = applied.iter().collect();
    versions.sort_by_key(|a| (files::parse_version(&a.version), a.version.clone()));
    for row in &versions {
        match migrations.iter().find(|m| m.version == row.version) {
            Some(m) if m.checksum != row.checksum => problems.push(format!(
                "{} was changed after it was applied (recorded {}, file now {})",
                m.file_name(),
                row.checksum,
                m.checksum
            )),
            Some(_) => {}
            None => problems.push(format!("{} is applied but its file is gone", row.version)),
        }
    }
    let newest_applied = migrations
        .iter()
        .filter(|m| applied.iter().any(|a| a.version == m.version))
        .map(|m| m.number)
        .max();
    if let Some(newest) = newest_applied {
        for m in migrations
            .iter()
            .filter(|m| m.number < newest && !applied.iter().any(|a| a.version == m.version))
        {
            problems.push(format!(
                "{} is pending but a later migration is already applied",
                m.file_name()
            ));
        }
    }
    problems
}

fn file_failure_message(
    migration: &Migration,
    path: &Path,
    failure: &FileFailure,
    is_mysql: bool,
    current: Option<&str>,
) -> String {
    let mut text = match &failure.statement {
        Some(statement) => format!(
            "{} failed at line {} of `{}`:\n    {}\n  {}",
            migration.version,
            statement.line,
            path.display(),
            statement.text.replace('\n', "\n    "),
            failure.message
        ),
        None => format!(
            "{} could not be recorded (`{}`): {}",
            migration.version,
            path.display(),
            failure.message
        ),
    };
    let kept = if is_mysql || migration.txmode_none {
        "the statements before the failing one stay applied (they ran outside a transaction); the file is not recorded"
    } else {
        "the file was rolled back and is not recorded"
    };
    let at = current.map_or(String::from("no migration is applied"), |v| {
        format!("the database stays at {v}")
    });
    text.push_str(&format!("\n{kept}; {at}."));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migration(version: &str, checksum: &str) -> Migration {
        Migration {
            number: files::parse_version(version).expect("a valid version"),
            version: version.to_string(),
            sql: String::new(),
            checksum: checksum.to_string(),
            txmode_none: false,
        }
    }

    fn applied(version: &str, checksum: &str) -> Applied {
        Applied {
            version: version.to_string(),
            checksum: checksum.to_string(),
        }
    }

    #[test]
    fn changed_gone_and_skipped_files_are_problems() {
        let files = [
            migration("V1__a", "h1:1"),
            migration("V2__b", "h1:2"),
            migration("V3__c", "h1:3"),
        ];
        assert!(applied_problems(&files, &[applied("V1__a", "h1:1")]).is_empty());
        assert_eq!(
            applied_problems(&files, &[applied("V1__a", "h1:x")]),
            ["V1__a.sql was changed after it was applied (recorded h1:x, file now h1:1)"]
        );
        assert_eq!(
            applied_problems(
                &files,
                &[applied("V1__a", "h1:1"), applied("V9__z", "h1:9")]
            ),
            ["V9__z is applied but its file is gone"]
        );
        assert_eq!(
            applied_problems(
                &files,
                &[applied("V1__a", "h1:1"), applied("V3__c", "h1:3")]
            ),
            ["V2__b.sql is pending but a later migration is already applied"]
        );
    }
}
