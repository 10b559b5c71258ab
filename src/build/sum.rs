//! `schemac.sum`: the integrity file of one dialect's migrations. The first line is
//! `h1:<sha256 of the following lines>`, then one line per file in version order:
//! `V<n>__<name>.sql h1:<sha256 of the file>`.

use std::path::Path;

use sha2::{Digest, Sha256};

/// The file name inside each dialect folder.
pub const FILE: &str = "schemac.sum";

/// `h1:` and the lowercase hex SHA-256 of `bytes`.
pub fn h1(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(3 + 64);
    out.push_str("h1:");
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// The version number of a migration file name (`V12__x.sql` -> 12).
pub fn version(file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('V')?;
    let (number, name) = rest.split_once("__")?;
    if !name.ends_with(".sql") {
        return None;
    }
    number.parse().ok()
}

/// The migration files of `folder` sorted by version, after checking that they match
/// its `schemac.sum` line for line; a missing folder has none. Any edited, added or
/// removed file is an error: `build` never writes over the user's work.
pub fn verify(folder: &Path) -> Result<Vec<String>, String> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<(u32, String)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter_map(|name| version(&name).map(|v| (v, name)))
        .collect();
    files.sort();
    let sum_path = folder.join(FILE);
    let sum = match std::fs::read_to_string(&sum_path) {
        Ok(text) => text,
        Err(_) if files.is_empty() => return Ok(Vec::new()),
        Err(e) => {
            return Err(format!(
                "cannot read `{}`: {e}; migrations without a sum cannot be checked",
                sum_path.display()
            ))
        }
    };
    let names: Vec<String> = files.iter().map(|(_, n)| n.clone()).collect();
    let mut lines = Vec::new();
    for name in &names {
        let bytes = std::fs::read(folder.join(name))
            .map_err(|e| format!("cannot read `{}`: {e}", folder.join(name).display()))?;
        lines.push(format!("{name} {}", h1(&bytes)));
    }
    if render(&lines) != sum {
        return Err(format!(
            "`{}` does not match the migration files (a file was edited, added or removed); restore them (e.g. from version control) before building",
            sum_path.display()
        ));
    }
    for (i, (v, name)) in files.iter().enumerate() {
        if *v as usize != i + 1 {
            return Err(format!(
                "`{}`: versions must be 1, 2, 3, ... without gaps (found {name})",
                folder.display()
            ));
        }
    }
    Ok(names)
}

fn render(lines: &[String]) -> String {
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    format!("{}\n{body}", h1(body.as_bytes()))
}

/// Writes `folder`'s `schemac.sum` for `files` (in version order).
pub fn write(folder: &Path, files: &[String]) -> Result<(), String> {
    let mut lines = Vec::new();
    for name in files {
        let bytes = std::fs::read(folder.join(name))
            .map_err(|e| format!("cannot read `{}`: {e}", folder.join(name).display()))?;
        lines.push(format!("{name} {}", h1(&bytes)));
    }
    std::fs::write(folder.join(FILE), render(&lines))
        .map_err(|e| format!("cannot write `{}`: {e}", folder.join(FILE).display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_and_versions() {
        assert_eq!(
            h1(b""),
            "h1:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(version("V12__add_x.sql"), Some(12));
        assert_eq!(version("V1_add.sql"), None);
        assert_eq!(version("schemac.sum"), None);
    }
}
