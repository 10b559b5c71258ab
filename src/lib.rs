//! The `schemac` driver: the command line, project loading (the only file IO of a
//! compilation), `schemac.toml`, and the rendering of diagnostics.

/// The allocator of every program built on this crate: the binary, its benches and
/// its tests. A compilation allocates millions of small strings and vectors (a name per
/// identifier, a node per member) and frees them together; mimalloc does both in about
/// half the time of the system allocator (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
