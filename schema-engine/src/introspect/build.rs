//! Turning the catalog query's rows into a [`Catalog`].
//!
//! Nothing the database holds is dropped on the way: an object or attribute
//! the declarations cannot express is still read (an exclusion constraint as
//! its definition, an OUT argument with its mode), so drift can report it.

mod functions;
mod parts;

use super::rows::*;
use super::IntrospectError;
use functions::function;
use parts::{constraint, index, policy, trigger};
use crate::catalog::{self, Catalog, CronJob, EnumType, Extension, Namespace, Sequence, ViewOptions};
use crate::model::*;
use std::collections::BTreeMap;

/// Grants from ACL rows, one per grantee.
pub(super) fn grants(acl: &[AclRow]) -> Vec<Grant> {
    let mut by_grantee: BTreeMap<&str, Grant> = BTreeMap::new();
    for entry in acl {
        let Some(privilege) = Privilege::from_name(&entry.privilege) else { continue };
        let grant = by_grantee.entry(&entry.grantee).or_insert_with(|| Grant::new(entry.grantee.clone(), Vec::new()));
        grant.privileges.push(privilege);
        if entry.grantable {
            grant.grantable.push(privilege);
        }
    }
    let mut grants: Vec<Grant> = by_grantee.into_values().collect();
    canonicalize_grants(&mut grants);
    grants
}

pub(super) fn build(rows: CatalogRows, platform: &Platform) -> Result<Catalog, IntrospectError> {
    let mut catalog = Catalog::empty(platform.clone());
    catalog.schemas = rows
        .schemas
        .iter()
        .map(|s| {
            let provided = platform.provided_schemas.iter().any(|p| p.name == s.name);
            Namespace {
                name: s.name.clone(),
                owner: (!provided).then(|| s.owner.clone()),
                comment: (!provided).then(|| s.comment.clone()),
                grants: grants(&s.acl),
                provided,
            }
        })
        .collect();
    catalog.extensions = rows.extensions.iter().map(|e| Extension { name: e.name.clone(), schema: e.schema.clone() }).collect();
    catalog.enums = rows
        .enums
        .iter()
        .map(|e| EnumType {
            name: QualifiedName::new(&e.schema, &e.name),
            values: e.values.clone(),
            owner: e.owner.clone(),
            comment: e.comment.clone(),
        })
        .collect();
    let mut columns: BTreeMap<u32, Vec<Column>> = BTreeMap::new();
    for row in &rows.columns {
        columns.entry(row.relation).or_default().push(column(row));
    }
    let mut constraints: BTreeMap<u32, Vec<Constraint>> = BTreeMap::new();
    for row in &rows.constraints {
        constraints.entry(row.relation).or_default().push(constraint(row)?);
    }
    let mut indexes: BTreeMap<u32, Vec<Index>> = BTreeMap::new();
    for row in &rows.indexes {
        indexes.entry(row.relation).or_default().push(index(row)?);
    }
    let mut policies: BTreeMap<u32, Vec<Policy>> = BTreeMap::new();
    for row in &rows.policies {
        policies.entry(row.relation).or_default().push(policy(row)?);
    }
    let mut triggers: BTreeMap<u32, Vec<Trigger>> = BTreeMap::new();
    for row in &rows.triggers {
        triggers.entry(row.relation).or_default().push(trigger(row)?);
    }
    for row in &rows.provided_triggers {
        let table = QualifiedName::new(&row.schema, &row.table);
        catalog.provided_table_triggers.push(ProvidedTableTrigger { table, trigger: trigger(&row.trigger)? });
    }
    let sequences: BTreeMap<u32, &SequenceRow> = rows.sequences.iter().map(|s| (s.relation, s)).collect();
    for relation in &rows.relations {
        let name = QualifiedName::new(&relation.schema, &relation.name);
        let oid = relation.oid;
        fn take<T>(map: &mut BTreeMap<u32, Vec<T>>, oid: u32) -> Vec<T> {
            map.remove(&oid).unwrap_or_default()
        }
        match relation.kind.as_str() {
            "r" | "p" => catalog.tables.push(catalog::Table {
                owner: relation.owner.clone(),
                comment: relation.comment.clone(),
                columns: take(&mut columns, oid),
                constraints: take(&mut constraints, oid),
                indexes: take(&mut indexes, oid),
                rls_enabled: relation.rls,
                rls_forced: relation.forced,
                policies: take(&mut policies, oid),
                grants: grants(&relation.acl),
                triggers: take(&mut triggers, oid),
                replica_identity: replica_identity(relation),
                publications: relation.publications.clone(),
                options: relation.options.clone(),
                name,
            }),
            "v" => catalog.views.push(catalog::View {
                owner: relation.owner.clone(),
                comment: relation.comment.clone(),
                columns: view_columns(take(&mut columns, oid)),
                definition: trim_definition(relation.definition.as_deref().unwrap_or_default()),
                canonical: Some(trim_definition(relation.definition.as_deref().unwrap_or_default())),
                options: view_options(&relation.options),
                grants: grants(&relation.acl),
                name,
            }),
            "m" => catalog.materialized_views.push(catalog::MaterializedView {
                owner: relation.owner.clone(),
                comment: relation.comment.clone(),
                columns: view_columns(take(&mut columns, oid)),
                definition: trim_definition(relation.definition.as_deref().unwrap_or_default()),
                canonical: Some(trim_definition(relation.definition.as_deref().unwrap_or_default())),
                indexes: take(&mut indexes, oid),
                grants: grants(&relation.acl),
                options: relation.options.clone(),
                name,
            }),
            "S" => {
                let Some(row) = sequences.get(&oid) else { continue };
                if row.identity {
                    continue; // an identity column's own sequence belongs to the column
                }
                catalog.sequences.push(Sequence {
                    owner: relation.owner.clone(),
                    comment: relation.comment.clone(),
                    data_type: SqlType::new(&row.data_type),
                    start: row.start,
                    increment: row.increment,
                    min_value: row.min,
                    max_value: row.max,
                    cache: row.cache,
                    cycle: row.cycle,
                    owned_by: match (&row.owned_by_schema, &row.owned_by_table, &row.owned_by_column) {
                        (Some(schema), Some(table), Some(column)) => Some((QualifiedName::new(schema, table), column.clone())),
                        _ => None,
                    },
                    grants: grants(&relation.acl),
                    name,
                });
            }
            _ => {}
        }
    }
    catalog.functions = rows.functions.iter().map(function).collect::<Result<_, _>>()?;
    catalog.default_privileges = rows
        .default_acl
        .iter()
        .filter_map(|row| {
            let object_type = match row.object_type.as_str() {
                "r" => DefaultObjectType::Tables,
                "S" => DefaultObjectType::Sequences,
                "f" => DefaultObjectType::Functions,
                "T" => DefaultObjectType::Types,
                "n" => DefaultObjectType::Schemas,
                _ => return None,
            };
            Some(DefaultPrivilege { role: row.role.clone(), schema: row.schema.clone(), object_type, grants: grants(&row.acl) })
        })
        .collect();
    catalog.has_jobs = rows.has_cron;
    Ok(catalog)
}

pub(super) fn jobs(rows: Vec<JobRow>) -> Vec<CronJob> {
    rows.into_iter().map(|j| CronJob { name: j.name, schedule: j.schedule, command: j.command, active: j.active }).collect()
}

/// `pg_get_viewdef` ends the query with `;`; the catalog keeps it without.
fn trim_definition(text: &str) -> String {
    text.trim().trim_end_matches(';').trim_end().to_owned()
}

fn column(row: &ColumnRow) -> Column {
    Column {
        name: row.name.clone(),
        data_type: SqlType::new(&row.data_type),
        nullable: !row.not_null,
        default: row.default.clone(),
        comment: row.comment.clone(),
        identity: match row.identity.as_str() {
            "a" => Some(Identity::Always),
            "d" => Some(Identity::ByDefault),
            _ => None,
        },
        generated: row.generated.clone(),
        collation: row.collation.clone(),
        grants: grants(&row.acl),
    }
}

fn view_columns(columns: Vec<Column>) -> Vec<ViewColumn> {
    columns
        .into_iter()
        .map(|c| ViewColumn { name: c.name, data_type: c.data_type, comment: c.comment, grants: c.grants })
        .collect()
}

fn replica_identity(relation: &RelationRow) -> ReplicaIdentity {
    match relation.replica_identity.as_str() {
        "f" => ReplicaIdentity::Full,
        "n" => ReplicaIdentity::Nothing,
        "i" => ReplicaIdentity::Index(relation.replica_index.clone().unwrap_or_default()),
        _ => ReplicaIdentity::Default,
    }
}

/// A view's `reloptions`. PostgreSQL keeps a boolean as written, so every
/// spelling it accepts counts.
fn view_options(options: &[String]) -> ViewOptions {
    let mut view = ViewOptions::default();
    for option in options {
        let (key, value) = option.split_once('=').unwrap_or((option.as_str(), "true"));
        match key {
            "security_invoker" => view.security_invoker = is_true(value),
            "security_barrier" => view.security_barrier = is_true(value),
            "check_option" => view.check_option = Some(value.to_owned()),
            _ => {}
        }
    }
    view
}

/// Postgres's boolean spellings (`parse_bool`): true, yes, on, 1 and their
/// unambiguous prefixes; anything else is false.
fn is_true(value: &str) -> bool {
    let value = value.trim().to_ascii_lowercase();
    let prefix_of = |word: &str| !value.is_empty() && word.starts_with(value.as_str());
    value == "1" || value == "on" || prefix_of("true") || prefix_of("yes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_invoker_accepts_every_boolean_spelling() {
        for on in ["security_invoker=true", "security_invoker=on", "security_invoker=1", "security_invoker=TRUE"] {
            assert!(view_options(&[on.to_owned()]).security_invoker, "{on}");
        }
        for off in ["security_invoker=false", "security_invoker=off", "security_invoker=0"] {
            assert!(!view_options(&[off.to_owned()]).security_invoker, "{off}");
        }
    }
}
