//! One test per construct of the language: parse a snippet, check the tree's shape.

use schemac_lang::ast::*;
use schemac_lang::{parse, Diagnostics, FileId};

fn parse_ok(src: &str) -> SourceFile {
    let mut diags = Diagnostics::new();
    let file = parse(FileId(7), src, &mut diags);
    let found: Vec<_> = diags
        .iter()
        .map(|d| format!("{} {} at {:?}", d.code, d.message, d.primary.span))
        .collect();
    assert!(
        found.is_empty(),
        "unexpected diagnostics for {src:?}: {found:#?}"
    );
    file
}

fn entity(src: &str) -> EntityDecl {
    match parse_ok(src).items.into_iter().next() {
        Some(Item::Entity(e)) => e,
        other => panic!("expected an entity, got {other:?}"),
    }
}

/// The members of `entity T { <body> }`.
fn members(body: &str) -> Vec<Member> {
    entity(&format!("entity T {{\n{body}\n}}\n")).members
}

fn field(line: &str) -> Field {
    match members(line).into_iter().next() {
        Some(Member::Field(f)) => f,
        other => panic!("expected a field for {line:?}, got {other:?}"),
    }
}

fn query(src: &str) -> QueryDecl {
    match parse_ok(src).items.into_iter().next() {
        Some(Item::Query(q)) => *q,
        other => panic!("expected a query, got {other:?}"),
    }
}

/// The default expression of `x int = <expr>`.
fn expr(src: &str) -> Expr {
    *field(&format!("x int = {src}")).default.expect("a default")
}

fn path(e: &Expr) -> Vec<&str> {
    match &e.kind {
        ExprKind::Path(p) => p.iter().map(|i| i.name.as_str()).collect(),
        other => panic!("expected a path, got {other:?}"),
    }
}

fn named(ty: &TypeRef) -> (&str, Vec<f64>) {
    match &ty.kind {
        TypeKind::Named { name, args } => {
            (name.name.as_str(), args.iter().map(|a| a.value).collect())
        }
        other => panic!("expected a named type, got {other:?}"),
    }
}

#[test]
fn every_fixture_parses_without_diagnostics() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/parser/valid");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).expect("fixture folder") {
        let path = entry.expect("entry").path();
        let src = std::fs::read_to_string(&path).expect("fixture");
        let file = parse_ok(&src);
        assert!(!file.items.is_empty(), "{} has no items", path.display());
        count += 1;
    }
    assert!(count >= 5);
}

#[test]
fn use_declarations() {
    let file = parse_ok("use std.timestamps\nuse std.a.b\nuse \"./billing.schema\"\n");
    let targets: Vec<_> = file
        .items
        .iter()
        .map(|i| match i {
            Item::Use(u) => u.target.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    match &targets[0] {
        UseTarget::Std(p) => assert_eq!(
            p.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(),
            ["timestamps"]
        ),
        other => panic!("{other:?}"),
    }
    match &targets[1] {
        UseTarget::Std(p) => assert_eq!(p.len(), 2),
        other => panic!("{other:?}"),
    }
    match &targets[2] {
        UseTarget::File { path, .. } => assert_eq!(path, "./billing.schema"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn enums_on_one_line_and_several() {
    let file = parse_ok("enum OrderStatus { pending paid shipped cancelled }\n/// Kinds.\nenum Kind @native {\n  a\n  b c\n}\n");
    let Item::Enum(e) = &file.items[0] else {
        panic!()
    };
    assert_eq!(
        e.variants
            .iter()
            .map(|v| v.name.as_str())
            .collect::<Vec<_>>(),
        ["pending", "paid", "shipped", "cancelled"]
    );
    assert_eq!(e.span.start, 0);
    let Item::Enum(k) = &file.items[1] else {
        panic!()
    };
    assert_eq!(k.doc.as_ref().map(|d| d.text.as_str()), Some("Kinds."));
    assert_eq!(k.attrs[0].name.name, "native");
    assert_eq!(k.variants.len(), 3);
}

#[test]
fn mixins_and_entities_with_docs_and_attributes() {
    let src = "/// A customer account.\n/// Second line.\nentity User @table(\"people\") {\n  id id\n}\nmixin M {\n  a int\n}\n";
    let file = parse_ok(src);
    let Item::Entity(e) = &file.items[0] else {
        panic!()
    };
    assert_eq!(
        e.doc.as_ref().map(|d| d.text.as_str()),
        Some("A customer account.\nSecond line.")
    );
    assert_eq!(
        &src[e.span.range()],
        "entity User @table(\"people\") {\n  id id\n}"
    );
    assert_eq!(e.span.file, FileId(7));
    assert_eq!(e.attrs[0].name.name, "table");
    assert!(
        matches!(&e.attrs[0].args[0].kind, ExprKind::Literal(Literal::String(s)) if s == "people")
    );
    let Item::Mixin(m) = &file.items[1] else {
        panic!()
    };
    assert_eq!(m.name.name, "M");
    assert_eq!(m.members.len(), 1);
}

#[test]
fn field_types() {
    assert_eq!(
        named(&field("email string(255)").ty),
        ("string", vec![255.0])
    );
    assert_eq!(
        named(&field("total decimal(12,2)").ty),
        ("decimal", vec![12.0, 2.0])
    );
    let f = field("name text?");
    assert!(f.ty.nullable);
    assert_eq!(named(&f.ty).0, "text");
    assert_eq!(named(&field("status OrderStatus").ty).0, "OrderStatus");
    let arr = field("tags text[]?").ty;
    assert!(arr.nullable);
    match &arr.kind {
        TypeKind::Array(inner) => assert_eq!(named(inner).0, "text"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(field("xs int[]").ty.kind, TypeKind::Array(_)));
}

#[test]
fn relations() {
    let f = field("order -> Order on delete cascade");
    assert_eq!(f.name.name, "order");
    let TypeKind::Relation(r) = &f.ty.kind else {
        panic!()
    };
    assert_eq!(r.targets[0].name, "Order");
    assert_eq!(r.on_delete.map(|a| a.0), Some(RefAction::Cascade));

    let f = field("tenant -> Tenant? on delete set null on update no action");
    assert!(f.ty.nullable);
    let TypeKind::Relation(r) = &f.ty.kind else {
        panic!()
    };
    assert_eq!(r.on_delete.map(|a| a.0), Some(RefAction::SetNull));
    assert_eq!(r.on_update.map(|a| a.0), Some(RefAction::NoAction));

    let f = field("subject -> Post | Photo | Video?");
    let TypeKind::Relation(r) = &f.ty.kind else {
        panic!()
    };
    assert_eq!(r.targets.len(), 3);
    assert!(f.ty.nullable);

    let f = field("flagged -> Post | Photo @exclusive_arcs");
    assert_eq!(f.attrs[0].name.name, "exclusive_arcs");
    for (src, action) in [
        ("restrict", RefAction::Restrict),
        ("set default", RefAction::SetDefault),
    ] {
        let f = field(&format!("p -> P on delete {src}"));
        let TypeKind::Relation(r) = &f.ty.kind else {
            panic!()
        };
        assert_eq!(r.on_delete.map(|a| a.0), Some(action));
    }
}

#[test]
fn field_modifiers_in_any_order() {
    let f = field("qty int check (qty > 0) @was(quantity) = 0 unique @deprecated check (qty < 10)");
    assert!(f.default.is_some());
    assert!(f.unique.is_some());
    assert_eq!(f.checks.len(), 2);
    assert_eq!(
        f.attrs
            .iter()
            .map(|a| a.name.name.as_str())
            .collect::<Vec<_>>(),
        ["was", "deprecated"]
    );
    assert_eq!(path(&f.attrs[0].args[0]), ["quantity"]);
    let f = field("updated_at timestamptz = now() @on_update");
    assert!(
        matches!(&f.default.as_ref().map(|d| &d.kind), Some(ExprKind::Call { func, args }) if func.name == "now" && args.is_empty())
    );
    let f = field("settings json = {}");
    assert!(matches!(f.default.map(|d| d.kind), Some(ExprKind::Object(o)) if o.is_empty()));
}

#[test]
fn member_span_excludes_comment_and_doc() {
    let src = "entity T {\n  /// Doc.\n  email string(255) unique   // trailing\n}\n";
    let e = entity(src);
    let Member::Field(f) = &e.members[0] else {
        panic!()
    };
    assert_eq!(&src[f.span.range()], "email string(255) unique");
    assert_eq!(f.doc.as_ref().map(|d| d.text.as_str()), Some("Doc."));
}

#[test]
fn keyword_members() {
    let ms = members(
        "with Timestamps, SoftDelete\nscale rows 2M growth 50k/month\nprimary key (order, product)\nunique (tenant, slug)\n\
         index (product, quantity desc) where quantity > 10\ncheck (quantity > 0)\naudit\ntree\ntree closure\n\
         timeseries on recorded_at every month retain 13 months\ndistribute by tenant\nscale rows 20",
    );
    assert!(matches!(&ms[0], Member::With { mixins, .. } if mixins.len() == 2));
    let Member::Scale(s) = &ms[1] else {
        panic!("{:?}", ms[1])
    };
    assert_eq!((s.rows.raw.as_str(), s.rows.value), ("2M", 2e6));
    let g = s.growth.as_ref().expect("growth");
    assert_eq!((g.count.value, g.per.name.as_str()), (50e3, "month"));
    assert!(matches!(&ms[2], Member::PrimaryKey { columns, .. } if columns.len() == 2));
    assert!(matches!(&ms[3], Member::Unique { columns, .. } if columns[1].name == "slug"));
    let Member::Index(i) = &ms[4] else { panic!() };
    assert_eq!(i.columns[1].direction, Some(Direction::Desc));
    assert!(i.predicate.is_some());
    assert!(matches!(&ms[5], Member::Check { .. }));
    assert!(matches!(&ms[6], Member::Audit { .. }));
    assert!(matches!(&ms[7], Member::Tree { strategy: None, .. }));
    assert!(matches!(&ms[8], Member::Tree { strategy: Some(s), .. } if s.name == "closure"));
    let Member::Timeseries(t) = &ms[9] else {
        panic!()
    };
    assert_eq!(t.column.name, "recorded_at");
    assert_eq!(t.every.as_ref().map(|e| e.name.as_str()), Some("month"));
    let r = t.retain.as_ref().expect("retain");
    assert_eq!((r.count.value, r.unit.name.as_str()), (13.0, "months"));
    assert!(matches!(&ms[10], Member::DistributeBy { column, .. } if column.name == "tenant"));
    assert!(matches!(&ms[11], Member::Scale(s) if s.growth.is_none()));
}

#[test]
fn fields_named_like_keywords() {
    for line in [
        "order -> Order on delete cascade",
        "tree -> Tree",
        "audit bool",
        "index int",
        "check bool",
        "from text",
        "count int",
        "without int",
        "withdrawn bool",
        "scale int",
        "unique bool",
        "primary bool",
        "query text",
        "entity text",
    ] {
        let f = field(line);
        assert_eq!(
            f.name.name,
            line.split(' ').next().unwrap_or_default(),
            "{line}"
        );
    }
}

#[test]
fn one_line_entity_and_crlf() {
    let e = entity("entity A { id id }\n");
    assert_eq!(e.members.len(), 1);
    let file = parse_ok("entity A {\r\n  id id\r\n\r\n  name text // c\r\n}\r\nenum E { a b }\r\n");
    assert_eq!(file.items.len(), 2);
    assert_eq!(file.comments[0].text, " c");
}

#[test]
fn queries_block_form() {
    let q = query("/// Recent.\nquery recent_orders {\n  from Order\n  where user = ? and status in ?\n  order by placed_at desc, id\n  limit 20\n  rate 5000/s\n}\n");
    assert_eq!(q.form, QueryForm::Block);
    assert_eq!(q.from.name, "Order");
    assert_eq!(q.doc.as_ref().map(|d| d.text.as_str()), Some("Recent."));
    assert!(matches!(
        q.filter.as_ref().map(|f| &f.kind),
        Some(ExprKind::Binary {
            op: BinaryOp::And,
            ..
        })
    ));
    assert_eq!(q.order_by.len(), 2);
    assert_eq!(q.order_by[0].direction, Some(Direction::Desc));
    assert_eq!(q.limit.as_ref().map(|l| l.value), Some(20.0));
    let rate = q.rate.expect("rate");
    assert_eq!((rate.count.value, rate.per.name.as_str()), (5000.0, "s"));
}

#[test]
fn queries_line_form() {
    let q = query("query active_user_by_email: User where email = ? rate 800/s\n");
    assert_eq!(q.form, QueryForm::Line);
    assert_eq!(q.from.name, "User");
    let q = query("query subtree: Category descendants of ? rate 200/s");
    assert_eq!(
        q.traversal.as_ref().map(|t| t.kind),
        Some(TraversalKind::Descendants)
    );
    let q = query("query p: Category ancestors of 5");
    assert_eq!(
        q.traversal.as_ref().map(|t| t.kind),
        Some(TraversalKind::Ancestors)
    );
    let q = query("query menu: Category children of ? rate 500/s");
    assert_eq!(
        q.traversal.as_ref().map(|t| t.kind),
        Some(TraversalKind::Children)
    );
    let q = query("query pending_count: Order where status = 'pending' count rate 1/s");
    assert!(q.count.is_some());
    let q = query("query all: Order including deleted order by user.name asc limit 5 rate 2M/day");
    assert!(q.including_deleted.is_some());
    assert_eq!(q.order_by[0].path.len(), 2);
    assert_eq!(q.rate.as_ref().map(|r| r.count.value), Some(2e6));
}

#[test]
fn where_continues_on_and_or_lines() {
    let q = query(
        "query q {\n  from Order\n  where a = ?\n    and b = ?\n    or c is null\n  limit 1\n}\n",
    );
    assert!(matches!(
        q.filter.as_ref().map(|f| &f.kind),
        Some(ExprKind::Binary {
            op: BinaryOp::Or,
            ..
        })
    ));
    assert!(q.limit.is_some());
}

#[test]
fn expression_precedence() {
    // `or` < `and` < `not` < comparison < `+` < `*` < unary minus.
    let e = expr("a or b and not c = 1 + 2 * -3");
    let ExprKind::Binary {
        op: BinaryOp::Or,
        rhs,
        ..
    } = &e.kind
    else {
        panic!("{e:?}")
    };
    let ExprKind::Binary {
        op: BinaryOp::And,
        rhs,
        ..
    } = &rhs.kind
    else {
        panic!()
    };
    let ExprKind::Unary {
        op: UnaryOp::Not,
        expr: cmp,
    } = &rhs.kind
    else {
        panic!()
    };
    let ExprKind::Binary {
        op: BinaryOp::Eq,
        rhs: sum,
        ..
    } = &cmp.kind
    else {
        panic!()
    };
    let ExprKind::Binary {
        op: BinaryOp::Add,
        rhs: prod,
        ..
    } = &sum.kind
    else {
        panic!()
    };
    let ExprKind::Binary {
        op: BinaryOp::Mul,
        rhs: neg,
        ..
    } = &prod.kind
    else {
        panic!()
    };
    assert!(matches!(
        neg.kind,
        ExprKind::Unary {
            op: UnaryOp::Neg,
            ..
        }
    ));
    // Left associativity.
    let ExprKind::Binary {
        op: BinaryOp::Sub,
        lhs,
        ..
    } = expr("1 - 2 - 3").kind
    else {
        panic!()
    };
    assert!(matches!(
        lhs.kind,
        ExprKind::Binary {
            op: BinaryOp::Sub,
            ..
        }
    ));
}

#[test]
fn comparison_forms() {
    for (src, op) in [
        ("a != 1", BinaryOp::Ne),
        ("a <> 1", BinaryOp::Ne),
        ("a <= 1", BinaryOp::Le),
        ("a >= 1", BinaryOp::Ge),
        ("a < 1", BinaryOp::Lt),
        ("a > 1", BinaryOp::Gt),
        ("a in (1, 2)", BinaryOp::In),
        ("a not in ?", BinaryOp::NotIn),
        ("a starts_with 'x'", BinaryOp::StartsWith),
        ("a contains ?", BinaryOp::Contains),
        ("a % 2", BinaryOp::Mod),
        ("a / 2", BinaryOp::Div),
    ] {
        assert!(
            matches!(expr(src).kind, ExprKind::Binary { op: o, .. } if o == op),
            "{src}"
        );
    }
    assert!(matches!(
        expr("a between 1 and 2").kind,
        ExprKind::Between { .. }
    ));
    assert!(matches!(
        expr("a is null").kind,
        ExprKind::IsNull { negated: false, .. }
    ));
    assert!(matches!(
        expr("a is not null").kind,
        ExprKind::IsNull { negated: true, .. }
    ));
}

#[test]
fn primaries() {
    assert!(matches!(expr("?").kind, ExprKind::Param));
    assert!(matches!(
        expr("true").kind,
        ExprKind::Literal(Literal::Bool(true))
    ));
    assert!(matches!(
        expr("false").kind,
        ExprKind::Literal(Literal::Bool(false))
    ));
    assert!(matches!(
        expr("null").kind,
        ExprKind::Literal(Literal::Null)
    ));
    assert!(matches!(expr("'it''s'").kind, ExprKind::Literal(Literal::String(s)) if s == "it's"));
    assert!(
        matches!(expr(r#""a \"b\" \\ c""#).kind, ExprKind::Literal(Literal::String(s)) if s == r#"a "b" \ c"#)
    );
    assert_eq!(path(&expr("user.email")), ["user", "email"]);
    assert!(matches!(expr("(a)").kind, ExprKind::Paren(_)));
    assert!(matches!(expr("(a,)").kind, ExprKind::List(l) if l.len() == 1));
    assert!(matches!(expr("(1, 2, 3)").kind, ExprKind::List(l) if l.len() == 3));
    assert!(matches!(expr("[1, 2]").kind, ExprKind::List(l) if l.len() == 2));
    assert!(matches!(expr("[]").kind, ExprKind::List(l) if l.is_empty()));
    let ExprKind::Object(o) = expr(r#"{"k": 1, "b": [true]}"#).kind else {
        panic!()
    };
    assert_eq!(
        o.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        ["k", "b"]
    );
    assert!(matches!(expr("lower(email, 1)").kind, ExprKind::Call { args, .. } if args.len() == 2));
}

#[test]
fn numbers_keep_raw_text() {
    for (src, value) in [
        ("50k", 5e4),
        ("2M", 2e6),
        ("3B", 3e9),
        ("0.5", 0.5),
        ("20", 20.0),
        ("1.5k", 1500.0),
    ] {
        let ExprKind::Literal(Literal::Number(n)) = expr(src).kind else {
            panic!("{src}")
        };
        assert_eq!((n.raw.as_str(), n.value), (src, value));
    }
}

#[test]
fn comments_are_collected() {
    let src = "// top\nentity A { // open\n  /// doc, not a comment\n  s text = '// not a comment' // real\n}\n";
    let file = parse_ok(src);
    let texts: Vec<_> = file.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, [" top", " open", " real"]);
    assert_eq!(&src[file.comments[2].span.range()], "// real");
}
