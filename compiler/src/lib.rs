//! Name resolution, checks and lowering of `.schema` projects into the planned IR.
//!
//! Architecture invariant: the compiler does no IO. The driver hands it parsed files
//! (the user's and the stdlib's) and it hands back an [`ir::Schema`] and diagnostics.

pub mod ir;
pub mod project;

pub use project::{FileOrigin, Project, ProjectFile, Settings, UseLink};
