//! Long statement lists rendered on several threads. The DDL of a large schema is
//! mostly one `CREATE TABLE` per table and one `CREATE INDEX` per index; those lists are
//! cut into one block of items per core, and each thread makes its block into contexts
//! and renders them by the list's template, a few hundred items at a time. The pieces
//! come back in list order.
//!
//! A list template's rendered text is its statements separated by blank lines, so the
//! pieces joined with a blank line are the text of the whole list: the output depends
//! neither on the number of threads nor on the size of the runs.
//!
//! The long lists of one-line contexts (tables, indexes) are rendered by layouts each
//! thread learns from the template ([`crate::layout`]); the others by the template
//! (each context type says which, as its [`Statement::Runs`]).

use std::num::NonZeroUsize;
use std::sync::OnceLock;

use minijinja::Template;
use serde::Serialize;

use crate::ddl::Assembler;
use crate::dialect::Dialect;
use crate::layout::{Learned, Slots};
use crate::templates;

/// Lists of fewer items per thread render on the calling thread alone: below this,
/// starting a thread costs more than it saves.
pub(crate) const MIN_ITEMS_PER_THREAD: usize = 512;

/// The items whose statements one template call renders. Small runs keep a run's
/// contexts in the cache until they are rendered, and let each run reuse the memory the
/// run before it freed instead of faulting in fresh pages for the whole list.
const RUN_ITEMS: usize = 256;

/// How many threads the machine runs at once, asked once.
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, NonZeroUsize::get))
}

/// The statements of the list template `template` for `items`, as pieces to join with
/// a blank line; none when no item has a statement. `contexts` appends the contexts of
/// one item's statements (none, one or several) and gets an assembler of its thread's
/// own; the template sees the contexts as the list `key`.
pub(crate) fn render_list<T, C, F>(
    dialect: &dyn Dialect,
    template: &str,
    key: &str,
    items: &[T],
    contexts: F,
) -> Vec<String>
where
    T: Sync,
    C: Statement,
    F: Fn(&Assembler, &T, &mut Vec<C>) + Sync,
{
    let threads = cores().min(items.len() / MIN_ITEMS_PER_THREAD).max(1);
    let list = List {
        dialect,
        template,
        key,
        contexts: &contexts,
    };
    list.render::<C::Runs, T, C>(items, threads, RUN_ITEMS)
}

/// The context of one statement of a list template, and how its runs are rendered.
pub(crate) trait Statement: Serialize + Sized {
    /// [`ByTemplate`], or [`Learned`] for contexts of texts in slots.
    type Runs: Runs<Self>;
}

/// How one thread renders the runs of a list.
pub(crate) trait Runs<C> {
    fn new() -> Self;

    /// The trimmed text of `run` by `template`, which sees it as `key`, in a string with
    /// room for `room` bytes.
    fn render(&mut self, template: &Template, key: &str, run: &[C], room: usize) -> String;
}

/// Every run by the template.
pub(crate) struct ByTemplate;

impl<C: Serialize> Runs<C> for ByTemplate {
    fn new() -> Self {
        ByTemplate
    }

    fn render(&mut self, template: &Template, key: &str, run: &[C], room: usize) -> String {
        templates::render_trimmed(template, templates::list_context(key, run), room)
    }
}

impl<C: Slots> Runs<C> for Learned<C> {
    fn new() -> Self {
        Learned::new()
    }

    fn render(&mut self, template: &Template, key: &str, run: &[C], room: usize) -> String {
        Learned::render(self, template, key, run, room)
    }
}

/// A list template and how to make its contexts.
struct List<'a, F> {
    dialect: &'a dyn Dialect,
    template: &'a str,
    key: &'a str,
    contexts: &'a F,
}

impl<F> List<'_, F> {
    /// The pieces of `items`: cut into `threads` blocks of nearly equal length, one per
    /// thread, each rendered in runs of `run_items`.
    fn render<R, T, C>(&self, items: &[T], threads: usize, run_items: usize) -> Vec<String>
    where
        R: Runs<C>,
        T: Sync,
        F: Fn(&Assembler, &T, &mut Vec<C>) + Sync,
    {
        let mut blocks = items.chunks(items.len().div_ceil(threads).max(1));
        let Some(first) = blocks.next() else {
            return Vec::new();
        };
        std::thread::scope(|scope| {
            let others: Vec<_> = blocks
                .map(|block| scope.spawn(move || self.block::<R, T, C>(block, run_items)))
                .collect();
            let mut pieces = self.block::<R, T, C>(first, run_items);
            for other in others {
                pieces.extend(
                    other
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                );
            }
            pieces
        })
    }

    /// The pieces of one thread's block, one per run that has statements.
    fn block<R, T, C>(&self, block: &[T], run_items: usize) -> Vec<String>
    where
        R: Runs<C>,
        F: Fn(&Assembler, &T, &mut Vec<C>),
    {
        let assembler = Assembler::new(self.dialect);
        let template = templates::template(self.template);
        let mut runs = R::new();
        let mut list = Vec::new();
        let mut pieces: Vec<String> = Vec::new();
        for run in block.chunks(run_items) {
            list.clear();
            for item in run {
                (self.contexts)(&assembler, item, &mut list);
            }
            if !list.is_empty() {
                // Runs of one list have about the same length: room for the last one's
                // text and an eighth more.
                let room = pieces.last().map_or(0, |last| last.len() + last.len() / 8);
                pieces.push(runs.render(&template, self.key, &list, room));
            }
        }
        pieces
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Every third item has no statement and some have two, so runs may start, end or
    /// consist of items without one.
    fn foreign_keys(_: &Assembler, item: &usize, list: &mut Vec<BTreeMap<&str, String>>) {
        let copies = match item % 3 {
            0 => 0,
            1 => 1,
            _ => 2,
        };
        for copy in 0..copies {
            list.push(BTreeMap::from([
                ("table", format!("t{item}")),
                ("definition", format!("CONSTRAINT t{item}_{copy}_fkey")),
            ]));
        }
    }

    #[test]
    fn pieces_joined_with_a_blank_line_are_the_whole_list() {
        let dialect = crate::dialect(crate::DialectKind::Postgres);
        let list = List {
            dialect: dialect.as_ref(),
            template: "add_foreign_keys.sql.j2",
            key: "foreign_keys",
            contexts: &foreign_keys,
        };
        let render = |items: &[usize], threads, run_items| {
            list.render::<ByTemplate, _, BTreeMap<&str, String>>(items, threads, run_items)
        };
        for len in [0, 1, 2, 3, 7, 100] {
            let items: Vec<usize> = (0..len).collect();
            let whole = render(&items, 1, len.max(1));
            assert!(whole.len() <= 1);
            for threads in [1, 2, 3, 7] {
                for run_items in [1, 2, 5, 256] {
                    let pieces = render(&items, threads, run_items);
                    assert_eq!(pieces.join("\n\n"), whole.join("\n\n"));
                }
            }
        }
        assert!(render(&[0, 3, 6], 2, 1).is_empty());
    }
}
