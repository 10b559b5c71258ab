//! The `schemac` driver: the command line, project loading (the only file IO of a
//! compilation), `schemac.toml`, and the rendering of diagnostics.

pub mod bench;
pub mod build;
pub mod cli;
pub mod config;
pub mod explain;
pub mod import;
pub mod lint;
pub mod load;
pub mod migrate;
pub mod render;
pub mod source_map;
