//! Planning view changes.
//!
//! A view whose columns keep their names and types (new ones may be appended) is
//! replaced with CREATE OR REPLACE. Otherwise — columns renamed, retyped or
//! removed, the view dropped, or a table column it reads retyped or dropped —
//! it is dropped and created again, together with every view that reads it,
//! directly or not: dependents are found from the SQL, never listed by hand.
//! Dropping a view loses its comments and grants, so they are applied again.
//!
//! A cached view (see [`crate::cache`]) that gains a cache is replaced in place
//! once the cache is filled; one that loses it is replaced before the cache is
//! dropped. Any change to what an existing cache derives from — the body, the
//! columns, the key, the schedule, the cache settings — drops and creates view
//! and cache again, since the materialized view has to be recomputed anyway.

use super::tables::grants_step;
use super::{Phase, Planner, Step};
use crate::cache::CachedView;
use crate::dependencies::{relations_read, views_in_dependency_order};
use crate::model::*;
use crate::sql::{Alter, CommentTarget, GrantObject, Statement};

pub(super) fn plan(p: &mut Planner, old: &Schema, new: &Schema, retyped_tables: &[QualifiedName]) {
    // Views to drop (old definitions): removed ones, incompatible changes, and
    // views reading a table whose columns change type or go away.
    let mut dropped: Vec<QualifiedName> = Vec::new();
    for view in &old.views {
        let incompatible = match new.view(&view.name) {
            None => true,
            Some(next) => {
                let stays_cached = CachedView::of(old, view).is_some() && CachedView::of(new, next).is_some();
                !columns_extend(&view.columns, &next.columns) || (stays_cached && cache_changed(old, view, new, next))
            }
        };
        let reads_changed_table = relations_read(&view.body, old).iter().any(|r| retyped_tables.contains(r));
        if incompatible || reads_changed_table {
            dropped.push(view.name.clone());
        }
    }
    // Every view reading a dropped view must go too (to a fixed point).
    loop {
        let before = dropped.len();
        for view in &old.views {
            if !dropped.contains(&view.name) && relations_read(&view.body, old).iter().any(|r| dropped.contains(r)) {
                dropped.push(view.name.clone());
            }
        }
        if dropped.len() == before {
            break;
        }
    }
    let old_order = views_in_dependency_order(old).unwrap_or_else(|_| old.views.iter().collect());
    for view in old_order.iter().rev().filter(|v| dropped.contains(&v.name)) {
        p.push(Phase::DropDependents, Step::safe(format!("drop view {}", view.name), Alter::DropView(&view.name).render()));
        if let Some(cached) = CachedView::of(old, view) {
            p.push(Phase::DropDependents, Step::safe(format!("drop the cache of view {}", view.name), Alter::DropCache(cached).render()));
        }
    }
    create_cache_schema(p, old, new);

    let new_order = match views_in_dependency_order(new) {
        Ok(order) => order,
        Err(message) => {
            p.refuse("views", message);
            return;
        }
    };
    for view in new_order {
        let previous = old.view(&view.name).filter(|v| !dropped.contains(&v.name));
        match previous {
            Some(previous) if previous == view => {}
            Some(previous) => {
                // Gaining or losing a cache keeps the view (and what reads it) in place:
                // the new cache is filled before the view switches to it, the old one
                // dropped after the view stops reading it.
                let (was, now) = (CachedView::of(old, previous), CachedView::of(new, view));
                if let (None, Some(cached)) = (was, now) {
                    let step = Step::safe(format!("create the cache of view {}", view.name), Statement::CreateCache(cached).render());
                    p.push(Phase::Views, step);
                }
                if previous.body != view.body || previous.columns != view.columns || was.is_some() != now.is_some() {
                    let replace = Statement::ReplaceView { view, cache: now };
                    p.push(Phase::Views, Step::safe(format!("replace view {}", view.name), replace.render()));
                }
                if let (Some(cached), None) = (was, now) {
                    let step = Step::safe(format!("drop the cache of view {}", view.name), Alter::DropCache(cached).render());
                    p.push(Phase::Views, step);
                }
                if previous.security_invoker != view.security_invoker {
                    p.push(
                        Phase::Views,
                        Step::safe(
                            format!("set security_invoker = {} on view {}", view.security_invoker, view.name),
                            Alter::SetSecurityInvoker { view: &view.name, enabled: view.security_invoker }.render(),
                        ),
                    );
                }
                view_metadata(p, new, Some(previous), view);
            }
            None => {
                let verb = if old.view(&view.name).is_some() { "recreate" } else { "create" };
                let cache = CachedView::of(new, view);
                if let Some(cached) = cache {
                    let step = Step::safe(format!("{verb} the cache of view {}", view.name), Statement::CreateCache(cached).render());
                    p.push(Phase::Views, step);
                }
                let create = Statement::CreateView { view, cache };
                p.push(Phase::Views, Step::safe(format!("{verb} view {}", view.name), create.render()));
                view_metadata(p, new, None, view);
            }
        }
    }
    drop_cache_schema(p, old, new);
}

/// Whether anything a cache derives from differs between the two versions of a
/// view (including gaining or losing the cache).
fn cache_changed(old: &Schema, previous: &View, new: &Schema, next: &View) -> bool {
    let derived = |schema: &Schema, view: &View| {
        CachedView::of(schema, view).map(|c| (c.materialized_view(), c.reader(), c.refresher(), view.body.clone()))
    };
    derived(old, previous) != derived(new, next)
}

/// Creates (or updates) the cache schema before any cache is created in it.
fn create_cache_schema(p: &mut Planner, old: &Schema, new: &Schema) {
    if let Some(settings) = new.cache.as_ref().filter(|settings| old.cache.as_ref() != Some(*settings)) {
        p.push(Phase::Views, Step::safe(format!("cache schema {}", settings.schema), Statement::CreateCacheSchema(new).render()));
    }
}

/// Drops the cache schema once the schema declares no caches, after every
/// cache in it is gone.
fn drop_cache_schema(p: &mut Planner, old: &Schema, new: &Schema) {
    if let (Some(previous), None) = (&old.cache, &new.cache) {
        let sql = format!("DROP SCHEMA {};", crate::sql::quote::ident(&previous.schema));
        p.push(Phase::Views, Step::safe(format!("drop cache schema {}", previous.schema), sql));
    }
}

/// Whether `next` keeps every column of `previous` (same name and type, same
/// position): the condition for CREATE OR REPLACE VIEW.
fn columns_extend(previous: &[ViewColumn], next: &[ViewColumn]) -> bool {
    previous.len() <= next.len()
        && previous.iter().zip(next).all(|(a, b)| a.name == b.name && a.data_type == b.data_type)
}

fn view_metadata(p: &mut Planner, schema: &Schema, old: Option<&View>, view: &View) {
    let mut sql = Vec::new();
    if old.is_none_or(|o| o.comment != view.comment) {
        sql.push(Statement::Comment { target: CommentTarget::View(&view.name), text: &view.comment }.render());
    }
    for column in &view.columns {
        let previous = old.and_then(|o| o.columns.iter().find(|c| c.name == column.name));
        if previous.is_none_or(|c| c.comment != column.comment) {
            sql.push(Statement::Comment { target: CommentTarget::Column(&view.name, &column.name), text: &column.comment }.render());
        }
    }
    if !sql.is_empty() {
        p.push(Phase::Metadata, Step::safe(format!("comments on view {}", view.name), sql.join("\n")));
    }
    if old.is_none_or(|o| o.grants != view.grants) {
        p.push(Phase::Metadata, grants_step(schema, GrantObject::Table(&view.name), &view.name, &view.grants));
    }
}
