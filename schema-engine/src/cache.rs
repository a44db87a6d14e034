//! Cached views: what a view with a [`ViewCache`] becomes in the database.
//!
//! Some dashboard aggregates read hundreds of thousands of rows per call and
//! cannot answer in milliseconds however they are indexed. Such a view declares a
//! cache, and its declared SELECT is materialized instead of run on every read:
//!
//! ```text
//! public.v_x (security_invoker view, the API's name, same columns and grants)
//!   → <cache schema>.v_x_rows()      SECURITY DEFINER, returns the rows only to
//!                                    callers for whom `readable_when` holds;
//!                                    anyone else runs the declared SELECT under
//!                                    their own RLS instead (see `view_body`)
//!   → <cache schema>.v_x             materialized view of the declared SELECT,
//!                                    no privileges for any API role
//! <cache schema>.refresh_v_x()       REFRESH MATERIALIZED VIEW CONCURRENTLY,
//!                                    scheduled with pg_cron
//! ```
//!
//! The cache schema is not exposed by the API and no API role may select the
//! materialized view, so the rows are reachable only through the view, whose
//! reading function applies the same rule as the tables' row level security.
//! Every object here is derived from the view's declaration: nothing is written
//! twice, and [`Schema::lowered`] lists them for comparison with a catalog.

use crate::model::*;
use crate::sql::quote::{ident, qualified};

/// A view with a cache, and the schema-wide cache settings it uses.
#[derive(Debug, Clone, Copy)]
pub struct CachedView<'a> {
    pub view: &'a View,
    pub cache: &'a ViewCache,
    pub settings: &'a CacheSettings,
    /// The schema's API roles: everything not granted to them is revoked.
    pub api_roles: &'a [String],
}

impl<'a> CachedView<'a> {
    /// The view's cache, when it declares one and the schema has cache settings
    /// (validation rejects a cache without settings).
    pub fn of(schema: &'a Schema, view: &'a View) -> Option<Self> {
        Some(Self { view, cache: view.cache.as_ref()?, settings: schema.cache.as_ref()?, api_roles: &schema.api_roles })
    }

    /// The materialized view holding the rows: `<cache schema>.<view name>`.
    pub fn relation(&self) -> QualifiedName {
        QualifiedName::new(&self.settings.schema, &self.view.name.name)
    }

    /// Name of the unique index `REFRESH … CONCURRENTLY` needs.
    pub fn key_index_name(&self) -> String {
        format!("{}_key", self.view.name.name)
    }

    /// The unique index over the cache's key.
    pub fn key_index(&self) -> Index {
        Index {
            name: self.key_index_name(),
            columns: self.cache.key.iter().map(|c| IndexColumn { column: c.clone(), descending: false }).collect(),
            unique: true,
            method: IndexMethod::Btree,
            include: Vec::new(),
            predicate: None,
        }
    }

    /// The materialized view as the catalog will hold it.
    pub fn materialized_view(&self) -> MaterializedView {
        MaterializedView {
            name: self.relation(),
            comment: format!(
                "Cached rows of {} (refreshed at `{}` UTC by {}); read them through the view.",
                self.view.name,
                self.cache.refresh_cron,
                self.refresher_name()
            ),
            columns: self.view.columns.iter().map(|c| ViewColumn { comment: String::new(), ..c.clone() }).collect(),
            unique_key: self.cache.key.clone(),
            grants: Vec::new(),
        }
    }

    fn reader_name(&self) -> QualifiedName {
        QualifiedName::new(&self.settings.schema, format!("{}_rows", self.view.name.name))
    }

    fn refresher_name(&self) -> QualifiedName {
        QualifiedName::new(&self.settings.schema, format!("refresh_{}", self.view.name.name))
    }

    /// Roles that may read the view; they may call its reading function.
    pub fn reader_roles(&self) -> Vec<String> {
        let mut roles: Vec<String> = self
            .view
            .grants
            .iter()
            .filter(|g| g.privileges.contains(&Privilege::Select))
            .map(|g| g.role.clone())
            .collect();
        roles.sort();
        roles
    }

    /// The SECURITY DEFINER function the view reads: every cached row when the
    /// caller may see them, none otherwise.
    pub fn reader(&self) -> Function {
        let columns: Vec<String> = self.view.columns.iter().map(|c| format!("cached.{}", ident(&c.name))).collect();
        Function {
            name: self.reader_name(),
            comment: format!(
                "Rows of {} from its cache {}, for callers allowed to read them: {} Anyone else gets no rows.",
                self.view.name,
                self.relation(),
                self.settings.readable_when_reason
            ),
            arguments: Vec::new(),
            returns: FunctionReturn::Table {
                columns: self
                    .view
                    .columns
                    .iter()
                    .map(|c| FunctionArgument { name: c.name.clone(), data_type: c.data_type.clone() })
                    .collect(),
            },
            language: "sql".to_owned(),
            volatility: Volatility::Stable,
            security_definer: true,
            search_path: Some(String::new()),
            body: format!(
                "SELECT {}\nFROM {} AS cached\nWHERE {};",
                columns.join(", "),
                qualified(&self.relation()),
                self.settings.readable_when
            ),
            execute_roles: self.reader_roles(),
            schedule: None,
        }
    }

    /// The SECURITY DEFINER function that refreshes the cache without blocking
    /// readers; pg_cron calls it on the declared schedule.
    pub fn refresher(&self) -> Function {
        Function {
            name: self.refresher_name(),
            comment: format!(
                "Recomputes the cache of {} without blocking its readers (REFRESH MATERIALIZED VIEW CONCURRENTLY). Runs at `{}` UTC through pg_cron; call it after a bulk load to show new data at once.",
                self.view.name, self.cache.refresh_cron
            ),
            arguments: Vec::new(),
            returns: FunctionReturn::Scalar { data_type: SqlType::new("void") },
            language: "plpgsql".to_owned(),
            volatility: Volatility::Volatile,
            security_definer: true,
            search_path: Some(String::new()),
            body: format!("BEGIN\n    REFRESH MATERIALIZED VIEW CONCURRENTLY {};\nEND;", qualified(&self.relation())),
            execute_roles: self.settings.refresh_roles.clone(),
            schedule: Some(Schedule {
                job_name: format!("refresh-{}", self.view.name.name.replace('_', "-")),
                cron: self.cache.refresh_cron.clone(),
            }),
        }
    }

    /// The SELECT the public view runs. Callers allowed to read every row get
    /// the cache. Anyone else gets the declared SELECT itself, run under their
    /// own row level security, so an aggregate shows them exactly what it would
    /// uncached (typically zeros over no rows) at no cost: their policies hide
    /// every row. For allowed callers the second branch is cut off by a one-time
    /// filter and never runs.
    pub fn view_body(&self) -> String {
        let columns: Vec<String> = self.view.columns.iter().map(|c| ident(&c.name)).collect();
        let columns = columns.join(", ");
        let body = self.view.body.trim().trim_end_matches(';').trim_end();
        format!(
            "SELECT {columns}\nFROM {}() AS cached\nUNION ALL\nSELECT {columns}\nFROM (\n{body}\n) AS live\nWHERE NOT {}",
            qualified(&self.reader_name()),
            self.settings.readable_when
        )
    }
}

/// Every cached view of `schema`, in declaration order.
pub fn cached_views(schema: &Schema) -> Vec<CachedView<'_>> {
    schema.views.iter().filter_map(|view| CachedView::of(schema, view)).collect()
}

/// `SELECT <refresh>();` for every cache: fills them with the data now in the
/// tables (tests run it after loading fixtures; an ETL can run it after a load).
pub fn refresh_all_sql(schema: &Schema) -> String {
    cached_views(schema).iter().map(|c| format!("SELECT {}();\n", qualified(&c.refresher().name))).collect()
}

impl Schema {
    /// The schema with every object its caches imply listed explicitly: their
    /// materialized views and functions. This is what a catalog built from the
    /// schema holds, so [`crate::diff`] compares against it.
    pub fn lowered(&self) -> Schema {
        let mut lowered = self.clone();
        for cached in cached_views(self) {
            lowered.materialized_views.push(cached.materialized_view());
            lowered.functions.push(cached.reader());
            lowered.functions.push(cached.refresher());
        }
        lowered.canonicalize();
        lowered
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        Schema {
            api_roles: vec!["anon".into(), "authenticated".into(), "service_role".into()],
            exposed_schemas: vec!["public".into()],
            prerequisites: Vec::new(),
            tables: Vec::new(),
            views: vec![View {
                name: QualifiedName::new("public", "v_daily"),
                comment: "Daily".into(),
                group: "g".into(),
                columns: vec![
                    ViewColumn { name: "day".into(), data_type: SqlType::new("date"), comment: "d".into() },
                    ViewColumn { name: "total".into(), data_type: SqlType::new("numeric"), comment: "t".into() },
                ],
                body: "SELECT current_date AS day, 1::numeric AS total;".into(),
                security_invoker: true,
                grants: vec![Grant { role: "authenticated".into(), privileges: vec![Privilege::Select] }],
                cache: Some(ViewCache { key: vec!["day".into()], refresh_cron: "*/5 * * * *".into() }),
            }],
            functions: Vec::new(),
            cache: Some(CacheSettings {
                schema: "cache".into(),
                comment: "caches".into(),
                readable_when: "is_allowed()".into(),
                readable_when_reason: "allowed callers.".into(),
                refresh_roles: vec!["service_role".into()],
            }),
            materialized_views: Vec::new(),
        }
    }

    #[test]
    fn a_cache_derives_its_relation_functions_and_view_body() {
        let schema = schema();
        let cached = CachedView::of(&schema, &schema.views[0]).expect("cached");
        assert_eq!(cached.relation().to_string(), "cache.v_daily");
        let reader = cached.reader();
        assert_eq!(reader.name.to_string(), "cache.v_daily_rows");
        assert!(reader.security_definer && reader.search_path.as_deref() == Some(""));
        assert_eq!(reader.execute_roles, ["authenticated"], "readers of the view may call it");
        assert_eq!(reader.body, "SELECT cached.day, cached.total\nFROM cache.v_daily AS cached\nWHERE is_allowed();");
        let refresher = cached.refresher();
        assert_eq!(refresher.execute_roles, ["service_role"]);
        assert_eq!(refresher.schedule.as_ref().map(|s| s.job_name.as_str()), Some("refresh-v-daily"));
        assert_eq!(
            cached.view_body(),
            "SELECT day, total\nFROM cache.v_daily_rows() AS cached\nUNION ALL\nSELECT day, total\nFROM (\nSELECT current_date AS day, 1::numeric AS total\n) AS live\nWHERE NOT is_allowed()"
        );
        assert!(cached.materialized_view().grants.is_empty(), "no API role may select the cache");
    }

    #[test]
    fn lowering_lists_what_the_caches_imply() {
        let lowered = schema().lowered();
        assert_eq!(lowered.materialized_views.len(), 1);
        assert_eq!(lowered.materialized_views[0].unique_key, ["day"]);
        let names: Vec<String> = lowered.functions.iter().map(|f| f.name.to_string()).collect();
        assert_eq!(names, ["cache.v_daily_rows", "cache.refresh_v_daily"]);
    }

    #[test]
    fn validation_names_each_cache_problem() {
        let mut schema = schema();
        schema.views[0].cache = Some(ViewCache { key: vec!["nope".into()], refresh_cron: "hourly".into() });
        schema.exposed_schemas.push("cache".into());
        let errors = crate::validate::validate(&schema).expect_err("invalid");
        let texts: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            [
                "view public.v_daily: cache key column `nope` is not a column of the view",
                "view public.v_daily: cache refresh `hourly` is not a five-field cron expression (e.g. `*/15 * * * *`)",
                "view public.v_daily: caches in schema `cache`, which the API exposes; a cache must be out of the API's reach",
            ]
        );
        schema.cache = None;
        let errors = crate::validate::validate(&schema).expect_err("invalid");
        assert!(errors[0].to_string().contains("declares a cache, but the schema has no cache settings"), "{errors:?}");
    }
}
