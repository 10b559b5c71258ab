//! Finding, reading and parsing a project's files: the only place that reads `.schema`
//! files from disk. It hands the compiler a [`Project`] of parsed files.

use crate::config::{self, Config};
use crate::source_map::SourceMap;
use schemac_compiler::{FileOrigin, Project, ProjectFile, Settings, UseLink};
use schemac_lang::ast::{Item, UseTarget};
use schemac_lang::{Diagnostic, Diagnostics, FileId, Span};
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

/// Everything one command needs about the project it runs on.
pub struct Loaded {
    pub sources: SourceMap,
    pub project: Project,
    pub config: Config,
    /// The project folder (where `schemac.toml` is or would be).
    pub root: PathBuf,
    /// The user's files with their paths on disk (not the stdlib's).
    pub user_files: Vec<(FileId, PathBuf)>,
}

/// Folders never searched for `*.schema` when a project has no `schema/` folder.
const SKIPPED_DIRS: &[&str] = &["migrations", "target", "node_modules", ".git"];

/// Loads the project named by `paths`: one folder (default `.`) or a list of files.
pub fn load(paths: &[PathBuf], diags: &mut Diagnostics) -> Loaded {
    let mut sources = SourceMap::default();
    let (root, config, entry_files) = match paths {
        [] => project_from_dir(Path::new("."), &mut sources, diags),
        [one] if one.is_dir() => project_from_dir(one, &mut sources, diags),
        files => {
            let root = files[0]
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("."));
            (root, Config::default(), files.to_vec())
        }
    };

    let mut files = Vec::new();
    let mut user_files = Vec::new();
    let mut by_path: HashMap<PathBuf, FileId> = HashMap::new();
    let mut queue: VecDeque<(PathBuf, Option<Span>)> =
        entry_files.into_iter().map(|p| (p, None)).collect();
    let mut pending_links: Vec<(usize, Span, PathBuf)> = Vec::new();

    while let Some((path, used_at)) = queue.pop_front() {
        let key = canonical(&path);
        if by_path.contains_key(&key) {
            continue;
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                report_unreadable(&path, &error, used_at, &mut sources, diags);
                continue;
            }
        };
        let id = sources.add(display(&path), text);
        by_path.insert(key, id);
        let ast = schemac_lang::parse(id, &sources.get(id).text, diags);
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        for item in &ast.items {
            if let Item::Use(decl) = item {
                if let UseTarget::File { path: rel, .. } = &decl.target {
                    let target = dir.join(rel);
                    pending_links.push((files.len(), decl.span, target.clone()));
                    queue.push_back((target, Some(decl.span)));
                }
            }
        }
        user_files.push((id, path));
        files.push(ProjectFile {
            id,
            name: sources.get(id).name.clone(),
            ast,
            origin: FileOrigin::User,
            uses: Vec::new(),
        });
    }
    for (index, span, target) in pending_links {
        if let Some(&target) = by_path.get(&canonical(&target)) {
            files[index].uses.push(UseLink { span, target });
        }
    }

    for (module, text) in schemac_stdlib::MODULES {
        let id = sources.add(format!("std/{module}.schema"), *text);
        let ast = schemac_lang::parse(id, text, diags);
        files.push(ProjectFile {
            id,
            name: sources.get(id).name.clone(),
            ast,
            origin: FileOrigin::Stdlib {
                module: module.to_string(),
            },
            uses: Vec::new(),
        });
    }

    let settings = Settings {
        default_rows: config
            .scale
            .default_rows
            .value()
            .unwrap_or(Settings::default().default_rows),
        dialects: config.project.dialects.clone(),
    };
    Loaded {
        sources,
        project: Project { files, settings },
        config,
        root,
        user_files,
    }
}

fn project_from_dir(
    dir: &Path,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> (PathBuf, Config, Vec<PathBuf>) {
    let toml_path = dir.join("schemac.toml");
    let config = match std::fs::read_to_string(&toml_path) {
        Ok(text) => {
            let id = sources.add(display(&toml_path), text);
            config::parse(id, &sources.get(id).text, diags)
        }
        Err(_) => Config::default(),
    };
    let mut files = Vec::new();
    let default_layout = config.project.schema == Config::default().project.schema;
    for entry in &config.project.schema {
        let path = dir.join(entry);
        if path.is_dir() {
            collect_schema_files(&path, &mut files);
        } else if path.is_file() {
            files.push(path);
        } else if !default_layout {
            diags.push(
                Diagnostic::error(
                    "E0103",
                    format!("`{}` does not exist", path.display()),
                    nowhere(&path, sources),
                    "",
                )
                .with_hint("fix `[project] schema` in schemac.toml"),
            );
        }
    }
    if files.is_empty() && default_layout {
        // No `schema/` folder: every `*.schema` under the project folder.
        collect_schema_files(dir, &mut files);
    }
    if files.is_empty() {
        diags.push(
            Diagnostic::error(
                "E0105",
                format!("no `.schema` files found in `{}`", dir.display()),
                nowhere(dir, sources),
                "",
            )
            .with_hint(
                "put the schema in `schema/*.schema`, or name the files on the command line",
            ),
        );
    }
    (dir.to_path_buf(), config, files)
}

/// Every `*.schema` below `dir`, sorted so runs are deterministic.
fn collect_schema_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if !SKIPPED_DIRS.contains(&name) && !name.starts_with('.') {
                collect_schema_files(&path, out);
            }
        } else if name.ends_with(".schema") {
            out.push(path);
        }
    }
}

fn report_unreadable(
    path: &Path,
    error: &std::io::Error,
    used_at: Option<Span>,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) {
    let message = format!("cannot read `{}`: {error}", path.display());
    let diagnostic = match used_at {
        Some(span) => Diagnostic::error("E0104", message, span, "used here")
            .with_hint("`use \"...\"` paths are relative to the file that contains them"),
        None => Diagnostic::error("E0104", message, nowhere(path, sources), "")
            .with_hint("check the path"),
    };
    diags.push(diagnostic);
}

/// A span for a problem with a path rather than with text: an empty source entry
/// named after the path, so the diagnostic still says where.
fn nowhere(path: &Path, sources: &mut SourceMap) -> Span {
    Span::new(sources.add(display(path), ""), 0, 0)
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn display(path: &Path) -> String {
    let text = path.display().to_string();
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}
