//! The one adapter to codespan-reporting: diagnostics become terminal text here, and
//! nowhere else. The JSON form is produced here as well so both stay in step.

use crate::source_map::SourceMap;
use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use schemac_lang::{Diagnostic, Severity};
use serde::Serialize;

/// Renders diagnostics as codespan text. `color` is for terminals; snapshots use none.
pub fn to_text(diagnostics: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    // Adding a file indexes its lines: megabytes of text for a large project, which
    // nothing reads when there is nothing to report.
    if diagnostics.is_empty() {
        return String::new();
    }
    let mut files = SimpleFiles::new();
    for (_, entry) in sources.iter() {
        files.add(entry.name.as_str(), entry.text.as_str());
    }
    let config = term::Config::default();
    let mut out = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    for diagnostic in diagnostics {
        // Rendering only fails on an out-of-range span, which is a bug in a pass; the
        // message is still printed without its snippet so nothing is lost.
        if term::emit(&mut out, &config, &files, &to_codespan(diagnostic)).is_err() {
            out_fallback(&mut out, diagnostic);
        }
    }
    String::from_utf8_lossy(out.as_slice()).into_owned()
}

fn out_fallback(out: &mut termcolor::Buffer, diagnostic: &Diagnostic) {
    use std::io::Write;
    let _ = writeln!(
        out,
        "{}[{}]: {}",
        severity_word(diagnostic.severity),
        diagnostic.code,
        diagnostic.message
    );
}

fn to_codespan(diagnostic: &Diagnostic) -> CsDiagnostic<usize> {
    let severity = match diagnostic.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Lint => CsSeverity::Note,
    };
    let mut labels = vec![CsLabel::primary(
        diagnostic.primary.span.file.0 as usize,
        diagnostic.primary.span.range(),
    )
    .with_message(&diagnostic.primary.message)];
    for label in &diagnostic.secondary {
        labels.push(
            CsLabel::secondary(label.span.file.0 as usize, label.span.range())
                .with_message(&label.message),
        );
    }
    CsDiagnostic::new(severity)
        .with_code(diagnostic.code)
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(
            diagnostic
                .hints
                .iter()
                .map(|h| format!("help: {h}"))
                .collect(),
        )
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Lint => "lint",
    }
}

/// The machine-readable form of one diagnostic (`--format json`).
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub severity: Severity,
    pub code: &'a str,
    pub message: &'a str,
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub start: u32,
    pub end: u32,
    pub label: &'a str,
    pub secondary: Vec<JsonLabel<'a>>,
    pub hints: &'a [String],
}

#[derive(Serialize)]
pub struct JsonLabel<'a> {
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub message: &'a str,
}

pub fn to_json<'a>(
    diagnostics: &'a [Diagnostic],
    sources: &'a SourceMap,
) -> Vec<JsonDiagnostic<'a>> {
    diagnostics
        .iter()
        .map(|d| {
            let span = d.primary.span;
            let (line, column) = sources.line_col(span.file, span.start);
            JsonDiagnostic {
                severity: d.severity,
                code: d.code,
                message: &d.message,
                file: &sources.get(span.file).name,
                line,
                column,
                start: span.start,
                end: span.end,
                label: &d.primary.message,
                secondary: d
                    .secondary
                    .iter()
                    .map(|l| {
                        let (line, column) = sources.line_col(l.span.file, l.span.start);
                        JsonLabel {
                            file: &sources.get(l.span.file).name,
                            line,
                            column,
                            message: &l.message,
                        }
                    })
                    .collect(),
                hints: &d.hints,
            }
        })
        .collect()
}
