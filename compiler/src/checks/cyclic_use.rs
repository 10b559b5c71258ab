//! `E0201` cyclic `use`: files that `use` each other in a cycle.
//!
//! Why: a `use` says "this file builds on that one"; a cycle means neither comes first,
//! which usually hides a declaration that belongs in a third, shared file.
//!
//! ```text
//! // a.schema
//! use "./b.schema"
//! // b.schema
//! use "./a.schema"
//! ```
//! Fix: move what both files need into a third file that both `use`, and remove one
//! link of the cycle.

use crate::hashing::FxHashMap as HashMap;
use crate::resolve::Model;
use schemac_lang::{Diagnostic, Diagnostics, FileId};

pub const CODE: &str = "E0201";

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    New,
    Active,
    Finished,
}

pub fn check(model: &Model, diags: &mut Diagnostics) {
    let files = model.files();
    let index: HashMap<FileId, usize> = files.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
    let mut marks = vec![Mark::New; files.len()];
    // The path of (file, index of the use link being followed) from the DFS root.
    for root in 0..files.len() {
        if marks[root] != Mark::New {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        marks[root] = Mark::Active;
        while let Some(top) = stack.last_mut() {
            let (file, next) = *top;
            let Some(link) = files[file].uses.get(next) else {
                marks[file] = Mark::Finished;
                stack.pop();
                continue;
            };
            top.1 += 1;
            let Some(&target) = index.get(&link.target) else {
                continue;
            };
            match marks[target] {
                Mark::New => {
                    marks[target] = Mark::Active;
                    stack.push((target, 0));
                }
                Mark::Active => report(model, &stack, target, diags),
                Mark::Finished => {}
            }
        }
    }
}

/// Reports the cycle that closes at `target`, which is on the stack.
fn report(model: &Model, stack: &[(usize, usize)], target: usize, diags: &mut Diagnostics) {
    let files = model.files();
    let Some(start) = stack.iter().position(|&(f, _)| f == target) else {
        return;
    };
    let cycle = &stack[start..];
    let mut names: Vec<&str> = cycle.iter().map(|&(f, _)| files[f].name.as_str()).collect();
    names.push(&files[target].name);
    // The link followed out of each file on the cycle is the one before `next`.
    let links: Vec<_> = cycle
        .iter()
        .map(|&(f, next)| files[f].uses[next - 1])
        .collect();
    let Some((first, rest)) = links.split_first() else {
        return;
    };
    let mut d = Diagnostic::error(
        CODE,
        format!("cyclic `use`: {}", names.join(" -> ")),
        first.span,
        "this `use` starts the cycle",
    );
    for link in rest {
        d = d.with_secondary(link.span, "which continues here");
    }
    diags.push(d.with_hint(
        "move the shared declarations into a file that both use, and remove one `use` of the cycle",
    ));
}
