//! The dictionary's Views section: views by group, with their columns and the
//! relations they read.

use crate::catalog::Catalog;
use crate::model::*;
use std::fmt::Write as _;

pub fn render_views(out: &mut String, schema: &Schema, catalog: &Catalog, text: &super::DictionaryText) {
    let _ = writeln!(out, "## Views\n");
    if schema.views.is_empty() {
        let _ = writeln!(out, "None declared.\n");
        return;
    }
    let invoker = schema.views.iter().filter(|v| v.runs_as_invoker()).count();
    let _ = writeln!(
        out,
        "**Total**: {} views. **Security**: {invoker} of them run with `security_invoker = true`: {}\n",
        schema.views.len(),
        text.views_security
    );
    let cached = &catalog.caches;
    if let (Some(settings), false) = (&schema.cache, cached.is_empty()) {
        let names: Vec<String> = cached.iter().map(|c| format!("`{}`", c.view.name)).collect();
        let _ = writeln!(
            out,
            "**Cached**: {} views {}, \
             so their rows are materialized and refreshed by pg_cron: {}. Each materialized view lives in the \
             schema `{}`, which the API does not expose and from which no API role may select; the view reads it \
             through a definer-rights view in that schema (so that a page of a cached list reads one page of its \
             indexes) that returns the rows only to {} Anyone \
             else runs the view's SELECT itself under their own row level security, so they get exactly what \
             the view shows them uncached. Rows are as old as the last refresh; calling the refresh function \
             after a bulk load shows new data at once.\n",
            cached.len(),
            text.cached_views_reason,
            names.join(", "),
            settings.schema,
            settings.readable_when_reason
        );
    }
    let mut groups: Vec<&str> = Vec::new();
    for view in &schema.views {
        if !groups.contains(&view.group.as_str()) {
            groups.push(&view.group);
        }
    }
    let mut number = 0;
    for group in groups {
        let _ = writeln!(out, "### {group}\n");
        for view in schema.views.iter().filter(|v| v.group == group) {
            number += 1;
            render_view(out, catalog, number, view);
        }
    }
}

fn render_view(out: &mut String, catalog: &Catalog, number: usize, view: &View) {
    let _ = writeln!(out, "#### {number}. {}\n", view.name.name);
    let _ = writeln!(out, "**Purpose**: {}\n", super::one_line(&view.comment));
    // What the declared SELECT reads (a cached view's catalog body reads its cache).
    let reads: Vec<String> = crate::dependencies::reads(&view.body, catalog)
        .iter()
        .filter_map(|node| match node {
            crate::dependencies::Node::View(name) if *name != view.name => Some(format!("`{}` (view)", name.name)),
            crate::dependencies::Node::Table(name) => Some(format!("`{}` (table)", name.name)),
            _ => None,
        })
        .collect();
    let _ = writeln!(out, "**Reads**: {}\n", if reads.is_empty() { "nothing".to_owned() } else { reads.join(", ") });
    let _ = writeln!(out, "| Column | Type | Description |");
    let _ = writeln!(out, "| --- | --- | --- |");
    for column in &view.columns {
        let _ = writeln!(out, "| `{}` | {} | {} |", column.name, column.data_type.short_name(), super::cell(&column.comment));
    }
    out.push('\n');
    if let Some(cache) = crate::lower::cache_of(catalog, &view.name) {
        let job = if cache.job.is_empty() { String::new() } else { format!(" (pg_cron job `{}`)", cache.job) };
        let _ = writeln!(
            out,
            "**Cached**: rows are materialized in `{}` (unique key `{}`), refreshed at `{}` UTC by `{}()`{job}; \
             the view reads them through the definer-rights view `{}`.\n",
            cache.relation,
            cache.key.join(", "),
            cache.refresh_cron,
            cache.refresher,
            cache.reader,
        );
    }
    if let Some(page) = &view.page {
        let _ = writeln!(
            out,
            "**Paging**: read it a page at a time, `{} LIMIT n`; the next page adds `WHERE {}` with the last row's `{}`.\n",
            crate::sql::page_order_by(page),
            crate::sql::page_after(page, &(1..=page.columns.len()).map(|i| format!("${i}")).collect::<Vec<_>>()),
            page.columns.join(", "),
        );
    }
    let security = if view.runs_as_invoker() { "security invoker" } else { "**security definer**" };
    let _ = writeln!(out, "**Security**: {security}; **Grants**: {}\n", super::grants_line(&view.grants));
}
