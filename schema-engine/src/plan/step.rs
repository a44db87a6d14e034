//! One step of a plan: what it does, the statements that do it, and what it
//! costs a live database (the lock it takes, whether it scans or rewrites the
//! table, whether it runs in a transaction), with a safety class on top.

use super::locks::{self, LockMode, TableAccess};
use crate::model::QualifiedName;
use crate::sql::Statement;
use serde::Serialize;
use std::fmt;

/// How a step affects a live database, from what its locks and scans cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Safety {
    /// Metadata only, a lock held for a moment, or a build that lets writes go on.
    Safe,
    /// Blocks writes to the table while it scans it (a plain index build).
    HeavyLock,
    /// Rewrites the whole table under an exclusive lock.
    Rewrite,
    /// Can lose data; only planned with the declarations' consent (or, in a
    /// repair, printed and marked).
    Destructive,
}

impl fmt::Display for Safety {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Safe => "safe",
            Self::HeavyLock => "heavy lock",
            Self::Rewrite => "rewrites table",
            Self::Destructive => "destructive",
        })
    }
}

/// Which migration of a change a step belongs to. A change that touches a
/// live table may take three: the transactional part, then each online index
/// operation on its own outside a transaction, then what waits for those
/// (validating constraints added `NOT VALID`, SET NOT NULL, jobs that refresh
/// a new cache).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Main,
    Online,
    Finish,
}

/// One step: a description, its statements and what they cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub description: String,
    pub safety: Safety,
    /// The strongest lock the step takes.
    pub lock: LockMode,
    /// The relation that lock is on.
    pub locked: Option<QualifiedName>,
    /// The strongest lock held while the step scans or rewrites the table.
    pub access_lock: LockMode,
    /// Whether the relation is created by the step (or the plan), so nobody
    /// else can be waiting for it.
    pub new_relation: bool,
    pub access: TableAccess,
    pub stage: Stage,
    /// The step runs in a transaction of its own that commits before the rest
    /// of its stage: PostgreSQL lets nothing use an enum value added in the
    /// same transaction (a default, a CHECK or a policy naming it would fail).
    pub commits_first: bool,
    /// Why the step is classified so, or how it could be run more gently.
    pub note: Option<String>,
    #[serde(skip)]
    pub statements: Vec<Statement>,
}

impl Step {
    /// A step whose cost is read off its statements.
    pub fn new(description: impl Into<String>, statements: Vec<Statement>) -> Self {
        let cost = locks::strongest(&statements);
        let online = statements.iter().any(|s| !locks::transactional(s));
        let mut step = Self {
            description: description.into(),
            safety: Safety::Safe,
            lock: cost.lock,
            locked: cost.locked,
            access_lock: cost.access_lock,
            new_relation: false,
            access: cost.access,
            stage: if online { Stage::Online } else { Stage::Main },
            commits_first: false,
            note: None,
            statements,
        };
        step.classify();
        step
    }

    /// The step is about a relation the plan creates: its locks wait for nobody.
    pub fn on_new_relation(mut self) -> Self {
        self.new_relation = true;
        // An empty relation's index builds and checks read nothing.
        if self.access == TableAccess::Scan {
            self.access = TableAccess::None;
        }
        self.classify();
        self
    }

    pub fn in_stage(mut self, stage: Stage) -> Self {
        self.stage = stage;
        self
    }

    /// The step commits in a transaction of its own before the rest of its
    /// stage runs (see [`Step::commits_first`]).
    pub fn in_own_transaction(mut self) -> Self {
        self.commits_first = true;
        self
    }

    /// The step can lose data.
    pub fn destructive(mut self) -> Self {
        self.safety = Safety::Destructive;
        self
    }

    /// The step rewrites the table (a volatile default, a type change).
    pub fn rewrites(mut self) -> Self {
        self.access = TableAccess::Rewrite;
        self.access_lock = self.lock;
        self.classify();
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Whether the step runs inside the migration's transaction.
    pub fn transactional(&self) -> bool {
        self.statements.iter().all(locks::transactional)
    }

    fn classify(&mut self) {
        if self.safety == Safety::Destructive {
            return;
        }
        self.safety = if self.new_relation {
            Safety::Safe
        } else if self.access == TableAccess::Rewrite {
            Safety::Rewrite
        } else if self.access == TableAccess::Scan && self.access_lock.blocks_writes() {
            Safety::HeavyLock
        } else {
            Safety::Safe
        };
    }

    /// What the step costs, in words: `ACCESS EXCLUSIVE on public.t for a
    /// moment, in the transaction`.
    pub fn cost(&self) -> String {
        let on = self.locked.as_ref().map(|r| format!(" on {r}")).unwrap_or_default();
        let lock = match (self.lock, self.new_relation) {
            (LockMode::None, _) => "no table lock".to_owned(),
            (mode, true) => format!("{mode}{on} (new, nobody waits)"),
            (mode, false) => format!("{mode}{on}"),
        };
        let under = if self.access_lock == self.lock {
            String::new()
        } else if self.access_lock.blocks_writes() {
            format!(" under {}", self.access_lock)
        } else {
            format!(" under {} (writes go on)", self.access_lock)
        };
        let access = match self.access {
            TableAccess::None if self.lock == LockMode::None => String::new(),
            TableAccess::None => ", for a moment".to_owned(),
            TableAccess::Scan if self.access_lock == self.lock => ", scans the table".to_owned(),
            TableAccess::Scan => format!(", for a moment; scans the table{under}"),
            TableAccess::Rewrite => format!(", rewrites the table{under}"),
        };
        let transaction = if self.transactional() { "in a transaction" } else { "outside a transaction" };
        format!("{lock}{access}; {transaction}")
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {} ({})", self.safety, self.description, self.cost())?;
        if let Some(note) = &self.note {
            write!(f, ": {note}")?;
        }
        Ok(())
    }
}
