//! Planning schemas, extensions, enum types, sequences and default
//! privileges, and the owner, comment and privilege steps every object shares.

use super::{Mode, Phase, Planner, Step};
use crate::catalog::EnumType;
use crate::compare::{Attribute, ChangeKind, Object};
use crate::model::{Grant, Privilege};
use crate::sql::{DefaultChange, Statement, Target};

pub(super) fn plan(p: &mut Planner<'_>) {
    // What the platform provides is defined only where it is missing, for a
    // database being built; a repair leaves the platform alone.
    if p.mode != super::Mode::Repair {
        for prerequisite in p.new.prerequisites.iter().filter(|x| !p.old.prerequisites.iter().any(|o| o.function == x.function)) {
            let step = Step::new(format!("define {} where the platform lacks it", prerequisite.function), vec![Statement::EnsurePrerequisite(prerequisite.clone())]);
            p.steps.push((Phase::Prelude, step));
        }
    }
    for object in p.objects(|o| matches!(o, Object::Schema { .. })) {
        let Object::Schema { name } = &object else { continue };
        schema(p, &object, name);
    }
    for object in p.objects(|o| matches!(o, Object::Extension { .. })) {
        let Object::Extension { name } = &object else { continue };
        for kind in p.changes_of(&object).into_iter().cloned().collect::<Vec<_>>() {
            let step = match kind {
                ChangeKind::Added => {
                    let Some(e) = p.new.extensions.iter().find(|e| &e.name == name) else { continue };
                    (Phase::Prelude, Step::new(format!("create extension {name}"), vec![Statement::CreateExtension { name: name.clone(), schema: e.schema.clone() }]))
                }
                ChangeKind::Removed => (Phase::Epilogue, Step::new(format!("drop extension {name}"), vec![Statement::DropExtension { name: name.clone() }]).destructive()),
                ChangeKind::Altered { new, .. } => (
                    Phase::Prelude,
                    Step::new(format!("move extension {name} to schema {new}"), vec![Statement::AlterExtensionSchema { name: name.clone(), schema: new }]),
                ),
                ChangeKind::Renamed { .. } => continue,
            };
            p.push(step.0, step.1);
        }
    }
    for object in p.objects(|o| matches!(o, Object::Enum { .. })) {
        let Object::Enum { name } = &object else { continue };
        let (old, new) = (p.old.enum_type(name).cloned(), p.new.enum_type(name).cloned());
        match (old, new) {
            (None, Some(new)) => create_enum(p, &new),
            (Some(_), None) => {
                let step = Step::new(format!("drop type {name}"), vec![Statement::DropType(name.clone())]);
                p.push(Phase::Epilogue, step.destructive());
            }
            (Some(old), Some(new)) => alter_enum(p, &object, &old, &new),
            (None, None) => {}
        }
    }
    for object in p.objects(|o| matches!(o, Object::Sequence { .. })) {
        let Object::Sequence { name } = &object else { continue };
        let (old, new) = (p.old.sequence(name).cloned(), p.new.sequence(name).cloned());
        match (old, new) {
            (None, Some(new)) => {
                p.push(Phase::Prelude, Step::new(format!("create sequence {name}"), vec![Statement::CreateSequence(new.clone())]));
                let target = Target::Sequence(name.clone());
                comment(p, &target, &new.comment, None);
                new_grants(p, &target, &new.grants);
            }
            (Some(_), None) => {
                p.push(Phase::Epilogue, Step::new(format!("drop sequence {name}"), vec![Statement::DropSequence(name.clone())]).destructive());
            }
            (Some(old), Some(new)) => {
                let target = Target::Sequence(name.clone());
                let structural = p.changes_of(&object).iter().any(|k| {
                    matches!(k, ChangeKind::Altered { attribute, .. } if !matches!(attribute, Attribute::Owner | Attribute::Comment | Attribute::Privileges { .. }))
                });
                if structural {
                    p.push(Phase::AlterTables, Step::new(format!("alter sequence {name}"), vec![Statement::AlterSequence(new.clone())]));
                }
                metadata(p, &object, &target, (&old.owner, &new.owner), (&old.comment, &new.comment), (&old.grants, &new.grants));
            }
            (None, None) => {}
        }
    }
    default_privileges(p);
}

fn schema(p: &mut Planner<'_>, object: &Object, name: &str) {
    let (old, new) = (p.old.schema(name).cloned(), p.new.schema(name).cloned());
    let target = Target::Schema(name.to_owned());
    match (old, new) {
        (None, Some(new)) if !new.provided => {
            p.push(Phase::Prelude, Step::new(format!("create schema {name}"), vec![Statement::CreateSchema { name: name.to_owned() }]));
            if let Some(text) = &new.comment {
                comment(p, &target, text, None);
            }
            new_grants(p, &target, &new.grants);
        }
        (Some(old), None) if !old.provided => {
            p.push(Phase::Epilogue, Step::new(format!("drop schema {name}"), vec![Statement::DropSchema { name: name.to_owned() }]));
        }
        (Some(old), Some(new)) => {
            let owners = (old.owner.as_deref().unwrap_or_default(), new.owner.as_deref().unwrap_or_default());
            let comments = (old.comment.as_deref().unwrap_or_default(), new.comment.as_deref().unwrap_or_default());
            metadata(p, object, &target, owners, comments, (&old.grants, &new.grants));
        }
        _ => {}
    }
}

fn create_enum(p: &mut Planner<'_>, new: &EnumType) {
    p.push(Phase::Prelude, Step::new(format!("create type {}", new.name), vec![Statement::CreateEnum(new.clone())]));
    comment(p, &Target::Type(new.name.clone()), &new.comment, None);
}

/// Values can be added anywhere (each next to a neighbour that exists by
/// then) and renamed through a hint; PostgreSQL can neither remove a value
/// (rows may hold it) nor reorder them, so the planner refuses both, naming
/// the type and the value. An added value commits in a transaction of its own
/// before the rest of the migration, which may use it.
fn alter_enum(p: &mut Planner<'_>, object: &Object, old: &EnumType, new: &EnumType) {
    let name = &new.name;
    let what = format!("type {name}");
    let renames: Vec<(String, String)> = p
        .hints
        .enum_renames(name)
        .into_iter()
        .filter(|(to, from)| old.values.iter().any(|v| v == from) && !old.values.iter().any(|v| v == to))
        .map(|(to, from)| (to.to_owned(), from.to_owned()))
        .collect();
    // The old labels as they read once the renames are done.
    let renamed: Vec<String> = old
        .values
        .iter()
        .map(|v| renames.iter().find(|(_, from)| from == v).map_or_else(|| v.clone(), |(to, _)| to.clone()))
        .collect();
    let removed: Vec<&String> = renamed.iter().filter(|v| !new.values.contains(v)).collect();
    let kept: Vec<&String> = new.values.iter().filter(|v| renamed.contains(v)).collect();
    let reordered = !kept.iter().copied().eq(renamed.iter().filter(|v| new.values.contains(v)));
    for value in &removed {
        match p.mode {
            // The migration added it; no row should hold it yet, but PostgreSQL still cannot drop it.
            Mode::Rollback => p.manual.push(format!("{what}: keeps value {value:?}, which PostgreSQL cannot remove from an enum")),
            _ => p.cannot(
                what.clone(),
                format!(
                    "value {value:?} would be removed, which PostgreSQL cannot do (rows may hold it); keep the variant, or rename it with `#[pg_enum(renamed_from = {value:?})]` on the variant that replaces it"
                ),
            ),
        }
    }
    if reordered {
        p.cannot(
            what.clone(),
            format!(
                "values {:?} would be reordered to {:?}, which PostgreSQL cannot do in place (labels keep the order they were created in); keep their order, new values may go anywhere",
                renamed, kept
            ),
        );
        return;
    }
    for (to, from) in &renames {
        let statement = Statement::RenameEnumValue { name: name.clone(), from: from.clone(), to: to.clone() };
        p.push(Phase::Prelude, Step::new(format!("rename value {from:?} of type {name} to {to:?}"), vec![statement]));
    }
    for (at, value) in new.values.iter().enumerate().filter(|(_, v)| !renamed.contains(v)) {
        let after = at.checked_sub(1).map(|i| new.values[i].clone());
        // At the front: before the first value that exists already.
        let before = if after.is_none() { new.values.iter().find(|v| renamed.contains(v)).cloned() } else { None };
        let statement = Statement::AddEnumValue { name: name.clone(), value: value.clone(), after, before };
        let step = Step::new(format!("add value {value:?} to type {name}"), vec![statement])
            .in_own_transaction()
            .with_note("commits before the rest of the migration, which may use it (PostgreSQL lets nothing use a value added in the same transaction)");
        p.push(Phase::Prelude, step);
    }
    let target = Target::Type(name.clone());
    metadata(p, object, &target, (&old.owner, &new.owner), (&old.comment, &new.comment), (&[], &[]));
}

fn default_privileges(p: &mut Planner<'_>) {
    for object in p.objects(|o| matches!(o, Object::DefaultPrivileges { .. })) {
        let Object::DefaultPrivileges { role, schema, object_type } = &object else { continue };
        let find = |catalog: &crate::catalog::Catalog| {
            catalog
                .default_privileges
                .iter()
                .find(|d| &d.role == role && &d.schema == schema && d.object_type == *object_type)
                .map(|d| d.grants.clone())
                .unwrap_or_default()
        };
        let (old, new) = (find(p.old), find(p.new));
        let mut statements = Vec::new();
        for (grantee, revoke, grant) in grant_changes(&old, &new) {
            if !revoke.is_empty() {
                statements.push(Statement::AlterDefaultPrivileges {
                    role: role.clone(),
                    schema: schema.clone(),
                    object_type: *object_type,
                    change: DefaultChange::Revoke { grantee: grantee.clone(), privileges: revoke },
                });
            }
            if !grant.is_empty() {
                statements.push(Statement::AlterDefaultPrivileges {
                    role: role.clone(),
                    schema: schema.clone(),
                    object_type: *object_type,
                    change: DefaultChange::Grant { grantee, privileges: grant.into_iter().map(|(p, _)| p).collect() },
                });
            }
        }
        if !statements.is_empty() {
            p.push(Phase::Metadata, Step::new(format!("{object}"), statements));
        }
    }
}

/// Owner, comment and privilege changes of an object that exists on both sides.
pub(super) fn metadata(
    p: &mut Planner<'_>,
    object: &Object,
    target: &Target,
    owners: (&str, &str),
    comments: (&str, &str),
    grants: (&[Grant], &[Grant]),
) {
    if owners.0 != owners.1 && !owners.1.is_empty() {
        let statement = Statement::Owner { target: target.clone(), owner: owners.1.to_owned() };
        p.push(Phase::Metadata, Step::new(format!("owner of {object}"), vec![statement]));
    }
    if comments.0 != comments.1 {
        comment(p, target, comments.1, Some(object));
    }
    changed_grants(p, object, target, grants.0, grants.1);
}

/// A COMMENT (removing the comment when `text` is empty and one existed).
/// Comments are collected per object and its parts (a table and its columns)
/// and become one step each when the plan is assembled.
pub(super) fn comment(p: &mut Planner<'_>, target: &Target, text: &str, existing: Option<&Object>) {
    if text.is_empty() && existing.is_none() {
        return;
    }
    let statement = Statement::Comment { target: target.clone(), text: (!text.is_empty()).then(|| text.to_owned()) };
    let owner = comment_owner(target);
    match p.comments.iter_mut().find(|(o, _)| *o == owner) {
        Some((_, statements)) => statements.push(statement),
        None => p.comments.push((owner, vec![statement])),
    }
}

/// What a comment's step is named after: the relation a column, constraint,
/// policy or trigger belongs to, or the object itself.
fn comment_owner(target: &Target) -> String {
    match target {
        Target::Column { relation, .. } | Target::Constraint { table: relation, .. } | Target::Policy { table: relation, .. } | Target::Trigger { table: relation, .. } => {
            relation.to_string()
        }
        other => describe(other),
    }
}

/// The collected comments as steps, one per object.
pub(super) fn comment_steps(p: &mut Planner<'_>) {
    for (owner, statements) in std::mem::take(&mut p.comments) {
        p.push(Phase::Metadata, Step::new(format!("comments on {owner}"), statements));
    }
}

/// Privileges of a new object: whatever default privileges gave PUBLIC and the
/// API roles is revoked, then the declared grants are given.
pub(super) fn new_grants(p: &mut Planner<'_>, target: &Target, grants: &[Grant]) {
    let mut statements = vec![Statement::RevokeAll { target: target.clone(), grantees: p.new.platform.api_roles.clone() }];
    statements.extend(grant_statements(target, grants));
    p.push(Phase::Metadata, Step::new(format!("privileges on {}", describe(target)), statements));
}

/// GRANT statements for `grants` (the grantable privileges WITH GRANT OPTION).
pub(super) fn grant_statements(target: &Target, grants: &[Grant]) -> Vec<Statement> {
    let mut statements = Vec::new();
    for grant in grants {
        let plain: Vec<Privilege> = grant.privileges.iter().copied().filter(|x| !grant.grantable.contains(x)).collect();
        if !plain.is_empty() {
            statements.push(Statement::Grant { target: target.clone(), grantee: grant.role.clone(), privileges: plain, grant_option: false });
        }
        if !grant.grantable.is_empty() {
            statements.push(Statement::Grant {
                target: target.clone(),
                grantee: grant.role.clone(),
                privileges: grant.grantable.clone(),
                grant_option: true,
            });
        }
    }
    statements
}

/// One grantee's privileges to revoke, and to grant (with whether WITH GRANT OPTION).
pub(super) type GrantChange = (String, Vec<Privilege>, Vec<(Privilege, bool)>);

/// Per grantee, what gets `old` grants to `new` ones.
pub(super) fn grant_changes(old: &[Grant], new: &[Grant]) -> Vec<GrantChange> {
    let held = |grants: &[Grant], role: &str| -> Vec<(Privilege, bool)> {
        let mut held: Vec<(Privilege, bool)> = Vec::new();
        for grant in grants.iter().filter(|g| g.role == role) {
            for privilege in &grant.privileges {
                held.push((*privilege, grant.grantable.contains(privilege)));
            }
        }
        held.sort();
        held.dedup();
        held
    };
    let mut grantees: Vec<&str> = old.iter().chain(new).map(|g| g.role.as_str()).collect();
    grantees.sort();
    grantees.dedup();
    let mut out = Vec::new();
    for grantee in grantees {
        let (before, after) = (held(old, grantee), held(new, grantee));
        if before == after {
            continue;
        }
        // A privilege whose grant option changes is revoked and granted again.
        let revoke: Vec<Privilege> =
            before.iter().filter(|(x, option)| !after.contains(&(*x, *option))).map(|(x, _)| *x).collect();
        let grant: Vec<(Privilege, bool)> = after.iter().filter(|entry| !before.contains(entry)).copied().collect();
        out.push((grantee.to_owned(), revoke, grant));
    }
    out
}

/// Revokes and grants that take `target` from `old` grants to `new` ones.
pub(super) fn changed_grants(p: &mut Planner<'_>, object: &Object, target: &Target, old: &[Grant], new: &[Grant]) {
    let mut statements = Vec::new();
    for (grantee, revoke, grant) in grant_changes(old, new) {
        if !revoke.is_empty() {
            statements.push(Statement::Revoke { target: target.clone(), grantee: grantee.clone(), privileges: revoke });
        }
        let (options, plain): (Vec<_>, Vec<_>) = grant.into_iter().partition(|(_, option)| *option);
        for (privileges, grant_option) in [(plain, false), (options, true)] {
            if !privileges.is_empty() {
                statements.push(Statement::Grant {
                    target: target.clone(),
                    grantee: grantee.clone(),
                    privileges: privileges.into_iter().map(|(x, _)| x).collect(),
                    grant_option,
                });
            }
        }
    }
    if !statements.is_empty() {
        p.push(Phase::Metadata, Step::new(format!("privileges on {object}"), statements));
    }
}

/// A target in words, for step descriptions.
pub(super) fn describe(target: &Target) -> String {
    match target {
        Target::Schema(name) => format!("schema {name}"),
        Target::Table(name) => format!("table {name}"),
        Target::View(name) => format!("view {name}"),
        Target::MaterializedView(name) => format!("materialized view {name}"),
        Target::Sequence(name) => format!("sequence {name}"),
        Target::Function(id) => format!("function {id}"),
        Target::Type(name) => format!("type {name}"),
        Target::Column { relation, column } => format!("column {relation}.{column}"),
        Target::Index { schema, name } => format!("index {schema}.{name}"),
        Target::Constraint { table, name } => format!("constraint {name} on {table}"),
        Target::Policy { table, name } => format!("policy {name} on {table}"),
        Target::Trigger { table, name } => format!("trigger {name} on {table}"),
    }
}
