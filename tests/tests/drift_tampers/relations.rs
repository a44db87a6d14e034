//! Tamperings with views and materialized views (bodies, options, comments), tables (replica identity, storage, publications), undeclared objects of every kind, and functions (body and every attribute).

use crate::*;

pub(crate) const RELATIONS: &[Tamper] = &[
    Tamper {
        kind: "view body",
        sql: |c| format!(
            "CREATE OR REPLACE VIEW public.v_growth_rates WITH (security_invoker = true) AS SELECT * FROM ({}) AS tampered WHERE false",
            body_of(c, "v_growth_rates")
        ),
        expect: &[("view public.v_growth_rates", "definition")],
        edit: Some(|c| {
            let v = view(c, "v_growth_rates");
            v.definition = format!("SELECT * FROM ({}) AS tampered WHERE false", v.definition);
        }),
    },
    // The next two change how a deployed view renders without touching its
    // stored query: drift must not trust a rendering kept from before.
    Tamper {
        kind: "view column renamed",
        sql: |_| "ALTER VIEW public.v_growth_rates RENAME COLUMN weeks_ago TO tampered_name".into(),
        expect: &[
            ("view public.v_growth_rates", "definition"),
            ("view column public.v_growth_rates.tampered_name", "extra"),
            ("view column public.v_growth_rates.weeks_ago", "missing"),
        ],
        edit: None,
    },
    Tamper {
        kind: "column renamed under views",
        sql: |_| "ALTER TABLE public.ceo_time_savings RENAME COLUMN manual_actions_avoided TO tampered_avoided".into(),
        expect: &[
            ("column public.ceo_time_savings.tampered_avoided", "extra"),
            ("column public.ceo_time_savings.manual_actions_avoided", "missing"),
            ("constraint ceo_time_savings_manual_actions_avoided_check on public.ceo_time_savings", "definition"),
            ("view public.v_ceo_time_savings_30d", "definition"),
            ("view public.v_ceo_time_savings_ytd", "definition"),
        ],
        edit: None,
    },
    Tamper {
        kind: "view option security_barrier",
        sql: |_| "ALTER VIEW public.v_operator_rankings SET (security_barrier = true)".into(),
        expect: &[("view public.v_operator_rankings", "options")],
        edit: Some(|c| view(c, "v_operator_rankings").options.security_barrier = true),
    },
    Tamper {
        kind: "view without security_invoker",
        sql: |_| "ALTER VIEW public.v_audit_stats_7d SET (security_invoker = false)".into(),
        expect: &[("view public.v_audit_stats_7d", "options")],
        edit: Some(|c| view(c, "v_audit_stats_7d").options.security_invoker = false),
    },
    Tamper {
        kind: "view comment",
        sql: |_| "COMMENT ON VIEW public.v_cx_health_summary IS 'tampered'".into(),
        expect: &[("view public.v_cx_health_summary", "comment")],
        edit: Some(|c| view(c, "v_cx_health_summary").comment = "tampered".into()),
    },
    Tamper {
        kind: "view column comment",
        sql: |c| {
            let first = &c.views.iter().find(|v| v.name.name == "v_activation_rate_7d").expect("declared").columns[0].name;
            format!("COMMENT ON COLUMN public.v_activation_rate_7d.{first} IS 'tampered'")
        },
        expect: &[("view column public.v_activation_rate_7d.date", "comment")],
        edit: Some(|c| view(c, "v_activation_rate_7d").columns[0].comment = "tampered".into()),
    },
    Tamper {
        kind: "view dropped",
        sql: |_| "DROP VIEW public.v_export_daily_performance".into(),
        expect: &[("view public.v_export_daily_performance", "missing")],
        edit: Some(|c| c.views.retain(|v| v.name.name != "v_export_daily_performance")),
    },
    Tamper {
        kind: "view undeclared",
        sql: |_| "CREATE VIEW public.tamper_view AS SELECT 1 AS one".into(),
        expect: &[("view public.tamper_view", "extra")],
        edit: None,
    },
    Tamper {
        kind: "materialized view body",
        sql: |c| {
            let m = c.materialized_views.iter().find(|m| m.name.name == "v_customer_segment_trends").expect("cached");
            let key = m.indexes[0].columns.iter().map(|k| k.column.clone()).collect::<Vec<_>>().join(", ");
            let reader = c.views.iter().find(|v| v.name.name == "v_customer_segment_trends_rows").expect("cache reader");
            // The reader view depends on the cache: the tampered cache takes the
            // old one's place and the reader is pointed at it with its own text.
            format!(
                "ALTER MATERIALIZED VIEW analytics_cache.v_customer_segment_trends RENAME TO tampered_old; \
                 CREATE MATERIALIZED VIEW analytics_cache.v_customer_segment_trends AS SELECT * FROM ({}) AS tampered WHERE false; \
                 CREATE OR REPLACE VIEW analytics_cache.v_customer_segment_trends_rows AS {}; \
                 DROP MATERIALIZED VIEW analytics_cache.tampered_old; \
                 CREATE UNIQUE INDEX v_customer_segment_trends_key ON analytics_cache.v_customer_segment_trends ({key}); \
                 COMMENT ON MATERIALIZED VIEW analytics_cache.v_customer_segment_trends IS {}",
                m.definition,
                reader.definition,
                schema_engine::sql::quote::literal(&m.comment)
            )
        },
        expect: &[("materialized view analytics_cache.v_customer_segment_trends", "definition")],
        edit: Some(|c| {
            let m = c.materialized_views.iter_mut().find(|m| m.name.name == "v_customer_segment_trends").expect("cached");
            m.definition = format!("SELECT * FROM ({}) AS tampered WHERE false", m.definition);
        }),
    },
    Tamper {
        kind: "materialized view storage parameter",
        sql: |_| "ALTER MATERIALIZED VIEW analytics_cache.v_category_trends_30d SET (fillfactor = 50)".into(),
        expect: &[("materialized view analytics_cache.v_category_trends_30d", "storage_parameters")],
        edit: None,
    },
    Tamper {
        kind: "replica identity",
        sql: |_| "ALTER TABLE public.cx_conversations REPLICA IDENTITY FULL".into(),
        expect: &[("table public.cx_conversations", "replica_identity")],
        edit: Some(|c| table(c, "cx_conversations").replica_identity = ReplicaIdentity::Full),
    },
    Tamper {
        kind: "table storage parameter",
        sql: |_| "ALTER TABLE public.inventory_snapshots SET (fillfactor = 80)".into(),
        expect: &[("table public.inventory_snapshots", "storage_parameters")],
        edit: Some(|c| table(c, "inventory_snapshots").options.push("fillfactor=80".into())),
    },
    Tamper {
        kind: "table comment",
        sql: |_| "COMMENT ON TABLE public.sku_performance IS 'tampered'".into(),
        expect: &[("table public.sku_performance", "comment")],
        edit: Some(|c| table(c, "sku_performance").comment = "tampered".into()),
    },
    Tamper {
        kind: "table undeclared",
        sql: |_| "CREATE TABLE public.tamper_table (id integer)".into(),
        expect: &[("table public.tamper_table", "extra")],
        edit: None,
    },
    Tamper {
        kind: "publication membership",
        sql: |_| "CREATE PUBLICATION tamper_pub FOR TABLE public.audit_log".into(),
        expect: &[("table public.audit_log", "publications")],
        edit: None,
    },
    Tamper {
        kind: "sequence undeclared",
        sql: |_| "CREATE SEQUENCE public.tamper_seq; GRANT USAGE ON SEQUENCE public.tamper_seq TO anon".into(),
        expect: &[("sequence public.tamper_seq", "extra")],
        edit: None,
    },
    Tamper {
        kind: "enum type undeclared",
        sql: |_| "CREATE TYPE public.tamper_mood AS ENUM ('calm', 'wild')".into(),
        expect: &[("type public.tamper_mood", "extra")],
        edit: None,
    },
    Tamper {
        kind: "extension undeclared",
        sql: |_| "CREATE EXTENSION citext SCHEMA public".into(),
        expect: &[("extension citext", "extra")],
        edit: None,
    },
    Tamper {
        kind: "schema comment",
        sql: |_| "COMMENT ON SCHEMA analytics_cache IS 'tampered'".into(),
        expect: &[("schema analytics_cache", "comment")],
        edit: Some(|c| c.schemas.iter_mut().find(|s| s.name == "analytics_cache").expect("cache").comment = Some("tampered".into())),
    },
];

pub(crate) const FUNCTIONS: &[Tamper] = &[
    Tamper {
        kind: "function body",
        sql: |_| "CREATE OR REPLACE FUNCTION public.set_updated_at() RETURNS trigger LANGUAGE plpgsql SET search_path = '' \
                  AS $$ BEGIN NEW.updated_at := pg_catalog.now() - interval '1 day'; RETURN NEW; END; $$".into(),
        expect: &[("function public.set_updated_at()", "body")],
        edit: Some(|c| function(c, "public.set_updated_at").body = " BEGIN NEW.updated_at := pg_catalog.now() - interval '1 day'; RETURN NEW; END; ".into()),
    },
    Tamper {
        kind: "function volatility",
        sql: |_| "ALTER FUNCTION public.get_shop_audit_trail(text) IMMUTABLE".into(),
        expect: &[("function public.get_shop_audit_trail(text)", "volatility")],
        edit: Some(|c| function(c, "public.get_shop_audit_trail").volatility = Volatility::Immutable),
    },
    Tamper {
        kind: "function strict",
        sql: |_| "ALTER FUNCTION public.export_audit_logs(date, date) STRICT".into(),
        expect: &[("function public.export_audit_logs(date, date)", "strict")],
        edit: Some(|c| function(c, "public.export_audit_logs").strict = true),
    },
    Tamper {
        kind: "function leakproof",
        sql: |_| "ALTER FUNCTION public.run_data_quality_checks() LEAKPROOF".into(),
        expect: &[("function public.run_data_quality_checks()", "leakproof")],
        edit: Some(|c| function(c, "public.run_data_quality_checks").leakproof = true),
    },
    Tamper {
        kind: "function parallel safety",
        sql: |_| "ALTER FUNCTION public.archive_old_audit_logs() PARALLEL SAFE".into(),
        expect: &[("function public.archive_old_audit_logs()", "parallel")],
        edit: Some(|c| function(c, "public.archive_old_audit_logs").parallel = schema_engine::catalog::Parallel::Safe),
    },
    Tamper {
        kind: "function security",
        sql: |_| "ALTER FUNCTION public.get_shop_audit_trail(text) SECURITY DEFINER".into(),
        expect: &[("function public.get_shop_audit_trail(text)", "security")],
        edit: Some(|c| function(c, "public.get_shop_audit_trail").security_definer = true),
    },
    Tamper {
        kind: "function search_path",
        sql: |_| "ALTER FUNCTION public.export_audit_logs(date, date) SET search_path = public".into(),
        expect: &[("function public.export_audit_logs(date, date)", "config")],
        edit: Some(|c| function(c, "public.export_audit_logs").config = vec![("search_path".into(), "public".into())]),
    },
    Tamper {
        kind: "function SET parameter",
        sql: |_| "ALTER FUNCTION public.run_data_quality_checks() SET work_mem = '64MB'".into(),
        expect: &[("function public.run_data_quality_checks()", "config")],
        edit: Some(|c| function(c, "public.run_data_quality_checks").config.push(("work_mem".into(), "64MB".into()))),
    },
    Tamper {
        kind: "function cost",
        sql: |_| "ALTER FUNCTION public.archive_old_audit_logs() COST 500".into(),
        expect: &[("function public.archive_old_audit_logs()", "cost")],
        edit: Some(|c| function(c, "public.archive_old_audit_logs").cost = 500),
    },
    Tamper {
        kind: "function rows",
        sql: |_| "ALTER FUNCTION public.get_shop_audit_trail(text) ROWS 50".into(),
        expect: &[("function public.get_shop_audit_trail(text)", "rows")],
        edit: Some(|c| function(c, "public.get_shop_audit_trail").rows = 50),
    },
    Tamper {
        kind: "function comment",
        sql: |_| "COMMENT ON FUNCTION public.export_audit_logs(date, date) IS 'tampered'".into(),
        expect: &[("function public.export_audit_logs(date, date)", "comment")],
        edit: Some(|c| function(c, "public.export_audit_logs").comment = "tampered".into()),
    },
    Tamper {
        kind: "function overload undeclared",
        sql: |_| "CREATE FUNCTION public.get_shop_audit_trail(shop_id integer) RETURNS integer LANGUAGE sql AS $$ SELECT shop_id $$".into(),
        expect: &[("function public.get_shop_audit_trail(integer)", "extra")],
        edit: None,
    },
    Tamper {
        kind: "function dropped",
        sql: |_| "DROP FUNCTION public.archive_old_audit_logs()".into(),
        expect: &[("function public.archive_old_audit_logs()", "missing")],
        edit: None,
    },
    Tamper {
        kind: "cache reader body",
        sql: |_| "CREATE OR REPLACE VIEW analytics_cache.v_customer_segment_summary_rows AS SELECT * FROM analytics_cache.v_customer_segment_summary".into(),
        expect: &[("view analytics_cache.v_customer_segment_summary_rows", "definition")],
        edit: Some(|c| {
            let reader = c.views.iter_mut().find(|v| v.name.name == "v_customer_segment_summary_rows").expect("cache reader");
            reader.definition = "SELECT * FROM analytics_cache.v_customer_segment_summary".into();
            reader.canonical = None;
        }),
    },
];
