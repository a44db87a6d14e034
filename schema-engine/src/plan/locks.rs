//! What each statement costs a live database: the table lock PostgreSQL 15
//! takes for it (the "Lock" column of the ALTER TABLE and CREATE INDEX
//! reference pages), whether it reads or rewrites the table while holding it,
//! and whether it can run inside a transaction.

use crate::model::QualifiedName;
use crate::sql::{Statement, TableAction, Target};
use serde::Serialize;
use std::fmt;

/// A table lock mode, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LockMode {
    None,
    AccessShare,
    RowExclusive,
    ShareUpdateExclusive,
    Share,
    ShareRowExclusive,
    AccessExclusive,
}

impl LockMode {
    /// Whether the lock keeps INSERT, UPDATE and DELETE waiting.
    pub fn blocks_writes(self) -> bool {
        self >= Self::Share
    }
}

impl fmt::Display for LockMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::None => "no lock",
            Self::AccessShare => "ACCESS SHARE",
            Self::RowExclusive => "ROW EXCLUSIVE",
            Self::ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
            Self::Share => "SHARE",
            Self::ShareRowExclusive => "SHARE ROW EXCLUSIVE",
            Self::AccessExclusive => "ACCESS EXCLUSIVE",
        })
    }
}

/// What a statement does to the rows of the table it locks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableAccess {
    /// Catalog only: the lock is held for a moment.
    None,
    /// Reads every row (an index build, a validation).
    Scan,
    /// Writes every row again.
    Rewrite,
}

/// CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction block.
pub fn transactional(statement: &Statement) -> bool {
    !matches!(
        statement,
        Statement::CreateIndex { concurrently: true, .. } | Statement::DropIndex { concurrently: true, .. }
    )
}

/// The lock a statement takes, on which relation, and what it does to its rows.
pub fn cost(statement: &Statement) -> (LockMode, Option<QualifiedName>, TableAccess) {
    use LockMode::*;
    use TableAccess::{None as Catalog, Scan};
    let on = |name: &QualifiedName| Some(name.clone());
    match statement {
        Statement::CreateTable(table) => (AccessExclusive, on(&table.name), Catalog),
        Statement::DropTable(name) | Statement::RenameTable { table: name, .. } => (AccessExclusive, on(name), Catalog),
        Statement::AlterTable { table, action } => {
            let (mode, access) = table_action(action);
            (mode, on(table), access)
        }
        Statement::CreateIndex { table, concurrently: true, .. } => (ShareUpdateExclusive, on(table), Scan),
        Statement::CreateIndex { table, .. } => (Share, on(table), Scan),
        Statement::DropIndex { schema, name, concurrently: true } => {
            (ShareUpdateExclusive, Some(QualifiedName::new(schema, name)), Catalog)
        }
        Statement::DropIndex { schema, name, .. } | Statement::DropInvalidIndex { schema, name } => {
            (AccessExclusive, Some(QualifiedName::new(schema, name)), Catalog)
        }
        Statement::RenameIndex { schema, name, .. } => (ShareUpdateExclusive, Some(QualifiedName::new(schema, name)), Catalog),
        Statement::CreatePolicy { table, .. } | Statement::AlterPolicy { table, .. } | Statement::DropPolicy { table, .. } => {
            (AccessExclusive, on(table), Catalog)
        }
        Statement::CreateTrigger { table, .. } => (ShareRowExclusive, on(table), Catalog),
        Statement::DropTrigger { table, .. } => (AccessExclusive, on(table), Catalog),
        Statement::CreateView { view, replace: true } => (AccessExclusive, on(&view.name), Catalog),
        Statement::DropView(name) | Statement::DropMaterializedView(name) => (AccessExclusive, on(name), Catalog),
        Statement::AlterViewOptions { view, .. } => (AccessExclusive, on(view), Catalog),
        // Reads its sources under ACCESS SHARE, which blocks no write.
        Statement::CreateMaterializedView(view) => (AccessShare, on(&view.name), Scan),
        Statement::Owner { target, .. } => (AccessExclusive, relation(target), Catalog),
        Statement::Comment { target, .. } => (ShareUpdateExclusive, relation(target), Catalog),
        Statement::Publication { table, .. } => (ShareUpdateExclusive, on(table), Catalog),
        Statement::AlterSequence(sequence) => (RowExclusive, on(&sequence.name), Catalog),
        // Runs right after ADD IDENTITY, under its ACCESS EXCLUSIVE lock.
        Statement::SyncIdentitySequence { table, indexed, .. } => (AccessExclusive, on(table), if *indexed { Catalog } else { Scan }),
        Statement::DropSequence(name) => (AccessExclusive, on(name), Catalog),
        // Enum types, schemas, functions and privileges take no table lock
        // (ALTER TYPE locks the type itself, for a moment).
        _ => (None, Option::None, Catalog),
    }
}

/// The lock and row access of one ALTER TABLE action.
fn table_action(action: &TableAction) -> (LockMode, TableAccess) {
    use LockMode::*;
    use TableAccess::{None as Catalog, Rewrite, Scan};
    match action {
        TableAction::AlterColumnType { .. } => (AccessExclusive, Rewrite),
        // Without a validated CHECK (c IS NOT NULL) it scans every row under the lock.
        TableAction::SetNotNull(_) => (AccessExclusive, Catalog),
        TableAction::AddConstraint { constraint, not_valid } => {
            let foreign = matches!(constraint.kind, crate::model::ConstraintKind::ForeignKey { .. });
            let mode = if foreign { ShareRowExclusive } else { AccessExclusive };
            (mode, if *not_valid { Catalog } else { Scan })
        }
        TableAction::AddConstraintUsingIndex { .. } => (AccessExclusive, Catalog),
        TableAction::ValidateConstraint(_) => (ShareUpdateExclusive, Scan),
        TableAction::AlterConstraint { .. } => (ShareRowExclusive, Catalog),
        TableAction::SetTrigger { .. } => (ShareRowExclusive, Catalog),
        TableAction::SetOptions(_) | TableAction::ResetOptions(_) => (ShareUpdateExclusive, Catalog),
        TableAction::AddColumn(column) if column.identity.is_some() || column.generated.is_some() => (AccessExclusive, Rewrite),
        _ => (AccessExclusive, Catalog),
    }
}

/// The relation an owner or comment statement locks, if it is one.
fn relation(target: &Target) -> Option<QualifiedName> {
    match target {
        Target::Table(name) | Target::View(name) | Target::MaterializedView(name) | Target::Sequence(name) => Some(name.clone()),
        Target::Column { relation, .. } => Some(relation.clone()),
        Target::Constraint { table, .. } | Target::Policy { table, .. } | Target::Trigger { table, .. } => Some(table.clone()),
        Target::Index { schema, name } => Some(QualifiedName::new(schema, name)),
        _ => None,
    }
}

/// What a list of statements costs together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cost {
    /// The strongest lock, and the relation it is on.
    pub lock: LockMode,
    pub locked: Option<QualifiedName>,
    /// The heaviest row access, and the strongest lock held while doing it:
    /// a scan under SHARE UPDATE EXCLUSIVE lets writes go on, one under SHARE
    /// or stronger keeps them waiting.
    pub access: TableAccess,
    pub access_lock: LockMode,
}

/// The cost of running `statements` one after the other.
pub fn strongest(statements: &[Statement]) -> Cost {
    let mut total = Cost { lock: LockMode::None, locked: None, access: TableAccess::None, access_lock: LockMode::None };
    for statement in statements {
        let (mode, on, rows) = cost(statement);
        if mode > total.lock {
            total.lock = mode;
            total.locked = on;
        }
        if rows > total.access || (rows == total.access && rows != TableAccess::None && mode > total.access_lock) {
            total.access = rows;
            total.access_lock = mode;
        }
    }
    total
}
