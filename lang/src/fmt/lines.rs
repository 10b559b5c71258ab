//! The formatter's line model and its final rendering with column alignment.
//!
//! `items` turns the tree into [`Unit`]s (one per printed code line, with the source
//! range it came from), writing all their code text into one buffer; `comments`
//! interleaves the comments and blank lines, giving [`Line`]s; [`render`] aligns field
//! columns and trailing comments and joins the text. Lines refer to their text by
//! range, so a large file is formatted with a handful of allocations.

use std::ops::Range;

/// The code of one printed line, as ranges of the code buffer.
#[derive(Clone, Debug)]
pub(super) enum Code {
    /// Any line that takes part in no column alignment of its own.
    Plain(Range<usize>),
    /// A field: name, type and the modifiers (`= default unique check (..) @attr`, possibly
    /// empty), aligned in columns with the neighbouring fields.
    Field {
        name: Range<usize>,
        ty: Range<usize>,
        mods: Range<usize>,
    },
}

/// Whether a blank line goes before a unit (before its leading comments and doc, if any).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Gap {
    /// Never: the first item of the file or the first line of a block.
    None,
    /// Exactly one: between two top-level items that do not form a group.
    One,
    /// One if the source had at least one blank line there, else none.
    Kept,
}

/// One code line to print, with the source range it stands for.
#[derive(Debug)]
pub(super) struct Unit<'a> {
    /// The nesting depth: each level is two spaces.
    pub indent: usize,
    pub code: Code,
    /// Doc text printed as `///` lines right above the code.
    pub doc: Option<&'a str>,
    /// The first source byte of the unit (its doc included).
    pub start: usize,
    /// The source byte after the unit's last token. Comments that start before it and
    /// were not placed yet are printed above the unit.
    pub end: usize,
    pub gap: Gap,
    /// A closing brace: the comments above it belong to the block's body, so they are
    /// indented one level deeper; `gap` applies to the first of them, and no blank line
    /// goes right above the brace.
    pub closes: bool,
}

/// One printed line.
#[derive(Debug)]
pub(super) enum Line<'a> {
    Blank,
    /// An own-line comment or doc line: `marker` (`//`, `///` or `/// `) then `text`.
    Text {
        indent: usize,
        marker: &'static str,
        text: &'a str,
    },
    /// A code line, with the text after `//` of its trailing comment.
    Code {
        indent: usize,
        code: Code,
        trailing: Option<&'a str>,
    },
}

/// Renders the lines whose code text is in `buf`: aligns field columns within runs of
/// consecutive fields, aligns trailing comments within runs of consecutive code lines at
/// one indentation, and ends the text with exactly one newline (an empty file stays
/// empty).
pub(super) fn render(lines: &[Line<'_>], buf: &str) -> String {
    let columns = field_columns(lines, buf);
    let comment_columns = comment_columns(lines, buf, &columns);
    let mut out = String::with_capacity(buf.len() + lines.len() * 16);
    for (i, line) in lines.iter().enumerate() {
        match line {
            Line::Blank => {}
            Line::Text {
                indent,
                marker,
                text,
            } => {
                push_spaces(&mut out, indent * 2);
                out.push_str(marker);
                out.push_str(text);
            }
            Line::Code {
                indent,
                code,
                trailing,
            } => {
                push_spaces(&mut out, indent * 2);
                let line_start = out.len();
                push_code(&mut out, code, buf, columns[i]);
                if let Some(text) = trailing {
                    let width = width(&out[line_start..]);
                    push_spaces(&mut out, comment_columns[i].max(width + 1) - width);
                    out.push_str("//");
                    out.push_str(text);
                }
            }
        }
        out.push('\n');
    }
    out
}

/// Where the columns of a field line start: the widths its name and (when it has
/// modifiers) its type are padded to.
#[derive(Clone, Copy, Default)]
struct Columns {
    name: usize,
    ty: usize,
}

fn push_code(out: &mut String, code: &Code, buf: &str, columns: Columns) {
    match code {
        Code::Plain(text) => out.push_str(&buf[text.clone()]),
        Code::Field { name, ty, mods } => {
            pad(out, &buf[name.clone()], columns.name);
            out.push(' ');
            if mods.is_empty() {
                out.push_str(&buf[ty.clone()]);
            } else {
                pad(out, &buf[ty.clone()], columns.ty);
                out.push(' ');
                out.push_str(&buf[mods.clone()]);
            }
        }
    }
}

/// The printed width of a code line (without its indentation and trailing comment).
fn code_width(code: &Code, buf: &str, columns: Columns) -> usize {
    match code {
        Code::Plain(text) => width(&buf[text.clone()]),
        Code::Field { name, ty, mods } => {
            let name = width(&buf[name.clone()]).max(columns.name);
            let ty = width(&buf[ty.clone()]);
            match mods.is_empty() {
                true => name + 1 + ty,
                false => name + 1 + ty.max(columns.ty) + 1 + width(&buf[mods.clone()]),
            }
        }
    }
}

fn push_spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// The columns of every line (zero for lines that are not fields): within a run of
/// consecutive field lines the names are padded to the longest name, and the types of
/// the fields that have modifiers to the longest such type.
fn field_columns(lines: &[Line<'_>], buf: &str) -> Vec<Columns> {
    let mut columns = vec![Columns::default(); lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let run_end = lines[i..]
            .iter()
            .position(|l| field_parts(l).is_none())
            .map_or(lines.len(), |p| i + p);
        let mut run = Columns::default();
        for (name, ty, mods) in lines[i..run_end].iter().filter_map(field_parts) {
            run.name = run.name.max(width(&buf[name]));
            if !mods.is_empty() {
                run.ty = run.ty.max(width(&buf[ty]));
            }
        }
        for slot in &mut columns[i..run_end] {
            *slot = run;
        }
        i = run_end.max(i + 1);
    }
    columns
}

fn field_parts(line: &Line<'_>) -> Option<(Range<usize>, Range<usize>, Range<usize>)> {
    match line {
        Line::Code {
            code: Code::Field { name, ty, mods },
            ..
        } => Some((name.clone(), ty.clone(), mods.clone())),
        _ => None,
    }
}

fn width(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

fn pad(out: &mut String, s: &str, to: usize) {
    out.push_str(s);
    push_spaces(out, to.saturating_sub(width(s)));
}

/// For every line, the column (counted from the line's indentation) where its trailing
/// comment starts: one past the widest code among the lines with a trailing comment in
/// its run of consecutive code lines at the same indentation.
fn comment_columns(lines: &[Line<'_>], buf: &str, columns: &[Columns]) -> Vec<usize> {
    let mut comment_columns = vec![0; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let Line::Code { indent, .. } = lines[i] else {
            i += 1;
            continue;
        };
        let run_end = lines[i..]
            .iter()
            .position(|l| !matches!(l, Line::Code { indent: other, .. } if *other == indent))
            .map_or(lines.len(), |p| i + p);
        let column = (i..run_end)
            .filter_map(|j| match &lines[j] {
                Line::Code {
                    code,
                    trailing: Some(_),
                    ..
                } => Some(code_width(code, buf, columns[j]) + 1),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        for slot in &mut comment_columns[i..run_end] {
            *slot = column;
        }
        i = run_end;
    }
    comment_columns
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines built from literal text: each code piece is appended to `buf`.
    struct Lines {
        buf: String,
        lines: Vec<Line<'static>>,
    }

    impl Lines {
        fn text(&mut self, s: &str) -> Range<usize> {
            let start = self.buf.len();
            self.buf.push_str(s);
            start..self.buf.len()
        }

        fn field(&mut self, name: &str, ty: &str, mods: &str, trailing: Option<&'static str>) {
            let code = Code::Field {
                name: self.text(name),
                ty: self.text(ty),
                mods: self.text(mods),
            };
            self.lines.push(Line::Code {
                indent: 1,
                code,
                trailing,
            });
        }

        fn plain(&mut self, indent: usize, text: &str, trailing: Option<&'static str>) {
            let code = Code::Plain(self.text(text));
            self.lines.push(Line::Code {
                indent,
                code,
                trailing,
            });
        }
    }

    #[test]
    fn fields_align_in_runs_and_comments_align_in_code_runs() {
        let mut l = Lines {
            buf: String::new(),
            lines: Vec::new(),
        };
        l.plain(0, "entity A {", None);
        l.field("id", "id", "", Some(" key"));
        l.field("email", "string(255)", "unique", None);
        l.field("n", "int", "= 0", Some(" zero"));
        l.plain(1, "with T", Some(" mixin"));
        l.lines.push(Line::Blank);
        l.field("long_name", "text", "", None);
        l.lines.push(Line::Text {
            indent: 1,
            marker: "//",
            text: " own line",
        });
        l.field("x", "int", "", None);
        l.plain(0, "}", Some(" end"));
        let expected = "\
entity A {
  id    id              // key
  email string(255) unique
  n     int         = 0 // zero
  with T                // mixin

  long_name text
  // own line
  x int
} // end
";
        assert_eq!(render(&l.lines, &l.buf), expected);
    }

    #[test]
    fn nothing_renders_as_nothing() {
        assert_eq!(render(&[], ""), "");
    }
}
