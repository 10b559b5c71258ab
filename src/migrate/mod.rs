//! `schemac apply` and `schemac status`: the migrations written by `build` meet a live
//! database. Reading the migration folder and checking `schemac.sum` (`files`), splitting
//! files into statements (`statements`), database URLs (`url`), one connection type over
//! the three engines (`connection`, `lock`), and the two commands (`apply`, `status`
//! with its schema comparison in `drift`).

pub mod apply;
pub mod connection;
pub mod drift;
pub mod files;
mod lock;
pub mod project;
pub mod statements;
pub mod status;
pub mod url;

use std::fmt;

/// Why `apply` or `status` stopped, which decides the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The command line is wrong (a bad URL): exit 2.
    Usage(String),
    /// The project or its migrations are not in a state that may be applied: exit 1.
    Refused(String),
    /// The database could not be reached or a statement failed: exit 3.
    Database(String),
}

impl Failure {
    /// The exit code the command line contract gives this failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Refused(_) => 1,
            Failure::Database(_) => 3,
        }
    }

    /// A short name for `--format json`.
    pub fn kind(&self) -> &'static str {
        match self {
            Failure::Usage(_) => "usage",
            Failure::Refused(_) => "refused",
            Failure::Database(_) => "database",
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Failure::Usage(m) | Failure::Refused(m) | Failure::Database(m) => m,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}
