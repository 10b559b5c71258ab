//! `schemac.toml`: every key has a default; an unknown key is an error pointing at it.

use schemac_lang::{Diagnostic, Diagnostics, FileId, Span};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub project: ProjectConfig,
    pub scale: ScaleConfig,
    pub lint: LintConfig,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProjectConfig {
    /// Files or folders of `*.schema`, relative to the project folder.
    pub schema: Vec<String>,
    /// What `build` writes migrations for.
    pub dialects: Vec<String>,
    /// The migrations folder: `<migrations>/<dialect>/V<n>__<name>.sql`.
    pub migrations: String,
}

impl Default for ProjectConfig {
    fn default() -> ProjectConfig {
        ProjectConfig {
            schema: vec!["schema/".to_string()],
            dialects: vec![
                "postgres".to_string(),
                "mysql".to_string(),
                "sqlite".to_string(),
            ],
            migrations: "migrations".to_string(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScaleConfig {
    /// Rows assumed for an entity without `scale rows`: a number or a string with a
    /// `k`/`M`/`B` suffix.
    pub default_rows: RowCount,
}

impl Default for ScaleConfig {
    fn default() -> ScaleConfig {
        ScaleConfig {
            default_rows: RowCount::Text("10k".to_string()),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RowCount {
    Number(u64),
    Text(String),
}

impl RowCount {
    /// The value, or None when the text is not a count like `10k`, `2M`, `500`.
    pub fn value(&self) -> Option<f64> {
        match self {
            RowCount::Number(n) => Some(*n as f64),
            RowCount::Text(text) => {
                let text = text.trim();
                let (digits, factor) = match text.chars().last()? {
                    'k' => (&text[..text.len() - 1], 1e3),
                    'M' => (&text[..text.len() - 1], 1e6),
                    'B' => (&text[..text.len() - 1], 1e9),
                    _ => (text, 1.0),
                };
                let value: f64 = digits.parse().ok()?;
                (value.is_finite() && value >= 0.0).then_some(value * factor)
            }
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LintConfig {
    /// Lint codes allowed project-wide, e.g. `["L0003"]`.
    pub allow: Vec<String>,
}

/// Parses `schemac.toml` (already added to the source map as `file`). Problems are
/// reported into `diags` with the key's span; the defaults are used in their place.
pub fn parse(file: FileId, text: &str, diags: &mut Diagnostics) -> Config {
    match toml::from_str::<Config>(text) {
        Ok(config) => {
            if config.scale.default_rows.value().is_none() {
                let span = key_span(text, "default_rows")
                    .map_or(Span::new(file, 0, 0), |r| Span::new(file, r.0, r.1));
                diags.push(
                    Diagnostic::error(
                        "E0102",
                        "`default_rows` is not a row count",
                        span,
                        "expected a count",
                    )
                    .with_hint(
                        "write a whole number, optionally with a suffix: `10k`, `2M`, `500`",
                    ),
                );
            }
            config
        }
        Err(error) => {
            let span = error
                .span()
                .map_or(Span::new(file, 0, 0), |r| Span::new(file, r.start, r.end));
            let message = error.message().trim().to_string();
            diags.push(
                Diagnostic::error("E0101", format!("invalid schemac.toml: {message}"), span, "here")
                    .with_hint("the keys are [project] schema, dialects, migrations; [scale] default_rows; [lint] allow"),
            );
            Config::default()
        }
    }
}

/// The byte range of the first `key = value` line naming `key`, for diagnostics on a
/// value that parsed but is not valid.
fn key_span(text: &str, key: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(key) {
            let start = offset + (line.len() - trimmed.len());
            return Some((start, offset + line.trim_end().len()));
        }
        offset += line.len();
    }
    None
}
