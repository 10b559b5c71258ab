//! `migrations/schemac.snapshot.json`: the schema the database holds after the last
//! migration, and the expand steps waiting for their contract.

use std::path::Path;

use schemac_compiler::diff::Pending;
use schemac_compiler::ir::Schema;
use serde::{Deserialize, Serialize};

/// The file name inside the migrations folder.
pub const FILE: &str = "schemac.snapshot.json";

/// The snapshot's format version.
pub const FORMAT: u32 = 1;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    pub schema: Schema,
    pub pending: Vec<Pending>,
}

#[derive(Serialize)]
struct Written<'s> {
    format: u32,
    schemac: &'static str,
    schema: &'s Schema,
    pending: &'s [Pending],
}

#[derive(Deserialize)]
struct Read {
    format: u32,
    schema: Schema,
    #[serde(default)]
    pending: Vec<Pending>,
}

/// The snapshot as JSON: pretty-printed, keys in a fixed order, newline at the end.
pub fn to_json(snapshot: &Snapshot) -> String {
    let written = Written {
        format: FORMAT,
        schemac: env!("CARGO_PKG_VERSION"),
        schema: &snapshot.schema,
        pending: &snapshot.pending,
    };
    let mut text = serde_json::to_string_pretty(&written).expect("the IR serializes to JSON");
    text.push('\n');
    text
}

/// Parses a snapshot.
pub fn parse(text: &str, origin: &Path) -> Result<Snapshot, String> {
    let read: Read = serde_json::from_str(text)
        .map_err(|e| format!("`{}` is not a schemac snapshot: {e}", origin.display()))?;
    if read.format != FORMAT {
        return Err(format!(
            "`{}` has snapshot format {}, this schemac reads format {FORMAT}",
            origin.display(),
            read.format
        ));
    }
    Ok(Snapshot {
        schema: read.schema,
        pending: read.pending,
    })
}

/// Reads the snapshot at `path`; an absent file is the empty schema.
pub fn read(path: &Path) -> Result<Snapshot, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Snapshot::default()),
        Err(e) => Err(format!("cannot read `{}`: {e}", path.display())),
    }
}
