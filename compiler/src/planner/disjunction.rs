//! Rule: `or` of branches. A B-tree serves a conjunction; a disjunction is served by
//! one index per branch, which the engines combine (PostgreSQL's BitmapOr, MySQL's
//! index merge union, SQLite's multi-index OR). Each branch keeps the conjuncts beside
//! the `or`.
//!
//! Example: `Post where author.handle = ? or word_count >= 100` plans one access for
//! `author.handle = ?` (through the join) and one index on `posts (word_count)`.

use crate::ir::{BinaryOp, Expr};

/// The conjunct lists to plan: the conjuncts themselves when no conjunct is an `or`;
/// otherwise one list per disjunct of the first `or`, each with the other conjuncts.
pub fn branches(conjuncts: &[Expr]) -> Vec<Vec<Expr>> {
    let Some(at) = conjuncts.iter().position(|c| {
        matches!(
            c,
            Expr::Binary {
                op: BinaryOp::Or,
                ..
            }
        )
    }) else {
        return vec![conjuncts.to_vec()];
    };
    let mut disjuncts = Vec::new();
    flatten_or(&conjuncts[at], &mut disjuncts);
    disjuncts
        .into_iter()
        .map(|d| {
            let mut branch = super::shape::conjuncts_of(&d);
            branch.extend(
                conjuncts
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != at)
                    .map(|(_, c)| c.clone()),
            );
            branch
        })
        .collect()
}

fn flatten_or(e: &Expr, out: &mut Vec<Expr>) {
    match e {
        Expr::Binary {
            op: BinaryOp::Or,
            lhs,
            rhs,
        } => {
            flatten_or(lhs, out);
            flatten_or(rhs, out);
        }
        other => out.push(other.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Value;

    fn eq(c: &str) -> Expr {
        Expr::Binary {
            op: BinaryOp::Eq,
            lhs: Box::new(Expr::Column(c.into())),
            rhs: Box::new(Expr::Param),
        }
    }

    #[test]
    fn each_branch_keeps_the_other_conjuncts() {
        let or = Expr::Binary {
            op: BinaryOp::Or,
            lhs: Box::new(eq("a")),
            rhs: Box::new(eq("b")),
        };
        let live = Expr::IsNull {
            expr: Box::new(Expr::Column("deleted_at".into())),
            negated: false,
        };
        let got = branches(&[or, live.clone()]);
        assert_eq!(got, vec![vec![eq("a"), live.clone()], vec![eq("b"), live]]);
    }

    #[test]
    fn a_conjunction_is_one_branch() {
        let x = Expr::Value(Value::Bool(true));
        assert_eq!(branches(&[eq("a"), x.clone()]), vec![vec![eq("a"), x]]);
    }
}
