//! One step of a migration and how risky it is.

use serde::Serialize;
use std::fmt;

/// How a step affects a live database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Safety {
    /// Metadata only, or a lock too short to notice.
    Safe,
    /// Blocks reads or writes of the table while it runs (e.g. an index build).
    HeavyLock,
    /// Rewrites the whole table under an exclusive lock.
    Rewrite,
    /// Can lose data; only planned with the declarations' consent.
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

/// One change: what it does, how risky it is, and its SQL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub description: String,
    pub safety: Safety,
    /// Why the step is classified so, or how to run it more gently.
    pub note: Option<String>,
    pub sql: String,
}

impl Step {
    pub fn new(safety: Safety, description: impl Into<String>, sql: impl Into<String>) -> Self {
        Self { description: description.into(), safety, note: None, sql: sql.into() }
    }

    pub fn safe(description: impl Into<String>, sql: impl Into<String>) -> Self {
        Self::new(Safety::Safe, description, sql)
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.safety, self.description)?;
        if let Some(note) = &self.note {
            write!(f, " ({note})")?;
        }
        Ok(())
    }
}
