//! Triggers: when they fire, on what, calling which function, and whether
//! they are enabled.

use super::QualifiedName;
use serde::{Deserialize, Serialize};

/// A trigger the project puts on a table the platform provides (Supabase's
/// `auth.users`): declared on the function it calls, since the table is not
/// the project's to declare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvidedTableTrigger {
    pub table: QualifiedName,
    pub trigger: Trigger,
}

/// A trigger calling a function of the schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    pub name: String,
    pub timing: TriggerTiming,
    pub events: Vec<TriggerEvent>,
    pub function: QualifiedName,
    /// `FOR EACH STATEMENT` instead of `FOR EACH ROW`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub for_each_statement: bool,
    /// `UPDATE OF columns`: fires only when one of them is updated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub update_of: Vec<String>,
    /// `WHEN (condition)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Arguments passed to the function (`TG_ARGV`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<String>,
    /// `ALTER TABLE … ENABLE / DISABLE TRIGGER`.
    #[serde(default, skip_serializing_if = "TriggerEnabled::is_default")]
    pub enabled: TriggerEnabled,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

impl Trigger {
    /// A row trigger with every default.
    pub fn new(name: impl Into<String>, timing: TriggerTiming, events: Vec<TriggerEvent>, function: QualifiedName) -> Self {
        Self {
            name: name.into(),
            timing,
            events,
            function,
            for_each_statement: false,
            update_of: Vec::new(),
            when: None,
            arguments: Vec::new(),
            enabled: TriggerEnabled::Origin,
            comment: String::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerTiming {
    Before,
    After,
    InsteadOf,
}

impl TriggerTiming {
    pub fn sql(self) -> &'static str {
        match self {
            Self::Before => "BEFORE",
            Self::After => "AFTER",
            Self::InsteadOf => "INSTEAD OF",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerEvent {
    Insert,
    Update,
    Delete,
    Truncate,
}

impl TriggerEvent {
    pub fn sql(self) -> &'static str {
        match self {
            Self::Insert => "INSERT",
            Self::Update => "UPDATE",
            Self::Delete => "DELETE",
            Self::Truncate => "TRUNCATE",
        }
    }
}

/// When a trigger fires (`pg_trigger.tgenabled`), which matters for logical
/// replication (`session_replication_role`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerEnabled {
    /// Fires in `origin` and `local` sessions: the normal state.
    #[default]
    Origin,
    /// Never fires.
    Disabled,
    /// Fires only in `replica` sessions.
    Replica,
    /// Fires in every session.
    Always,
}

impl TriggerEnabled {
    pub fn is_default(&self) -> bool {
        *self == Self::Origin
    }

    /// The `ALTER TABLE` action that sets this state.
    pub fn sql(self) -> &'static str {
        match self {
            Self::Origin => "ENABLE TRIGGER",
            Self::Disabled => "DISABLE TRIGGER",
            Self::Replica => "ENABLE REPLICA TRIGGER",
            Self::Always => "ENABLE ALWAYS TRIGGER",
        }
    }
}
