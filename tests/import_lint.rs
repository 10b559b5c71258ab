//! `import` + `lint` audits an existing database: a legacy PostgreSQL schema full of
//! anti-patterns (`tests/fixtures/import/audit/postgres.sql`: a native enum, a
//! delimited list column, a UUID primary key, `user_id bigint` without a foreign key,
//! tables without timestamps, an index on a boolean, a duplicate index) is imported
//! with the binary into a fresh project, and `schemac lint` on that project is
//! snapshotted.

use std::path::Path;
use std::process::Command;

fn schemac(dir: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_schemac"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("running schemac");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn import_then_lint_audits_a_legacy_schema() {
    let dir = std::env::temp_dir().join(format!("schemac-import-lint-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("schema")).expect("temp project");
    let fixture =
        std::fs::canonicalize("tests/fixtures/import/audit/postgres.sql").expect("fixture");
    let fixture = fixture.to_string_lossy();
    let (ok, warnings) = schemac(
        &dir,
        &[
            "import",
            &fixture,
            "--dialect",
            "postgres",
            "-o",
            "schema/audit.schema",
        ],
    );
    assert!(ok, "import failed:\n{warnings}");
    let (ok, lints) = schemac(&dir, &["lint", "."]);
    assert!(ok, "lint exits 0 on lints:\n{lints}");
    let imported = std::fs::read_to_string(dir.join("schema/audit.schema")).expect("imported");
    let _ = std::fs::remove_dir_all(&dir);
    insta::assert_snapshot!(format!("{imported}\n{lints}"));
}
