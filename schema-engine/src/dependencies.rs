//! Which relations a view reads, found from its SQL, and the order views must be
//! created (or dropped) in.
//!
//! Dependencies are never written by hand: a view's body is scanned for the
//! names of the schema's tables and views (schema-qualified `public.x`, or bare
//! `x`), which is exact for bodies that schema-qualify their names, as ours do.

use crate::expr::{tokenize, Token};
use crate::model::{QualifiedName, Schema, View};
use std::collections::BTreeSet;

/// The schema's tables and views that `body` mentions, in first-mention order.
pub fn relations_read(body: &str, schema: &Schema) -> Vec<QualifiedName> {
    let known: BTreeSet<QualifiedName> =
        schema.tables.iter().map(|t| t.name.clone()).chain(schema.views.iter().map(|v| v.name.clone())).collect();
    let Ok(tokens) = tokenize(body) else { return Vec::new() };
    let word = |t: Option<&Token>| match t {
        Some(Token::Word { text, .. }) => Some(text.clone()),
        _ => None,
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let qualified = matches!(tokens.get(i + 1), Some(Token::Symbol(s)) if s == ".");
        let candidate = match (word(tokens.get(i)), qualified) {
            (Some(schema_name), true) => {
                let name = word(tokens.get(i + 2)).map(|n| QualifiedName::new(schema_name, n));
                i += 2;
                name
            }
            (Some(name), false) => Some(QualifiedName::new("public", name)),
            (None, _) => None,
        };
        if let Some(name) = candidate.filter(|n| known.contains(n)) {
            if !found.contains(&name) {
                found.push(name);
            }
        }
        i += 1;
    }
    found
}

/// Views ordered so that each comes after the views it reads; declaration order
/// otherwise. A cycle is an error naming the views in it.
pub fn views_in_dependency_order(schema: &Schema) -> Result<Vec<&View>, String> {
    let mut ordered: Vec<&View> = Vec::with_capacity(schema.views.len());
    let mut placed: BTreeSet<&QualifiedName> = BTreeSet::new();
    while ordered.len() < schema.views.len() {
        let before = ordered.len();
        for view in &schema.views {
            if placed.contains(&view.name) {
                continue;
            }
            let ready = relations_read(&view.body, schema)
                .iter()
                .filter(|r| **r != view.name && schema.view(r).is_some())
                .all(|r| placed.contains(r));
            if ready {
                placed.insert(&view.name);
                ordered.push(view);
            }
        }
        if ordered.len() == before {
            let stuck: Vec<String> =
                schema.views.iter().filter(|v| !placed.contains(&v.name)).map(|v| v.name.to_string()).collect();
            return Err(format!("views read each other in a cycle: {}", stuck.join(", ")));
        }
    }
    Ok(ordered)
}
