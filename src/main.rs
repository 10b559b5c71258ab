use std::io::Write;

fn main() {
    let code = schemac::cli::main();
    // A closed pipe is not an error of ours (the commands treat it the same way).
    let _ = std::io::stdout().flush();
    end(code)
}

/// Ends the process with `code` without running the C runtime's exit handlers. The one
/// that matters is mimalloc's, which walks every page of the heap to free it: several
/// milliseconds after a large project, the same order as what `cli::finish` saves by
/// not freeing the trees one by one. Nothing here needs an exit handler: standard
/// output is flushed above, standard error is unbuffered, and files are written and
/// closed by the commands before they return.
#[cfg(unix)]
fn end(code: i32) -> ! {
    extern "C" {
        fn _exit(code: i32) -> !;
    }
    // SAFETY: `_exit` takes any status and does not return; every thread's work that
    // matters is done (the commands join their threads before returning).
    unsafe { _exit(code) }
}

#[cfg(not(unix))]
fn end(code: i32) -> ! {
    std::process::exit(code)
}
