//! The `#[table(...)]` and `#[column(...)]` attributes, parsed into typed receivers.
//!
//! darling rejects unknown and duplicate keys (suggesting the closest valid one)
//! and collects every error; nothing here interprets raw tokens by hand except the
//! small value types at the bottom.

use crate::sql_text::SqlText;
use darling::ast::{Data, NestedMeta};
use darling::util::{Flag, PathList, SpannedValue};
use darling::{FromDeriveInput, FromField, FromMeta};
use syn::{Attribute, Ident, Meta, Type};

#[derive(Debug, FromDeriveInput)]
#[darling(attributes(table), supports(struct_named), forward_attrs(doc))]
pub struct TableInput {
    pub ident: Ident,
    pub attrs: Vec<Attribute>,
    pub data: Data<(), ColumnField>,
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
}

#[derive(Debug, FromMeta)]
pub struct ReferencesAttr {
    /// `schema.table` or `table` (in `public`).
    pub table: SpannedValue<String>,
    pub column: SpannedValue<String>,
    #[darling(default)]
    pub on_delete: Option<ReferentialActionAttr>,
}

#[derive(Debug, FromMeta)]
pub struct IndexAttr {
    pub name: SpannedValue<String>,
    /// Key columns in order; `column(desc)` sorts descending.
    pub columns: IndexColumns,
    /// The access method: btree (default), gin, gist, brin, hash.
    #[darling(default)]
    pub using: Option<IndexMethodAttr>,
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
    pub command: PolicyCommandAttr,
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

/// Parses a keyword value (`"gin"`) into one of a fixed set, listing them on error.
macro_rules! keyword_enum {
    ($name:ident => $model:path { $($text:literal => $variant:ident),* $(,)? }) => {
        #[derive(Debug, Clone, Copy)]
        pub struct $name(pub $model);

        impl FromMeta for $name {
            fn from_string(value: &str) -> darling::Result<Self> {
                use $model as M;
                match value.to_ascii_lowercase().as_str() {
                    $($text => Ok(Self(M::$variant)),)*
                    _ => Err(darling::Error::unknown_field_with_alts(value, &[$($text),*])),
                }
            }
        }
    };
}

keyword_enum!(IndexMethodAttr => schema_engine::model::IndexMethod {
    "btree" => Btree, "gin" => Gin, "gist" => Gist, "brin" => Brin, "hash" => Hash,
});
keyword_enum!(PolicyCommandAttr => schema_engine::model::PolicyCommand {
    "all" => All, "select" => Select, "insert" => Insert, "update" => Update, "delete" => Delete,
});
keyword_enum!(ReferentialActionAttr => schema_engine::model::ReferentialAction {
    "no action" => NoAction, "restrict" => Restrict, "cascade" => Cascade, "set null" => SetNull, "set default" => SetDefault,
});
