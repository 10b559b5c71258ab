//! Statement layouts learned from the list templates.
//!
//! A list template lays out every item of its list the same way: a `CREATE TABLE` puts
//! a name, a body and options in the same places for every table, and what differs
//! between two tables is only which of those texts are set (`{% if table.options %}`)
//! and the texts themselves. Rendering 30,000 statements through minijinja serializes
//! every context into template values and evaluates the template once per statement,
//! which was a third of rendering a large schema.
//!
//! So the first time a list meets an item of a new *shape* (which texts are absent,
//! empty or set, and the item's flags), it renders a stand-in of that shape, whose set
//! texts are marker characters, through the template, and learns where the template
//! put each marker. Every item of that shape is then the learned text with the markers
//! replaced by the item's texts. The template still decides the whole layout; Rust
//! only repeats what it wrote.
//!
//! The premise is that a list template prints its items' texts as they are and tests
//! them only for being set, and that an item's statement does not depend on its
//! neighbours (no `loop.first`). A layout is used only after it is checked against the
//! template: a list of two stand-ins must render as the learned statement twice, and
//! the first real item of the shape must render through the template exactly as its
//! layout fills it. A shape that fails either check is rendered by the template.

use std::marker::PhantomData;

use minijinja::Template;
use serde::Serialize;

use crate::templates::{self, list_context};

/// The markers that stand in for the texts of an item, one per slot: characters of
/// Unicode's private use area, which no template writes.
const MARKERS: [&str; 8] = [
    "\u{E000}", "\u{E001}", "\u{E002}", "\u{E003}", "\u{E004}", "\u{E005}", "\u{E006}", "\u{E007}",
];

/// The context of one statement of a list template, as texts in numbered slots and
/// flags: what a learned layout needs to fill in an item and to make a stand-in.
pub(crate) trait Slots: Serialize + Sized {
    /// How many texts the context has; at most [`MARKERS`]' length.
    const SLOTS: usize;

    /// The text in `slot`, `None` when absent.
    fn text(&self, slot: usize) -> Option<&str>;

    /// The booleans the template tests, as bits.
    fn flags(&self) -> u32;

    /// A context with `texts` in its slots and `flags`.
    fn stand_in(texts: &[Option<&'static str>], flags: u32) -> Self;
}

/// Which texts of an item are absent, empty or set (two bits each), and its flags above
/// them: what a template can tell apart without reading the texts.
type Shape = u64;

fn shape_of<C: Slots>(item: &C) -> Shape {
    let texts = (0..C::SLOTS).fold(0, |shape, slot| {
        let state = match item.text(slot) {
            None => 0,
            Some("") => 1,
            Some(_) => 2,
        };
        shape | state << (2 * slot)
    });
    texts | Shape::from(item.flags()) << (2 * MARKERS.len())
}

/// A stand-in of `shape`: each set text is its slot's marker.
fn stand_in<C: Slots>(shape: Shape) -> C {
    let texts: Vec<Option<&'static str>> = (0..C::SLOTS)
        .map(|slot| match shape >> (2 * slot) & 0b11 {
            0 => None,
            1 => Some(""),
            _ => Some(MARKERS[slot]),
        })
        .collect();
    C::stand_in(&texts, (shape >> (2 * MARKERS.len())) as u32)
}

/// The statement of one shape: literal text and the slots whose texts go between.
struct Layout {
    pieces: Vec<Piece>,
}

enum Piece {
    Text(String),
    Slot(usize),
}

impl Layout {
    /// The pieces of `statement`, rendered from a stand-in.
    fn parse(statement: &str) -> Layout {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        for c in statement.chars() {
            match MARKERS.iter().position(|m| m.starts_with(c)) {
                Some(slot) => {
                    if !literal.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut literal)));
                    }
                    pieces.push(Piece::Slot(slot));
                }
                None => literal.push(c),
            }
        }
        if !literal.is_empty() {
            pieces.push(Piece::Text(literal));
        }
        Layout { pieces }
    }

    fn fill<C: Slots>(&self, item: &C, out: &mut String) {
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Slot(slot) => out.push_str(item.text(*slot).unwrap_or_default()),
            }
        }
    }
}

/// The layouts one thread has learned for one list template, by shape.
pub(crate) struct Learned<C> {
    /// What the template writes around its statements: its text for an empty list,
    /// and where in it the statements go.
    frame: Option<(String, usize)>,
    /// `None` for a shape whose layout failed its checks.
    layouts: Vec<(Shape, Option<Layout>)>,
    context: PhantomData<fn(&C)>,
}

impl<C: Slots> Learned<C> {
    pub(crate) fn new() -> Self {
        Learned {
            frame: None,
            layouts: Vec::new(),
            context: PhantomData,
        }
    }

    /// The text of `list` by `template` (which sees it as `key`), trimmed as
    /// [`templates::render_sized`] trims it, in a string with room for `room` bytes.
    pub(crate) fn render(
        &mut self,
        template: &Template,
        key: &str,
        list: &[C],
        room: usize,
    ) -> String {
        let shapes: Vec<Shape> = list.iter().map(shape_of).collect();
        for (item, &shape) in list.iter().zip(&shapes) {
            if !self.layouts.iter().any(|(known, _)| *known == shape) {
                let layout = self.learn(template, key, shape, item);
                self.layouts.push((shape, layout));
            }
        }
        let layouts: Option<Vec<&Layout>> =
            shapes.iter().map(|shape| self.layout(*shape)).collect();
        let (Some(layouts), Some((frame, at))) = (layouts, &self.frame) else {
            return templates::render_trimmed(template, list_context(key, list), room);
        };
        let mut text = String::with_capacity(room);
        text.push_str(&frame[..*at]);
        for (item, layout) in list.iter().zip(layouts) {
            layout.fill(item, &mut text);
        }
        text.push_str(&frame[*at..]);
        templates::trim(&mut text);
        text
    }

    /// Whether every shape met so far has a layout.
    #[cfg(test)]
    pub(crate) fn all_learned(&self) -> bool {
        self.layouts.iter().all(|(_, layout)| layout.is_some())
    }

    fn layout(&self, shape: Shape) -> Option<&Layout> {
        self.layouts
            .iter()
            .find(|(known, _)| *known == shape)
            .and_then(|(_, layout)| layout.as_ref())
    }

    /// The layout of `shape`, checked as the module's documentation says; `item` is the
    /// first real item of the shape.
    fn learn(&mut self, template: &Template, key: &str, shape: Shape, item: &C) -> Option<Layout> {
        let render = |list: &[C]| templates::render_raw(template, list_context(key, list), 0);
        let empty = render(&[]);
        let one = render(&[stand_in(shape)]);
        let two = render(&[stand_in(shape), stand_in(shape)]);
        // The statement goes where the texts of one and of no statement part.
        let at = common_prefix(&empty, &one);
        let statement = one.get(at..at + one.len().checked_sub(empty.len())?)?;
        let framed = |statements: &str| format!("{}{statements}{}", &empty[..at], &empty[at..]);
        if framed(statement) != one || framed(&statement.repeat(2)) != two {
            return None;
        }
        match &self.frame {
            None => self.frame = Some((empty.clone(), at)),
            Some((text, split)) if *text != empty || *split != at => return None,
            Some(_) => {}
        }
        let layout = Layout::parse(statement);
        let mut filled = String::new();
        layout.fill(item, &mut filled);
        (framed(&filled) == render(std::slice::from_ref(item))).then_some(layout)
    }
}

/// The length of the longest common prefix of `a` and `b`, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((at, _), _)| at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A context of two texts and a flag, laid out by a test template.
    #[derive(Serialize)]
    struct Pair {
        left: String,
        right: Option<String>,
        loud: bool,
    }

    impl Slots for Pair {
        const SLOTS: usize = 2;

        fn text(&self, slot: usize) -> Option<&str> {
            match slot {
                0 => Some(&self.left),
                _ => self.right.as_deref(),
            }
        }

        fn flags(&self) -> u32 {
            u32::from(self.loud)
        }

        fn stand_in(texts: &[Option<&'static str>], flags: u32) -> Self {
            Pair {
                left: texts[0].unwrap_or_default().to_string(),
                right: texts[1].map(str::to_string),
                loud: flags & 1 == 1,
            }
        }
    }

    fn pair(left: &str, right: Option<&str>, loud: bool) -> Pair {
        Pair {
            left: left.to_string(),
            right: right.map(str::to_string),
            loud,
        }
    }

    fn items() -> Vec<Pair> {
        vec![
            pair("a", Some("b"), false),
            pair("", Some("b"), true),
            pair("c", None, false),
            pair("d", Some(""), true),
            pair("\u{E001}x", Some("{{ y }}"), false),
            pair("e", Some("f"), false),
        ]
    }

    /// The test templates, with the settings of the built-in ones.
    fn environment() -> minijinja::Environment<'static> {
        let mut env = minijinja::Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env
    }

    /// What the template itself renders for `list`.
    fn by_template(source: &str, list: &[Pair]) -> String {
        let env = environment();
        let template = env
            .template_from_str(source)
            .expect("the test template parses");
        templates::render_trimmed(&template, list_context("pairs", list), 0)
    }

    /// What a list's learned layouts render for `list`, and the layouts.
    fn learned(source: &str, list: &[Pair]) -> (String, Learned<Pair>) {
        let env = environment();
        let template = env
            .template_from_str(source)
            .expect("the test template parses");
        let mut learned = Learned::new();
        let text = learned.render(&template, "pairs", list, 0);
        (text, learned)
    }

    #[test]
    fn learned_layouts_render_as_the_template() {
        let source = "-- head\n{% for p in pairs %}\n{% if p.loud %}LOUD {% endif %}{{ p.left }}{% if p.right %} = {{ p.right }}{% endif %}{% if p.right is none %} (none){% endif %};\n\n{% endfor %}\n-- tail\n";
        let items = items();
        for len in 0..=items.len() {
            let list = &items[..len];
            assert_eq!(learned(source, list).0, by_template(source, list));
        }
        let (_, layouts) = learned(source, &items);
        assert!(layouts.all_learned());
    }

    #[test]
    fn a_template_that_reads_its_loop_is_rendered_by_it() {
        let source =
            "{% for p in pairs %}{% if not loop.first %}, {% endif %}{{ p.left }}{% endfor %}";
        let items = items();
        let (text, layouts) = learned(source, &items);
        assert_eq!(text, by_template(source, &items));
        assert!(layouts.layouts.iter().all(|(_, layout)| layout.is_none()));
    }

    #[test]
    fn a_template_that_changes_its_texts_is_rendered_by_it() {
        let source = "{% for p in pairs %}{{ p.left | upper }};\n{% endfor %}";
        let items = items();
        let (text, layouts) = learned(source, &items);
        assert_eq!(text, by_template(source, &items));
        assert!(!layouts.all_learned());
    }
}
