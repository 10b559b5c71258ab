//! Snapshots of the diagnostics (code, message, spans, hints) for common syntax errors.

use schemac_lang::{parse, Diagnostics, FileId};

/// The diagnostics of `src` as pretty JSON, each span followed by the text it covers.
fn diagnostics_json(src: &str) -> String {
    let mut diags = Diagnostics::new();
    parse(FileId(0), src, &mut diags);
    let items: Vec<serde_json::Value> = diags
        .into_sorted()
        .into_iter()
        .map(|d| {
            let mut value = serde_json::to_value(&d).expect("diagnostics serialize");
            value["primary"]["text"] = src[d.primary.span.range()].into();
            value
        })
        .collect();
    serde_json::to_string_pretty(&items).expect("json")
}

macro_rules! snapshot {
    ($name:ident, $src:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), diagnostics_json($src), $src);
        }
    };
}

snapshot!(missing_type, "entity User {\n  id id\n  email\n}\n");
snapshot!(
    unknown_modifier,
    "entity User {\n  email string(255) uniqe\n}\n"
);
snapshot!(
    unclosed_paren,
    "entity Item {\n  qty int check (qty > 0\n}\n"
);
snapshot!(
    stray_token_after_member,
    "entity Item {\n  primary key (a, b) c\n}\n"
);
snapshot!(bad_number_suffix, "entity Item {\n  scale rows 2X\n}\n");
snapshot!(
    unterminated_string,
    "entity Item {\n  status text = 'open\n}\n"
);
snapshot!(missing_open_brace, "entity Item\n  id id\n}\n");
snapshot!(
    missing_close_brace,
    "entity Item {\n  id id\n\nentity Other {\n  id id\n}\n"
);
snapshot!(
    query_without_from,
    "query recent {\n  where user = ?\n  limit 20\n}\n"
);
snapshot!(
    bad_order_by,
    "query recent {\n  from Order\n  order placed_at desc\n}\n"
);
snapshot!(
    unknown_clause,
    "query recent: Order where user = ? sort placed_at\n"
);
snapshot!(
    bad_referential_action,
    "entity Item {\n  order -> Order on delete destroy\n}\n"
);
snapshot!(enum_with_commas, "enum Status { active, disabled }\n");
snapshot!(not_a_declaration, "entty User {\n  id id\n}\n");
