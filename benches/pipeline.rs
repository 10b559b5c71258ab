//! `cargo bench --bench pipeline`: times, on the N-entity schemas of
//! `../shared/bench/gen.py` (the same inputs the drizzle-kit and Prisma comparison uses):
//!
//! - `parse`: reading and parsing the files;
//! - `check`: what `schemac check` does (parse, resolve, checks, and lowering and
//!   planning when the project declares queries, which the generated one does not);
//! - `compile`: parse, resolve, checks, lowering and planning: the IR `ddl` renders;
//! - `ddl <dialect>`: rendering that IR.
//!
//! Prints a Markdown table; the figures in the README come from it. Not a test: nothing
//! here asserts a time.
//!
//! `SCHEMAC_BENCH_SIZES=100,1000` picks the sizes; `SCHEMAC_BENCH_GEN` the generator.

use schemac::load;
use schemac_backends::DialectKind;
use schemac_lang::Diagnostics;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 7;

fn main() {
    let sizes: Vec<usize> = std::env::var("SCHEMAC_BENCH_SIZES")
        .unwrap_or_else(|_| "100,1000,10000".to_string())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let generator = std::env::var("SCHEMAC_BENCH_GEN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen.py"));
    println!(
        "| entities | file size | parse | check | compile | ddl postgres | ddl mysql | ddl sqlite |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let dir = std::env::temp_dir().join(format!("schemac-bench-{n}"));
        let status = Command::new("python3")
            .arg(&generator)
            .arg(n.to_string())
            .arg(&dir)
            .status();
        if !matches!(status, Ok(s) if s.success()) {
            eprintln!("cannot run {} (set SCHEMAC_BENCH_GEN)", generator.display());
            std::process::exit(1);
        }
        let file = dir.join("schemac/app.schema");
        let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        let paths = vec![file];

        let parse = median(|| {
            let mut diags = Diagnostics::new();
            load::load(&paths, &mut diags)
        });
        let check = median(|| {
            let mut diags = Diagnostics::new();
            let loaded = load::load(&paths, &mut diags);
            schemac_compiler::check(&loaded.project, &mut diags);
            assert!(!diags.has_errors(), "the generated schema must check");
            loaded
        });
        let compile = median(|| {
            let mut diags = Diagnostics::new();
            let loaded = load::load(&paths, &mut diags);
            let schema = schemac_compiler::compile(&loaded.project, &mut diags);
            assert!(schema.is_some(), "the generated schema must compile");
            (loaded, schema)
        });
        let mut diags = Diagnostics::new();
        let loaded = load::load(&paths, &mut diags);
        let schema = schemac_compiler::compile(&loaded.project, &mut diags)
            .expect("the generated schema compiles");
        let ddl = |kind: DialectKind| median(|| schemac_backends::render_ddl(&schema, kind));
        println!(
            "| {n} | {:.1} MB | {} | {} | {} | {} | {} | {} |",
            size as f64 / 1e6,
            ms(parse),
            ms(check),
            ms(compile),
            ms(ddl(DialectKind::Postgres)),
            ms(ddl(DialectKind::Mysql)),
            ms(ddl(DialectKind::Sqlite)),
        );
    }
}

/// The median of `RUNS` timed runs after one warm-up run. What `f` returns is freed
/// after the clock stops: the command line does not free its tree and IR at exit (see
/// `cli::finish`), so freeing them is not part of what a user waits for.
fn median<T>(mut f: impl FnMut() -> T) -> Duration {
    drop(f());
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let result = std::hint::black_box(f());
            let elapsed = start.elapsed();
            drop(result);
            elapsed
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}
