//! `schemac diff OLD NEW --dialect D`: the migration between two schema versions on
//! stdout, each change classified in a comment. OLD and NEW are project folders,
//! `.schema` files or snapshot JSON files.

use std::path::{Path, PathBuf};

use schemac_backends::migrate::render_migration;
use schemac_backends::DialectKind;
use schemac_compiler::diff::{self as differ, Options};

use super::snapshot::{self, Snapshot};

/// Runs the command; returns the exit code.
pub fn run(old: &Path, new: &Path, kind: DialectKind) -> i32 {
    let (Some(old), Some(new)) = (side(old), side(new)) else {
        return 1;
    };
    let diff = differ::diff(
        &old.schema,
        &new.schema,
        &Options {
            pending: &old.pending,
            contract: false,
        },
    );
    if diff.changes.is_empty() {
        println!("-- no changes");
        return 0;
    }
    let files = render_migration(&diff.changes, &old.schema, &diff.state, &diff.pending, kind);
    let texts: Vec<String> = files
        .iter()
        .map(|f| match f.suffix {
            Some(suffix) => format!("-- file: {suffix}\n{}", f.sql),
            None => f.sql.clone(),
        })
        .collect();
    print!("{}", texts.join("\n"));
    0
}

fn side(path: &Path) -> Option<Snapshot> {
    if path.extension().is_some_and(|e| e == "json") {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: cannot read `{}`: {e}", path.display());
                return None;
            }
        };
        return match snapshot::parse(&text, path) {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("error: {e}");
                None
            }
        };
    }
    let (_, schema) = super::compile(&[PathBuf::from(path)])?;
    Some(Snapshot {
        schema,
        pending: Vec::new(),
    })
}
