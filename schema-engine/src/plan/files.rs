//! A plan as files: migration files that every supported runner applies
//! atomically, and scripts for psql (rollbacks and repairs).
//!
//! The runner owns the transaction: a migration file carries no BEGIN or
//! COMMIT, so sqlx's migrator, `supabase db push` and
//! `psql --single-transaction` each apply the file together with its history
//! row, or neither. Its first statements set the lock and statement timeouts
//! with `SET LOCAL`, which lasts until that transaction ends (the Supabase CLI
//! runs a file as one pipeline, where `SET LOCAL` holds for the rest of the
//! file too). An online step (`CREATE/DROP INDEX CONCURRENTLY`) gets a file of
//! its own whose first line is sqlx's `-- no-transaction`: sqlx sends such a
//! file as one simple query, where CONCURRENTLY must be the only statement.

use super::{Plan, Stage, Step};
use crate::model::{Platform, QualifiedName};
use crate::sql::Statement;

/// One migration file of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationFile {
    /// Runs in the runner's transaction; false for a lone online step.
    pub transactional: bool,
    pub stage: Stage,
    pub steps: Vec<Step>,
}

/// The transactional steps, then each online step in a file of its own, then
/// the steps that wait for them. Steps that must commit before the rest
/// (enum values added) come first, in a transactional file of their own when
/// anything follows them.
pub(super) fn split(plan: &Plan) -> Vec<MigrationFile> {
    let mut files = Vec::new();
    let of = |stage: Stage| plan.steps.iter().filter(move |s| s.stage == stage).cloned();
    let (first, mut main): (Vec<Step>, Vec<Step>) = of(Stage::Main).partition(|s| s.commits_first);
    if !first.is_empty() {
        if plan.steps.len() > first.len() {
            files.push(MigrationFile { transactional: true, stage: Stage::Main, steps: first });
        } else {
            main = first;
        }
    }
    if !main.is_empty() {
        files.push(MigrationFile { transactional: true, stage: Stage::Main, steps: main });
    }
    for step in of(Stage::Online) {
        files.push(MigrationFile { transactional: step.transactional(), stage: Stage::Online, steps: vec![step] });
    }
    let finish: Vec<Step> = of(Stage::Finish).collect();
    if !finish.is_empty() {
        files.push(MigrationFile { transactional: true, stage: Stage::Finish, steps: finish });
    }
    files
}

/// The line sqlx reads to run a file outside a transaction.
pub const NO_TRANSACTION: &str = "-- no-transaction";

/// The marker line `cargo xtask apply` reads to find the index an online file
/// builds (and drop an INVALID leftover of a failed run first).
pub const INDEX_BUILD_MARKER: &str = "-- concurrent index build: ";

impl MigrationFile {
    /// What the file does, in a few words, for a file name: `build_index_idx_x`,
    /// `validate`.
    pub fn slug(&self) -> String {
        match self.stage {
            Stage::Main if self.steps.iter().all(|s| s.commits_first) => "enum_values".to_owned(),
            Stage::Main => String::new(),
            Stage::Finish => "finish".to_owned(),
            Stage::Online => {
                let words: String = self.steps[0]
                    .description
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
                    .collect();
                let words: Vec<&str> = words.split('_').filter(|w| !w.is_empty() && *w != "on" && *w != "the").take(4).collect();
                words.join("_")
            }
        }
    }

    /// The file as written into the migrations folder.
    pub fn render(&self, header: &str, title: &str, platform: &Platform) -> String {
        let mut out = String::new();
        if !self.transactional {
            out.push_str(NO_TRANSACTION);
            out.push('\n');
        }
        out.push_str(header);
        out.push('\n');
        out.push_str(&format!("-- {title}\n"));
        if self.transactional {
            out.push_str("-- Runs in one transaction, opened by the runner: sqlx's migrator, `supabase db push`, or\n");
            out.push_str("-- `psql --single-transaction -v ON_ERROR_STOP=1 -f <file>`.\n");
            if self.steps.iter().all(|s| s.commits_first) {
                out.push_str("-- Adds enum values and commits before the next file runs: PostgreSQL lets no statement use\n");
                out.push_str("-- a value added in the same transaction.\n");
            }
            out.push('\n');
            let timeouts = Statement::SetTimeouts { lock: platform.lock_timeout.clone(), statement: platform.statement_timeout.clone() };
            out.push_str(&timeouts.render());
            out.push_str("\n\n");
        } else {
            online_header(&mut out, &self.steps[0]);
        }
        let lint = Lint { platform, recreated_views: self.created_views() };
        for step in &self.steps {
            render_step(&mut out, step, Some(&lint));
        }
        out
    }

    /// The views and materialized views the file creates (anew, not in place).
    fn created_views(&self) -> Vec<QualifiedName> {
        let statements = self.steps.iter().flat_map(|s| &s.statements);
        statements
            .filter_map(|s| match s {
                Statement::CreateView { view, replace: false } => Some(view.name.clone()),
                Statement::CreateMaterializedView(view) => Some(view.name.clone()),
                _ => None,
            })
            .collect()
    }
}

/// What a migration file's squawk exceptions look at besides the statement.
struct Lint<'a> {
    platform: &'a Platform,
    recreated_views: Vec<QualifiedName>,
}

fn online_header(out: &mut String, step: &Step) {
    out.push_str("-- Runs outside a transaction, because CONCURRENTLY cannot run inside one: sqlx reads the first\n");
    out.push_str("-- line, `supabase db push` runs a CONCURRENTLY statement on its own, and psql runs this file\n");
    out.push_str("-- without --single-transaction. The statement waits for no lock that blocks writes, so it sets\n");
    out.push_str("-- no lock_timeout, and an index build must not be cut short by a statement_timeout.\n");
    if let Some(Statement::CreateIndex { table, index, .. }) = step.statements.first() {
        let name = format!("{}.{}", table.schema, index.name);
        out.push_str(&format!(
            "-- A failed build leaves an INVALID index {name}: the `apply` verb drops it before it runs this\n\
             -- file again; with another runner, run `DROP INDEX CONCURRENTLY IF EXISTS {name};` first.\n"
        ));
        out.push_str(&format!("{INDEX_BUILD_MARKER}{name}\n"));
    }
    out.push('\n');
}

/// One step: its classification and cost as comments, then its statements;
/// in a migration file (`for_squawk`: the platform it runs on and what the
/// file creates), a statement that cannot satisfy a squawk rule names it
/// right above, with the reason in [`squawk_exception`].
fn render_step(out: &mut String, step: &Step, for_squawk: Option<&Lint<'_>>) {
    out.push_str(&format!("-- [{}] {}\n--   {}\n", step.safety, step.description, step.cost()));
    if let Some(note) = &step.note {
        out.push_str(&format!("--   {note}\n"));
    }
    for statement in &step.statements {
        if let Some(lint) = for_squawk {
            out.push_str(squawk_exception(statement, step.new_relation, lint));
        }
        out.push_str(statement.render().trim_end());
        out.push('\n');
    }
    out.push('\n');
}

/// The squawk rules a statement the planner writes cannot satisfy, named
/// right above it:
/// - a lone online statement: sqlx runs a `-- no-transaction` file as one
///   simple query, where CONCURRENTLY must be the only statement, so no
///   `SET lock_timeout` or `SET statement_timeout` can precede it (and the
///   build waits for no lock that blocks writes); `IF NOT EXISTS` would
///   accept the INVALID leftover of a failed build as done;
/// - moving an index aside while its replacement is built: queries never name
///   an index, so renaming one breaks no client;
/// - dropping the CHECK that only let SET NOT NULL skip its scan: nothing
///   declared goes away;
/// - making a column an identity `BY DEFAULT`: an insert that gives a value
///   keeps working, and one that gives none now gets one (ALWAYS, and
///   dropping an identity, do break inserts and stay flagged);
/// - dropping a function outside the schemas the API exposes (such as a
///   cache's former reader): it is no client's entry point, and the planner
///   drops it only after every declared object that called it has stopped;
/// - a plain index build on a relation the same transaction creates (`new`),
///   such as a recomputed cache: nobody can write to it before the commit.
///   squawk sees this for the tables a file creates, not for its
///   materialized views;
/// - dropping a view that the same file creates again (its columns change
///   type or place, which CREATE OR REPLACE VIEW cannot do; a materialized
///   view whose query changes): the view stays, under its name, grants and
///   comments, in the same transaction, so no client ever misses it; what
///   changes for clients is the declared change.
fn squawk_exception(statement: &Statement, new: bool, lint: &Lint<'_>) -> &'static str {
    use crate::sql::TableAction;
    let platform = lint.platform;
    match statement {
        Statement::DropView(name) | Statement::DropMaterializedView(name) if lint.recreated_views.contains(name) => {
            "-- squawk-ignore ban-drop-view\n"
        }
        Statement::CreateIndex { concurrently: false, .. } if new => "-- squawk-ignore require-concurrent-index-creation\n",
        Statement::AlterTable { action: TableAction::AddIdentity { identity: crate::model::Identity::ByDefault, .. }, .. } => {
            "-- squawk-ignore ban-alter-identity\n"
        }
        Statement::CreateIndex { concurrently: true, .. } => {
            "-- squawk-ignore prefer-robust-stmts, require-lock-timeout, require-statement-timeout\n"
        }
        Statement::DropIndex { concurrently: true, .. } => "-- squawk-ignore require-lock-timeout, require-statement-timeout\n",
        Statement::RenameIndex { .. } => "-- squawk-ignore renaming-object\n",
        Statement::AlterTable { action: TableAction::DropHelperCheck(_), .. } => "-- squawk-ignore ban-drop-constraint\n",
        Statement::DropFunction(function) if !platform.exposed_schemas.contains(&function.name.schema) => {
            "-- squawk-ignore ban-drop-function\n"
        }
        _ => "",
    }
}

/// Every step of a plan with its classification and SQL, in order, framed by
/// nothing: the whole schema for review (`generated/schema.sql`).
pub fn render_steps(plan: &Plan) -> String {
    let mut out = String::new();
    for step in &plan.steps {
        render_step(&mut out, step, None);
    }
    out
}

/// A plan as one psql script (`psql -v ON_ERROR_STOP=1 -f`, without
/// --single-transaction): each transactional part between BEGIN and COMMIT,
/// each online step on its own. Used for rollbacks and repairs, which a person
/// applies by hand.
pub fn render_script(plan: &Plan, header: &str, platform: &Platform) -> String {
    let mut out = format!("{header}\n");
    for file in plan.files() {
        out.push('\n');
        if file.transactional {
            out.push_str("BEGIN;\n\n");
            let timeouts = Statement::SetTimeouts { lock: platform.lock_timeout.clone(), statement: platform.statement_timeout.clone() };
            out.push_str(&timeouts.render());
            out.push_str("\n\n");
        } else {
            out.push_str("-- outside a transaction:\n");
        }
        for step in &file.steps {
            render_step(&mut out, step, None);
        }
        if file.transactional {
            out.push_str("COMMIT;\n");
        }
    }
    for note in &plan.manual {
        out.push_str(&format!("\n-- not done by this script, for a person to decide: {note}\n"));
    }
    out
}
