//! Every file in `tests/fixtures/valid/` (workspace root) compiles without errors or
//! warnings, and its IR is snapshotted as pretty JSON.

mod common;

use std::path::PathBuf;

fn fixtures() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/valid");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/valid exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "schema"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let source = std::fs::read_to_string(&p).expect("fixture is readable");
            (name, source)
        })
        .collect()
}

#[test]
fn valid_fixtures_compile_to_the_snapshotted_ir() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 3, "expected the valid fixtures");
    for (name, source) in fixtures {
        let p = common::project(&[(&name, &source)]);
        let (schema, diags) = p.compile();
        // The fallback warnings of engines that lack a storage or an index (W0110 SQLite
        // partitions, W0111 MySQL foreign keys on partitioned tables, W0112 MySQL
        // containment) are expected.
        assert!(
            diags
                .iter()
                .all(|d| ["W0110", "W0111", "W0112"].contains(&d.code)),
            "{name} has diagnostics:\n{}",
            p.render(&diags)
        );
        let schema = schema.expect("no errors, so a schema");
        let json = serde_json::to_string_pretty(&schema).expect("the IR serializes");
        insta::assert_snapshot!(format!("valid_{}", name.trim_end_matches(".schema")), json);
    }
}
