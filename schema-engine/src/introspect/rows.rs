//! The rows of the catalog query ([`super::query`]), as it returns them.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub(super) struct CatalogRows {
    pub schemas: Vec<SchemaRow>,
    pub extensions: Vec<ExtensionRow>,
    pub relations: Vec<RelationRow>,
    pub columns: Vec<ColumnRow>,
    pub constraints: Vec<ConstraintRow>,
    pub indexes: Vec<IndexRow>,
    pub policies: Vec<PolicyRow>,
    pub triggers: Vec<TriggerRow>,
    pub provided_triggers: Vec<ProvidedTriggerRow>,
    pub sequences: Vec<SequenceRow>,
    pub functions: Vec<FunctionRow>,
    pub enums: Vec<EnumRow>,
    pub default_acl: Vec<DefaultAclRow>,
    pub has_cron: bool,
    pub session: super::Session,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct AclRow {
    pub grantee: String,
    pub privilege: String,
    pub grantable: bool,
}

#[derive(Debug, Deserialize)]
pub(super) struct SchemaRow {
    pub name: String,
    pub owner: String,
    pub comment: String,
    pub acl: Vec<AclRow>,
}

#[derive(Debug, Deserialize)]
pub(super) struct ExtensionRow {
    pub name: String,
    pub schema: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct RelationRow {
    pub oid: u32,
    pub schema: String,
    pub name: String,
    /// `pg_class.relkind`: r, p (tables), v, m, S.
    pub kind: String,
    pub owner: String,
    pub comment: String,
    pub acl: Vec<AclRow>,
    pub options: Vec<String>,
    pub rls: bool,
    pub forced: bool,
    pub replica_identity: String,
    pub replica_index: Option<String>,
    pub definition: Option<String>,
    pub publications: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct ColumnRow {
    pub relation: u32,
    pub name: String,
    #[serde(rename = "type")]
    pub data_type: String,
    pub not_null: bool,
    pub default: Option<String>,
    pub generated: Option<String>,
    /// `attidentity`: empty, `a` (always) or `d` (by default).
    pub identity: String,
    pub collation: Option<String>,
    pub comment: String,
    pub acl: Vec<AclRow>,
}

#[derive(Debug, Deserialize)]
pub(super) struct ConstraintRow {
    pub relation: u32,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub columns: Vec<String>,
    pub check: Option<String>,
    pub referenced_schema: Option<String>,
    pub referenced_table: Option<String>,
    pub referenced_columns: Vec<String>,
    pub on_delete: String,
    pub on_update: String,
    #[serde(rename = "match")]
    pub match_type: String,
    pub deferrable: bool,
    pub deferred: bool,
    pub validated: bool,
    pub definition: String,
    pub comment: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct IndexKeyRow {
    pub column: String,
    pub expression: bool,
    pub descending: bool,
    pub nulls_first: bool,
    pub opclass: Option<String>,
    pub collation: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct IndexRow {
    pub relation: u32,
    pub name: String,
    pub method: String,
    pub unique: bool,
    pub nulls_not_distinct: bool,
    pub keys: Vec<IndexKeyRow>,
    pub include: Vec<String>,
    pub predicate: Option<String>,
    pub options: Vec<String>,
    pub valid: bool,
    pub comment: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct PolicyRow {
    pub relation: u32,
    pub name: String,
    pub command: String,
    pub permissive: bool,
    pub roles: Vec<String>,
    pub using: Option<String>,
    pub with_check: Option<String>,
    pub comment: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct TriggerRow {
    pub relation: u32,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: i32,
    pub enabled: String,
    pub function_schema: String,
    pub function: String,
    pub update_of: Vec<String>,
    pub arguments: Vec<String>,
    pub definition: String,
    pub has_when: bool,
    pub comment: String,
}

/// The project's trigger on a table the platform provides.
#[derive(Debug, Deserialize)]
pub(super) struct ProvidedTriggerRow {
    pub schema: String,
    pub table: String,
    #[serde(flatten)]
    pub trigger: TriggerRow,
}

#[derive(Debug, Deserialize)]
pub(super) struct SequenceRow {
    pub relation: u32,
    #[serde(rename = "type")]
    pub data_type: String,
    pub start: i64,
    pub increment: i64,
    pub min: i64,
    pub max: i64,
    pub cache: i64,
    pub cycle: bool,
    pub identity: bool,
    pub owned_by_schema: Option<String>,
    pub owned_by_table: Option<String>,
    pub owned_by_column: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct FunctionRow {
    pub schema: String,
    pub name: String,
    pub owner: String,
    pub comment: String,
    pub arg_names: Vec<String>,
    pub arg_types: Vec<String>,
    pub arg_modes: Vec<String>,
    pub arg_defaults: Option<String>,
    pub returns_trigger: bool,
    pub return_type: String,
    pub returns_set: bool,
    pub language: String,
    pub volatility: String,
    pub strict: bool,
    pub leakproof: bool,
    pub parallel: String,
    pub security_definer: bool,
    pub config: Vec<String>,
    pub cost: i64,
    pub rows: i64,
    pub body: String,
    pub acl: Vec<AclRow>,
}

#[derive(Debug, Deserialize)]
pub(super) struct EnumRow {
    pub schema: String,
    pub name: String,
    pub owner: String,
    pub comment: String,
    pub values: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct DefaultAclRow {
    pub role: String,
    pub schema: Option<String>,
    #[serde(rename = "type")]
    pub object_type: String,
    pub acl: Vec<AclRow>,
}

#[derive(Debug, Deserialize)]
pub(super) struct JobRow {
    pub name: String,
    pub schedule: String,
    pub command: String,
    pub active: bool,
}
