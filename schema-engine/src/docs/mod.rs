//! The Markdown data dictionary, rendered from the catalog the declarations
//! lower to, with the declarations' own words (view groups, what a view reads
//! as written, why a table opts out of RLS) beside it.
//!
//! Organised like the seed dictionary (contents; per table: purpose, columns,
//! indexes, RLS policies) and more complete: every constraint, grants, triggers,
//! functions and an ER diagram. No timestamps: the same model gives the same bytes.
//! A table's section is rendered in [`tables`], enum types and schema
//! privileges in [`types`], views in [`views`], the diagram in [`mermaid`].

mod mermaid;
mod tables;
mod types;
mod views;

use crate::catalog::Catalog;
use crate::model::{ConstraintKind, FunctionReturn, Grant, Index, IndexMethod, Schema};
use crate::sql::quote;
use std::fmt::Write as _;

/// Project-specific prose placed around the generated reference.
#[derive(Debug, Clone, Default)]
pub struct DictionaryText {
    /// The first line: an HTML comment saying what writes the file.
    pub header: String,
    pub title: String,
    /// Markdown shown after the title: what the database is, conventions.
    pub introduction: String,
    /// Markdown explaining the security model (who is an operator, what anon sees).
    pub security_model: String,
    /// The heading of the deviations section (e.g. "Deviations from the seed dictionary").
    pub deviations_heading: String,
    /// Markdown listing where the schema deliberately departs from its specification.
    pub deviations: String,
    /// What running as the caller means for this project's views, after
    /// "N of them run with `security_invoker = true`: ".
    pub views_security: String,
    /// Why views are cached, after "N views ": e.g. "aggregate too many rows
    /// to answer within the target on every read".
    pub cached_views_reason: String,
}

/// Renders the whole dictionary.
pub fn render_dictionary(schema: &Schema, catalog: &Catalog, text: &DictionaryText) -> String {
    let mut out = String::new();
    if !text.header.is_empty() {
        let _ = writeln!(out, "{}\n", text.header);
    }
    let _ = writeln!(out, "# {}\n", text.title);
    push_block(&mut out, &text.introduction);
    render_contents(&mut out, catalog);
    let _ = writeln!(out, "## Tables\n");
    for (number, table) in catalog.tables.iter().enumerate() {
        let opt_out = schema.table(&table.name).and_then(|t| t.rls.opt_out_reason.as_deref());
        tables::render_table(&mut out, number + 1, table, catalog, opt_out);
    }
    types::render_types(&mut out, catalog);
    views::render_views(&mut out, schema, catalog, text);
    render_prerequisites(&mut out, catalog);
    render_functions(&mut out, schema);
    types::render_schema_grants(&mut out, schema);
    render_index_summary(&mut out, catalog);
    render_policy_summary(&mut out, catalog, &text.security_model);
    let _ = writeln!(out, "## Entity relationships\n");
    out.push_str(&mermaid::er_diagram(catalog));
    out.push('\n');
    if !text.deviations.trim().is_empty() {
        let _ = writeln!(out, "## {}\n", text.deviations_heading);
        push_block(&mut out, &text.deviations);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn push_block(out: &mut String, markdown: &str) {
    let trimmed = markdown.trim();
    if !trimmed.is_empty() {
        out.push_str(trimmed);
        out.push_str("\n\n");
    }
}

fn render_contents(out: &mut String, schema: &Catalog) {
    let _ = writeln!(out, "## Contents\n");
    let _ = writeln!(out, "1. [Tables](#tables)");
    for (number, table) in schema.tables.iter().enumerate() {
        let _ = writeln!(out, "   {}. [{}](#{}-{})", number + 1, table.name.name, number + 1, anchor(&table.name.name));
    }
    // Types are listed only where the schema declares some.
    let types = (!schema.enums.is_empty()).then_some(("Types", "types"));
    let sections = types.into_iter().chain([
        ("Views", "views"),
        ("Functions", "functions"),
        ("Indexes", "indexes"),
        ("RLS Policies", "rls-policies"),
        ("Entity relationships", "entity-relationships"),
    ]);
    for (number, (title, target)) in sections.enumerate() {
        let _ = writeln!(out, "{}. [{title}](#{target})", number + 2);
    }
    out.push('\n');
}

/// GitHub's heading anchor for a heading made of a table name.
fn anchor(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-').collect::<String>().to_lowercase()
}

pub(crate) fn grants_line(grants: &[Grant]) -> String {
    if grants.is_empty() {
        return "none (all privileges revoked from the API roles)".to_owned();
    }
    let parts: Vec<String> = grants
        .iter()
        .map(|g| {
            let privileges: Vec<&str> = g.privileges.iter().map(|p| p.sql()).collect();
            format!("`{}`: {}", g.role, privileges.join(", "))
        })
        .collect();
    format!("{}; everything else revoked", parts.join("; "))
}

fn render_prerequisites(out: &mut String, schema: &Catalog) {
    if schema.prerequisites.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Platform prerequisites\n");
    let _ = writeln!(out, "Functions the platform provides; the migration defines them only where they are missing.\n");
    for prerequisite in &schema.prerequisites {
        let _ = writeln!(out, "- `{}`: {}", prerequisite.function, one_line(&prerequisite.purpose));
    }
    out.push('\n');
}

fn render_functions(out: &mut String, schema: &Schema) {
    let _ = writeln!(out, "## Functions\n");
    for (number, function) in schema.functions.iter().enumerate() {
        let arguments: Vec<String> =
            function.arguments.iter().map(|a| format!("{} {}", a.name, a.data_type.short_name())).collect();
        let _ = writeln!(out, "### {}. {}({})\n", number + 1, function.name.name, arguments.join(", "));
        let _ = writeln!(out, "**Purpose**: {}  ", one_line(&function.comment));
        let returns = match &function.returns {
            FunctionReturn::Trigger => "trigger".to_owned(),
            FunctionReturn::Scalar { data_type } => data_type.short_name(),
            FunctionReturn::Table { columns } => {
                let columns: Vec<String> =
                    columns.iter().map(|c| format!("{} {}", c.name, c.data_type.short_name())).collect();
                format!("TABLE ({})", columns.join(", "))
            }
        };
        let _ = writeln!(out, "**Returns**: {returns}  ");
        let _ = writeln!(
            out,
            "**Security**: {}, {}, `search_path` = {}  ",
            if function.security_definer { "SECURITY DEFINER" } else { "SECURITY INVOKER" },
            function.volatility.sql(),
            function.search_path.as_deref().map(|p| format!("`{}`", quote::literal(p))).unwrap_or_else(|| "not pinned".into())
        );
        let execute = if function.execute_roles.is_empty() {
            "nobody through the API (EXECUTE revoked from PUBLIC and the API roles)".to_owned()
        } else {
            format!("{} (revoked from PUBLIC and every other role)", function.execute_roles.join(", "))
        };
        let _ = writeln!(out, "**Execute**: {execute}  ");
        for provided in &function.triggers {
            let trigger = &provided.trigger;
            let events: Vec<&str> = trigger.events.iter().map(|e| e.sql()).collect();
            let _ = writeln!(
                out,
                "**Trigger**: `{}` {} {} on `{}` (the platform's table) for each {}  ",
                trigger.name,
                trigger.timing.sql(),
                events.join(" OR "),
                provided.table,
                if trigger.for_each_statement { "statement" } else { "row" }
            );
        }
        let schedule = match &function.schedule {
            Some(s) => format!("pg_cron job `{}` at `{}` UTC, created where pg_cron is installed", s.job_name, s.cron),
            None => "none".to_owned(),
        };
        let _ = writeln!(out, "**Schedule**: {schedule}\n");
    }
}

fn render_index_summary(out: &mut String, schema: &Catalog) {
    let indexes: Vec<&Index> = schema.tables.iter().flat_map(|t| &t.indexes).collect();
    let constraint_indexes = schema
        .tables
        .iter()
        .flat_map(|t| &t.constraints)
        .filter(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }))
        .count();
    let count = |pred: &dyn Fn(&Index) -> bool| indexes.iter().filter(|i| pred(i)).count();
    let _ = writeln!(out, "## Indexes\n");
    let _ = writeln!(
        out,
        "**Total**: {} declared indexes, plus {constraint_indexes} that back primary key and unique constraints ({} in all).\n",
        indexes.len(),
        indexes.len() + constraint_indexes
    );
    let _ = writeln!(out, "- Descending (recent data first): {}", count(&|i| i.columns.iter().any(|c| c.descending)));
    let _ = writeln!(out, "- Partial (alert and issue filtering): {}", count(&|i| i.predicate.is_some()));
    let _ = writeln!(out, "- GIN (array searches): {}", count(&|i| i.method == IndexMethod::Gin));
    let _ = writeln!(out, "- Covering (INCLUDE): {}", count(&|i| !i.include.is_empty()));
    let _ = writeln!(out, "- Unique: {}\n", count(&|i| i.unique));
}

fn render_policy_summary(out: &mut String, schema: &Catalog, security_model: &str) {
    let policies: usize = schema.tables.iter().map(|t| t.policies.len()).sum();
    let with_rls = schema.tables.iter().filter(|t| t.rls_enabled).count();
    let _ = writeln!(out, "## RLS Policies\n");
    let _ = writeln!(
        out,
        "**Total**: {policies} policies on {} tables; row level security is enabled on {with_rls} of them.\n",
        schema.tables.len()
    );
    push_block(out, security_model);
}

/// Inline code for a table cell, with pipes escaped.
fn code(text: &str) -> String {
    format!("`{}`", text.replace('|', "\\|"))
}

/// Text for a table cell: one line, pipes escaped.
pub(crate) fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
