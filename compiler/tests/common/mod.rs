//! Test helpers: build a [`Project`] from in-memory sources (plus the stdlib), compile
//! it, and render diagnostics compactly for snapshots.

#![allow(dead_code)]

use schemac_compiler::ir::Schema;
use schemac_compiler::{FileOrigin, Project, ProjectFile, Settings, UseLink};
use schemac_lang::ast::{Item, UseTarget};
use schemac_lang::{Diagnostic, Diagnostics, FileId, Severity, Span};

pub struct TestProject {
    pub project: Project,
    /// `(display name, source)` by file id.
    pub sources: Vec<(String, String)>,
    /// Diagnostics from parsing.
    pub parse_diags: Diagnostics,
}

/// Parses the user files `(name, source)` (ids from 0) and every stdlib module, and
/// links `use "./name"` lines to the user file of that name.
pub fn project(files: &[(&str, &str)]) -> TestProject {
    let mut parse_diags = Diagnostics::new();
    let mut sources = Vec::new();
    let mut project_files = Vec::new();
    let stdlib = schemac_stdlib::MODULES.iter().map(|(m, src)| {
        (
            format!("std/{m}.schema"),
            *src,
            FileOrigin::Stdlib {
                module: m.to_string(),
            },
        )
    });
    let user = files
        .iter()
        .map(|(n, src)| (n.to_string(), *src, FileOrigin::User));
    for (i, (name, source, origin)) in user.chain(stdlib).enumerate() {
        let id = FileId(i as u32);
        let ast = schemac_lang::parse(id, source, &mut parse_diags);
        sources.push((name.clone(), source.to_string()));
        project_files.push(ProjectFile {
            id,
            name,
            ast,
            origin,
            uses: Vec::new(),
        });
    }
    let names: Vec<String> = project_files.iter().map(|f| f.name.clone()).collect();
    for file in &mut project_files {
        let mut uses = Vec::new();
        for item in &file.ast.items {
            let Item::Use(decl) = item else { continue };
            let UseTarget::File { path, .. } = &decl.target else {
                continue;
            };
            let wanted = path.trim_start_matches("./");
            if let Some(target) = names.iter().position(|n| n == wanted) {
                uses.push(UseLink {
                    span: decl.span,
                    target: FileId(target as u32),
                });
            }
        }
        file.uses = uses;
    }
    TestProject {
        project: Project {
            files: project_files,
            settings: Settings::default(),
        },
        sources,
        parse_diags,
    }
}

impl TestProject {
    /// Compiles; returns the schema (if no errors) and every diagnostic, parse ones
    /// included, in source order.
    pub fn compile(&self) -> (Option<Schema>, Vec<Diagnostic>) {
        let mut diags = self.parse_diags.clone();
        let schema = schemac_compiler::compile(&self.project, &mut diags);
        (schema, diags.into_sorted())
    }

    fn position(&self, span: Span) -> String {
        let (name, source) = &self.sources[span.file.0 as usize];
        let offset = (span.start as usize).min(source.len());
        let before = &source[..offset];
        let line = before.matches('\n').count() + 1;
        let col = before
            .rsplit('\n')
            .next()
            .map(|l| l.chars().count())
            .unwrap_or(0)
            + 1;
        format!("{name}:{line}:{col}")
    }

    /// `code severity file:line:col message`, then labels and hints, one per line.
    pub fn render(&self, diags: &[Diagnostic]) -> String {
        let mut out = String::new();
        for d in diags {
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Lint => "lint",
            };
            out.push_str(&format!(
                "{} {severity} {} {}\n",
                d.code,
                self.position(d.primary.span),
                d.message
            ));
            out.push_str(&format!(
                "  = {}: {}\n",
                self.position(d.primary.span),
                d.primary.message
            ));
            for label in &d.secondary {
                out.push_str(&format!(
                    "  - {}: {}\n",
                    self.position(label.span),
                    label.message
                ));
            }
            for hint in &d.hints {
                out.push_str(&format!("  hint: {hint}\n"));
            }
        }
        out
    }
}

/// Compiles one file and panics with the rendered diagnostics if it has errors.
pub fn compile_ok(source: &str) -> Schema {
    let p = project(&[("app.schema", source)]);
    let (schema, diags) = p.compile();
    match schema {
        Some(s) if !diags.iter().any(|d| d.severity == Severity::Error) => s,
        _ => panic!("expected no errors, got:\n{}", p.render(&diags)),
    }
}

/// Compiles one file and returns the rendered diagnostics.
pub fn diagnostics(source: &str) -> String {
    let p = project(&[("app.schema", source)]);
    let (_, diags) = p.compile();
    p.render(&diags)
}
