//! A dialect's migration folder (`migrations/<dialect>/V<n>__<name>.sql`) and its
//! integrity file `schemac.sum`.
//!
//! `schemac.sum` holds a first line `h1:<sha256 of all following lines>` and then one
//! line per migration in version order, `V<n>__<name>.sql h1:<sha256 of the file>`.
//! [`write_sum`] writes it (the `build` side calls it after writing a migration);
//! [`verify_sum`] finds every way the folder and the sum disagree.

use sha2::{Digest, Sha256};
use std::fmt;
use std::path::{Path, PathBuf};

/// The integrity file's name inside a dialect folder.
pub const SUM_FILE: &str = "schemac.sum";

/// The first line of a file that must not run inside a transaction.
const TXMODE_NONE: &str = "-- schemac:txmode none";

/// One migration file, read from disk.
#[derive(Debug, Clone)]
pub struct Migration {
    /// The `n` of `V<n>__<name>.sql`.
    pub number: u32,
    /// The file name without `.sql`: the key in `schema_migrations`.
    pub version: String,
    pub sql: String,
    /// `h1:<hex sha256>` of the file's bytes.
    pub checksum: String,
    /// The file starts with `-- schemac:txmode none`.
    pub txmode_none: bool,
}

impl Migration {
    pub fn file_name(&self) -> String {
        format!("{}.sql", self.version)
    }
}

/// Why a migration folder cannot be read.
#[derive(Debug)]
pub enum FolderError {
    Io(PathBuf, std::io::Error),
    /// A `.sql` file whose name is not `V<n>__<name>.sql`.
    BadName(String),
    NotUtf8(String),
    /// Two files with the same number.
    Duplicate(String, String),
    /// Numbers must run 1, 2, 3, ... : the first one missing.
    Gap(u32),
}

impl fmt::Display for FolderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FolderError::Io(path, error) => write!(f, "cannot read `{}`: {error}", path.display()),
            FolderError::BadName(name) => {
                write!(f, "`{name}` is not named `V<n>__<name>.sql` (n = 1, 2, 3, ...; name in snake_case)")
            }
            FolderError::NotUtf8(name) => write!(f, "`{name}` is not UTF-8 text"),
            FolderError::Duplicate(a, b) => {
                write!(f, "`{a}` and `{b}` have the same version number")
            }
            FolderError::Gap(n) => write!(
                f,
                "there is no migration V{n}: versions must run 1, 2, 3, ... without gaps"
            ),
        }
    }
}

/// The `h1:` checksum of some bytes: the hex sha256.
pub fn checksum(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(3 + digest.len() * 2);
    hex.push_str("h1:");
    for byte in digest {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    hex
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Reads every `V<n>__<name>.sql` of `dir`, in version order. A missing folder holds no
/// migrations. Files that do not end in `.sql` (such as `schemac.sum`) are skipped.
pub fn read_folder(dir: &Path) -> Result<Vec<Migration>, FolderError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(FolderError::Io(dir.to_path_buf(), error)),
    };
    let mut migrations = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| FolderError::Io(dir.to_path_buf(), e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(version) = name.strip_suffix(".sql") else {
            continue;
        };
        let number = parse_version(version).ok_or_else(|| FolderError::BadName(name.clone()))?;
        let bytes = std::fs::read(entry.path()).map_err(|e| FolderError::Io(entry.path(), e))?;
        let checksum = checksum(&bytes);
        let sql = String::from_utf8(bytes).map_err(|_| FolderError::NotUtf8(name.clone()))?;
        let txmode_none = sql
            .lines()
            .next()
            .is_some_and(|line| line.trim_end() == TXMODE_NONE);
        migrations.push(Migration {
            number,
            version: version.to_string(),
            sql,
            checksum,
            txmode_none,
        });
    }
    migrations.sort_by(|a, b| {
        a.number
            .cmp(&b.number)
            .then_with(|| a.version.cmp(&b.version))
    });
    for pair in migrations.windows(2) {
        if pair[0].number == pair[1].number {
            return Err(FolderError::Duplicate(
                pair[0].file_name(),
                pair[1].file_name(),
            ));
        }
    }
    for (expected, migration) in (1u32..).zip(&migrations) {
        if migration.number != expected {
            return Err(FolderError::Gap(expected));
        }
    }
    Ok(migrations)
}

/// The number of a version `V<n>__<name>`, or None when the name is not of that form.
pub fn parse_version(version: &str) -> Option<u32> {
    let (number, name) = version.strip_prefix('V')?.split_once("__")?;
    let number_ok = !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && !number.starts_with('0');
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if number_ok && name_ok {
        number.parse().ok()
    } else {
        None
    }
}

/// The text of `schemac.sum` for `migrations` (in version order).
pub fn render_sum(migrations: &[Migration]) -> String {
    let body: String = migrations
        .iter()
        .map(|m| format!("{} {}\n", m.file_name(), m.checksum))
        .collect();
    format!("{}\n{body}", checksum(body.as_bytes()))
}

/// Writes `dir/schemac.sum` for the migration files now in `dir`. The `build` side
/// calls this after writing a new migration; tests call it to make a folder by hand.
pub fn write_sum(dir: &Path) -> Result<(), FolderError> {
    let migrations = read_folder(dir)?;
    let path = dir.join(SUM_FILE);
    std::fs::write(&path, render_sum(&migrations)).map_err(|e| FolderError::Io(path, e))
}

/// One way the folder and `schemac.sum` disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SumProblem {
    /// There are migration files but no `schemac.sum`.
    MissingSum,
    Unreadable(String),
    /// A line that is not `V<n>__<name>.sql h1:<hex>`.
    Malformed(String),
    /// The first line does not match the lines below it: the sum itself was edited.
    SumEdited,
    /// The file's bytes changed since the sum was written.
    Edited(String),
    /// Listed in the sum, not on disk.
    Removed(String),
    /// On disk, not in the sum.
    Added(String),
    /// A file now has the content the sum recorded under another name.
    Renamed {
        from: String,
        to: String,
    },
    /// The sum's lines are not in version order.
    OutOfOrder,
}

impl fmt::Display for SumProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SumProblem::MissingSum => write!(f, "{SUM_FILE} is missing"),
            SumProblem::Unreadable(error) => write!(f, "{SUM_FILE} cannot be read: {error}"),
            SumProblem::Malformed(line) => write!(f, "{SUM_FILE} has a malformed line: `{line}`"),
            SumProblem::SumEdited => write!(
                f,
                "{SUM_FILE} was edited by hand (its first line does not match the rest)"
            ),
            SumProblem::Edited(file) => write!(f, "{file} was edited after {SUM_FILE} was written"),
            SumProblem::Removed(file) => {
                write!(f, "{file} is listed in {SUM_FILE} but was removed")
            }
            SumProblem::Added(file) => write!(f, "{file} was added without updating {SUM_FILE}"),
            SumProblem::Renamed { from, to } => {
                write!(f, "{from} was renamed or reordered to {to}")
            }
            SumProblem::OutOfOrder => write!(f, "{SUM_FILE} lists the files out of version order"),
        }
    }
}

/// Compares `dir/schemac.sum` with `migrations` (as read by [`read_folder`]) and returns
/// every disagreement; empty means the folder is intact. A folder with no migrations
/// needs no sum.
pub fn verify_sum(dir: &Path, migrations: &[Migration]) -> Vec<SumProblem> {
    let text = match std::fs::read_to_string(dir.join(SUM_FILE)) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return if migrations.is_empty() {
                Vec::new()
            } else {
                vec![SumProblem::MissingSum]
            };
        }
        Err(error) => return vec![SumProblem::Unreadable(error.to_string())],
    };
    let (header, body) = text.split_once('\n').unwrap_or((text.as_str(), ""));
    let mut problems = Vec::new();
    if header.trim_end() != checksum(body.as_bytes()) {
        problems.push(SumProblem::SumEdited);
    }
    let mut recorded: Vec<(String, String)> = Vec::new();
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        match line.split_once(' ') {
            Some((file, hash)) if file.ends_with(".sql") && hash.starts_with("h1:") => {
                recorded.push((file.to_string(), hash.trim_end().to_string()))
            }
            _ => problems.push(SumProblem::Malformed(line.to_string())),
        }
    }
    let numbers: Vec<Option<u32>> = recorded
        .iter()
        .map(|(file, _)| file.strip_suffix(".sql").and_then(parse_version))
        .collect();
    if numbers.windows(2).any(|w| w[0] >= w[1]) {
        problems.push(SumProblem::OutOfOrder);
    }

    let on_disk: Vec<(String, &str)> = migrations
        .iter()
        .map(|m| (m.file_name(), m.checksum.as_str()))
        .collect();
    let removed: Vec<&(String, String)> = recorded
        .iter()
        .filter(|(file, _)| !on_disk.iter().any(|(f, _)| f == file))
        .collect();
    let mut renamed_from: Vec<&str> = Vec::new();
    for (file, hash) in &on_disk {
        match recorded.iter().find(|(f, _)| f == file) {
            Some((_, recorded_hash)) if recorded_hash != hash => {
                problems.push(SumProblem::Edited(file.clone()))
            }
            Some(_) => {}
            None => match removed.iter().find(|(_, h)| h == hash) {
                Some((from, _)) => {
                    renamed_from.push(from);
                    problems.push(SumProblem::Renamed {
                        from: from.clone(),
                        to: file.clone(),
                    });
                }
                None => problems.push(SumProblem::Added(file.clone())),
            },
        }
    }
    for (file, _) in removed {
        if !renamed_from.contains(&file.as_str()) {
            problems.push(SumProblem::Removed(file.clone()));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A temp folder holding `files`, removed on drop.
    struct TempFolder(PathBuf);

    impl std::ops::Deref for TempFolder {
        type Target = Path;

        fn deref(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempFolder {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn folder(name: &str, files: &[(&str, &str)]) -> TempFolder {
        let dir = std::env::temp_dir().join(format!("schemac-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        for (file, text) in files {
            std::fs::write(dir.join(file), text).expect("write");
        }
        TempFolder(dir)
    }

    fn problems(dir: &Path) -> Vec<SumProblem> {
        verify_sum(dir, &read_folder(dir).expect("readable"))
    }

    #[test]
    fn checksum_is_hex_sha256() {
        assert_eq!(
            checksum(b""),
            "h1:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn versions_are_parsed_strictly() {
        assert_eq!(parse_version("V12__add_orders"), Some(12));
        assert_eq!(parse_version("V0__x"), None);
        assert_eq!(parse_version("V01__x"), None);
        assert_eq!(parse_version("V1_x"), None);
        assert_eq!(parse_version("V1__Add"), None);
        assert_eq!(parse_version("v1__x"), None);
    }

    #[test]
    fn folder_reads_in_version_order_and_rejects_gaps() {
        let dir = folder(
            "order",
            &[
                ("V10__j.sql", "j"),
                ("V2__b.sql", "b"),
                ("V1__a.sql", "-- schemac:txmode none\na"),
            ],
        );
        assert!(matches!(read_folder(&dir), Err(FolderError::Gap(3))));
        let dir = folder(
            "order2",
            &[
                ("V2__b.sql", "b"),
                ("V1__a.sql", "-- schemac:txmode none\na"),
                ("notes.txt", ""),
            ],
        );
        let migrations = read_folder(&dir).unwrap();
        let versions: Vec<&str> = migrations.iter().map(|m| m.version.as_str()).collect();
        assert_eq!(versions, ["V1__a", "V2__b"]);
        assert!(migrations[0].txmode_none && !migrations[1].txmode_none);
        let dir = folder("dup", &[("V1__a.sql", "a"), ("V1__b.sql", "b")]);
        assert!(matches!(read_folder(&dir), Err(FolderError::Duplicate(..))));
        let dir = folder("bad", &[("init.sql", "a")]);
        assert!(matches!(read_folder(&dir), Err(FolderError::BadName(_))));
    }

    #[test]
    fn written_sum_verifies_and_every_change_is_caught() {
        let dir = folder("sum", &[("V1__a.sql", "a;\n"), ("V2__b.sql", "b;\n")]);
        assert_eq!(problems(&dir), [SumProblem::MissingSum]);
        write_sum(&dir).unwrap();
        assert_eq!(problems(&dir), []);

        std::fs::write(dir.join("V2__b.sql"), "b2;\n").unwrap();
        assert_eq!(problems(&dir), [SumProblem::Edited("V2__b.sql".into())]);
        std::fs::write(dir.join("V2__b.sql"), "b;\n").unwrap();

        std::fs::write(dir.join("V3__c.sql"), "c;\n").unwrap();
        assert_eq!(problems(&dir), [SumProblem::Added("V3__c.sql".into())]);
        std::fs::remove_file(dir.join("V3__c.sql")).unwrap();

        std::fs::rename(dir.join("V2__b.sql"), dir.join("V2__renamed.sql")).unwrap();
        assert_eq!(
            problems(&dir),
            [SumProblem::Renamed {
                from: "V2__b.sql".into(),
                to: "V2__renamed.sql".into()
            }]
        );
        std::fs::remove_file(dir.join("V2__renamed.sql")).unwrap();
        assert_eq!(problems(&dir), [SumProblem::Removed("V2__b.sql".into())]);
    }

    #[test]
    fn swapped_files_and_edited_sums_are_caught() {
        let dir = folder("swap", &[("V1__a.sql", "a;\n"), ("V2__b.sql", "b;\n")]);
        write_sum(&dir).unwrap();
        std::fs::write(dir.join("V1__a.sql"), "b;\n").unwrap();
        std::fs::write(dir.join("V2__b.sql"), "a;\n").unwrap();
        assert_eq!(
            problems(&dir),
            [
                SumProblem::Edited("V1__a.sql".into()),
                SumProblem::Edited("V2__b.sql".into())
            ]
        );

        let dir = folder("reorder", &[("V1__a.sql", "a;\n"), ("V2__b.sql", "b;\n")]);
        write_sum(&dir).unwrap();
        let text = std::fs::read_to_string(dir.join(SUM_FILE)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let body = format!("{}\n{}\n", lines[2], lines[1]);
        std::fs::write(
            dir.join(SUM_FILE),
            format!("{}\n{body}", checksum(body.as_bytes())),
        )
        .unwrap();
        assert_eq!(problems(&dir), [SumProblem::OutOfOrder]);

        std::fs::write(
            dir.join(SUM_FILE),
            text.replace("V2__b.sql h1:", "V2__b.sql h1:0"),
        )
        .unwrap();
        assert!(problems(&dir).contains(&SumProblem::SumEdited));
    }
}
