//! Long statement lists rendered on several threads. The DDL of a large schema is
//! mostly one `CREATE TABLE` per table and one `CREATE INDEX` per index; those lists are
//! cut into one run of items per core, each run is made into contexts and rendered by
//! its template on a thread of its own, and the pieces come back in list order.
//!
//! The list templates put a blank line between statements and nothing before the first
//! or after the last, so the pieces joined with a blank line are the text of the whole
//! list: the output does not depend on the number of threads.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::OnceLock;

use serde::Serialize;

use crate::ddl::Assembler;
use crate::dialect::Dialect;
use crate::templates;

/// Lists of fewer items per thread render on the calling thread alone: below this,
/// starting a thread costs more than it saves.
const MIN_ITEMS_PER_THREAD: usize = 512;

/// How many threads the machine runs at once, asked once.
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, NonZeroUsize::get))
}

/// The statements of the list template `template` for `items`, as one or more pieces
/// to join with a blank line; none when no item has a statement. `contexts` appends
/// the contexts of one item's statements (none, one or several) and gets an assembler
/// of its thread's own; the template sees the contexts as the list `key`.
pub(crate) fn render_list<T, C, F>(
    dialect: &dyn Dialect,
    template: &str,
    key: &str,
    items: &[T],
    contexts: F,
) -> Vec<String>
where
    T: Sync,
    C: Serialize,
    F: Fn(&Assembler, &T, &mut Vec<C>) + Sync,
{
    let threads = cores().min(items.len() / MIN_ITEMS_PER_THREAD).max(1);
    render_pieces(dialect, template, key, items, &contexts, threads)
}

/// [`render_list`] with `items` cut into `pieces` runs of nearly equal length.
fn render_pieces<T, C, F>(
    dialect: &dyn Dialect,
    template: &str,
    key: &str,
    items: &[T],
    contexts: &F,
    pieces: usize,
) -> Vec<String>
where
    T: Sync,
    C: Serialize,
    F: Fn(&Assembler, &T, &mut Vec<C>) + Sync,
{
    let render = &|run: &[T]| {
        let assembler = Assembler::new(dialect);
        let mut list = Vec::new();
        for item in run {
            contexts(&assembler, item, &mut list);
        }
        (!list.is_empty()).then(|| templates::render(template, BTreeMap::from([(key, list)])))
    };
    let mut runs = items.chunks(items.len().div_ceil(pieces).max(1));
    let Some(first) = runs.next() else {
        return Vec::new();
    };
    std::thread::scope(|scope| {
        let others: Vec<_> = runs.map(|run| scope.spawn(move || render(run))).collect();
        let mut rendered = vec![render(first)];
        for other in others {
            rendered.push(
                other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        rendered.into_iter().flatten().collect()
    })
}

#[cfg(test)]
mod tests {
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
        let render = |items: &[usize], pieces| {
            render_pieces(
                dialect.as_ref(),
                "add_foreign_keys.sql.j2",
                "foreign_keys",
                items,
                &foreign_keys,
                pieces,
            )
        };
        for len in [0, 1, 2, 3, 7, 100] {
            let items: Vec<usize> = (0..len).collect();
            let whole = render(&items, 1);
            assert!(whole.len() <= 1);
            for pieces in [2, 3, 7] {
                assert_eq!(render(&items, pieces).join("\n\n"), whole.join("\n\n"));
            }
        }
        assert!(render(&[0, 3, 6], 2).is_empty());
    }
}
