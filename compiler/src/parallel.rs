//! Order-preserving parallel maps for the passes that treat entities independently,
//! and [`beside`] for two independent passes that each run on one core.
//!
//! A large project (thousands of entities) is split into one contiguous run per core;
//! each run is mapped on its own scoped thread and the results are put back in order,
//! so the output is exactly that of a sequential map. Small inputs stay on the calling
//! thread, where a thread would cost more than it saves.

/// Inputs shorter than this (and projects with fewer entities, for the checks) stay on
/// the calling thread.
pub const MIN_PARALLEL_ITEMS: usize = 500;

/// `items.iter().map(f).collect()`, on several threads when `items` is long.
pub fn map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if items.len() < MIN_PARALLEL_ITEMS || threads < 2 {
        return items.iter().map(f).collect();
    }
    let run = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let mut runs = items.chunks(run);
        let first = runs.next().unwrap_or_default();
        let others: Vec<_> = runs
            .map(|chunk| scope.spawn(move || chunk.iter().map(f).collect::<Vec<U>>()))
            .collect();
        let mut out: Vec<U> = Vec::with_capacity(items.len());
        out.extend(first.iter().map(f));
        for handle in others {
            match handle.join() {
                Ok(mapped) => out.extend(mapped),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

/// `(side(), main())`, with `side` on a thread of its own while `main` runs on this
/// one when `large`, and both on this thread otherwise. A panic in `side` resumes here.
pub fn beside<A: Send, B>(
    large: bool,
    side: impl FnOnce() -> A + Send,
    main: impl FnOnce() -> B,
) -> (A, B) {
    if !large {
        return (side(), main());
    }
    std::thread::scope(|scope| {
        let side = scope.spawn(side);
        let main = main();
        match side.join() {
            Ok(side) => (side, main),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order_of_a_sequential_map() {
        for len in [0, 1, 499, 500, 501, 10_001] {
            let items: Vec<usize> = (0..len).collect();
            let doubled = super::map(&items, |i| i * 2);
            assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn beside_gives_both_results_either_way() {
        for large in [false, true] {
            let items: Vec<usize> = (0..1000).collect();
            let (sum, count) = super::beside(large, || items.iter().sum::<usize>(), || items.len());
            assert_eq!((sum, count), (499_500, 1000));
        }
    }
}
