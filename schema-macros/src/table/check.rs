//! Checks a parsed table declaration against its own struct, collecting every
//! error with the span of the offending token: unknown columns in indexes,
//! policies and predicates, duplicate names, over-long identifiers, missing docs.

use super::attr::{
    keyword, ColumnField, ReplicaIdentityAttr, TableInput, IDENTITIES, INDEX_METHODS, POLICY_COMMANDS, REFERENTIAL_ACTIONS,
    REPLICA_IDENTITIES,
};
use crate::docs::doc_comment;
use crate::sql_text::SqlText;
use darling::util::SpannedValue;
use darling::Error;
use proc_macro2::Span;
use schema_engine::validate::MAX_IDENTIFIER_BYTES;
use std::collections::BTreeMap;
use syn::spanned::Spanned;
use syn::Ident;

/// What the checks resolved, for the emitter.
pub struct CheckedTable<'a> {
    pub comment: String,
    pub columns: Vec<CheckedColumn<'a>>,
}

pub struct CheckedColumn<'a> {
    pub field: &'a ColumnField,
    /// The SQL name (the field's, or its `rename`).
    pub name: String,
    pub comment: String,
}

impl CheckedTable<'_> {
    /// The SQL name of the column declared by `field`.
    pub fn column_name(&self, field: &Ident) -> Option<&str> {
        self.columns.iter().find(|c| c.field.ident.as_ref() == Some(field)).map(|c| c.name.as_str())
    }
}

pub fn check<'a>(input: &'a TableInput, fields: &'a [ColumnField]) -> darling::Result<CheckedTable<'a>> {
    let mut errors = Error::accumulator();

    let comment = doc_comment(&input.attrs);
    if comment.is_empty() {
        errors.push(
            Error::custom("add a `///` doc comment to the struct: it is the table's purpose in the dictionary")
                .with_span(&input.ident),
        );
    }
    check_length(&mut errors, &input.name);

    let mut columns = Vec::new();
    let mut seen_names: BTreeMap<String, Span> = BTreeMap::new();
    for field in fields {
        let ident = field.ident.as_ref().expect("named fields");
        let name = match &field.rename {
            Some(rename) => {
                check_length(&mut errors, rename);
                rename.as_str().to_owned()
            }
            None => ident.unraw().to_string(),
        };
        let span = field.rename.as_ref().map(|r| r.span()).unwrap_or_else(|| ident.span());
        if name.len() > MAX_IDENTIFIER_BYTES {
            errors.push(too_long(&name).with_span(&span));
        }
        if seen_names.insert(name.clone(), span).is_some() {
            errors.push(Error::custom(format!("duplicate column name `{name}`")).with_span(&span));
        }
        let comment = doc_comment(&field.attrs);
        if comment.is_empty() {
            errors.push(
                Error::custom(format!(
                    "add a `///` doc comment to `{ident}`: it is the column's description in the dictionary"
                ))
                .with_span(ident),
            );
        }
        columns.push(CheckedColumn { field, name, comment });
    }
    let checked = CheckedTable { comment, columns };
    let mut column_names: Vec<&str> = Vec::new();
    for column in &checked.columns {
        if !column_names.contains(&column.name.as_str()) {
            column_names.push(&column.name);
        }
    }
    let field_idents: Vec<&Ident> = fields.iter().filter_map(|f| f.ident.as_ref()).collect();
    let struct_name = &input.ident;
    let check_field = |ident: &Ident, errors: &mut darling::error::Accumulator| {
        if !field_idents.contains(&ident) {
            let names: Vec<String> = field_idents.iter().map(|i| i.to_string()).collect();
            let closest = names
                .iter()
                .map(|name| (strsim::jaro_winkler(name, &ident.to_string()), name))
                .filter(|(score, _)| *score > 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, name)| format!("; did you mean `{name}`?"))
                .unwrap_or_default();
            errors.push(
                Error::custom(format!(
                    "`{ident}` is not a field of `{struct_name}` (fields: {}){closest}",
                    names.join(", ")
                ))
                .with_span(ident),
            );
        }
    };

    for field in fields {
        if let Some(check) = &field.check {
            check_expression(&mut errors, check, &column_names);
        }
    }
    let mut index_names = BTreeMap::new();
    for index in &input.indexes {
        check_length(&mut errors, &index.name);
        check_duplicate(&mut errors, &mut index_names, &index.name, "index");
        for key in &index.columns.0 {
            check_field(&key.field, &mut errors);
        }
        for path in index.include.iter() {
            match path.get_ident() {
                Some(ident) => check_field(ident, &mut errors),
                None => errors.push(Error::custom("expected a column name").with_span(path)),
            }
        }
        if let Some(predicate) = &index.predicate {
            check_expression(&mut errors, predicate, &column_names);
        }
    }
    let mut policy_names = BTreeMap::new();
    for policy in &input.policies {
        check_length(&mut errors, &policy.name);
        check_duplicate(&mut errors, &mut policy_names, &policy.name, "policy");
        if policy.to.is_empty() {
            errors.push(Error::custom("name the roles the policy applies to: `to(role, ...)`").with_span(&policy.name.span()));
        }
        for expression in policy.using.iter().chain(&policy.with_check) {
            check_expression(&mut errors, expression, &column_names);
        }
    }
    for group in &input.uniques {
        for path in group.iter() {
            match path.get_ident() {
                Some(ident) => check_field(ident, &mut errors),
                None => errors.push(Error::custom("expected a column name").with_span(path)),
            }
        }
    }
    for check in &input.checks {
        check_length(&mut errors, &check.name);
        check_expression(&mut errors, &check.expr, &column_names);
    }
    for dropped in &input.allow_drop_column {
        if column_names.contains(&dropped.as_str()) {
            errors.push(
                Error::custom(format!("`{}` is still declared; `allow_drop_column` is for a column you removed", dropped.as_str()))
                    .with_span(&dropped.span()),
            );
        }
    }
    for trigger in &input.triggers {
        check_length(&mut errors, &trigger.name);
        if trigger.before.is_present() == trigger.after.is_present() {
            errors.push(Error::custom("a trigger fires either `before` or `after`; give exactly one").with_span(&trigger.name.span()));
        }
        if !(trigger.insert.is_present() || trigger.update.is_present() || trigger.delete.is_present()) {
            errors.push(Error::custom("name the events: `insert`, `update` and/or `delete`").with_span(&trigger.name.span()));
        }
    }
    for grant in &input.grants {
        if !grant.names_any() {
            errors.push(
                Error::custom("name the privileges: `select`, `insert`, `update`, `delete`, `truncate`, `references`, `trigger`, or `all`")
                    .with_span(&grant.to.first().map(|p| p.span()).unwrap_or_else(Span::call_site)),
            );
        }
    }
    for field in fields {
        if let (Some(identity), true) = (&field.identity, field.default.is_some()) {
            errors.push(
                Error::custom("an identity column takes its values from its sequence; remove the `default`").with_span(&identity.span()),
            );
        }
    }
    if let Some(ReplicaIdentityAttr::Index(index)) = &input.replica_identity {
        let keys = key_names(input, &checked);
        let declared = input.indexes.iter().any(|i| i.name.as_str() == index.as_str() && i.unique.is_present() && i.predicate.is_none());
        if !declared && !keys.iter().any(|k| k == index.as_str()) {
            let mut candidates: Vec<String> = input.indexes.iter().filter(|i| i.unique.is_present()).map(|i| i.name.as_str().to_owned()).collect();
            candidates.extend(keys);
            errors.push(
                Error::custom(format!(
                    "`{}` is not a unique index or key of this table; a replica identity index is one of: {}",
                    index.as_str(),
                    if candidates.is_empty() { "none declared".to_owned() } else { candidates.join(", ") }
                ))
                .with_span(&index.span()),
            );
        }
    }
    let mut publications = BTreeMap::new();
    for publication in &input.publications.0 {
        check_duplicate(&mut errors, &mut publications, publication, "publication");
    }
    errors.finish_with(checked)
}

/// The names the table's keys get (as `TableDecl::build` names them): its
/// primary key, and each UNIQUE column and column group.
fn key_names(input: &TableInput, checked: &CheckedTable<'_>) -> Vec<String> {
    let table = input.name.as_str();
    let mut names = Vec::new();
    if checked.columns.iter().any(|c| c.field.primary_key.is_present()) {
        names.push(format!("{table}_pkey"));
    }
    for column in checked.columns.iter().filter(|c| c.field.unique.is_present()) {
        names.push(format!("{table}_{}_key", column.name));
    }
    for group in &input.uniques {
        let columns: Vec<&str> = group.iter().filter_map(|p| p.get_ident()).filter_map(|i| checked.column_name(i)).collect();
        names.push(format!("{table}_{}_key", columns.join("_")));
    }
    names
}

/// Checks the keyword values (index methods, policy commands, ON DELETE and ON
/// UPDATE actions, identities, replica identities).
/// Runs even when other attributes failed to parse, so their errors show together.
pub fn check_keywords(input: &TableInput, fields: &[ColumnField], errors: &mut darling::error::Accumulator) {
    for index in &input.indexes {
        if let Some(method) = &index.using {
            errors.handle(keyword(method, "index method", INDEX_METHODS));
        }
    }
    for policy in &input.policies {
        errors.handle(keyword(&policy.command, "policy command", POLICY_COMMANDS));
    }
    for on_delete in fields.iter().filter_map(|f| f.references.as_ref()?.on_delete.as_ref()) {
        errors.handle(keyword(on_delete, "ON DELETE action", REFERENTIAL_ACTIONS));
    }
    for on_update in fields.iter().filter_map(|f| f.references.as_ref()?.on_update.as_ref()) {
        errors.handle(keyword(on_update, "ON UPDATE action", REFERENTIAL_ACTIONS));
    }
    for identity in fields.iter().filter_map(|f| f.identity.as_ref()) {
        errors.handle(keyword(identity, "identity", IDENTITIES));
    }
    if let Some(ReplicaIdentityAttr::Keyword(replica)) = &input.replica_identity {
        errors.handle(keyword(replica, "replica identity", REPLICA_IDENTITIES));
    }
}

fn too_long(name: &str) -> Error {
    Error::custom(format!(
        "`{name}` is {} bytes long; Postgres identifiers are at most {MAX_IDENTIFIER_BYTES} bytes",
        name.len()
    ))
}

fn check_length(errors: &mut darling::error::Accumulator, name: &SpannedValue<String>) {
    if name.len() > MAX_IDENTIFIER_BYTES {
        errors.push(too_long(name).with_span(&name.span()));
    }
}

fn check_duplicate(
    errors: &mut darling::error::Accumulator,
    seen: &mut BTreeMap<String, Span>,
    name: &SpannedValue<String>,
    what: &str,
) {
    if seen.insert(name.as_str().to_owned(), name.span()).is_some() {
        errors.push(Error::custom(format!("duplicate {what} name `{}`", name.as_str())).with_span(&name.span()));
    }
}

/// Checks the columns a literal SQL expression names. Constants are checked when
/// the schema is assembled (their text is unknown here).
fn check_expression(errors: &mut darling::error::Accumulator, text: &SqlText, columns: &[&str]) {
    let Some((sql, span)) = text.literal() else { return };
    match schema_engine::expr::column_references(&sql) {
        Ok(references) => {
            for reference in references.iter().filter(|r| !columns.contains(&r.as_str())) {
                errors.push(
                    Error::custom(format!(
                        "`{reference}` is not a column of this table (columns: {})",
                        columns.join(", ")
                    ))
                    .with_span(&span),
                );
            }
        }
        Err(message) => errors.push(Error::custom(message).with_span(&span)),
    }
}

/// `Ident::unraw` without importing the extension trait at each use.
trait Unraw {
    fn unraw(&self) -> Ident;
}

impl Unraw for Ident {
    fn unraw(&self) -> Ident {
        syn::ext::IdentExt::unraw(self)
    }
}
