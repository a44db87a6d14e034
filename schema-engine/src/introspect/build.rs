//! Turning the catalog query's rows into a [`Catalog`].
//!
//! Nothing the database holds is dropped on the way: an object or attribute
//! the declarations cannot express is still read (an exclusion constraint as
//! its definition, an OUT argument with its mode), so drift can report it.

use super::rows::*;
use super::IntrospectError;
use crate::catalog::{self, Catalog, CronJob, EnumType, Extension, Namespace, Parallel, Sequence, ViewOptions};
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

fn referential_action(code: &str) -> ReferentialAction {
    match code {
        "r" => ReferentialAction::Restrict,
        "c" => ReferentialAction::Cascade,
        "n" => ReferentialAction::SetNull,
        "d" => ReferentialAction::SetDefault,
        _ => ReferentialAction::NoAction,
    }
}

fn constraint(row: &ConstraintRow) -> Result<Constraint, IntrospectError> {
    let kind = match row.kind.as_str() {
        "p" => ConstraintKind::PrimaryKey { columns: row.columns.clone() },
        "u" => ConstraintKind::Unique { columns: row.columns.clone() },
        "c" => {
            let expression = row.check.clone().unwrap_or_default();
            match allowed_values(&expression) {
                Some((column, values)) => ConstraintKind::AllowedValues { column, values },
                None => ConstraintKind::Check { expression },
            }
        }
        "f" => ConstraintKind::ForeignKey {
            columns: row.columns.clone(),
            references: QualifiedName::new(
                row.referenced_schema.clone().unwrap_or_default(),
                row.referenced_table.clone().unwrap_or_default(),
            ),
            referenced_columns: row.referenced_columns.clone(),
            on_delete: referential_action(&row.on_delete),
            on_update: referential_action(&row.on_update),
            match_full: row.match_type == "f",
        },
        _ => ConstraintKind::Other { definition: row.definition.clone() },
    };
    let deferral = match (row.deferrable, row.deferred) {
        (false, _) => Deferral::NotDeferrable,
        (true, false) => Deferral::Immediate,
        (true, true) => Deferral::Deferred,
    };
    Ok(Constraint { name: row.name.clone(), kind, deferral, validated: row.validated, comment: row.comment.clone() })
}

/// Recognizes how Postgres stores a text enum's `col IN ('a', 'b')`:
/// `(col = ANY (ARRAY['a'::text, 'b'::text]))`, or `(col = 'a'::text)` for one value.
fn allowed_values(expression: &str) -> Option<(String, Vec<String>)> {
    use crate::expr::{tokenize, Token};
    let symbol = |text: &str| Token::Symbol(text.to_owned());
    let word = |text: &str| Token::Word { text: text.to_owned(), quoted: false };
    let text_literal = |tokens: &[Token]| -> Option<(String, usize)> {
        match tokens {
            [Token::String(value), cast, data_type, ..] if *cast == symbol("::") && *data_type == word("text") => Some((value.clone(), 3)),
            _ => None,
        }
    };
    let tokens = tokenize(expression).ok()?;
    let mut rest = tokens.strip_prefix(&[symbol("(")][..])?.strip_suffix(&[symbol(")")][..])?;
    let Some((Token::Word { text: column, .. }, after)) = rest.split_first() else { return None };
    rest = after.strip_prefix(&[symbol("=")][..])?;
    if let Some((value, used)) = text_literal(rest) {
        return (used == rest.len()).then(|| (column.clone(), vec![value]));
    }
    let any = [word("any"), symbol("("), word("array"), symbol("[")];
    let mut list = rest.strip_prefix(&any[..])?.strip_suffix(&[symbol("]"), symbol(")")][..])?;
    let mut values = Vec::new();
    loop {
        let (value, used) = text_literal(list)?;
        values.push(value);
        match &list[used..] {
            [] => return Some((column.clone(), values)),
            [Token::Symbol(comma), more @ ..] if comma == "," => list = more,
            _ => return None,
        }
    }
}

fn index(row: &IndexRow) -> Result<Index, IntrospectError> {
    let method = IndexMethod::from_name(&row.method).ok_or_else(|| {
        IntrospectError::unsupported(format!("index {}", row.name), format!("index method {} is not in the model", row.method))
    })?;
    let columns = row
        .keys
        .iter()
        .map(|key| IndexColumn {
            column: if key.expression && !key.column.starts_with('(') { format!("({})", key.column) } else { key.column.clone() },
            descending: key.descending,
            nulls_first: (key.nulls_first != key.descending).then_some(key.nulls_first),
            opclass: key.opclass.clone(),
            collation: key.collation.clone(),
        })
        .collect();
    Ok(Index {
        name: row.name.clone(),
        method,
        unique: row.unique,
        columns,
        include: row.include.clone(),
        predicate: row.predicate.clone(),
        nulls_not_distinct: row.nulls_not_distinct,
        options: row.options.clone(),
        comment: row.comment.clone(),
        valid: row.valid,
    })
}

fn policy(row: &PolicyRow) -> Result<Policy, IntrospectError> {
    let command = match row.command.as_str() {
        "*" => PolicyCommand::All,
        "r" => PolicyCommand::Select,
        "a" => PolicyCommand::Insert,
        "w" => PolicyCommand::Update,
        "d" => PolicyCommand::Delete,
        other => return Err(IntrospectError::unsupported(format!("policy {}", row.name), format!("unknown policy command {other:?}"))),
    };
    Ok(Policy {
        name: row.name.clone(),
        command,
        permissive: row.permissive,
        roles: row.roles.clone(),
        using: row.using.clone(),
        with_check: row.with_check.clone(),
        comment: row.comment.clone(),
    })
}

// pg_trigger.tgtype bits (src/include/catalog/pg_trigger.h).
const TRIGGER_ROW: i32 = 1;
const TRIGGER_BEFORE: i32 = 1 << 1;
const TRIGGER_INSERT: i32 = 1 << 2;
const TRIGGER_DELETE: i32 = 1 << 3;
const TRIGGER_UPDATE: i32 = 1 << 4;
const TRIGGER_TRUNCATE: i32 = 1 << 5;
const TRIGGER_INSTEAD: i32 = 1 << 6;

fn trigger(row: &TriggerRow) -> Result<Trigger, IntrospectError> {
    let timing = if row.kind & TRIGGER_INSTEAD != 0 {
        TriggerTiming::InsteadOf
    } else if row.kind & TRIGGER_BEFORE != 0 {
        TriggerTiming::Before
    } else {
        TriggerTiming::After
    };
    let events = [
        (TRIGGER_INSERT, TriggerEvent::Insert),
        (TRIGGER_UPDATE, TriggerEvent::Update),
        (TRIGGER_DELETE, TriggerEvent::Delete),
        (TRIGGER_TRUNCATE, TriggerEvent::Truncate),
    ]
    .into_iter()
    .filter(|(bit, _)| row.kind & bit != 0)
    .map(|(_, event)| event)
    .collect();
    let enabled = match row.enabled.as_str() {
        "D" => TriggerEnabled::Disabled,
        "R" => TriggerEnabled::Replica,
        "A" => TriggerEnabled::Always,
        _ => TriggerEnabled::Origin,
    };
    Ok(Trigger {
        name: row.name.clone(),
        timing,
        events,
        function: QualifiedName::new(&row.function_schema, &row.function),
        for_each_statement: row.kind & TRIGGER_ROW == 0,
        update_of: row.update_of.clone(),
        when: if row.has_when { when_condition(&row.definition) } else { None },
        arguments: row.arguments.clone(),
        enabled,
        comment: row.comment.clone(),
    })
}

/// The condition of `… WHEN (condition) EXECUTE FUNCTION …` in a trigger's
/// definition (`pg_get_triggerdef`), which no other catalog function prints.
fn when_condition(definition: &str) -> Option<String> {
    let start = definition.find(" WHEN (")? + " WHEN (".len();
    let mut depth = 1;
    let mut in_string = false;
    for (offset, c) in definition[start..].char_indices() {
        match c {
            '\'' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return Some(definition[start..start + offset].to_owned());
                }
            }
            _ => {}
        }
    }
    None
}

fn function(row: &FunctionRow) -> Result<catalog::Function, IntrospectError> {
    let name = QualifiedName::new(&row.schema, &row.name);
    let object = format!("function {name}");
    let mut arguments = Vec::new();
    let mut table_columns = Vec::new();
    for (position, data_type) in row.arg_types.iter().enumerate() {
        let mut argument = FunctionArgument::new(row.arg_names.get(position).cloned().unwrap_or_default(), SqlType::new(data_type));
        // No proargmodes means every argument is IN.
        match row.arg_modes.get(position).map_or("i", String::as_str) {
            "i" => {}
            "v" => argument.mode = ArgumentMode::Variadic,
            "b" => argument.mode = ArgumentMode::InOut,
            "o" => argument.mode = ArgumentMode::Out,
            "t" => {
                table_columns.push(argument);
                continue;
            }
            other => return Err(IntrospectError::unsupported(object, format!("argument mode {other:?}"))),
        }
        arguments.push(argument);
    }
    // proargdefaults holds the defaults of the last inputs, in order.
    if let Some(defaults) = &row.arg_defaults {
        let defaults = split_top_level(defaults);
        let inputs: Vec<usize> = arguments.iter().enumerate().filter(|(_, a)| a.mode.is_input()).map(|(i, _)| i).collect();
        let first = inputs.len().saturating_sub(defaults.len());
        for (slot, default) in inputs[first..].iter().zip(defaults) {
            arguments[*slot].default = Some(default.trim().to_owned());
        }
    }
    let returns = if row.returns_trigger {
        FunctionReturn::Trigger
    } else if !table_columns.is_empty() {
        FunctionReturn::Table { columns: table_columns }
    } else {
        let data_type = if row.returns_set { format!("setof {}", row.return_type) } else { row.return_type.clone() };
        FunctionReturn::Scalar { data_type: SqlType::new(&data_type) }
    };
    let volatility = match row.volatility.as_str() {
        "i" => Volatility::Immutable,
        "s" => Volatility::Stable,
        _ => Volatility::Volatile,
    };
    let parallel = match row.parallel.as_str() {
        "s" => Parallel::Safe,
        "r" => Parallel::Restricted,
        _ => Parallel::Unsafe,
    };
    Ok(catalog::Function {
        owner: row.owner.clone(),
        comment: row.comment.clone(),
        arguments,
        returns,
        language: row.language.clone(),
        volatility,
        strict: row.strict,
        leakproof: row.leakproof,
        parallel,
        security_definer: row.security_definer,
        config: row.config.iter().filter_map(|entry| config_entry(entry)).collect(),
        cost: u32::try_from(row.cost).unwrap_or_default(),
        rows: u32::try_from(row.rows).unwrap_or_default(),
        body: row.body.clone(),
        grants: grants(&row.acl),
        name,
    })
}

/// One `proconfig` entry, `name=value`. Postgres stores `SET search_path = ''`
/// as `search_path=""`.
fn config_entry(entry: &str) -> Option<(String, String)> {
    let (name, value) = entry.split_once('=')?;
    let value = if value == "\"\"" { String::new() } else { value.to_owned() };
    Some((name.to_owned(), value))
}

/// Splits on commas that are not inside parentheses or quotes.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start, mut in_string) = (0i32, 0, false);
    for (i, c) in text.char_indices() {
        match c {
            '\'' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => depth -= 1,
            ',' if depth == 0 && !in_string => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if !text[start..].trim().is_empty() {
        parts.push(&text[start..]);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_enum_checks_as_postgres_prints_them() {
        let values = |list: &[&str]| list.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            allowed_values("(stock_status = ANY (ARRAY['in_stock'::text, 'it''s'::text]))"),
            Some(("stock_status".to_owned(), values(&["in_stock", "it's"])))
        );
        assert_eq!(allowed_values("(c = 'x'::text)"), Some(("c".to_owned(), values(&["x"]))));
        for other in ["(total >= (0)::numeric)", "((c = ANY (ARRAY['a'::text])) AND (d > 0))", "(c <> ALL (ARRAY['a'::text]))"] {
            assert_eq!(allowed_values(other), None, "{other}");
        }
    }

    #[test]
    fn reads_the_when_condition_and_config() {
        let definition = "CREATE TRIGGER t BEFORE UPDATE ON public.x FOR EACH ROW WHEN ((old.a IS DISTINCT FROM new.a)) EXECUTE FUNCTION public.f()";
        assert_eq!(when_condition(definition).as_deref(), Some("(old.a IS DISTINCT FROM new.a)"));
        assert_eq!(config_entry("search_path=\"\""), Some(("search_path".to_owned(), String::new())));
        assert_eq!(config_entry("work_mem=64MB"), Some(("work_mem".to_owned(), "64MB".to_owned())));
    }

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
