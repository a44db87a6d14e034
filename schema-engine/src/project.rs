//! One project: a team's declarations with everything around them that the
//! toolkit must not guess — the platform it deploys to, its migration hints,
//! the prose and headers of its generated files, and its defaults.
//!
//! A project crate (Hot Rod's is `schema-def`) builds one [`Project`] value;
//! the CLI (`schema-cli`) and the test kit take it as their only input, so
//! nothing in them names a project's tables, roles or wording.

use crate::catalog::Catalog;
use crate::docs::DictionaryText;
use crate::model::{Platform, Schema};
use crate::plan::MigrationHints;
use crate::validate::{validate, SchemaError};
use std::path::PathBuf;

/// Everything the toolkit knows about one project.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project's name, as messages say it.
    pub name: String,
    /// How the project's team runs the CLI (`cargo xtask`), for the commands
    /// that messages suggest.
    pub command: String,
    /// The folder holding the project's `generated/` folder.
    pub root: PathBuf,
    /// The declarations, assembled but not yet validated.
    pub schema: Schema,
    /// Where the schema is deployed, and the settings of its migrations (API
    /// roles, exposed schemas, the owner, timeouts).
    pub platform: Platform,
    /// Renames and consents for the next migration.
    pub hints: MigrationHints,
    /// The data dictionary's prose and headings.
    pub dictionary: DictionaryText,
    /// Headers and names of the generated files.
    pub files: FileSettings,
    /// What a declaration gets when it does not say.
    pub defaults: Defaults,
}

/// The headers of the generated files, which say what writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSettings {
    /// The first line of `generated/schema.sql`.
    pub sql_header: String,
    /// The first line of every migration and rollback the planner writes.
    pub migration_header: String,
    /// `<version>_<name>` of the first migration, which creates the whole schema.
    pub initial_migration: String,
}

/// Defaults for what a declaration leaves unsaid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Defaults {
    /// Views run with `security_invoker = true` unless they say otherwise.
    pub view_security_invoker: bool,
}

impl Default for Defaults {
    fn default() -> Self {
        Self { view_security_invoker: crate::model::DEFAULT_SECURITY_INVOKER }
    }
}

/// A project's validated declarations and the catalog they lower to.
#[derive(Debug, Clone)]
pub struct Model {
    pub schema: Schema,
    pub catalog: Catalog,
}

impl Project {
    /// The declarations with the defaults applied, validated (every problem at
    /// once), and lowered.
    pub fn model(&self) -> Result<Model, Vec<SchemaError>> {
        let schema = self.schema();
        validate(&schema, &self.platform)?;
        let catalog = crate::lower::lower(&schema, &self.platform);
        Ok(Model { schema, catalog })
    }

    /// The declarations with the defaults applied, not yet validated.
    pub fn schema(&self) -> Schema {
        let mut schema = self.schema.clone();
        for view in &mut schema.views {
            view.security_invoker.get_or_insert(self.defaults.view_security_invoker);
        }
        schema
    }
}
