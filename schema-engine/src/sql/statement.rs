//! Typed DDL statements: values until the very end, when [`Statement::render`]
//! turns each into SQL with [`super::quote`].
//!
//! Statements own what they are about (a copy of the table, the index, the
//! function), so a plan can hold them without borrowing the catalogs it was
//! planned from. Each statement also knows what it costs a live database: the
//! lock it takes and whether it can run inside a transaction
//! ([`crate::plan::locks`]).

use crate::catalog::{CronJob, EnumType, FunctionId, MaterializedView, Sequence, Table, View};
use crate::model::{
    Column, Constraint, DefaultObjectType, Deferral, Identity, Index, Policy, Prerequisite, Privilege, QualifiedName,
    ReplicaIdentity, SqlType, Trigger, TriggerEnabled,
};

/// One DDL statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    /// `SET LOCAL lock_timeout …; SET LOCAL statement_timeout …`: the first
    /// statements of a transactional migration.
    SetTimeouts { lock: String, statement: String },
    /// Defines a platform function only where it is missing.
    EnsurePrerequisite(Prerequisite),
    CreateSchema { name: String },
    DropSchema { name: String },
    CreateExtension { name: String, schema: String },
    DropExtension { name: String },
    AlterExtensionSchema { name: String, schema: String },
    CreateEnum(EnumType),
    /// `ALTER TYPE … ADD VALUE … [BEFORE | AFTER] …` (PostgreSQL cannot remove
    /// one). A value added in a transaction cannot be used until it commits.
    AddEnumValue { name: QualifiedName, value: String, after: Option<String>, before: Option<String> },
    /// `ALTER TYPE … RENAME VALUE … TO …`: rows holding it keep it (a label is
    /// stored by its OID), under its new spelling.
    RenameEnumValue { name: QualifiedName, from: String, to: String },
    DropType(QualifiedName),
    /// A table with its columns and constraints (indexes and the rest follow).
    CreateTable(Table),
    DropTable(QualifiedName),
    RenameTable { table: QualifiedName, to: String },
    AlterTable { table: QualifiedName, action: TableAction },
    /// Moves an identity column's sequence past the values the column holds,
    /// right after `ADD GENERATED … AS IDENTITY` on a table with rows (whose
    /// lock it runs under): the new sequence starts at 1 otherwise, and the
    /// next insert would collide. `indexed`: the column leads a key or index,
    /// so its maximum is read from the index instead of a scan.
    SyncIdentitySequence { table: QualifiedName, column: String, indexed: bool },
    /// Revokes from PUBLIC and `grantees` what default privileges gave them on
    /// an identity column's new sequence (named by PostgreSQL, so found with
    /// `pg_get_serial_sequence`): inserts need no privilege on it.
    RevokeIdentitySequence { table: QualifiedName, column: String, grantees: Vec<String> },
    /// `CONCURRENTLY` builds without blocking writes, outside a transaction.
    CreateIndex { table: QualifiedName, index: Index, concurrently: bool },
    DropIndex { schema: String, name: String, concurrently: bool },
    /// `ALTER INDEX … RENAME TO` (SHARE UPDATE EXCLUSIVE: writes go on).
    RenameIndex { schema: String, name: String, to: String },
    /// Makes a pg_cron job active again where pg_cron is installed.
    ActivateJob { name: String },
    /// Drops the index only while it is the INVALID leftover of a failed
    /// concurrent build (a `DO` block), so the build can run again.
    DropInvalidIndex { schema: String, name: String },
    CreatePolicy { table: QualifiedName, policy: Policy },
    /// Roles, USING and WITH CHECK (command and kind cannot change in place).
    AlterPolicy { table: QualifiedName, policy: Policy },
    DropPolicy { table: QualifiedName, name: String },
    CreateTrigger { table: QualifiedName, trigger: Trigger },
    DropTrigger { table: QualifiedName, name: String },
    CreateSequence(Sequence),
    /// Brings a sequence's options to these.
    AlterSequence(Sequence),
    DropSequence(QualifiedName),
    /// `CREATE [OR REPLACE] VIEW`; OR REPLACE keeps the leading columns.
    CreateView { view: View, replace: bool },
    DropView(QualifiedName),
    /// `ALTER VIEW … SET (…)` / `RESET (…)`.
    AlterViewOptions { view: QualifiedName, set: Vec<String>, reset: Vec<String> },
    /// A materialized view, filled now.
    CreateMaterializedView(MaterializedView),
    DropMaterializedView(QualifiedName),
    /// `CREATE [OR REPLACE] FUNCTION` with every attribute.
    CreateFunction { function: crate::catalog::Function, replace: bool },
    DropFunction(FunctionId),
    /// `ALTER … OWNER TO`.
    Owner { target: Target, owner: String },
    /// `COMMENT ON … IS …` (`None` removes it).
    Comment { target: Target, text: Option<String> },
    Grant { target: Target, grantee: String, privileges: Vec<Privilege>, grant_option: bool },
    /// Revokes `privileges` (every privilege when empty) from `grantee`.
    Revoke { target: Target, grantee: String, privileges: Vec<Privilege> },
    /// `REVOKE ALL … FROM PUBLIC, …`: undoes what default privileges gave a new object.
    RevokeAll { target: Target, grantees: Vec<String> },
    AlterDefaultPrivileges { role: String, schema: Option<String>, object_type: DefaultObjectType, change: DefaultChange },
    /// Schedules (or reschedules) a pg_cron job where pg_cron is installed.
    Schedule(CronJob),
    /// Removes a pg_cron job where pg_cron is installed.
    Unschedule { name: String },
    /// `ALTER PUBLICATION … ADD / DROP TABLE`.
    Publication { publication: String, table: QualifiedName, add: bool },
}

/// A grant or revoke of default privileges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultChange {
    Grant { grantee: String, privileges: Vec<Privilege> },
    Revoke { grantee: String, privileges: Vec<Privilege> },
}

/// One `ALTER TABLE` action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableAction {
    AddColumn(Column),
    DropColumn(String),
    RenameColumn { from: String, to: String },
    /// `ALTER COLUMN … TYPE new [COLLATE c] USING column::new`.
    AlterColumnType { column: String, data_type: SqlType, collation: Option<String> },
    SetNotNull(String),
    DropNotNull(String),
    SetDefault { column: String, default: String },
    DropDefault(String),
    AddIdentity { column: String, identity: Identity },
    SetIdentity { column: String, identity: Identity },
    DropIdentity(String),
    /// `ALTER COLUMN … DROP EXPRESSION`: a generated column becomes a plain one.
    DropExpression(String),
    /// `ADD CONSTRAINT`, optionally `NOT VALID` (existing rows checked later by VALIDATE).
    AddConstraint { constraint: Constraint, not_valid: bool },
    /// `ADD CONSTRAINT name UNIQUE | PRIMARY KEY USING INDEX index`: a key over
    /// a unique index built beforehand (concurrently), which takes its name.
    AddConstraintUsingIndex { constraint: Constraint, index: String },
    ValidateConstraint(String),
    DropConstraint(String),
    /// Drops a CHECK the planner added only so that SET NOT NULL could skip
    /// its scan: nothing declared goes away.
    DropHelperCheck(String),
    /// `ALTER CONSTRAINT … [NOT] DEFERRABLE` (foreign keys only).
    AlterConstraint { name: String, deferral: Deferral },
    EnableRowLevelSecurity,
    DisableRowLevelSecurity,
    ForceRowLevelSecurity,
    NoForceRowLevelSecurity,
    ReplicaIdentity(ReplicaIdentity),
    SetTrigger { name: String, enabled: TriggerEnabled },
    SetOptions(Vec<String>),
    ResetOptions(Vec<String>),
}

/// What an owner, comment or privilege is attached to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Schema(String),
    Table(QualifiedName),
    View(QualifiedName),
    MaterializedView(QualifiedName),
    Sequence(QualifiedName),
    Function(FunctionId),
    Type(QualifiedName),
    /// A column of a table, view or materialized view.
    Column { relation: QualifiedName, column: String },
    /// An index, named by its schema and name.
    Index { schema: String, name: String },
    Constraint { table: QualifiedName, name: String },
    Policy { table: QualifiedName, name: String },
    Trigger { table: QualifiedName, name: String },
}
