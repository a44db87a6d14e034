//! The `#[table(...)]` and `#[column(...)]` attributes, parsed into typed receivers.
//!
//! darling rejects unknown and duplicate keys (suggesting the closest valid one)
//! and collects every error; nothing here interprets raw tokens by hand except the
//! small value types at the bottom.

use crate::sql_text::SqlText;
use darling::ast::NestedMeta;
use darling::util::{Flag, PathList, SpannedValue};
use darling::{FromDeriveInput, FromField, FromMeta};
use schema_engine::model::{IndexMethod, PolicyCommand, ReferentialAction};
use syn::{Attribute, Ident, Meta, Type};

/// The struct-level attributes. Fields are parsed separately (`ColumnField`) so
/// that a mistake in `#[table]` does not hide the mistakes in `#[column]`.
#[derive(Debug, FromDeriveInput)]
#[darling(attributes(table), supports(struct_named), forward_attrs(doc))]
pub struct TableInput {
    pub ident: Ident,
    pub attrs: Vec<Attribute>,
    /// The table's SQL name.
    pub name: SpannedValue<String>,
    /// The SQL schema; `public` when absent.
    #[darling(default)]
    pub schema: Option<SpannedValue<String>>,
    /// Enables row level security.
    #[darling(default)]
    pub rls: Flag,
    /// Applies the policies to the table owner too.
    #[darling(default)]
    pub force_rls: Flag,
    /// Why this table deliberately has no RLS or no policy.
    #[darling(default)]
    pub rls_opt_out: Option<SpannedValue<String>>,
    #[darling(multiple, rename = "index")]
    pub indexes: Vec<IndexAttr>,
    #[darling(multiple, rename = "policy")]
    pub policies: Vec<PolicyAttr>,
    #[darling(multiple, rename = "grant")]
    pub grants: Vec<GrantAttr>,
    #[darling(multiple, rename = "trigger")]
    pub triggers: Vec<TriggerAttr>,
    /// A UNIQUE constraint over several columns: `unique(a, b)`.
    #[darling(multiple, rename = "unique")]
    pub uniques: Vec<PathList>,
    /// A table-level CHECK: `check(name = "...", expr = "...")`.
    #[darling(multiple, rename = "check")]
    pub checks: Vec<CheckAttr>,
    /// The table's previous name, for `cargo xtask migrate` (a rename keeps the rows).
    #[darling(default)]
    pub renamed_from: Option<SpannedValue<String>>,
    /// A removed column whose data may be dropped with it (consent for `migrate`).
    #[darling(multiple)]
    pub allow_drop_column: Vec<SpannedValue<String>>,
}

#[derive(Debug, FromField)]
#[darling(attributes(column), forward_attrs(doc))]
pub struct ColumnField {
    pub ident: Option<Ident>,
    pub ty: Type,
    pub attrs: Vec<Attribute>,
    /// The SQL column name, when it differs from the field's.
    #[darling(default)]
    pub rename: Option<SpannedValue<String>>,
    /// An explicit SQL type for Rust types without a mapping.
    #[darling(default)]
    pub sql_type: Option<SpannedValue<String>>,
    #[darling(default)]
    pub primary_key: Flag,
    #[darling(default)]
    pub unique: Flag,
    /// The default, as an SQL expression.
    #[darling(default)]
    pub default: Option<SqlText>,
    /// A CHECK on this column, as an SQL expression.
    #[darling(default)]
    pub check: Option<SqlText>,
    #[darling(default)]
    pub references: Option<ReferencesAttr>,
    /// The column's previous name, for `cargo xtask migrate` (a rename keeps the data).
    #[darling(default)]
    pub renamed_from: Option<SpannedValue<String>>,
}

#[derive(Debug, FromMeta)]
pub struct ReferencesAttr {
    /// `schema.table` or `table` (in `public`).
    pub table: SpannedValue<String>,
    pub column: SpannedValue<String>,
    #[darling(default)]
    /// no action (default), restrict, cascade, set null, set default.
    pub on_delete: Option<SpannedValue<String>>,
}

#[derive(Debug, FromMeta)]
pub struct IndexAttr {
    pub name: SpannedValue<String>,
    /// Key columns in order; `column(desc)` sorts descending.
    pub columns: IndexColumns,
    /// The access method: btree (default), gin, gist, brin, hash.
    #[darling(default)]
    pub using: Option<SpannedValue<String>>,
    #[darling(default)]
    pub unique: Flag,
    /// Non-key columns carried by the index.
    #[darling(default)]
    pub include: PathList,
    /// The WHERE predicate of a partial index.
    #[darling(default)]
    pub predicate: Option<SqlText>,
}

#[derive(Debug, FromMeta)]
pub struct PolicyAttr {
    pub name: SpannedValue<String>,
    /// ALL, SELECT, INSERT, UPDATE or DELETE.
    pub command: SpannedValue<String>,
    /// The roles the policy applies to.
    pub to: PathList,
    /// Makes it RESTRICTIVE (all restrictive policies must pass) instead of PERMISSIVE.
    #[darling(default)]
    pub restrictive: Flag,
    #[darling(default)]
    pub using: Option<SqlText>,
    #[darling(default)]
    pub with_check: Option<SqlText>,
    /// What the policy is for, shown in the dictionary and as its COMMENT.
    #[darling(default)]
    pub purpose: Option<String>,
}

/// `grant(to(role, ...), select, insert, ...)`.
#[derive(Debug, FromMeta)]
pub struct GrantAttr {
    pub to: PathList,
    #[darling(default)]
    pub select: Flag,
    #[darling(default)]
    pub insert: Flag,
    #[darling(default)]
    pub update: Flag,
    #[darling(default)]
    pub delete: Flag,
    #[darling(default)]
    pub truncate: Flag,
}

impl GrantAttr {
    /// One `Grant` model value per role, as tokens (`m` is the model module).
    pub fn to_model_tokens(&self) -> Vec<proc_macro2::TokenStream> {
        let mut privileges = Vec::new();
        for (flag, privilege) in [
            (&self.select, quote::quote!(m::Privilege::Select)),
            (&self.insert, quote::quote!(m::Privilege::Insert)),
            (&self.update, quote::quote!(m::Privilege::Update)),
            (&self.delete, quote::quote!(m::Privilege::Delete)),
            (&self.truncate, quote::quote!(m::Privilege::Truncate)),
        ] {
            if flag.is_present() {
                privileges.push(privilege);
            }
        }
        self.to
            .iter()
            .map(|role| {
                let role = crate::path::path_text(role);
                quote::quote!(m::Grant::new(#role, ::std::vec![#(#privileges),*]))
            })
            .collect()
    }
}

/// `trigger(name = "...", before, update, function = "schema.fn")`.
#[derive(Debug, FromMeta)]
pub struct TriggerAttr {
    pub name: SpannedValue<String>,
    #[darling(default)]
    pub before: Flag,
    #[darling(default)]
    pub after: Flag,
    #[darling(default)]
    pub insert: Flag,
    #[darling(default)]
    pub update: Flag,
    #[darling(default)]
    pub delete: Flag,
    pub function: SpannedValue<String>,
}

#[derive(Debug, FromMeta)]
pub struct CheckAttr {
    pub name: SpannedValue<String>,
    pub expr: SqlText,
}

/// Index key columns: `columns(a, b(desc))`.
#[derive(Debug, Default)]
pub struct IndexColumns(pub Vec<IndexKey>);

#[derive(Debug)]
pub struct IndexKey {
    pub field: Ident,
    pub descending: bool,
}

impl FromMeta for IndexColumns {
    fn from_list(items: &[NestedMeta]) -> darling::Result<Self> {
        let mut errors = darling::Error::accumulator();
        let mut keys = Vec::new();
        for item in items {
            let key = match item {
                NestedMeta::Meta(Meta::Path(path)) => path.get_ident().map(|field| IndexKey { field: field.clone(), descending: false }),
                NestedMeta::Meta(Meta::List(list)) => match (list.path.get_ident(), list.parse_args::<Ident>()) {
                    (Some(field), Ok(order)) if order == "desc" || order == "asc" => {
                        Some(IndexKey { field: field.clone(), descending: order == "desc" })
                    }
                    _ => {
                        errors.push(darling::Error::custom("expected `column(desc)` or `column(asc)`").with_span(list));
                        continue;
                    }
                },
                other => {
                    errors.push(darling::Error::custom("expected a column name").with_span(other));
                    continue;
                }
            };
            match key {
                Some(key) => keys.push(key),
                None => errors.push(darling::Error::custom("expected a column name").with_span(item)),
            }
        }
        if keys.is_empty() && items.is_empty() {
            errors.push(darling::Error::too_few_items(1));
        }
        errors.finish_with(Self(keys))
    }
}

/// Keyword values (`using = "gin"`) are read as strings by darling and turned
/// into model values here, so a misspelt value is reported together with every
/// other problem instead of stopping the parse.
pub fn keyword<T: Copy>(value: &SpannedValue<String>, what: &str, options: &[(&str, T)]) -> darling::Result<T> {
    let text = value.as_str().to_ascii_lowercase();
    if let Some((_, found)) = options.iter().find(|(name, _)| *name == text) {
        return Ok(*found);
    }
    let names: Vec<&str> = options.iter().map(|(name, _)| *name).collect();
    let closest = names
        .iter()
        .map(|name| (strsim::jaro_winkler(name, &text), *name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| format!(" (did you mean `{name}`?)"))
        .unwrap_or_default();
    Err(darling::Error::custom(format!(
        "unknown {what} `{}`; expected one of {}{closest}",
        value.as_str(),
        names.join(", ")
    ))
    .with_span(&value.span()))
}

pub const INDEX_METHODS: &[(&str, IndexMethod)] = &[
    ("btree", IndexMethod::Btree),
    ("gin", IndexMethod::Gin),
    ("gist", IndexMethod::Gist),
    ("brin", IndexMethod::Brin),
    ("hash", IndexMethod::Hash),
];

pub const POLICY_COMMANDS: &[(&str, PolicyCommand)] = &[
    ("all", PolicyCommand::All),
    ("select", PolicyCommand::Select),
    ("insert", PolicyCommand::Insert),
    ("update", PolicyCommand::Update),
    ("delete", PolicyCommand::Delete),
];

pub const REFERENTIAL_ACTIONS: &[(&str, ReferentialAction)] = &[
    ("no action", ReferentialAction::NoAction),
    ("restrict", ReferentialAction::Restrict),
    ("cascade", ReferentialAction::Cascade),
    ("set null", ReferentialAction::SetNull),
    ("set default", ReferentialAction::SetDefault),
];
