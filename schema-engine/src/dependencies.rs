//! What a view, materialized view or function reads, found from its SQL, and
//! the order such objects must be created (or dropped) in.
//!
//! Dependencies are never written by hand: a body is scanned for the names of
//! the catalog's relations and functions (schema-qualified `public.x`, or bare
//! `x` in `public`), which is exact for bodies that schema-qualify their names,
//! as ours do. A function is a dependency where its name is followed by `(`.

use crate::catalog::{Catalog, FunctionId};
use crate::expr::{tokenize, Token};
use crate::model::QualifiedName;
use std::collections::BTreeSet;

/// An object with a body: what can depend on others and be depended on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    View(QualifiedName),
    MaterializedView(QualifiedName),
    Function(FunctionId),
    /// Tables are depended on, never depend.
    Table(QualifiedName),
}

impl Node {
    pub fn name(&self) -> &QualifiedName {
        match self {
            Self::View(name) | Self::MaterializedView(name) | Self::Table(name) => name,
            Self::Function(id) => &id.name,
        }
    }
}

/// The names `body` mentions, with whether each is followed by `(` (a call).
fn names_in(body: &str) -> Vec<(QualifiedName, bool)> {
    let Ok(tokens) = tokenize(body) else { return Vec::new() };
    let word = |t: Option<&Token>| match t {
        Some(Token::Word { text, .. }) => Some(text.clone()),
        _ => None,
    };
    let is_symbol = |t: Option<&Token>, s: &str| matches!(t, Some(Token::Symbol(x)) if x == s);
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let qualified = is_symbol(tokens.get(i + 1), ".");
        let (name, next) = match (word(tokens.get(i)), qualified) {
            (Some(schema), true) => match word(tokens.get(i + 2)) {
                Some(name) => (Some(QualifiedName::new(schema, name)), i + 3),
                None => (None, i + 1),
            },
            (Some(name), false) => (Some(QualifiedName::new("public", name)), i + 1),
            (None, _) => (None, i + 1),
        };
        if let Some(name) = name {
            found.push((name, is_symbol(tokens.get(next), "(")));
        }
        i = next;
    }
    found
}

/// Whether `expression` calls `function` (by its qualified or bare name).
pub fn calls(expression: &str, function: &QualifiedName) -> bool {
    names_in(expression).iter().any(|(name, call)| *call && name == function)
}

/// The catalog's objects that `body` reads, in first-mention order.
pub fn reads(body: &str, catalog: &Catalog) -> Vec<Node> {
    let mut found: Vec<Node> = Vec::new();
    for (name, call) in names_in(body) {
        let nodes: Vec<Node> = if call {
            catalog.functions_named(&name).map(|f| Node::Function(f.id())).collect()
        } else if catalog.view(&name).is_some() {
            vec![Node::View(name)]
        } else if catalog.materialized_view(&name).is_some() {
            vec![Node::MaterializedView(name)]
        } else if catalog.table(&name).is_some() {
            vec![Node::Table(name)]
        } else {
            Vec::new()
        };
        for node in nodes {
            if !found.contains(&node) {
                found.push(node);
            }
        }
    }
    found
}

/// The tables, views and materialized views `body` reads, in first-mention order.
pub fn relations_read(body: &str, catalog: &Catalog) -> Vec<QualifiedName> {
    reads(body, catalog).into_iter().filter(|n| !matches!(n, Node::Function(_))).map(|n| n.name().clone()).collect()
}

/// The body of a node, if it has one.
fn body<'a>(catalog: &'a Catalog, node: &Node) -> Option<&'a str> {
    match node {
        Node::View(name) => catalog.view(name).map(|v| v.definition.as_str()),
        Node::MaterializedView(name) => catalog.materialized_view(name).map(|m| m.definition.as_str()),
        Node::Function(id) => catalog.function(id).map(|f| f.body.as_str()),
        Node::Table(_) => None,
    }
}

/// What `node` reads in `catalog`, itself excluded.
pub fn dependencies_of(catalog: &Catalog, node: &Node) -> Vec<Node> {
    body(catalog, node).map(|b| reads(b, catalog)).unwrap_or_default().into_iter().filter(|n| n != node).collect()
}

/// Every view, materialized view and function of `catalog`, each after what it
/// reads: functions, then materialized views, then views, in catalog order,
/// moved later only as far as their dependencies require. A cycle is an error
/// naming the objects in it.
pub fn creation_order(catalog: &Catalog) -> Result<Vec<Node>, String> {
    let nodes: Vec<Node> = catalog
        .functions
        .iter()
        .map(|f| Node::Function(f.id()))
        .chain(catalog.materialized_views.iter().map(|m| Node::MaterializedView(m.name.clone())))
        .chain(catalog.views.iter().map(|v| Node::View(v.name.clone())))
        .collect();
    let dependencies: Vec<Vec<Node>> = nodes
        .iter()
        .map(|node| dependencies_of(catalog, node).into_iter().filter(|d| !matches!(d, Node::Table(_))).collect())
        .collect();
    let mut placed: BTreeSet<&Node> = BTreeSet::new();
    let mut ordered: Vec<Node> = Vec::with_capacity(nodes.len());
    while ordered.len() < nodes.len() {
        let ready = nodes
            .iter()
            .zip(&dependencies)
            .position(|(node, deps)| !placed.contains(node) && deps.iter().all(|d| placed.contains(d) || !nodes.contains(d)));
        match ready {
            Some(at) => {
                placed.insert(&nodes[at]);
                ordered.push(nodes[at].clone());
            }
            None => {
                let stuck: Vec<String> = nodes.iter().filter(|n| !placed.contains(n)).map(|n| n.name().to_string()).collect();
                return Err(format!("views and functions read each other in a cycle: {}", stuck.join(", ")));
            }
        }
    }
    Ok(ordered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_qualified_and_bare_names_and_calls() {
        let found = names_in("SELECT a.x FROM public.orders o JOIN items USING (id) WHERE auth.uid() = o.owner");
        let texts: Vec<String> = found.iter().map(|(n, call)| format!("{n}{}", if *call { "()" } else { "" })).collect();
        assert!(texts.contains(&"public.orders".to_owned()), "{texts:?}");
        assert!(texts.contains(&"public.items".to_owned()), "{texts:?}");
        assert!(texts.contains(&"auth.uid()".to_owned()), "{texts:?}");
    }
}
