//! The command line: argument parsing with clap and one function per command. Each
//! command returns its exit code: 0 ok, 1 user error, 2 usage error, 3 database error.

use crate::load::{self, Loaded};
use crate::render;
use clap::{Parser, Subcommand, ValueEnum};
use schemac_lang::{Diagnostic, Diagnostics, Severity};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "schemac",
    version,
    about = "Schema-as-code: .schema files to DDL, planned indexes and safe migrations"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse, resolve and check the schema; print diagnostics only.
    Check {
        /// A project folder (default: the current one) or `.schema` files.
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the full DDL for one dialect.
    Ddl {
        paths: Vec<PathBuf>,
        #[arg(long, short)]
        dialect: Dialect,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Format `.schema` files canonically, in place.
    Fmt {
        paths: Vec<PathBuf>,
        /// Change nothing; list the files that are not formatted and exit 1 if any.
        #[arg(long)]
        check: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Diff against the last snapshot and write the next migration for each dialect.
    Build {
        /// The project folder (default: the current one).
        path: Option<PathBuf>,
        /// The migration name (snake_case); default: a summary of the changes.
        #[arg(long)]
        name: Option<String>,
        /// Write destructive changes (drop table, drop column, narrowing type change).
        #[arg(long)]
        allow_destructive: bool,
        /// Contract every pending expand step now.
        #[arg(long)]
        contract: bool,
    },
    /// Print the migration between two schema versions, classified.
    Diff {
        /// The old version: a project folder, a `.schema` file or a snapshot JSON file.
        old: PathBuf,
        /// The new version, likewise.
        new: PathBuf,
        #[arg(long, short)]
        dialect: Dialect,
    },
    /// Check the schema for anti-patterns (lints `L0xxx`, with their codes and help).
    Lint {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// `--deny warnings`: exit 1 when there is any lint or warning (for CI).
        #[arg(long, value_enum)]
        deny: Option<Deny>,
    },
    /// Turn existing SQL DDL (or a live database) into `.schema` source on stdout.
    Import {
        /// A `.sql` file of DDL statements.
        #[arg(required_unless_present = "url", conflicts_with = "url")]
        file: Option<PathBuf>,
        /// The dialect the file is written in.
        #[arg(long, short, required_unless_present = "url")]
        dialect: Option<Dialect>,
        /// Introspect a live database instead: `postgres://…`, `mysql://…`, `sqlite://path`.
        #[arg(long)]
        url: Option<String>,
        /// Write the `.schema` text to this file instead of stdout.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Apply the pending migrations of the dialect the URL names, in order, under a lock.
    Apply {
        /// The project folder (default: the current one).
        path: Option<PathBuf>,
        /// `postgres://user@host:port/db?schema=name`, `mysql://user:pass@host:port/db`,
        /// `sqlite://path` or a SQLite file path.
        #[arg(long)]
        url: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// The schema analysis: pain points, indexes with the queries they serve,
    /// migration strategy, trade-offs and estimated impact.
    Explain {
        /// The project folder (default: the current one) or `.schema` files.
        paths: Vec<PathBuf>,
        /// Only this declared query and the indexes it uses.
        #[arg(long)]
        query: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[arg(long, short, value_enum, default_value_t = Dialect::Postgres)]
        dialect: Dialect,
    },
    /// Show applied, pending and tampered migrations and the drift from the snapshot;
    /// exit 1 unless everything is applied and nothing drifts.
    Status {
        /// The project folder (default: the current one).
        path: Option<PathBuf>,
        #[arg(long)]
        url: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Load synthetic rows at the declared scale into an empty database, run every
    /// declared query, and report latency, plans and sizes; flags full scans.
    Bench {
        /// The project folder (default: the current one).
        path: Option<PathBuf>,
        /// `postgres://…[?schema=empty_schema]`, `mysql://…/db`, `sqlite://new.db` or a path.
        #[arg(long)]
        url: String,
        /// Multiplies every entity's `scale rows` (small reference tables keep up to 50 rows).
        #[arg(long, default_value_t = crate::bench::DEFAULT_SCALE)]
        scale: f64,
        /// The seed of the generator: the same seed gives the same rows.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Timed runs per query.
        #[arg(long, default_value_t = crate::bench::DEFAULT_RUNS)]
        runs: usize,
        /// Exit 1 when a query reads a large table by a full scan.
        #[arg(long)]
        strict: bool,
        /// Keep the schema or database the bench created.
        #[arg(long)]
        keep: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// What `--deny` turns into failures.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    Warnings,
}

#[derive(Clone, Copy, ValueEnum)]
enum Dialect {
    Postgres,
    Mysql,
    Mariadb,
    Sqlite,
}

impl From<Dialect> for schemac_backends::DialectKind {
    fn from(dialect: Dialect) -> Self {
        match dialect {
            Dialect::Postgres => schemac_backends::DialectKind::Postgres,
            Dialect::Mysql => schemac_backends::DialectKind::Mysql,
            Dialect::Mariadb => schemac_backends::DialectKind::Mariadb,
            Dialect::Sqlite => schemac_backends::DialectKind::Sqlite,
        }
    }
}

pub fn main() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { paths, format } => check(&paths, format),
        Command::Ddl {
            paths,
            dialect,
            format,
        } => ddl(&paths, dialect, format),
        Command::Fmt {
            paths,
            check,
            format,
        } => fmt(&paths, check, format),
        Command::Build {
            path,
            name,
            allow_destructive,
            contract,
        } => crate::build::run(&crate::build::BuildArgs {
            path: path.unwrap_or_else(|| PathBuf::from(".")),
            name,
            allow_destructive,
            contract,
        }),
        Command::Diff { old, new, dialect } => crate::build::diff::run(&old, &new, dialect.into()),
        Command::Lint {
            paths,
            format,
            deny,
        } => crate::lint::run(&paths, format == Format::Json, deny == Some(Deny::Warnings)),
        Command::Import {
            file,
            dialect,
            url,
            output,
        } => crate::import::run(
            file.as_deref(),
            dialect.map(Into::into),
            url.as_deref(),
            output.as_deref(),
        ),
        Command::Explain {
            paths,
            query,
            format,
            dialect,
        } => crate::explain::run(
            &paths,
            query.as_deref(),
            format == Format::Json,
            dialect.into(),
        ),
        Command::Apply { path, url, format } => crate::migrate::apply::run(
            &path.unwrap_or_else(|| PathBuf::from(".")),
            &url,
            format == Format::Json,
        ),
        Command::Status { path, url, format } => crate::migrate::status::run(
            &path.unwrap_or_else(|| PathBuf::from(".")),
            &url,
            format == Format::Json,
        ),
        Command::Bench {
            path,
            url,
            scale,
            seed,
            runs,
            strict,
            keep,
            format,
        } => crate::bench::run(&crate::bench::Options {
            path: path.unwrap_or_else(|| PathBuf::from(".")),
            url,
            scale,
            seed,
            runs,
            strict,
            keep,
            json: format == Format::Json,
        }),
    }
}

fn check(paths: &[PathBuf], format: Format) -> i32 {
    let mut diags = Diagnostics::new();
    let loaded = load::load(paths, &mut diags);
    schemac_compiler::check(&loaded.project, &mut diags);
    let code = report(&loaded, diags, format, Stream::Stdout);
    finish(loaded);
    code
}

fn ddl(paths: &[PathBuf], dialect: Dialect, format: Format) -> i32 {
    let mut diags = Diagnostics::new();
    let loaded = load::load(paths, &mut diags);
    let schema = schemac_compiler::compile(&loaded.project, &mut diags);
    let code = report(&loaded, diags, format, Stream::Stderr);
    let code = match &schema {
        Some(schema) if code == 0 => {
            // Written section by section: the DDL of a large schema runs to megabytes.
            let ddl = schemac_backends::ddl_sections(schema, dialect.into());
            match ddl.write_to(&mut std::io::stdout().lock()) {
                Ok(()) => 0,
                // A reader that stopped early (`| head`) is not an error of ours.
                Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => 0,
                Err(error) => {
                    eprintln!("error: cannot write the DDL: {error}");
                    1
                }
            }
        }
        _ => 1,
    };
    finish((loaded, schema));
    code
}

/// Leaves a command's syntax trees and IR to the end of the process instead of freeing
/// them one node at a time, as compilers commonly do (clang's `-disable-free`): on a
/// project of 10,000 entities that is millions of small allocations and tens of
/// milliseconds. Only for data held until the command returns.
fn finish<T>(data: T) {
    std::mem::forget(data);
}

fn fmt(paths: &[PathBuf], check: bool, format: Format) -> i32 {
    let mut diags = Diagnostics::new();
    let loaded = load::load(paths, &mut diags);
    let broken: Vec<_> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.primary.span.file)
        .collect();
    let mut unformatted = Vec::new();
    let mut failed = false;
    for (id, path) in &loaded.user_files {
        if broken.contains(id) {
            // A file with syntax errors is left exactly as it is: formatting it could
            // lose the text the parser skipped.
            failed = true;
            continue;
        }
        let file = loaded
            .project
            .files
            .iter()
            .find(|f| f.id == *id)
            .map(|f| &f.ast);
        let Some(file) = file else { continue };
        let original = &loaded.sources.get(*id).text;
        let formatted = schemac_lang::fmt::format(file, original);
        if &formatted == original {
            continue;
        }
        unformatted.push(path.clone());
        if !check {
            if let Err(error) = write_atomically(path, &formatted) {
                eprintln!("error: cannot write `{}`: {error}", path.display());
                failed = true;
            }
        }
    }
    let code = report(&loaded, diags, format, Stream::Stderr);
    match format {
        Format::Json => {
            let files: Vec<String> = unformatted
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            let key = if check { "unformatted" } else { "formatted" };
            println!("{}", serde_json::json!({ key: files }));
        }
        Format::Text => {
            for path in &unformatted {
                let verb = if check { "would reformat" } else { "formatted" };
                eprintln!("{verb} {}", path.display());
            }
        }
    }
    if failed || code != 0 || (check && !unformatted.is_empty()) {
        1
    } else {
        0
    }
}

/// Writes through a temporary file and a rename, so an interrupted write never leaves
/// a half-written schema behind.
fn write_atomically(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let tmp = path.with_extension("schema.fmt-tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

/// Where JSON diagnostics go: stdout when they are the command's result (`check`),
/// stderr when stdout carries something else (`ddl` prints SQL there).
#[derive(Clone, Copy)]
enum Stream {
    Stdout,
    Stderr,
}

/// Prints diagnostics (text always to stderr) and returns 1 when any is an error.
fn report(loaded: &Loaded, diags: Diagnostics, format: Format, json_to: Stream) -> i32 {
    let has_errors = diags.has_errors();
    let sorted: Vec<Diagnostic> = diags.into_sorted();
    match format {
        Format::Text => {
            let color = std::io::stderr().is_terminal();
            let _ = std::io::stderr()
                .write_all(render::to_text(&sorted, &loaded.sources, color).as_bytes());
        }
        Format::Json => {
            let json =
                serde_json::json!({ "diagnostics": render::to_json(&sorted, &loaded.sources) });
            match json_to {
                Stream::Stdout => println!("{json}"),
                Stream::Stderr => eprintln!("{json}"),
            }
        }
    }
    i32::from(has_errors)
}
