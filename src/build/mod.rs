//! `schemac build` and `schemac diff`: the snapshot the next build diffs against, the
//! numbered migration files per dialect, and their `schemac.sum`.

pub mod diff;
mod names;
pub mod snapshot;
pub mod sum;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use schemac_backends::migrate::render_migration;
use schemac_backends::DialectKind;
use schemac_compiler::diff::{self as differ, Options};
use schemac_compiler::ir::Schema;
use schemac_lang::Diagnostics;

use crate::load::{self, Loaded};
use snapshot::Snapshot;

/// What `build` was asked to do.
pub struct BuildArgs {
    pub path: PathBuf,
    pub name: Option<String>,
    pub allow_destructive: bool,
    pub contract: bool,
}

/// Runs `schemac build`; returns the exit code (0 written or unchanged, 1 refused or a
/// bad schema).
pub fn run(args: &BuildArgs) -> i32 {
    match build(args) {
        Ok(message) => {
            println!("{message}");
            0
        }
        Err(message) => {
            eprintln!("error: {message}");
            1
        }
    }
}

/// Compiles the project, printing its diagnostics; `None` when it has errors.
pub fn compile(paths: &[PathBuf]) -> Option<(Loaded, Schema)> {
    let mut diags = Diagnostics::new();
    let loaded = load::load(paths, &mut diags);
    let schema = schemac_compiler::compile(&loaded.project, &mut diags);
    let has_errors = diags.has_errors();
    let sorted = diags.into_sorted();
    let color = std::io::stderr().is_terminal();
    let _ = std::io::stderr()
        .write_all(crate::render::to_text(&sorted, &loaded.sources, color).as_bytes());
    match schema {
        Some(schema) if !has_errors => Some((loaded, schema)),
        _ => None,
    }
}

/// The dialect folder names of `[project] dialects`.
fn dialects(loaded: &Loaded) -> Result<Vec<(String, DialectKind)>, String> {
    loaded
        .config
        .project
        .dialects
        .iter()
        .map(|name| {
            name.parse::<DialectKind>()
                .map(|kind| (name.clone(), kind))
                .map_err(|e| format!("[project] dialects: {e}"))
        })
        .collect()
}

fn build(args: &BuildArgs) -> Result<String, String> {
    let Some((loaded, schema)) = compile(std::slice::from_ref(&args.path)) else {
        return Err("the schema has errors; nothing was written".into());
    };
    let dir = loaded.root.join(&loaded.config.project.migrations);
    let dialects = dialects(&loaded)?;
    if let Some(name) = &args.name {
        if !names::is_valid(name) {
            return Err(format!(
                "--name `{name}` must be snake_case ASCII (a-z, 0-9, _)"
            ));
        }
    }

    // Never overwrite the user's work: every existing file must match its sum.
    let mut existing = Vec::new();
    for (folder, _) in &dialects {
        let folder = dir.join(folder);
        let files = sum::verify(&folder)?;
        existing.push((folder, files));
    }

    let snapshot_path = dir.join(snapshot::FILE);
    let old = snapshot::read(&snapshot_path)?;
    let diff = differ::diff(
        &old.schema,
        &schema,
        &Options {
            pending: &old.pending,
            contract: args.contract,
        },
    );
    if diff.changes.is_empty() {
        // Nothing for the database, but the snapshot records what only the differ
        // reads (such as `@deprecated`), so it follows the schema.
        if diff.state != old.schema || diff.pending != old.pending {
            let next = Snapshot {
                schema: diff.state,
                pending: diff.pending,
            };
            write(&snapshot_path, &snapshot::to_json(&next))?;
            return Ok(format!("no changes (updated {})", display(&snapshot_path)));
        }
        return Ok("no changes".into());
    }
    let refused: Vec<String> = diff
        .refused()
        .map(|c| format!("  {} ({})", c.kind.describe(), c.reason))
        .collect();
    if !refused.is_empty() && !args.allow_destructive {
        return Err(format!(
            "refusing destructive changes (nothing was written):\n{}\nhint: mark the field `@deprecated` to keep it, rename with `@was(old)`, or pass --allow-destructive",
            refused.join("\n")
        ));
    }
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| names::summary(&diff.changes, &old.schema));

    let mut written = Vec::new();
    for ((folder, files), (_, kind)) in existing.iter().zip(&dialects) {
        let rendered = render_migration(
            &diff.changes,
            &old.schema,
            &diff.state,
            &diff.pending,
            *kind,
        );
        std::fs::create_dir_all(folder)
            .map_err(|e| format!("cannot create `{}`: {e}", folder.display()))?;
        let mut all = files.clone();
        for (version, file) in (files.len() + 1..).zip(rendered) {
            let file_name = match file.suffix {
                Some(suffix) => format!("V{version}__{name}_{suffix}.sql"),
                None => format!("V{version}__{name}.sql"),
            };
            write(&folder.join(&file_name), &file.sql)?;
            written.push(folder.join(&file_name));
            all.push(file_name);
        }
        sum::write(folder, &all)?;
    }
    let next = Snapshot {
        schema: diff.state,
        pending: diff.pending,
    };
    write(&snapshot_path, &snapshot::to_json(&next))?;

    let mut message = String::new();
    for c in &diff.changes {
        let class = if c.planned {
            "destructive, planned"
        } else {
            c.safety.as_str()
        };
        message.push_str(&format!("{class}: {}\n", c.kind.describe()));
    }
    for path in &written {
        message.push_str(&format!("wrote {}\n", display(path)));
    }
    message.push_str(&format!("wrote {}", display(&snapshot_path)));
    Ok(message)
}

fn display(path: &Path) -> String {
    let text = path.display().to_string();
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

/// Writes through a temporary file and a rename, so an interrupted build never leaves
/// a half-written file behind.
fn write(path: &Path, text: &str) -> Result<(), String> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}
