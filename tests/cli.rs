//! The `schemac` binary end to end: exit codes, output streams, `--format json`, and
//! that `fmt` never touches a file it cannot parse.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn schemac(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schemac"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn examples() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("examples")
        .expect("examples/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("schemac-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn every_example_checks_clean() {
    for example in examples() {
        let out = schemac(&["check", example.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {stderr}",
            example.display()
        );
        assert!(!stderr.contains("error"), "{}: {stderr}", example.display());
    }
}

#[test]
fn every_example_is_formatted() {
    for example in examples() {
        let out = schemac(&["fmt", "--check", example.to_str().unwrap()]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            example.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn ddl_prints_sql_for_every_dialect() {
    for dialect in ["postgres", "mysql", "mariadb", "sqlite"] {
        let out = schemac(&["ddl", "examples/shop", "--dialect", dialect]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{dialect}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let sql = String::from_utf8_lossy(&out.stdout);
        assert!(sql.contains("CREATE TABLE"), "{dialect}: {sql}");
    }
}

#[test]
fn check_reports_errors_with_exit_code_1() {
    let out = schemac(&["check", "tests/fixtures/five_errors.schema"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[E"), "{stderr}");
    assert!(stderr.contains("five_errors.schema:"), "{stderr}");
}

#[test]
fn check_json_is_machine_readable() {
    let out = schemac(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/five_errors.schema",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let diagnostics = json["diagnostics"].as_array().expect("a diagnostics array");
    assert_eq!(diagnostics.len(), 5);
    for d in diagnostics {
        assert!(
            d["code"].as_str().is_some_and(|c| c.starts_with('E')),
            "{d}"
        );
        assert!(d["line"].as_u64().is_some_and(|l| l > 0), "{d}");
        assert!(
            d["hints"].as_array().is_some_and(|h| !h.is_empty()),
            "every error has a hint: {d}"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(schemac(&["ddl", "examples/shop"]).status.code(), Some(2));
    assert_eq!(
        schemac(&["ddl", "examples/shop", "--dialect", "oracle"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(schemac(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn fmt_rewrites_a_messy_file_and_check_then_passes() {
    let dir = temp_dir("fmt");
    let file = dir.join("app.schema");
    std::fs::write(
        &file,
        "entity   User {\n  id id\n      email string(255)    unique // login\n}\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    assert_eq!(schemac(&["fmt", "--check", path]).status.code(), Some(1));
    assert_eq!(schemac(&["fmt", path]).status.code(), Some(0));
    let formatted = std::fs::read_to_string(&file).unwrap();
    assert!(
        formatted.contains("// login"),
        "comments survive: {formatted}"
    );
    assert_eq!(schemac(&["fmt", "--check", path]).status.code(), Some(0));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn fmt_leaves_a_file_with_syntax_errors_untouched() {
    let dir = temp_dir("fmt-broken");
    let file = dir.join("app.schema");
    let broken = "entity   User {\n  id id\n  email string(255) uniqe\n}\n";
    std::fs::write(&file, broken).unwrap();
    let out = schemac(&["fmt", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), broken);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn unknown_config_key_is_an_error_at_the_key() {
    let dir = temp_dir("config");
    std::fs::write(
        dir.join("schemac.toml"),
        "[project]\nschema = [\"app.schema\"]\ndialect = [\"postgres\"]\n",
    )
    .unwrap();
    std::fs::write(dir.join("app.schema"), "entity User {\n  id id\n}\n").unwrap();
    let out = schemac(&["check", dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("E0101") && stderr.contains("dialect"),
        "{stderr}"
    );
    assert!(
        stderr.contains("schemac.toml:3:"),
        "points at the key: {stderr}"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn missing_use_target_is_reported_at_the_use() {
    let dir = temp_dir("use");
    std::fs::write(
        dir.join("app.schema"),
        "use \"./nope.schema\"\nentity User {\n  id id\n}\n",
    )
    .unwrap();
    let out = schemac(&[
        "check",
        Path::new(&dir).join("app.schema").to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("E0104") && stderr.contains("app.schema:1:"),
        "{stderr}"
    );
    std::fs::remove_dir_all(dir).ok();
}

/// A tree without a strategy: the planner picks one, and `explain` says which and why.
#[test]
fn explain_says_why_a_tree_strategy_was_chosen() {
    let dir = temp_dir("explain-tree");
    let file = dir.join("app.schema");
    std::fs::write(
        &file,
        "entity Category {\n  id id\n  name string(80)\n  tree\n  scale rows 50k\n}\n\nquery subtree: Category descendants of ? rate 200/s\n",
    )
    .unwrap();
    let out = schemac(&["explain", file.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("### Chosen Strategies"), "{text}");
    assert!(
        text.contains(
            "`categories`: tree stored as closure table (chosen by the planner): read-mostly"
        ),
        "{text}"
    );
    std::fs::remove_dir_all(dir).ok();
}
