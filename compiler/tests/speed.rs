//! Compile time on a generated 10,000-entity schema (the shape of the shared bench's
//! generator). Ignored by default because timings are only meaningful in release:
//! `cargo test -p schemac-compiler --release --test speed -- --ignored --nocapture`.

mod common;

use std::fmt::Write;
use std::time::Instant;

fn generated(entities: usize) -> String {
    let mut out = String::new();
    for i in 0..entities {
        let _ = writeln!(out, "entity Ent{i} {{");
        out.push_str("  id          id\n  code        string(32) unique\n  title       string(200)\n  notes       text?\n  qty         int = 0\n  active      bool = true\n  meta        json?\n  created_at  timestamptz = now()\n");
        if i > 0 {
            let _ = writeln!(out, "  owner       -> Ent{} on delete cascade\n  ref         -> Ent{}? on delete set null", i / 2, i - 1);
            out.push_str("  index (owner, created_at desc)\n");
        } else {
            out.push_str("  index (created_at desc)\n");
        }
        out.push_str("}\n\n");
        if i % 10 == 0 {
            let _ = writeln!(out, "query q{i}: Ent{i} where code = ? and qty > 5 order by created_at desc limit 20 rate 50/s");
        }
    }
    out
}

#[test]
#[ignore]
fn ten_thousand_entities_compile_fast() {
    let source = generated(10_000);
    let start = Instant::now();
    let p = common::project(&[("app.schema", &source)]);
    let parsed = start.elapsed();
    let t = Instant::now();
    let model = schemac_compiler::resolve::Model::build(&p.project);
    println!("build {:?}", t.elapsed());
    let t = Instant::now();
    let mut d = schemac_lang::Diagnostics::new();
    schemac_compiler::checks::run(&model, &mut d);
    println!("checks {:?}", t.elapsed());
    let t = Instant::now();
    let _ = schemac_compiler::lower::lower(&model);
    println!("lower {:?}", t.elapsed());
    let (schema, diags) = p.compile();
    let total = start.elapsed();
    assert!(diags.is_empty(), "{}", p.render(&diags[..diags.len().min(5)]));
    let schema = schema.expect("compiles");
    assert_eq!(schema.tables.len(), 10_000);
    println!("parse {parsed:?}, compile {:?}, total {total:?}", total - parsed);
}
