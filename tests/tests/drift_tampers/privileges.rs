//! Tamperings with privileges (every kind of object, column-level, PUBLIC, grant option, default privileges) and owners.

use crate::*;

pub(crate) const PRIVILEGES: &[Tamper] = &[
    Tamper {
        kind: "column privilege",
        sql: |_| "GRANT SELECT (id) ON public.sku_performance TO anon".into(),
        expect: &[("column public.sku_performance.id", "privileges")],
        edit: Some(|c| column(c, "sku_performance", "id").grants.push(grant("anon", vec![Privilege::Select]))),
    },
    Tamper {
        kind: "table privilege",
        sql: |_| "GRANT INSERT ON public.ceo_time_savings TO authenticated".into(),
        expect: &[("table public.ceo_time_savings", "privileges")],
        edit: Some(|c| table(c, "ceo_time_savings").grants.push(grant("authenticated", vec![Privilege::Insert]))),
    },
    Tamper {
        kind: "privilege for PUBLIC",
        sql: |_| "GRANT SELECT ON public.audit_log TO PUBLIC".into(),
        expect: &[("table public.audit_log", "privileges")],
        edit: Some(|c| table(c, "audit_log").grants.push(grant("PUBLIC", vec![Privilege::Select]))),
    },
    Tamper {
        kind: "grant option",
        sql: |_| "GRANT SELECT ON public.sales_metrics_daily TO authenticated WITH GRANT OPTION".into(),
        expect: &[("table public.sales_metrics_daily", "privileges")],
        edit: Some(|c| {
            let t = table(c, "sales_metrics_daily");
            let g = t.grants.iter_mut().find(|g| g.role == "authenticated").expect("granted");
            g.grantable.push(Privilege::Select);
        }),
    },
    Tamper {
        kind: "view privilege",
        sql: |_| "GRANT SELECT ON public.v_kpi_summary TO anon".into(),
        expect: &[("view public.v_kpi_summary", "privileges")],
        edit: Some(|c| view(c, "v_kpi_summary").grants.push(grant("anon", vec![Privilege::Select]))),
    },
    Tamper {
        kind: "view column privilege",
        sql: |c| {
            let first = &c.views.iter().find(|v| v.name.name == "v_sales_pulse_current").expect("declared").columns[0].name;
            format!("GRANT SELECT ({first}) ON public.v_sales_pulse_current TO anon")
        },
        expect: &[("view column public.v_sales_pulse_current.date", "privileges")],
        edit: Some(|c| view(c, "v_sales_pulse_current").columns[0].grants.push(grant("anon", vec![Privilege::Select]))),
    },
    Tamper {
        kind: "materialized view privilege",
        sql: |_| "GRANT SELECT ON analytics_cache.v_category_trends_30d TO authenticated".into(),
        expect: &[("materialized view analytics_cache.v_category_trends_30d", "privileges")],
        edit: Some(|c| {
            let m = c.materialized_views.iter_mut().find(|m| m.name.name == "v_category_trends_30d").expect("cached");
            m.grants.push(grant("authenticated", vec![Privilege::Select]));
        }),
    },
    Tamper {
        kind: "function privilege",
        sql: |_| "GRANT EXECUTE ON FUNCTION public.get_shop_audit_trail(text) TO anon".into(),
        expect: &[("function public.get_shop_audit_trail(text)", "privileges")],
        edit: Some(|c| function(c, "public.get_shop_audit_trail").grants.push(grant("anon", vec![Privilege::Execute]))),
    },
    Tamper {
        kind: "function executable by PUBLIC",
        sql: |_| "GRANT EXECUTE ON FUNCTION public.archive_old_audit_logs() TO PUBLIC".into(),
        expect: &[("function public.archive_old_audit_logs()", "privileges")],
        edit: Some(|c| function(c, "public.archive_old_audit_logs").grants.push(grant("PUBLIC", vec![Privilege::Execute]))),
    },
    Tamper {
        kind: "schema privilege CREATE",
        sql: |_| "GRANT CREATE ON SCHEMA public TO anon".into(),
        expect: &[("schema public", "privileges")],
        edit: Some(|c| {
            let s = c.schemas.iter_mut().find(|s| s.name == "public").expect("public");
            s.grants.iter_mut().find(|g| g.role == "anon").expect("usage").privileges.push(Privilege::Create);
        }),
    },
    Tamper {
        kind: "schema privilege USAGE",
        sql: |_| "GRANT USAGE ON SCHEMA analytics_cache TO anon".into(),
        expect: &[("schema analytics_cache", "privileges")],
        edit: Some(|c| {
            let s = c.schemas.iter_mut().find(|s| s.name == "analytics_cache").expect("cache schema");
            s.grants.push(grant("anon", vec![Privilege::Usage]));
        }),
    },
    Tamper {
        kind: "default privileges added",
        sql: |_| "ALTER DEFAULT PRIVILEGES IN SCHEMA analytics_cache GRANT SELECT ON TABLES TO anon".into(),
        expect: &[("default privileges of postgres on tables in schema analytics_cache", "privileges")],
        edit: Some(|c| {
            c.default_privileges.push(DefaultPrivilege {
                role: "postgres".into(),
                schema: Some("analytics_cache".into()),
                object_type: DefaultObjectType::Tables,
                grants: vec![grant("anon", vec![Privilege::Select])],
            })
        }),
    },
    Tamper {
        kind: "default privileges revoked",
        sql: |_| "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON FUNCTIONS FROM anon".into(),
        expect: &[("default privileges of postgres on functions in schema public", "privileges")],
        edit: Some(|c| {
            let d = c.default_privileges.iter_mut().find(|d| d.object_type == DefaultObjectType::Functions).expect("platform default");
            d.grants.retain(|g| g.role != "anon");
        }),
    },
];

pub(crate) const OWNERS: &[Tamper] = &[
    Tamper {
        kind: "table owner",
        sql: |_| "ALTER TABLE public.ceo_time_savings OWNER TO tamper_owner".into(),
        expect: &[("table public.ceo_time_savings", "owner")],
        edit: Some(|c| table(c, "ceo_time_savings").owner = "tamper_owner".into()),
    },
    Tamper {
        kind: "view owner",
        sql: |_| "ALTER VIEW public.v_kpi_summary OWNER TO tamper_owner".into(),
        expect: &[("view public.v_kpi_summary", "owner")],
        edit: Some(|c| view(c, "v_kpi_summary").owner = "tamper_owner".into()),
    },
    Tamper {
        kind: "function owner",
        sql: |_| "ALTER FUNCTION public.run_data_quality_checks() OWNER TO tamper_owner".into(),
        expect: &[("function public.run_data_quality_checks()", "owner")],
        edit: Some(|c| function(c, "public.run_data_quality_checks").owner = "tamper_owner".into()),
    },
    Tamper {
        kind: "schema owner",
        sql: |_| "ALTER SCHEMA analytics_cache OWNER TO tamper_owner".into(),
        expect: &[("schema analytics_cache", "owner")],
        edit: Some(|c| c.schemas.iter_mut().find(|s| s.name == "analytics_cache").expect("cache").owner = Some("tamper_owner".into())),
    },
    Tamper {
        kind: "materialized view owner",
        sql: |_| "ALTER MATERIALIZED VIEW analytics_cache.v_customer_segment_trends OWNER TO tamper_owner".into(),
        expect: &[("materialized view analytics_cache.v_customer_segment_trends", "owner")],
        edit: Some(|c| c.materialized_views.iter_mut().find(|m| m.name.name == "v_customer_segment_trends").expect("cached").owner = "tamper_owner".into()),
    },
];
