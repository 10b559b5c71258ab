//! Compile time on a generated 10,000-entity schema (the shape of the shared bench's
//! generator). Ignored by default because timings are only meaningful in release:
//! `cargo test -p schemac-compiler --release --test speed -- --ignored --nocapture`.
//! Set `SCHEMAC_SPEED_FILE` to compile another file instead (e.g. the output of the
//! shared bench's `gen.py 10000`).

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
    let source = match std::env::var("SCHEMAC_SPEED_FILE") {
        Ok(path) => std::fs::read_to_string(path).expect("SCHEMAC_SPEED_FILE is readable"),
        Err(_) => generated(10_000),
    };
    let start = Instant::now();
    let p = common::project(&[("app.schema", &source)]);
    println!("parse (with the stdlib): {:?}", start.elapsed());
    // The best of several runs: the machine may be busy with other work.
    let mut best = std::time::Duration::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let mut diags = schemac_lang::Diagnostics::new();
        let schema = schemac_compiler::compile(&p.project, &mut diags);
        best = best.min(start.elapsed());
        assert!(diags.is_empty(), "{}", p.render(&diags.into_sorted()[..1]));
        assert!(schema.is_some_and(|s| s.tables.len() >= 10_000));
    }
    println!("compile: {best:?}");
    // The phases on their own, best of several runs each.
    let mut phases = [std::time::Duration::MAX; 3];
    for _ in 0..5 {
        let start = Instant::now();
        let model = schemac_compiler::resolve::Model::build(&p.project);
        phases[0] = phases[0].min(start.elapsed());
        let start = Instant::now();
        let mut diags = schemac_lang::Diagnostics::new();
        schemac_compiler::checks::run(&model, &mut diags);
        phases[1] = phases[1].min(start.elapsed());
        let start = Instant::now();
        let schema = schemac_compiler::lower::lower(&model);
        phases[2] = phases[2].min(start.elapsed());
        drop(schema);
    }
    println!(
        "resolve {:?}, checks {:?}, lower {:?}",
        phases[0], phases[1], phases[2]
    );
}
