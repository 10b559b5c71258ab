//! A one-line progress display on stderr (`\r`-rewritten), shown only when stderr is a
//! terminal so that logs and CI output stay clean.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// How often the line is redrawn.
const REDRAW: Duration = Duration::from_millis(100);

pub struct Progress {
    enabled: bool,
    label: String,
    target: u64,
    done: u64,
    last: Instant,
}

impl Progress {
    /// A display that draws only when stderr is a terminal.
    pub fn on_stderr() -> Progress {
        Progress {
            enabled: std::io::stderr().is_terminal(),
            label: String::new(),
            target: 0,
            done: 0,
            last: Instant::now(),
        }
    }

    pub fn start(&mut self, label: &str, target: u64) {
        self.label = label.to_string();
        self.target = target;
        self.done = 0;
        self.draw();
    }

    /// One more row done.
    pub fn tick(&mut self) {
        self.done += 1;
        if self.enabled && self.done.is_multiple_of(1024) && self.last.elapsed() >= REDRAW {
            self.draw();
        }
    }

    /// Clears the line.
    pub fn finish(&mut self) {
        if self.enabled {
            let mut err = std::io::stderr();
            let _ = write!(err, "\r{:78}\r", "");
            let _ = err.flush();
        }
    }

    fn draw(&mut self) {
        if !self.enabled {
            return;
        }
        self.last = Instant::now();
        let share = if self.target == 0 {
            1.0
        } else {
            self.done as f64 / self.target as f64
        };
        let filled = (share.min(1.0) * 30.0) as usize;
        let mut err = std::io::stderr();
        let _ = write!(
            err,
            "\r{:<24.24} [{}{}] {}/{}",
            self.label,
            "#".repeat(filled),
            " ".repeat(30 - filled),
            self.done,
            self.target
        );
        let _ = err.flush();
    }
}
