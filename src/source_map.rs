//! The text of every file in one run, by [`FileId`], so diagnostics can be rendered
//! against the source they point into.

use schemac_lang::FileId;

#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceEntry>,
}

#[derive(Debug)]
pub struct SourceEntry {
    /// The path as shown to the user (relative when it was given relative).
    pub name: String,
    pub text: String,
}

impl SourceMap {
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceEntry {
            name: name.into(),
            text: text.into(),
        });
        FileId(self.files.len() as u32 - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceEntry {
        &self.files[id.0 as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceEntry)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, e)| (FileId(i as u32), e))
    }

    /// 1-based line and column of a byte offset (column counted in characters).
    pub fn line_col(&self, id: FileId, offset: u32) -> (usize, usize) {
        let text = &self.get(id).text;
        let offset = (offset as usize).min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
