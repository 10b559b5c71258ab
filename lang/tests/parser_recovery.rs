//! Error recovery: bad lines cost one diagnostic each and lose nothing around them.

use schemac_lang::ast::{Item, Member};
use schemac_lang::{parse, Diagnostic, Diagnostics, FileId};

fn parse_errors(src: &str) -> (schemac_lang::ast::SourceFile, Vec<Diagnostic>) {
    let mut diags = Diagnostics::new();
    let file = parse(FileId(0), src, &mut diags);
    (file, diags.into_sorted())
}

fn item_names(file: &schemac_lang::ast::SourceFile) -> Vec<String> {
    file.items
        .iter()
        .map(|i| match i {
            Item::Use(_) => "use".to_string(),
            Item::Enum(e) => e.name.name.clone(),
            Item::Mixin(m) => m.name.name.clone(),
            Item::Entity(e) => e.name.name.clone(),
            Item::Query(q) => q.name.name.clone(),
        })
        .collect()
}

#[test]
fn five_mistakes_on_five_lines_give_five_diagnostics() {
    let src = "\
use std.timestamps

entity User {
  id      id
  email   string(255) uniqe
  name
  with Timestamps
}

enum Status { active, disabled }

entity Order {
  id      id
  total   decimal(12,2) = 2X
  user    -> User on delete cascade
}

entty Broken {
  a int
}

query recent {
  from Order
  order by placed_at
  limit 20
}
";
    let (file, diags) = parse_errors(src);
    let lines: Vec<_> = diags
        .iter()
        .map(|d| src[..d.primary.span.start as usize].matches('\n').count() + 1)
        .collect();
    assert_eq!(diags.len(), 5, "{diags:#?}");
    assert_eq!(lines, [5, 6, 10, 14, 18]);
    assert_eq!(
        item_names(&file),
        ["use", "User", "Status", "Order", "recent"]
    );
    let Item::Entity(user) = &file.items[1] else {
        panic!()
    };
    assert_eq!(user.members.len(), 2);
    assert!(matches!(user.members[1], Member::With { .. }));
    let Item::Enum(status) = &file.items[2] else {
        panic!()
    };
    assert_eq!(status.variants.len(), 2);
    let Item::Entity(order) = &file.items[3] else {
        panic!()
    };
    assert_eq!(order.members.len(), 2);
}

#[test]
fn missing_closing_brace_at_end_of_file_is_one_diagnostic() {
    let src = "entity A {\n  id id\n  name text\n  email text\n";
    let (file, diags) = parse_errors(src);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].code, "E0005");
    assert_eq!(diags[0].secondary[0].span.start, 9);
    let Item::Entity(a) = &file.items[0] else {
        panic!()
    };
    assert_eq!(a.members.len(), 3);
}

#[test]
fn missing_closing_brace_before_the_next_declaration() {
    let src = "entity A {\n  id id\n\n/// B.\nentity B {\n  id id\n}\nquery q: B rate 1/s\n";
    let (file, diags) = parse_errors(src);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].code, "E0005");
    assert_eq!(item_names(&file), ["A", "B", "q"]);
}

#[test]
fn missing_opening_brace_is_one_diagnostic() {
    let src = "entity A\n  id id\n  name text\n}\nentity B {\n  id id\n}\n";
    let (file, diags) = parse_errors(src);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].code, "E0005");
    assert_eq!(item_names(&file), ["B"]);
}

#[test]
fn query_without_from() {
    let (file, diags) = parse_errors("query q {\n  where a = ?\n}\n");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, "E0008");
    assert!(file.items.is_empty());
}

#[test]
fn duplicate_clauses_and_modifiers() {
    let (_, diags) =
        parse_errors("query q: A limit 1 limit 2\nentity A {\n  x int unique unique\n}\n");
    assert_eq!(
        diags.iter().map(|d| d.code).collect::<Vec<_>>(),
        ["E0009", "E0009"]
    );
}

#[test]
fn doc_comment_before_a_bad_line_is_not_a_second_error() {
    let (_, diags) = parse_errors("entity A {\n  /// Doc.\n  name\n  /// Dangling.\n}\n");
    assert_eq!(
        diags.iter().map(|d| d.code).collect::<Vec<_>>(),
        ["E0002", "E0012"]
    );
}

#[test]
fn garbage_lines_are_one_region() {
    let (file, diags) =
        parse_errors("entity A {\n  id id\n}\nthis is\nnot a schema\n\nat all\nenum E { a }\n");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(item_names(&file), ["A", "E"]);
}

#[test]
fn unexpected_closing_brace_after_member() {
    let (file, diags) = parse_errors("entity A {\n  id id\n} extra\n");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, "E0011");
    assert_eq!(file.items.len(), 1);
}
