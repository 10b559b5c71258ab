//! `schemac lint`: one fixture per rule in `tests/fixtures/lint/<rule>.schema`, each
//! snapshotted as "source, then rendered lints"; the examples' lints, snapshotted as
//! what a real project sees; `@allow`, `[lint] allow` and `--deny warnings`.

use schemac::{load, render};
use schemac_compiler::lint::RULES;
use schemac_lang::{Diagnostics, Severity};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Loads, compiles and lints like `schemac lint`; returns the rendered diagnostics and
/// the codes found.
fn lint(paths: &[PathBuf]) -> (String, Vec<&'static str>) {
    let mut diags = Diagnostics::new();
    let loaded = load::load(paths, &mut diags);
    let schema =
        schemac_compiler::compile(&loaded.project, &mut diags).expect("the schema compiles");
    diags.extend(schemac_compiler::lint::run(
        &loaded.project,
        &schema,
        &loaded.config.lint.allow,
    ));
    let sorted = diags.into_sorted();
    let codes = sorted
        .iter()
        .filter(|d| d.severity == Severity::Lint)
        .map(|d| d.code)
        .collect();
    (render::to_text(&sorted, &loaded.sources, false), codes)
}

#[test]
fn each_rule_has_a_fixture_that_triggers_it() {
    for rule in RULES {
        let path = PathBuf::from(format!("tests/fixtures/lint/{}.schema", rule.name));
        assert!(
            path.exists(),
            "{} has no fixture at {}",
            rule.code,
            path.display()
        );
        let source = std::fs::read_to_string(&path).expect("fixture is readable");
        let (rendered, codes) = lint(&[path]);
        assert!(
            codes.contains(&rule.code),
            "{} does not trigger {}:\n{rendered}",
            rule.name,
            rule.code
        );
        insta::assert_snapshot!(
            format!("lint_{}", rule.name),
            format!("{source}\n----- lints -----\n{rendered}")
        );
    }
}

#[test]
fn every_example_is_lint_checked() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("examples")
        .expect("examples/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let (rendered, _) = lint(&[dir]);
        insta::assert_snapshot!(format!("lint_example_{name}"), rendered);
    }
}

#[test]
fn docs_list_every_rule() {
    let docs = std::fs::read_to_string("docs/lint.md").expect("docs/lint.md exists");
    for rule in RULES {
        assert!(
            docs.contains(rule.code),
            "docs/lint.md does not document {}",
            rule.code
        );
    }
}

fn temp_project(name: &str, toml: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("schemac-lint-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("schema")).expect("temp dir");
    std::fs::copy(
        "tests/fixtures/lint/uuid_primary_key.schema",
        dir.join("schema/app.schema"),
    )
    .expect("copy");
    std::fs::write(dir.join("schemac.toml"), toml).expect("write toml");
    dir
}

fn schemac(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_schemac"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn project_allow_and_deny_warnings() {
    let dir = temp_project("deny", "");
    let path = dir.to_str().expect("utf-8 path");
    let out = schemac(&["lint", path]);
    assert_eq!(out.status.code(), Some(0), "lints alone exit 0");
    assert!(String::from_utf8_lossy(&out.stderr).contains("L0003"));
    let out = schemac(&["lint", path, "--deny", "warnings"]);
    assert_eq!(out.status.code(), Some(1), "--deny warnings fails on lints");
    let out = schemac(&["lint", path, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json on stdout");
    assert!(json["diagnostics"]
        .as_array()
        .is_some_and(|d| d.iter().any(|d| d["code"] == "L0003")));
    let _ = std::fs::remove_dir_all(&dir);

    let dir = temp_project("allow", "[lint]\nallow = [\"L0003\"]\n");
    let out = schemac(&[
        "lint",
        dir.to_str().expect("utf-8 path"),
        "--deny",
        "warnings",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn entity_allow_silences_one_entity() {
    let (_, codes) =
        lint(&[Path::new("tests/fixtures/lint/uuid_primary_key.schema").to_path_buf()]);
    assert_eq!(
        codes.iter().filter(|c| **c == "L0003").count(),
        1,
        "Device allows L0003"
    );
}
