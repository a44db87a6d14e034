//! The declared schema against the seed data dictionary (tests/seed, a copy of
//! the dictionary this project implements): every table, column (shorthand such as
//! `top_category_l1/l2` expanded), type, primary key, unique, documented default,
//! enumerated value set, named index (method, order, predicate) and policy.
//!
//! Removing a documented index or policy from a declaration fails here by name.

use schema_engine::expr::normalize;
use schema_engine::model::{ConstraintKind, IndexMethod, PolicyCommand, Schema, Table};

const SEED: &str = include_str!("../seed/data-dictionary-v1.md");

/// One table section of the seed.
struct SeedTable {
    name: String,
    columns: Vec<SeedColumn>,
    indexes: Vec<SeedIndex>,
    policies: Vec<String>,
}

struct SeedColumn {
    name: String,
    data_type: String,
    primary_key: bool,
    unique: bool,
    default: Option<String>,
    values: Option<Vec<String>>,
}

struct SeedIndex {
    name: String,
    gin: bool,
    descending: bool,
    column: Option<String>,
    predicate: Option<String>,
}

fn seed_tables() -> Vec<SeedTable> {
    let tables_part = SEED.split("TABLES").nth(1).expect("a TABLES section").split("\n## ").next().unwrap();
    tables_part
        .split("\n### ")
        .skip(1)
        .map(|section| {
            let name = section.lines().next().unwrap().split_once(". ").unwrap().1.trim().to_owned();
            let block = |title: &str| -> Vec<&str> {
                section
                    .split(&format!("**{title}**:"))
                    .nth(1)
                    .map(|rest| {
                        rest.lines()
                            .skip(1)
                            .take_while(|l| !l.starts_with("**") && !l.starts_with("---"))
                            .filter(|l| l.starts_with("- "))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            SeedTable {
                columns: block("Columns").into_iter().flat_map(parse_columns).collect(),
                indexes: block("Indexes").into_iter().map(parse_index).collect(),
                policies: block("RLS Policies").into_iter().map(|l| between(l, '`', '`').to_owned()).collect(),
                name,
            }
        })
        .collect()
}

fn between(text: &str, open: char, close: char) -> &str {
    let start = text.find(open).unwrap() + open.len_utf8();
    let end = start + text[start..].find(close).unwrap();
    &text[start..end]
}

/// `- \`a_b/c\` (int/text, unique): description` → one column per name.
fn parse_columns(line: &str) -> Vec<SeedColumn> {
    let names = between(line, '`', '`');
    let attributes = between(line, '(', ')');
    let description = line.split_once("): ").map(|(_, d)| d.trim()).unwrap_or("");
    let mut parts = attributes.split(',').map(str::trim);
    let types: Vec<&str> = parts.next().unwrap().split('/').collect();
    let flags: Vec<&str> = parts.collect();
    let mut names = names.split('/');
    let first = names.next().unwrap();
    let prefix = &first[..=first.rfind('_').unwrap_or(0)];
    let all: Vec<String> = std::iter::once(first.to_owned()).chain(names.map(|n| format!("{prefix}{n}"))).collect();
    let default = description.split("(default: ").nth(1).map(|d| d.trim_end_matches(')').to_owned());
    all.iter()
        .enumerate()
        .map(|(i, name)| {
            let seed_type = types[i.min(types.len() - 1)];
            let values = (seed_type == "text" && description.contains('/') && !description.contains("(default"))
                .then(|| description.split('/').map(|v| v.trim().to_owned()).collect());
            SeedColumn {
                name: name.clone(),
                data_type: postgres_type(seed_type),
                primary_key: flags.contains(&"PK"),
                unique: flags.contains(&"unique"),
                default: default.clone(),
                values,
            }
        })
        .collect()
}

fn postgres_type(seed: &str) -> String {
    match seed {
        "int" => "integer".into(),
        "int[]" => "integer[]".into(),
        "timestamptz" => "timestamp with time zone".into(),
        other => other.into(),
    }
}

/// `- \`idx\` (GIN) on col`, `(DESC) on col`, `(partial) WHERE pred`.
fn parse_index(line: &str) -> SeedIndex {
    SeedIndex {
        name: between(line, '`', '`').to_owned(),
        gin: line.contains("(GIN)"),
        descending: line.contains("(DESC)"),
        column: line.split(" on ").nth(1).map(|c| c.trim().to_owned()),
        predicate: line.split(" WHERE ").nth(1).map(|p| p.trim().to_owned()),
    }
}

fn schema() -> Schema {
    schema_def::schema().unwrap_or_else(|errors| panic!("invalid schema: {errors:?}"))
}

fn table<'a>(schema: &'a Schema, name: &str) -> &'a Table {
    schema.tables.iter().find(|t| t.name.name == name).unwrap_or_else(|| panic!("table {name} from the seed is not declared"))
}

#[test]
fn every_seed_table_and_column_is_declared_with_its_type() {
    let schema = schema();
    let seed = seed_tables();
    assert_eq!(seed.len(), 10, "the seed documents 10 tables");
    let mut problems = Vec::new();
    for seed_table in &seed {
        let table = table(&schema, &seed_table.name);
        for seed_column in &seed_table.columns {
            let Some(column) = table.column(&seed_column.name) else {
                problems.push(format!("{}.{}: not declared", seed_table.name, seed_column.name));
                continue;
            };
            if column.data_type.as_str() != seed_column.data_type {
                problems.push(format!(
                    "{}.{}: type {} but the seed says {}",
                    seed_table.name, seed_column.name, column.data_type, seed_column.data_type
                ));
            }
            if seed_column.primary_key && table.primary_key() != Some(&[seed_column.name.clone()][..]) {
                problems.push(format!("{}.{}: not the primary key", seed_table.name, seed_column.name));
            }
            if seed_column.primary_key && column.default.as_deref() != Some("gen_random_uuid()") {
                problems.push(format!("{}.{}: primary key without gen_random_uuid()", seed_table.name, seed_column.name));
            }
            if seed_column.unique && !is_unique(table, &seed_column.name) {
                problems.push(format!("{}.{}: not unique", seed_table.name, seed_column.name));
            }
            if let Some(default) = &seed_column.default {
                if column.default.as_deref() != Some(default.as_str()) {
                    problems.push(format!("{}.{}: default {:?}, seed says {default}", seed_table.name, seed_column.name, column.default));
                }
            }
            if let Some(values) = &seed_column.values {
                let declared = table.constraints.iter().find_map(|c| match &c.kind {
                    ConstraintKind::AllowedValues { column, values } if *column == seed_column.name => Some(values),
                    _ => None,
                });
                if declared != Some(values) {
                    problems.push(format!("{}.{}: allowed values {declared:?}, seed says {values:?}", seed_table.name, seed_column.name));
                }
            }
            if (seed_column.name == "created_at" || seed_column.name == "updated_at") && column.default.as_deref() != Some("now()") {
                problems.push(format!("{}.{}: does not default to now()", seed_table.name, seed_column.name));
            }
        }
        if table.column("updated_at").is_some() && !table.triggers.iter().any(|t| t.function.name == "set_updated_at") {
            problems.push(format!("{}: updated_at is not maintained by the set_updated_at trigger", seed_table.name));
        }
    }
    assert!(problems.is_empty(), "the declarations differ from the seed:\n{}", problems.join("\n"));
}

fn is_unique(table: &Table, column: &str) -> bool {
    let by_constraint = table.constraints.iter().any(|c| matches!(&c.kind, ConstraintKind::Unique { columns } if columns == &[column]));
    let by_index = table
        .indexes
        .iter()
        .any(|i| i.unique && i.predicate.is_none() && i.columns.len() == 1 && i.columns[0].column == column);
    by_constraint || by_index
}

#[test]
fn every_seed_index_is_declared_as_documented() {
    let schema = schema();
    let mut problems = Vec::new();
    let mut count = 0;
    for seed_table in seed_tables() {
        let table = table(&schema, &seed_table.name);
        for seed_index in &seed_table.indexes {
            count += 1;
            let Some(index) = table.indexes.iter().find(|i| i.name == seed_index.name) else {
                problems.push(format!("index {} on {}: missing", seed_index.name, seed_table.name));
                continue;
            };
            if seed_index.gin != (index.method == IndexMethod::Gin) {
                problems.push(format!("index {}: method {:?}", index.name, index.method));
            }
            if let Some(column) = &seed_index.column {
                if index.columns.first().map(|c| &c.column) != Some(column) {
                    problems.push(format!("index {}: first key is not {column}", index.name));
                }
            }
            if seed_index.descending && !index.columns.first().is_some_and(|c| c.descending) {
                problems.push(format!("index {}: not DESC", index.name));
            }
            if let Some(predicate) = &seed_index.predicate {
                if index.predicate.as_deref().map(normalize) != Some(normalize(predicate)) {
                    problems.push(format!("index {}: predicate {:?}, seed says {predicate}", index.name, index.predicate));
                }
            }
        }
    }
    assert_eq!(count, 22, "the seed names 22 indexes");
    assert!(problems.is_empty(), "indexes differ from the seed:\n{}", problems.join("\n"));
}

#[test]
fn every_seed_policy_is_declared_with_rls_enabled() {
    let schema = schema();
    let mut problems = Vec::new();
    let mut count = 0;
    for seed_table in seed_tables() {
        let table = table(&schema, &seed_table.name);
        if !table.rls.enabled {
            problems.push(format!("{}: row level security is not enabled", seed_table.name));
        }
        for name in &seed_table.policies {
            count += 1;
            let Some(policy) = table.policies.iter().find(|p| &p.name == name) else {
                problems.push(format!("policy {name} on {}: missing", seed_table.name));
                continue;
            };
            let expected = if name.ends_with("_service_role") {
                (PolicyCommand::All, "service_role")
            } else {
                (PolicyCommand::Select, "authenticated")
            };
            if (policy.command, policy.roles.as_slice()) != (expected.0, &[expected.1.to_owned()][..]) {
                problems.push(format!("policy {name}: {:?} to {:?}, expected {expected:?}", policy.command, policy.roles));
            }
        }
    }
    assert_eq!(count, 20, "the seed documents 20 policies");
    assert!(problems.is_empty(), "policies differ from the seed:\n{}", problems.join("\n"));
}
