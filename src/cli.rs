//! The command line: argument parsing with clap and one function per command. Each
//! command returns its exit code: 0 ok, 1 user error, 2 usage error, 3 database error.

use crate::load::{self, Loaded};
use crate::render;
use clap::{Parser, Subcommand, ValueEnum};
use schemac_lang::{Diagnostic, Diagnostics, Severity};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "schemac", version, about = "Schema-as-code: .schema files to DDL, planned indexes and safe migrations")]
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
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
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
        Command::Ddl { paths, dialect, format } => ddl(&paths, dialect, format),
        Command::Fmt { paths, check, format } => fmt(&paths, check, format),
        Command::Apply { path, url, format } => {
            crate::migrate::apply::run(&path.unwrap_or_else(|| PathBuf::from(".")), &url, format == Format::Json)
        }
        Command::Status { path, url, format } => {
            crate::migrate::status::run(&path.unwrap_or_else(|| PathBuf::from(".")), &url, format == Format::Json)
        }
    }
}

fn check(paths: &[PathBuf], format: Format) -> i32 {
    let mut diags = Diagnostics::new();
    let loaded = load::load(paths, &mut diags);
    schemac_compiler::compile(&loaded.project, &mut diags);
    report(&loaded, diags, format, Stream::Stdout)
}

fn ddl(paths: &[PathBuf], dialect: Dialect, format: Format) -> i32 {
    let mut diags = Diagnostics::new();
    let loaded = load::load(paths, &mut diags);
    let schema = schemac_compiler::compile(&loaded.project, &mut diags);
    let code = report(&loaded, diags, format, Stream::Stderr);
    match schema {
        Some(schema) if code == 0 => {
            print!("{}", schemac_backends::render_ddl(&schema, dialect.into()));
            0
        }
        _ => 1,
    }
}

fn fmt(paths: &[PathBuf], check: bool, format: Format) -> i32 {
    let mut diags = Diagnostics::new();
    let loaded = load::load(paths, &mut diags);
    let broken: Vec<_> = diags.iter().filter(|d| d.severity == Severity::Error).map(|d| d.primary.span.file).collect();
    let mut unformatted = Vec::new();
    let mut failed = false;
    for (id, path) in &loaded.user_files {
        if broken.contains(id) {
            // A file with syntax errors is left exactly as it is: formatting it could
            // lose the text the parser skipped.
            failed = true;
            continue;
        }
        let file = loaded.project.files.iter().find(|f| f.id == *id).map(|f| &f.ast);
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
            let files: Vec<String> = unformatted.iter().map(|p| p.display().to_string()).collect();
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
            let _ = std::io::stderr().write_all(render::to_text(&sorted, &loaded.sources, color).as_bytes());
        }
        Format::Json => {
            let json = serde_json::json!({ "diagnostics": render::to_json(&sorted, &loaded.sources) });
            match json_to {
                Stream::Stdout => println!("{json}"),
                Stream::Stderr => eprintln!("{json}"),
            }
        }
    }
    i32::from(has_errors)
}
