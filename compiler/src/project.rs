//! The compiler's input: parsed files handed over by the driver.

use schemac_lang::ast::SourceFile;
use schemac_lang::{FileId, Span};

/// Every file of one compilation: the user's files and every stdlib module (the stdlib
/// is a prelude: its mixins resolve without a `use`, and a local declaration of the
/// same name shadows them).
#[derive(Clone, Debug)]
pub struct Project {
    pub files: Vec<ProjectFile>,
    pub settings: Settings,
}

#[derive(Clone, Debug)]
pub struct ProjectFile {
    pub id: FileId,
    /// A display name: the path as given, or `std/timestamps.schema`.
    pub name: String,
    pub ast: SourceFile,
    pub origin: FileOrigin,
    /// `use "./other.schema"` lines the driver resolved to a loaded file. A file that
    /// could not be read was already reported by the driver and is absent here.
    pub uses: Vec<UseLink>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileOrigin {
    User,
    /// A stdlib module, e.g. `timestamps` for `use std.timestamps`.
    Stdlib {
        module: String,
    },
}

#[derive(Clone, Copy, Debug)]
pub struct UseLink {
    /// The span of the `use` declaration.
    pub span: Span,
    pub target: FileId,
}

/// Project-wide settings from `schemac.toml`.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Rows assumed for an entity without `scale rows` (`[scale] default_rows`).
    pub default_rows: f64,
    /// The dialects the project targets (`[project] dialects`): the checks warn about
    /// the fallbacks a trait gets on these engines.
    pub dialects: Vec<String>,
}

impl Settings {
    /// True when the project targets `dialect` (`mysql` also covers `mariadb`).
    pub fn targets(&self, dialect: &str) -> bool {
        self.dialects
            .iter()
            .any(|d| d == dialect || (dialect == "mysql" && d == "mariadb"))
    }
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            default_rows: 10_000.0,
            dialects: vec!["postgres".into(), "mysql".into(), "sqlite".into()],
        }
    }
}
