//! "Source, then rendered error" snapshots: every file in `tests/fixtures/invalid/` is
//! loaded and compiled like `schemac check` does, and the codespan rendering of its
//! diagnostics is compared with the reviewed snapshot.

use schemac::{load, render};
use schemac_lang::Diagnostics;
use std::path::Path;

#[test]
fn invalid_fixtures_render_their_diagnostics() {
    insta::glob!("fixtures/invalid/*.schema", |path| {
        let relative = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(path);
        let source = std::fs::read_to_string(path).expect("fixture is readable");
        let mut diags = Diagnostics::new();
        let loaded = load::load(&[relative.to_path_buf()], &mut diags);
        let schema = schemac_compiler::compile(&loaded.project, &mut diags);
        assert!(
            diags.has_errors(),
            "{} must produce an error",
            relative.display()
        );
        assert!(
            schema.is_none(),
            "{} must not lower to an IR",
            relative.display()
        );
        let rendered = render::to_text(&diags.into_sorted(), &loaded.sources, false);
        insta::assert_snapshot!(format!("{source}\n----- diagnostics -----\n{rendered}"));
    });
}

/// `check` reports exactly what `compile` reports, on every invalid fixture, every
/// example and a valid file without queries (which `check` does not lower).
#[test]
fn check_reports_what_compile_reports() {
    let mut projects: Vec<std::path::PathBuf> = std::fs::read_dir("tests/fixtures/invalid")
        .expect("the invalid fixtures")
        .map(|entry| entry.expect("a fixture").path())
        .collect();
    for example in ["shop", "saas", "publishing"] {
        projects.push(Path::new("examples").join(example));
    }
    projects.push(Path::new("tests/fixtures/five_errors.schema").to_path_buf());
    projects.push(Path::new("stdlib/schema/timestamps.schema").to_path_buf());
    for path in projects {
        let paths = [path];
        let mut compiled = Diagnostics::new();
        let loaded = load::load(&paths, &mut compiled);
        schemac_compiler::compile(&loaded.project, &mut compiled);
        let mut checked = Diagnostics::new();
        let loaded = load::load(&paths, &mut checked);
        schemac_compiler::check(&loaded.project, &mut checked);
        assert_eq!(
            checked.into_sorted(),
            compiled.into_sorted(),
            "{paths:?}: check and compile disagree"
        );
    }
}

/// Five independent mistakes on five lines give five diagnostics, not one.
#[test]
fn five_mistakes_give_five_diagnostics() {
    let path = Path::new("tests/fixtures/five_errors.schema");
    let mut diags = Diagnostics::new();
    let loaded = load::load(&[path.to_path_buf()], &mut diags);
    schemac_compiler::compile(&loaded.project, &mut diags);
    let sorted = diags.into_sorted();
    let rendered = render::to_text(&sorted, &loaded.sources, false);
    assert_eq!(sorted.len(), 5, "{rendered}");
}
