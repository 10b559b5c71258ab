//! Names back from SQL: a table name to the entity name it would be derived from
//! (`order_items` -> `OrderItem`), and column names to field names.

use schemac_compiler::naming;

/// `order_items` -> `OrderItem`, `categories` -> `Category`, `Person` -> `Person`.
pub fn entity(table: &str) -> String {
    let snake = snake(table);
    let mut words: Vec<String> = snake
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if let Some(last) = words.last_mut() {
        *last = singular(last);
    }
    words.iter().map(|w| pascal_word(w)).collect()
}

/// `order_status` -> `OrderStatus`.
pub fn pascal(name: &str) -> String {
    snake(name)
        .split('_')
        .filter(|w| !w.is_empty())
        .map(pascal_word)
        .collect()
}

fn pascal_word(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A name in snake_case: `CustomerId` -> `customer_id`, `order-items` -> `order_items`.
pub fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let boundary = match prev {
                Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_uppercase() => next.is_some_and(|n| n.is_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let trimmed = out.trim_end_matches('_');
    match trimmed.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("n_{trimmed}"),
        _ => trimmed.to_string(),
    }
}

/// The inverse of the compiler's pluralisation: the candidate singular whose plural
/// is `word`, else the word itself.
fn singular(word: &str) -> String {
    let candidates = [
        word.strip_suffix("ies").map(|s| format!("{s}y")),
        word.strip_suffix("es").map(str::to_string),
        word.strip_suffix('s').map(str::to_string),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|c| !c.is_empty() && naming::pluralize(c) == word)
        .unwrap_or_else(|| word.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_names_invert_table_names() {
        assert_eq!(entity("order_items"), "OrderItem");
        assert_eq!(entity("categories"), "Category");
        assert_eq!(entity("addresses"), "Address");
        assert_eq!(entity("boxes"), "Box");
        assert_eq!(entity("Customer"), "Customer");
        assert_eq!(entity("film_actor"), "FilmActor");
        assert_eq!(entity("order_statuses"), "OrderStatus");
        assert_eq!(snake("CustomerId"), "customer_id");
    }
}
