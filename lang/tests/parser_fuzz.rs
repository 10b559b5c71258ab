//! The parser never panics: not on arbitrary bytes, not on mangled valid files.

use proptest::prelude::*;
use schemac_lang::ast::Item;
use schemac_lang::{parse, Diagnostics, FileId};

fn fixtures() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/parser/valid");
    let mut sources: Vec<String> = std::fs::read_dir(dir)
        .expect("fixture folder")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("fixture"))
        .collect();
    sources.sort();
    sources
}

/// Parses and checks that every span lies inside the source.
fn parse_checked(src: &str) {
    let mut diags = Diagnostics::new();
    let file = parse(FileId(1), src, &mut diags);
    for d in diags.iter() {
        assert!(
            d.primary.span.end as usize <= src.len(),
            "span past the end: {d:?}"
        );
        assert!(d.primary.span.start <= d.primary.span.end);
        assert!(
            src.get(d.primary.span.range()).is_some(),
            "span not on char boundaries: {d:?}"
        );
    }
    for c in &file.comments {
        assert!(src.get(c.span.range()).is_some());
    }
}

/// One edit of a source: delete, insert or duplicate a character or a line.
#[derive(Clone, Debug)]
enum Edit {
    DeleteChar(usize),
    InsertChar(usize, char),
    DuplicateChar(usize),
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
}

fn apply(src: &str, edit: &Edit) -> String {
    let chars: Vec<char> = src.chars().collect();
    let mut lines: Vec<&str> = src.split('\n').collect();
    match *edit {
        Edit::DeleteChar(i) if !chars.is_empty() => {
            let i = i % chars.len();
            chars[..i].iter().chain(&chars[i + 1..]).collect()
        }
        Edit::InsertChar(i, c) => {
            let i = i % (chars.len() + 1);
            chars[..i]
                .iter()
                .chain(std::iter::once(&c))
                .chain(&chars[i..])
                .collect()
        }
        Edit::DuplicateChar(i) if !chars.is_empty() => {
            let i = i % chars.len();
            chars[..=i].iter().chain(&chars[i..]).collect()
        }
        Edit::DeleteLine(i) => {
            lines.remove(i % lines.len());
            lines.join("\n")
        }
        Edit::DuplicateLine(i) => {
            let i = i % lines.len();
            lines.insert(i, lines[i]);
            lines.join("\n")
        }
        Edit::SwapLines(a, b) => {
            let n = lines.len();
            lines.swap(a % n, b % n);
            lines.join("\n")
        }
        _ => src.to_string(),
    }
}

fn edit() -> impl Strategy<Value = Edit> {
    let interesting = prop::sample::select(vec![
        '{', '}', '(', ')', '\'', '"', '/', '\n', '?', '@', '-', '>', ',', 'x', ' ', 'é',
    ]);
    prop_oneof![
        any::<usize>().prop_map(Edit::DeleteChar),
        (any::<usize>(), interesting).prop_map(|(i, c)| Edit::InsertChar(i, c)),
        any::<usize>().prop_map(Edit::DuplicateChar),
        any::<usize>().prop_map(Edit::DeleteLine),
        any::<usize>().prop_map(Edit::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        parse_checked(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn schema_like_text_never_panics(src in "[a-z{}()\\[\\]=?@,.:'\"/ \n0-9kMB<>!|*+-]{0,300}") {
        parse_checked(&src);
    }

    #[test]
    fn mutated_fixtures_never_panic(which in any::<usize>(), edits in prop::collection::vec(edit(), 1..6)) {
        let sources = fixtures();
        let mut src = sources[which % sources.len()].clone();
        for e in &edits {
            src = apply(&src, e);
        }
        parse_checked(&src);
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    let src = format!(
        "entity A {{\n  x int = {}1{}\n}}\n",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    parse_checked(&src);
    let src = format!("entity A {{\n  x int = {}\n}}\n", "-".repeat(5000));
    parse_checked(&src);
}

/// Input nested far beyond any real schema, in every form pest would recurse on: the
/// line is reported (E0013) and the rest of the file is kept.
#[test]
fn extreme_nesting_is_reported_and_the_rest_is_kept() {
    let deep_lines = [
        format!("  x int = {}1{}", "(".repeat(100_000), ")".repeat(100_000)),
        format!("  x int = {}1", "(".repeat(100_000)),
        format!("  x int = {}1", "-".repeat(100_000)),
        format!("  x int = {}1", "not ".repeat(100_000)),
        format!("  x int = {}1", "- not (".repeat(30_000)),
        format!("  x json = {}", "[{\"a\": ".repeat(50_000)),
        format!(
            "  check ({}x > 0{})",
            "(".repeat(100_000),
            ")".repeat(100_000)
        ),
        format!("  index (a) where {}", "(".repeat(100_000)),
    ];
    for line in &deep_lines {
        let src =
            format!("entity A {{\n  id id\n{line}\n  name text\n}}\n\nentity B {{\n  id id\n}}\n");
        parse_checked(&src);
        let mut diags = Diagnostics::new();
        let file = parse(FileId(1), &src, &mut diags);
        let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["E0013"], "{:?}", &line[..40]);
        assert_eq!(file.items.len(), 2);
        let Item::Entity(a) = &file.items[0] else {
            panic!("expected entity A");
        };
        assert_eq!(
            a.members.len(),
            2,
            "the fields around the deep line are kept"
        );
    }
    // A deep query filter, in a block and on one line.
    let src = format!(
        "query q {{\n  from A\n  where {}a = 1\n}}\nquery r: A where {}\n",
        "(".repeat(100_000),
        "not ".repeat(100_000)
    );
    parse_checked(&src);
    let mut diags = Diagnostics::new();
    parse(FileId(1), &src, &mut diags);
    assert!(diags.iter().any(|d| d.code == "E0013"));
}

/// Nesting up to the limit (32 bracket levels) parses, on a test thread's 2 MiB stack
/// and in a debug build.
#[test]
fn nesting_up_to_the_limit_still_parses() {
    let src = format!(
        "entity A {{\n  x int = {}1{}\n  check ({}x > 0{})\n}}\n",
        "(".repeat(32),
        ")".repeat(32),
        "not (".repeat(15),
        ")".repeat(15)
    );
    let mut diags = Diagnostics::new();
    parse(FileId(1), &src, &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
}
