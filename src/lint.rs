//! `schemac lint`: compiles the project, then runs the anti-pattern rules of
//! [`schemac_compiler::lint`] on it, minus the codes `[lint] allow` lists.

use crate::load;
use crate::render;
use schemac_lang::{Diagnostic, Diagnostics, Severity};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Prints the project's diagnostics and lints (text to stderr, JSON to stdout) and
/// returns the exit code: 1 on errors; with `deny_warnings`, also 1 on any warning or
/// lint; otherwise 0.
pub fn run(paths: &[PathBuf], json: bool, deny_warnings: bool) -> i32 {
    let mut diags = Diagnostics::new();
    let loaded = load::load(paths, &mut diags);
    if let Some(schema) = schemac_compiler::compile(&loaded.project, &mut diags) {
        diags.extend(schemac_compiler::lint::run(
            &loaded.project,
            &schema,
            &loaded.config.lint.allow,
        ));
    }
    let failed = diags.has_errors() || (deny_warnings && !diags.is_empty());
    let sorted: Vec<Diagnostic> = diags.into_sorted();
    if json {
        println!(
            "{}",
            serde_json::json!({ "diagnostics": render::to_json(&sorted, &loaded.sources) })
        );
    } else {
        let color = std::io::stderr().is_terminal();
        let _ = std::io::stderr()
            .write_all(render::to_text(&sorted, &loaded.sources, color).as_bytes());
        let lints = sorted
            .iter()
            .filter(|d| d.severity == Severity::Lint)
            .count();
        if lints > 0 {
            eprintln!("{lints} lint{}", if lints == 1 { "" } else { "s" });
        }
    }
    i32::from(failed)
}
