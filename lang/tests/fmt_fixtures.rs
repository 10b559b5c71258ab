//! Snapshot tests of the formatter: every `fixtures/fmt/NAME.input.schema` formats to
//! the snapshot `fixtures/fmt/NAME.snap`, and the output keeps the tree and the comments
//! and formats to itself.

mod fmt_support;

use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<(String, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fmt");
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("the fmt fixture folder exists")
        .map(|entry| entry.expect("the fixture folder is readable").path())
        .filter_map(|path| {
            let name = path
                .file_name()?
                .to_str()?
                .strip_suffix(".input.schema")?
                .to_string();
            Some((name, path))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn fixtures_format_to_their_snapshots() {
    let fixtures = fixtures();
    assert!(
        fixtures.len() >= 12,
        "expected at least 12 fixtures, found {}",
        fixtures.len()
    );
    for (name, path) in fixtures {
        let source = std::fs::read_to_string(&path).expect("the fixture is readable");
        let formatted = fmt_support::format_checked(&name, &source);
        insta::with_settings!({
            snapshot_path => "fixtures/fmt",
            prepend_module_to_snapshot => false,
            input_file => &path,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name.as_str(), formatted);
        });
    }
}

#[test]
fn an_empty_file_stays_empty() {
    assert_eq!(fmt_support::format_checked("empty", ""), "");
    assert_eq!(fmt_support::format_checked("blank", "\n\n  \n"), "");
}

#[test]
fn a_file_of_comments_keeps_them() {
    let formatted = fmt_support::format_checked("comments only", "\n// one\n\n\n// two\n");
    assert_eq!(formatted, "// one\n\n// two\n");
}

#[test]
fn the_output_ends_with_one_newline() {
    let formatted = fmt_support::format_checked("no newline", "entity A {\n  id id\n}");
    assert_eq!(formatted, "entity A {\n  id id\n}\n");
    let formatted = fmt_support::format_checked("many newlines", "entity A {\n  id id\n}\n\n\n");
    assert_eq!(formatted, "entity A {\n  id id\n}\n");
}

#[test]
fn windows_line_endings_become_unix_ones() {
    let source = "// header\r\n\r\nentity A {\r\n  id id // key\r\n\r\n  name text\r\n}\r\n";
    let formatted = fmt_support::format_checked("crlf", source);
    assert_eq!(
        formatted,
        "// header\n\nentity A {\n  id id // key\n\n  name text\n}\n"
    );
}

/// Re-indents and re-spaces `source` line by line: `pads[i]` says how line `i` is changed
/// (extra leading spaces or a tab, trailing spaces, blank lines after it). None of these
/// changes the parsed tree.
fn perturb(source: &str, pads: &[(u8, u8, u8)]) -> String {
    let mut out = String::new();
    for (line, &(lead, trail, blanks)) in source.lines().zip(pads.iter().cycle()) {
        match lead % 4 {
            0 => {}
            1 => out.push('\t'),
            n => out.extend(std::iter::repeat_n(' ', n as usize * 3)),
        }
        out.push_str(line);
        out.extend(std::iter::repeat_n(' ', (trail % 3) as usize));
        out.extend(std::iter::repeat_n('\n', 1 + (blanks % 3) as usize));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Every fixture, re-spaced at random, still formats with all the properties, and to
    /// the same lines as the fixture itself, up to blank lines and alignment.
    #[test]
    fn respaced_fixtures_keep_the_properties(pads in proptest::collection::vec(any::<(u8, u8, u8)>(), 1..40)) {
        for (name, path) in fixtures() {
            let source = std::fs::read_to_string(&path).expect("the fixture is readable");
            let respaced = perturb(&source, &pads);
            let formatted = fmt_support::format_checked(&format!("{name} (respaced)"), &respaced);
            let expected = fmt_support::format_checked(&name, &source);
            // Blank lines break alignment runs, so compare the lines with spaces collapsed.
            let words = |s: &str| {
                s.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                    .collect::<Vec<_>>()
            };
            prop_assert_eq!(words(&formatted), words(&expected), "{}", name);
        }
    }
}
