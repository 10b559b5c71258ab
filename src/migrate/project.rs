//! Where a project keeps its migrations: `[project] migrations` of `schemac.toml`
//! (default `migrations`), relative to the project folder.

use super::Failure;
use crate::config::{self, Config};
use crate::render;
use crate::source_map::SourceMap;
use schemac_lang::Diagnostics;
use std::path::{Path, PathBuf};

/// The name of the snapshot file inside the migrations folder.
pub const SNAPSHOT_FILE: &str = "schemac.snapshot.json";

/// The migrations folder of the project at `project` (a folder).
pub fn migrations_root(project: &Path) -> Result<PathBuf, Failure> {
    if !project.is_dir() {
        return Err(Failure::Refused(format!(
            "`{}` is not a project folder",
            project.display()
        )));
    }
    let toml_path = project.join("schemac.toml");
    let config = match std::fs::read_to_string(&toml_path) {
        Ok(text) => {
            let mut sources = SourceMap::default();
            let mut diags = Diagnostics::new();
            let id = sources.add(toml_path.display().to_string(), text);
            let config = config::parse(id, &sources.get(id).text, &mut diags);
            if diags.has_errors() {
                return Err(Failure::Refused(render::to_text(
                    &diags.into_sorted(),
                    &sources,
                    false,
                )));
            }
            config
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Config::default(),
        Err(error) => {
            return Err(Failure::Refused(format!(
                "cannot read `{}`: {error}",
                toml_path.display()
            )))
        }
    };
    Ok(project.join(config.project.migrations))
}
