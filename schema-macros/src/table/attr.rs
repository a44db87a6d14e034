//! The `#[table(...)]` and `#[column(...)]` attributes, parsed into typed receivers.
//!
//! darling rejects unknown and duplicate keys (suggesting the closest valid one)
//! and collects every error; nothing here interprets raw tokens by hand except the
//! small value types at the bottom.

use crate::sql_text::SqlText;
use darling::ast::NestedMeta;
use darling::util::{Flag, PathList, SpannedValue};
use darling::{FromDeriveInput, FromField, FromMeta};
use schema_engine::model::{Identity, IndexMethod, PolicyCommand, ReferentialAction};
use syn::{Attribute, Expr, ExprLit, Ident, Lit, Meta, Type};

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
    /// `replica_identity = "full" | "default" | "nothing"`, or
    /// `replica_identity(index = "...")`: what logical decoding sends of old rows.
    #[darling(default)]
    pub replica_identity: Option<ReplicaIdentityAttr>,
    /// Publications (the platform's) the table is a member of: `publications("supabase_realtime")`.
    #[darling(default)]
    pub publications: NameList,
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
    /// `identity = "by_default" | "always"`: GENERATED … AS IDENTITY.
    #[darling(default)]
    pub identity: Option<SpannedValue<String>>,
}

#[derive(Debug, FromMeta)]
pub struct ReferencesAttr {
    /// `schema.table` or `table` (in `public`); a table of the schema or one
    /// the platform provides (`auth.users`).
    pub table: SpannedValue<String>,
    pub column: SpannedValue<String>,
    #[darling(default)]
    /// no action (default), restrict, cascade, set null, set default.
    pub on_delete: Option<SpannedValue<String>>,
    #[darling(default)]
    /// As `on_delete`, when the referenced key changes.
    pub on_update: Option<SpannedValue<String>>,
}

/// `replica_identity = "full"`, or `replica_identity(index = "idx")`.
#[derive(Debug)]
pub enum ReplicaIdentityAttr {
    Keyword(SpannedValue<String>),
    Index(SpannedValue<String>),
}

impl FromMeta for ReplicaIdentityAttr {
    fn from_value(value: &Lit) -> darling::Result<Self> {
        match value {
            Lit::Str(text) => Ok(Self::Keyword(SpannedValue::new(text.value(), text.span()))),
            other => Err(darling::Error::unexpected_lit_type(other).with_span(other)),
        }
    }

    fn from_list(items: &[NestedMeta]) -> darling::Result<Self> {
        #[derive(FromMeta)]
        struct IndexForm {
            index: SpannedValue<String>,
        }
        IndexForm::from_list(items).map(|form| Self::Index(form.index))
    }
}

/// Names given as string literals or as paths: `publications("supabase_realtime")`.
#[derive(Debug, Default)]
pub struct NameList(pub Vec<SpannedValue<String>>);

impl FromMeta for NameList {
    fn from_list(items: &[NestedMeta]) -> darling::Result<Self> {
        let mut errors = darling::Error::accumulator();
        let mut names = Vec::new();
        for item in items {
            match item {
                NestedMeta::Lit(Lit::Str(text)) => names.push(SpannedValue::new(text.value(), text.span())),
                NestedMeta::Meta(Meta::Path(path)) => names.push(SpannedValue::new(crate::path::path_text(path), syn::spanned::Spanned::span(path))),
                other => errors.push(darling::Error::custom("expected a name, as a string or a path").with_span(other)),
            }
        }
        errors.finish_with(Self(names))
    }

    fn from_expr(expr: &Expr) -> darling::Result<Self> {
        match expr {
            Expr::Lit(ExprLit { lit: Lit::Str(text), .. }) => Ok(Self(vec![SpannedValue::new(text.value(), text.span())])),
            other => Err(darling::Error::custom("expected a list of names: `publications(\"name\", ...)`").with_span(other)),
        }
    }
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

/// `grant(to(role, ...), select, insert, ...)`, or `all` of them.
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
    #[darling(default)]
    pub references: Flag,
    #[darling(default)]
    pub trigger: Flag,
    /// Every privilege a table has (`GRANT ALL`).
    #[darling(default)]
    pub all: Flag,
}

impl GrantAttr {
    /// The privilege flags with their model values (`m` is the model module).
    fn flags(&self) -> [(&Flag, proc_macro2::TokenStream); 7] {
        [
            (&self.select, quote::quote!(m::Privilege::Select)),
            (&self.insert, quote::quote!(m::Privilege::Insert)),
            (&self.update, quote::quote!(m::Privilege::Update)),
            (&self.delete, quote::quote!(m::Privilege::Delete)),
            (&self.truncate, quote::quote!(m::Privilege::Truncate)),
            (&self.references, quote::quote!(m::Privilege::References)),
            (&self.trigger, quote::quote!(m::Privilege::Trigger)),
        ]
    }

    /// Whether any privilege is named.
    pub fn names_any(&self) -> bool {
        self.all.is_present() || self.flags().iter().any(|(flag, _)| flag.is_present())
    }

    /// One `Grant` model value per role, as tokens (`m` is the model module).
    pub fn to_model_tokens(&self) -> Vec<proc_macro2::TokenStream> {
        let mut privileges = Vec::new();
        for (flag, privilege) in self.flags() {
            if flag.is_present() || self.all.is_present() {
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

pub const IDENTITIES: &[(&str, Identity)] = &[("by_default", Identity::ByDefault), ("always", Identity::Always)];

pub const REPLICA_IDENTITIES: &[(&str, ReplicaKeyword)] =
    &[("default", ReplicaKeyword::Default), ("full", ReplicaKeyword::Full), ("nothing", ReplicaKeyword::Nothing)];

/// The keyword forms of `replica_identity`.
#[derive(Debug, Clone, Copy)]
pub enum ReplicaKeyword {
    Default,
    Full,
    Nothing,
}

pub const REFERENTIAL_ACTIONS: &[(&str, ReferentialAction)] = &[
    ("no action", ReferentialAction::NoAction),
    ("restrict", ReferentialAction::Restrict),
    ("cascade", ReferentialAction::Cascade),
    ("set null", ReferentialAction::SetNull),
    ("set default", ReferentialAction::SetDefault),
];
