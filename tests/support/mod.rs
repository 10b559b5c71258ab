//! Shared by the workspace tests: compiling a project the way the CLI does.

// Each test binary uses part of this module.
#![allow(dead_code)]

use schemac::load;
use schemac_compiler::ir::Schema;
use schemac_lang::Diagnostics;
use std::path::{Path, PathBuf};

/// Loads and compiles a project folder or file; panics with the diagnostics when it
/// does not compile.
pub fn compile(path: &Path) -> Schema {
    compile_targeting(path, None)
}

/// [`compile`] for a project that targets `dialects` (`[project] dialects`), or the
/// ones its configuration names.
pub fn compile_targeting(path: &Path, dialects: Option<&[&str]>) -> Schema {
    let mut diags = Diagnostics::new();
    let mut loaded = load::load(&[path.to_path_buf()], &mut diags);
    if let Some(dialects) = dialects {
        loaded.project.settings.dialects = dialects.iter().map(|d| d.to_string()).collect();
    }
    let schema = schemac_compiler::compile(&loaded.project, &mut diags);
    let rendered = schemac::render::to_text(&diags.clone().into_sorted(), &loaded.sources, false);
    match schema {
        Some(schema) if !diags.has_errors() => schema,
        _ => panic!("{} does not compile:\n{rendered}", path.display()),
    }
}

/// The bundled example projects, sorted.
pub fn examples() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("examples")
        .expect("examples/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}
