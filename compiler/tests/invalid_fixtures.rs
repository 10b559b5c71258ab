//! Every file in `tests/fixtures/invalid/` (workspace root) holds one mistake: it is
//! parsed and compiled, must yield at least one error, and its diagnostics are
//! snapshotted in a compact text form (`code severity file:line:col message`, labels,
//! hints).

mod common;

use schemac_lang::Severity;
use std::path::PathBuf;

#[test]
fn invalid_fixtures_report_errors() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/invalid");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/invalid exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "schema"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 45,
        "expected at least 45 invalid fixtures, found {}",
        files.len()
    );
    let mut without_errors = Vec::new();
    for path in files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let source = std::fs::read_to_string(&path).expect("fixture is readable");
        let p = common::project(&[(&name, &source)]);
        let (schema, diags) = p.compile();
        let rendered = p.render(&diags);
        if !diags.iter().any(|d| d.severity == Severity::Error) {
            without_errors.push(name.clone());
        }
        if diags.iter().any(|d| d.severity == Severity::Error) {
            assert!(
                schema.is_none(),
                "{name}: a compile error must not produce a schema"
            );
        }
        insta::assert_snapshot!(
            format!("invalid_{}", name.trim_end_matches(".schema")),
            rendered
        );
    }
    assert!(
        without_errors.is_empty(),
        "fixtures without an error: {without_errors:?}"
    );
}
