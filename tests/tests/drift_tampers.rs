//! The drift tamper suite: one tampering per fresh copy of a migrated database.
//!
//! For every tamper kind:
//! 1. drift reports it, naming the object and the attribute (and reports
//!    nothing about any other object: no false alarms);
//! 2. the repair SQL, planned by the migration planner and applied with psql,
//!    brings the database back so that drift is clean;
//! 3. drift and the planner agree: the changes drift reports are the changes
//!    `migrate` plans when the declarations are edited the same way, and that
//!    migration, applied to another fresh copy, produces a database that drift
//!    finds equal to the edited declarations.
//!
//! The kinds are grouped in several tests so they run in parallel; each group
//! copies one migrated template database.

use anyhow::{ensure, Context, Result};
use schema_engine::catalog::{Catalog, Table};
use schema_engine::compare::{compare, Attribute, Change, ChangeKind, Renames};
use schema_engine::model::*;
use schema_engine::plan::{self, MigrationHints};
use schema_tests::catalog::{declared, drift, listing};
use schema_tests::migrations;
use schema_tests::pg::TestDatabase;
use schema_tests::runners::{apply_script, apply_with_psql};
use tokio::sync::OnceCell;

/// A tampering and what it must show.
struct Tamper {
    /// The kind of tampering; distinct across the suite.
    kind: &'static str,
    /// What is done to the database (several statements allowed).
    sql: fn(&Catalog) -> String,
    /// `(object, what)` drift must report: `what` is an attribute's name, or
    /// `extra` / `missing`. Every change reported must be about one of these objects.
    expect: &'static [(&'static str, &'static str)],
    /// The same change made to the declarations, where they can express it.
    edit: Option<fn(&mut Catalog)>,
}

/// The migrated template every tamper copies.
static TEMPLATE: OnceCell<TestDatabase> = OnceCell::const_new();

async fn template() -> Result<&'static TestDatabase> {
    TEMPLATE
        .get_or_try_init(|| async {
            let db = TestDatabase::create_with_baseline("tamper template").await?;
            migrations::apply(db.pool()).await?;
            // A role other than the owner, for the owner tamperings (roles are cluster-wide).
            sqlx::raw_sql(
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tamper_owner') THEN \
                 BEGIN CREATE ROLE tamper_owner NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END; \
                 END IF; END $$",
            )
            .execute(db.pool())
            .await?;
            db.close_for_copies().await;
            Ok::<_, anyhow::Error>(db)
        })
        .await
}

fn table<'a>(catalog: &'a mut Catalog, name: &str) -> &'a mut Table {
    catalog.tables.iter_mut().find(|t| t.name.name == name).unwrap_or_else(|| panic!("no table {name}"))
}

fn column<'a>(catalog: &'a mut Catalog, table_name: &str, name: &str) -> &'a mut Column {
    table(catalog, table_name).columns.iter_mut().find(|c| c.name == name).unwrap_or_else(|| panic!("no column {name}"))
}

fn index<'a>(catalog: &'a mut Catalog, table_name: &str, name: &str) -> &'a mut Index {
    table(catalog, table_name).indexes.iter_mut().find(|i| i.name == name).unwrap_or_else(|| panic!("no index {name}"))
}

fn trigger<'a>(catalog: &'a mut Catalog, table_name: &str) -> &'a mut Trigger {
    table(catalog, table_name).triggers.iter_mut().find(|t| t.name == "set_updated_at").expect("set_updated_at")
}

fn policy<'a>(catalog: &'a mut Catalog, table_name: &str, name: &str) -> &'a mut Policy {
    table(catalog, table_name).policies.iter_mut().find(|p| p.name == name).unwrap_or_else(|| panic!("no policy {name}"))
}

fn function<'a>(catalog: &'a mut Catalog, name: &str) -> &'a mut schema_engine::catalog::Function {
    catalog.functions.iter_mut().find(|f| f.name.to_string() == name).unwrap_or_else(|| panic!("no function {name}"))
}

fn view<'a>(catalog: &'a mut Catalog, name: &str) -> &'a mut schema_engine::catalog::View {
    catalog.views.iter_mut().find(|v| v.name.name == name).unwrap_or_else(|| panic!("no view {name}"))
}

fn grant(role: &str, privileges: Vec<Privilege>) -> Grant {
    Grant::new(role, privileges)
}

fn body_of(catalog: &Catalog, view: &str) -> String {
    catalog.views.iter().find(|v| v.name.name == view).expect("declared").definition.clone()
}

/// `(object, what)` of a change, as the expectations spell it.
fn key(change: &Change) -> (String, String) {
    let what = match &change.kind {
        ChangeKind::Added => "extra".to_owned(),
        ChangeKind::Removed => "missing".to_owned(),
        ChangeKind::Renamed { .. } => "renamed".to_owned(),
        ChangeKind::Altered { attribute, .. } => attribute.name().to_owned(),
    };
    (change.object.to_string(), what)
}

/// The changes' keys, with the values where they do not depend on how a body
/// is spelled (the declared text against the server's rendering).
fn agreement_keys(changes: &[Change]) -> Vec<(String, String, Option<(String, String)>)> {
    let mut keys: Vec<_> = changes
        .iter()
        .map(|change| {
            let (object, what) = key(change);
            let values = match &change.kind {
                ChangeKind::Altered { attribute: Attribute::Definition | Attribute::Body, .. } => None,
                // Expressions as PostgreSQL prints them and as declared compare normalized.
                ChangeKind::Altered { old, new, .. } => Some((schema_engine::expr::normalize(old), schema_engine::expr::normalize(new))),
                _ => None,
            };
            (object, what, values)
        })
        .collect();
    keys.sort();
    keys
}

async fn check(tamper: &Tamper) -> Result<()> {
    let template = template().await?;
    let declared = declared()?;
    let db = TestDatabase::copy_of(template.name(), tamper.kind).await?;
    let sql = (tamper.sql)(&declared);
    sqlx::raw_sql(&sql).execute(db.pool()).await.with_context(|| format!("{}: tampering with\n{sql}", tamper.kind))?;

    // 1. Detected, naming the object; nothing else reported.
    let (rendered, live, changes) = drift(&db, &declared).await?;
    let found: Vec<(String, String)> = changes.iter().map(key).collect();
    for (object, what) in tamper.expect {
        ensure!(
            found.iter().any(|(o, w)| o == object && w == what),
            "{}: expected `{object}: {what}`, drift reported:\n{}",
            tamper.kind,
            listing(&changes)
        );
    }
    for change in &changes {
        let object = change.object.to_string();
        ensure!(
            tamper.expect.iter().any(|(o, _)| *o == object),
            "{}: drift also reported another object (a false alarm?):\n{}",
            tamper.kind,
            listing(&changes)
        );
        ensure!(change.to_string().starts_with(&object), "{}: the message names the object: {change}", tamper.kind);
    }

    // 2. The repair restores the declarations.
    let repair = plan::repair(&live, &rendered);
    ensure!(!repair.steps.is_empty(), "{}: no repair planned for\n{}", tamper.kind, listing(&changes));
    apply_script(&db, &repair, tamper.kind, &declared)?;
    let (_, _, after) = drift(&db, &declared).await?;
    let script = plan::render_script(&repair, "-- repair", &declared.platform);
    ensure!(after.is_empty(), "{}: drift after the repair:\n{}--- repair ---\n{script}", tamper.kind, listing(&after));

    // 3. Drift and the planner agree.
    if let Some(edit) = tamper.edit {
        let mut edited = declared.clone();
        edit(&mut edited);
        edited.canonicalize();
        let planned = compare(&declared, &edited, &Renames::default());
        ensure!(
            agreement_keys(&planned) == agreement_keys(&changes),
            "{}: migrate would plan other changes than drift reports.\nmigrate:\n{}drift:\n{}",
            tamper.kind,
            listing(&planned),
            listing(&changes)
        );
        let (forward, _) = plan::plan(&declared, &edited, &MigrationHints { allow_data_loss: vec!["*".into()], ..Default::default() })
            .or_else(|_| plan::plan(&declared, &edited, &consent_to_everything(&declared)))
            .map_err(|e| anyhow::anyhow!("{}: {e:?}", tamper.kind))?;
        let copy = TestDatabase::copy_of(template.name(), tamper.kind).await?;
        apply_with_psql(&copy, &forward, tamper.kind, &edited)?;
        let (_, _, migrated) = drift(&copy, &edited).await?;
        ensure!(migrated.is_empty(), "{}: the migration to the edited declarations left:\n{}", tamper.kind, listing(&migrated));
    }
    println!("{}: {} change(s) detected, repaired in {} step(s)", tamper.kind, changes.len(), repair.steps.len());
    Ok(())
}

/// Consent to lose any table's or column's data (tampers that drop things).
fn consent_to_everything(catalog: &Catalog) -> MigrationHints {
    let mut allow = Vec::new();
    for table in &catalog.tables {
        allow.push(table.name.to_string());
        allow.extend(table.columns.iter().map(|c| format!("{}.{}", table.name, c.name)));
    }
    MigrationHints { allow_data_loss: allow, ..MigrationHints::default() }
}

async fn check_all(tampers: &[Tamper]) -> Result<()> {
    let mut failures = Vec::new();
    for tamper in tampers {
        if let Err(error) = check(tamper).await {
            failures.push(format!("{error:#}"));
        }
    }
    ensure!(failures.is_empty(), "{} of {} tamper kinds failed:\n\n{}", failures.len(), tampers.len(), failures.join("\n\n"));
    Ok(())
}

const PRIVILEGES: &[Tamper] = &[
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

const OWNERS: &[Tamper] = &[
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

const INDEXES: &[Tamper] = &[
    Tamper {
        kind: "index NULLS order",
        sql: |_| "DROP INDEX public.idx_sales_metrics_date; CREATE UNIQUE INDEX idx_sales_metrics_date ON public.sales_metrics_daily (date DESC NULLS LAST)".into(),
        expect: &[("index idx_sales_metrics_date on public.sales_metrics_daily", "keys")],
        edit: Some(|c| index(c, "sales_metrics_daily", "idx_sales_metrics_date").columns[0].nulls_first = Some(false)),
    },
    Tamper {
        kind: "index operator class",
        sql: |_| "DROP INDEX public.idx_sku_performance_sku; CREATE INDEX idx_sku_performance_sku ON public.sku_performance (sku text_pattern_ops)".into(),
        expect: &[("index idx_sku_performance_sku on public.sku_performance", "keys")],
        edit: Some(|c| index(c, "sku_performance", "idx_sku_performance_sku").columns[0].opclass = Some("text_pattern_ops".into())),
    },
    Tamper {
        kind: "index collation",
        sql: |_| "DROP INDEX public.idx_inventory_snapshots_sku; CREATE INDEX idx_inventory_snapshots_sku ON public.inventory_snapshots (sku COLLATE \"POSIX\")".into(),
        expect: &[("index idx_inventory_snapshots_sku on public.inventory_snapshots", "keys")],
        edit: Some(|c| index(c, "inventory_snapshots", "idx_inventory_snapshots_sku").columns[0].collation = Some("POSIX".into())),
    },
    Tamper {
        kind: "index INCLUDE",
        sql: |_| "DROP INDEX public.idx_fulfillment_order_id; CREATE UNIQUE INDEX idx_fulfillment_order_id ON public.fulfillment_tracking (shopify_order_id) INCLUDE (order_number)".into(),
        expect: &[("index idx_fulfillment_order_id on public.fulfillment_tracking", "include")],
        edit: Some(|c| index(c, "fulfillment_tracking", "idx_fulfillment_order_id").include.push("order_number".into())),
    },
    Tamper {
        kind: "index predicate",
        sql: |_| "DROP INDEX public.idx_cx_escalations; CREATE INDEX idx_cx_escalations ON public.cx_conversations (escalated_at DESC) WHERE is_escalated = false".into(),
        expect: &[("index idx_cx_escalations on public.cx_conversations", "predicate")],
        edit: Some(|c| index(c, "cx_conversations", "idx_cx_escalations").predicate = Some("is_escalated = false".into())),
    },
    Tamper {
        kind: "index method",
        sql: |_| "DROP INDEX public.idx_ceo_time_savings_date; CREATE INDEX idx_ceo_time_savings_date ON public.ceo_time_savings USING hash (date)".into(),
        expect: &[
            ("index idx_ceo_time_savings_date on public.ceo_time_savings", "method"),
            ("index idx_ceo_time_savings_date on public.ceo_time_savings", "keys"),
            ("index idx_ceo_time_savings_date on public.ceo_time_savings", "unique"),
        ],
        edit: Some(|c| {
            let i = index(c, "ceo_time_savings", "idx_ceo_time_savings_date");
            i.method = IndexMethod::Hash;
            i.unique = false;
            i.columns[0].descending = false;
        }),
    },
    Tamper {
        kind: "index uniqueness",
        sql: |_| "DROP INDEX public.idx_customer_segments_segment; CREATE UNIQUE INDEX idx_customer_segments_segment ON public.customer_segments (primary_segment)".into(),
        expect: &[("index idx_customer_segments_segment on public.customer_segments", "unique")],
        edit: Some(|c| index(c, "customer_segments", "idx_customer_segments_segment").unique = true),
    },
    Tamper {
        kind: "index dropped",
        sql: |_| "DROP INDEX public.idx_customer_segments_lifecycle".into(),
        expect: &[("index idx_customer_segments_lifecycle on public.customer_segments", "missing")],
        edit: Some(|c| table(c, "customer_segments").indexes.retain(|i| i.name != "idx_customer_segments_lifecycle")),
    },
    Tamper {
        kind: "index undeclared",
        sql: |_| "CREATE INDEX tamper_audit_actor ON public.audit_log (actor)".into(),
        expect: &[("index tamper_audit_actor on public.audit_log", "extra")],
        edit: Some(|c| table(c, "audit_log").indexes.push(Index { name: "tamper_audit_actor".into(), columns: vec![IndexColumn::new("actor", false)], ..Index::default() })),
    },
    Tamper {
        kind: "index left INVALID",
        sql: |_| "UPDATE pg_catalog.pg_index SET indisvalid = false WHERE indexrelid = 'public.idx_operator_sla_operator'::regclass".into(),
        expect: &[("index idx_operator_sla_operator on public.operator_sla_resolution", "valid")],
        // An INVALID index cannot be declared.
        edit: None,
    },
    Tamper {
        kind: "index storage parameter",
        sql: |_| "ALTER INDEX public.idx_shop_activation_date SET (fillfactor = 70)".into(),
        expect: &[("index idx_shop_activation_date on public.shop_activation_metrics", "storage_parameters")],
        edit: Some(|c| index(c, "shop_activation_metrics", "idx_shop_activation_date").options.push("fillfactor=70".into())),
    },
    Tamper {
        kind: "index comment",
        sql: |_| "COMMENT ON INDEX public.idx_audit_log_created_at IS 'tampered'".into(),
        expect: &[("index idx_audit_log_created_at on public.audit_log", "comment")],
        edit: Some(|c| index(c, "audit_log", "idx_audit_log_created_at").comment = "tampered".into()),
    },
    Tamper {
        kind: "cache key index dropped",
        sql: |_| "DROP INDEX analytics_cache.v_inventory_velocity_trends_key".into(),
        expect: &[("index v_inventory_velocity_trends_key on analytics_cache.v_inventory_velocity_trends", "missing")],
        edit: Some(|c| c.materialized_views.iter_mut().find(|m| m.name.name == "v_inventory_velocity_trends").expect("cached").indexes.clear()),
    },
];

const TRIGGERS: &[Tamper] = &[
    Tamper {
        kind: "trigger disabled",
        sql: |_| "ALTER TABLE public.sku_performance DISABLE TRIGGER set_updated_at".into(),
        expect: &[("trigger set_updated_at on public.sku_performance", "enabled")],
        edit: Some(|c| trigger(c, "sku_performance").enabled = TriggerEnabled::Disabled),
    },
    Tamper {
        kind: "trigger enabled for replicas only",
        sql: |_| "ALTER TABLE public.customer_segments ENABLE REPLICA TRIGGER set_updated_at".into(),
        expect: &[("trigger set_updated_at on public.customer_segments", "enabled")],
        edit: Some(|c| trigger(c, "customer_segments").enabled = TriggerEnabled::Replica),
    },
    Tamper {
        kind: "trigger enabled always",
        sql: |_| "ALTER TABLE public.product_categories ENABLE ALWAYS TRIGGER set_updated_at".into(),
        expect: &[("trigger set_updated_at on public.product_categories", "enabled")],
        edit: Some(|c| trigger(c, "product_categories").enabled = TriggerEnabled::Always),
    },
    Tamper {
        kind: "trigger timing",
        sql: |_| "DROP TRIGGER set_updated_at ON public.fulfillment_tracking; CREATE TRIGGER set_updated_at AFTER UPDATE ON public.fulfillment_tracking FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()".into(),
        expect: &[("trigger set_updated_at on public.fulfillment_tracking", "timing")],
        edit: Some(|c| trigger(c, "fulfillment_tracking").timing = TriggerTiming::After),
    },
    Tamper {
        kind: "trigger events",
        sql: |_| "DROP TRIGGER set_updated_at ON public.cx_conversations; CREATE TRIGGER set_updated_at BEFORE INSERT OR UPDATE ON public.cx_conversations FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()".into(),
        expect: &[("trigger set_updated_at on public.cx_conversations", "events")],
        edit: Some(|c| trigger(c, "cx_conversations").events.insert(0, TriggerEvent::Insert)),
    },
    Tamper {
        kind: "trigger WHEN condition",
        sql: |_| "DROP TRIGGER set_updated_at ON public.shop_activation_metrics; CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.shop_activation_metrics FOR EACH ROW WHEN (old.total_shops IS DISTINCT FROM new.total_shops) EXECUTE FUNCTION public.set_updated_at()".into(),
        expect: &[("trigger set_updated_at on public.shop_activation_metrics", "when")],
        edit: Some(|c| trigger(c, "shop_activation_metrics").when = Some("(old.total_shops IS DISTINCT FROM new.total_shops)".into())),
    },
    Tamper {
        kind: "trigger level",
        sql: |_| "DROP TRIGGER set_updated_at ON public.operator_sla_resolution; CREATE TRIGGER set_updated_at AFTER UPDATE ON public.operator_sla_resolution FOR EACH STATEMENT EXECUTE FUNCTION public.set_updated_at()".into(),
        expect: &[("trigger set_updated_at on public.operator_sla_resolution", "level"), ("trigger set_updated_at on public.operator_sla_resolution", "timing")],
        edit: Some(|c| {
            let t = trigger(c, "operator_sla_resolution");
            t.for_each_statement = true;
            t.timing = TriggerTiming::After;
        }),
    },
    Tamper {
        kind: "trigger undeclared",
        sql: |_| "CREATE TRIGGER tamper_touch BEFORE UPDATE ON public.audit_log FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()".into(),
        expect: &[("trigger tamper_touch on public.audit_log", "extra")],
        edit: Some(|c| {
            let t = Trigger::new("tamper_touch", TriggerTiming::Before, vec![TriggerEvent::Update], QualifiedName::new("public", "set_updated_at"));
            table(c, "audit_log").triggers.push(t);
        }),
    },
    Tamper {
        kind: "trigger comment",
        sql: |_| "COMMENT ON TRIGGER set_updated_at ON public.ceo_time_savings IS 'tampered'".into(),
        expect: &[("trigger set_updated_at on public.ceo_time_savings", "comment")],
        edit: Some(|c| trigger(c, "ceo_time_savings").comment = "tampered".into()),
    },
];

const COLUMNS: &[Tamper] = &[
    Tamper {
        kind: "generated column",
        sql: |_| "ALTER TABLE public.sku_performance ADD COLUMN tamper_doubled numeric GENERATED ALWAYS AS (revenue_30d * 2) STORED".into(),
        expect: &[("column public.sku_performance.tamper_doubled", "extra")],
        edit: Some(|c| {
            let column = Column { name: "tamper_doubled".into(), data_type: SqlType::new("numeric"), nullable: true, generated: Some("(revenue_30d * (2)::numeric)".into()), ..Column::default() };
            table(c, "sku_performance").columns.push(column);
        }),
    },
    Tamper {
        kind: "identity column",
        sql: |_| "ALTER TABLE public.operator_sla_resolution ALTER COLUMN operator_id ADD GENERATED BY DEFAULT AS IDENTITY".into(),
        expect: &[("column public.operator_sla_resolution.operator_id", "identity")],
        edit: Some(|c| column(c, "operator_sla_resolution", "operator_id").identity = Some(Identity::ByDefault)),
    },
    Tamper {
        kind: "column default",
        sql: |_| "ALTER TABLE public.fulfillment_tracking ALTER COLUMN sla_threshold_days SET DEFAULT 3".into(),
        expect: &[("column public.fulfillment_tracking.sla_threshold_days", "default")],
        edit: Some(|c| column(c, "fulfillment_tracking", "sla_threshold_days").default = Some("3".into())),
    },
    Tamper {
        kind: "column nullability",
        sql: |_| "ALTER TABLE public.ceo_time_savings ALTER COLUMN created_at DROP NOT NULL".into(),
        expect: &[("column public.ceo_time_savings.created_at", "nullable")],
        edit: Some(|c| column(c, "ceo_time_savings", "created_at").nullable = true),
    },
    Tamper {
        kind: "column type",
        sql: |_| "ALTER TABLE public.fulfillment_tracking ALTER COLUMN sla_threshold_days TYPE bigint".into(),
        expect: &[("column public.fulfillment_tracking.sla_threshold_days", "type")],
        edit: Some(|c| column(c, "fulfillment_tracking", "sla_threshold_days").data_type = SqlType::new("bigint")),
    },
    Tamper {
        kind: "column comment",
        sql: |_| "COMMENT ON COLUMN public.audit_log.actor IS 'tampered'".into(),
        expect: &[("column public.audit_log.actor", "comment")],
        edit: Some(|c| column(c, "audit_log", "actor").comment = "tampered".into()),
    },
    Tamper {
        kind: "column undeclared",
        sql: |_| "ALTER TABLE public.product_categories ADD COLUMN tamper_note text".into(),
        expect: &[("column public.product_categories.tamper_note", "extra")],
        edit: Some(|c| table(c, "product_categories").columns.push(Column { name: "tamper_note".into(), data_type: SqlType::new("text"), nullable: true, ..Column::default() })),
    },
    Tamper {
        kind: "column dropped",
        sql: |_| "ALTER TABLE public.shop_activation_metrics DROP COLUMN activation_rate_7d_avg".into(),
        expect: &[
            ("column public.shop_activation_metrics.activation_rate_7d_avg", "missing"),
            ("constraint shop_activation_metrics_activation_rate_7d_avg_check on public.shop_activation_metrics", "missing"),
        ],
        edit: Some(|c| {
            let t = table(c, "shop_activation_metrics");
            t.columns.retain(|c| c.name != "activation_rate_7d_avg");
            t.constraints.retain(|c| c.name != "shop_activation_metrics_activation_rate_7d_avg_check");
        }),
    },
];

const CONSTRAINTS: &[Tamper] = &[
    Tamper {
        kind: "constraint deferrability",
        sql: |_| "ALTER TABLE public.operator_sla_resolution DROP CONSTRAINT operator_sla_resolution_operator_id_date_key, \
                  ADD CONSTRAINT operator_sla_resolution_operator_id_date_key UNIQUE (operator_id, date) DEFERRABLE INITIALLY DEFERRED".into(),
        expect: &[("constraint operator_sla_resolution_operator_id_date_key on public.operator_sla_resolution", "deferrable")],
        edit: Some(|c| {
            let t = table(c, "operator_sla_resolution");
            t.constraints.iter_mut().find(|k| k.name == "operator_sla_resolution_operator_id_date_key").expect("declared").deferral = Deferral::Deferred;
        }),
    },
    Tamper {
        kind: "constraint left NOT VALID",
        sql: |_| "ALTER TABLE public.audit_log DROP CONSTRAINT audit_log_actor_check, ADD CONSTRAINT audit_log_actor_check CHECK (length(actor) > 0) NOT VALID".into(),
        expect: &[("constraint audit_log_actor_check on public.audit_log", "validated")],
        edit: Some(|c| {
            let t = table(c, "audit_log");
            t.constraints.iter_mut().find(|k| k.name == "audit_log_actor_check").expect("declared").validated = false;
        }),
    },
    Tamper {
        kind: "check definition",
        sql: |_| "ALTER TABLE public.sales_metrics_daily DROP CONSTRAINT sales_metrics_daily_total_orders_check, ADD CONSTRAINT sales_metrics_daily_total_orders_check CHECK (total_orders >= -1)".into(),
        expect: &[("constraint sales_metrics_daily_total_orders_check on public.sales_metrics_daily", "definition")],
        edit: Some(|c| {
            let t = table(c, "sales_metrics_daily");
            t.constraints.iter_mut().find(|k| k.name == "sales_metrics_daily_total_orders_check").expect("declared").kind =
                ConstraintKind::Check { expression: "total_orders >= -1".into() };
        }),
    },
    Tamper {
        kind: "allowed values widened",
        sql: |_| "ALTER TABLE public.cx_conversations DROP CONSTRAINT cx_conversations_priority_check, ADD CONSTRAINT cx_conversations_priority_check CHECK (priority IN ('low', 'medium', 'high', 'urgent', 'whenever'))".into(),
        expect: &[("constraint cx_conversations_priority_check on public.cx_conversations", "definition")],
        edit: Some(|c| {
            let t = table(c, "cx_conversations");
            if let ConstraintKind::AllowedValues { values, .. } = &mut t.constraints.iter_mut().find(|k| k.name == "cx_conversations_priority_check").expect("declared").kind {
                values.push("whenever".into());
            }
        }),
    },
    Tamper {
        kind: "constraint dropped",
        sql: |_| "ALTER TABLE public.ceo_time_savings DROP CONSTRAINT ceo_time_savings_automation_actions_count_check".into(),
        expect: &[("constraint ceo_time_savings_automation_actions_count_check on public.ceo_time_savings", "missing")],
        edit: Some(|c| table(c, "ceo_time_savings").constraints.retain(|k| k.name != "ceo_time_savings_automation_actions_count_check")),
    },
    Tamper {
        kind: "foreign key with actions",
        sql: |_| "ALTER TABLE public.audit_log_archive ADD CONSTRAINT tamper_archive_fkey FOREIGN KEY (id) REFERENCES public.audit_log (id) ON DELETE CASCADE ON UPDATE SET NULL".into(),
        expect: &[("constraint tamper_archive_fkey on public.audit_log_archive", "extra")],
        edit: Some(|c| {
            let fk = ConstraintKind::ForeignKey {
                columns: vec!["id".into()],
                references: QualifiedName::new("public", "audit_log"),
                referenced_columns: vec!["id".into()],
                on_delete: ReferentialAction::Cascade,
                on_update: ReferentialAction::SetNull,
                match_full: false,
            };
            table(c, "audit_log_archive").constraints.push(Constraint::new("tamper_archive_fkey", fk));
        }),
    },
    Tamper {
        kind: "constraint comment",
        sql: |_| "COMMENT ON CONSTRAINT product_categories_margin_pct_check ON public.product_categories IS 'tampered'".into(),
        expect: &[("constraint product_categories_margin_pct_check on public.product_categories", "comment")],
        edit: Some(|c| table(c, "product_categories").constraints.iter_mut().find(|k| k.name == "product_categories_margin_pct_check").expect("declared").comment = "tampered".into()),
    },
];

const SECURITY: &[Tamper] = &[
    Tamper {
        kind: "row level security disabled",
        sql: |_| "ALTER TABLE public.sku_performance DISABLE ROW LEVEL SECURITY".into(),
        expect: &[("table public.sku_performance", "row_level_security")],
        edit: Some(|c| table(c, "sku_performance").rls_enabled = false),
    },
    Tamper {
        kind: "row level security forced",
        sql: |_| "ALTER TABLE public.audit_log FORCE ROW LEVEL SECURITY".into(),
        expect: &[("table public.audit_log", "force_row_level_security")],
        edit: Some(|c| table(c, "audit_log").rls_forced = true),
    },
    Tamper {
        kind: "policy made restrictive",
        sql: |_| "DROP POLICY sku_performance_operators_read ON public.sku_performance; \
                  CREATE POLICY sku_performance_operators_read ON public.sku_performance AS RESTRICTIVE FOR SELECT TO authenticated \
                  USING ((select (auth.jwt() -> 'app_metadata' ->> 'operator') = 'true')); \
                  COMMENT ON POLICY sku_performance_operators_read ON public.sku_performance IS 'Read-only for operators'".into(),
        expect: &[("policy sku_performance_operators_read on public.sku_performance", "permissive")],
        edit: Some(|c| policy(c, "sku_performance", "sku_performance_operators_read").permissive = false),
    },
    Tamper {
        kind: "policy roles",
        sql: |_| "ALTER POLICY customer_segments_operators_read ON public.customer_segments TO authenticated, anon".into(),
        expect: &[("policy customer_segments_operators_read on public.customer_segments", "roles")],
        edit: Some(|c| policy(c, "customer_segments", "customer_segments_operators_read").roles.push("anon".into())),
    },
    Tamper {
        kind: "policy USING",
        sql: |_| "ALTER POLICY audit_log_operators_read ON public.audit_log USING (true)".into(),
        expect: &[("policy audit_log_operators_read on public.audit_log", "using")],
        edit: Some(|c| policy(c, "audit_log", "audit_log_operators_read").using = Some("true".into())),
    },
    Tamper {
        kind: "policy WITH CHECK",
        sql: |_| "ALTER POLICY ceo_time_savings_service_role ON public.ceo_time_savings WITH CHECK (date > '2000-01-01')".into(),
        expect: &[("policy ceo_time_savings_service_role on public.ceo_time_savings", "with_check")],
        edit: Some(|c| policy(c, "ceo_time_savings", "ceo_time_savings_service_role").with_check = Some("(date > '2000-01-01'::date)".into())),
    },
    Tamper {
        kind: "policy command",
        sql: |_| "DROP POLICY sales_metrics_operators_read ON public.sales_metrics_daily; \
                  CREATE POLICY sales_metrics_operators_read ON public.sales_metrics_daily FOR ALL TO authenticated \
                  USING ((select (auth.jwt() -> 'app_metadata' ->> 'operator') = 'true')); \
                  COMMENT ON POLICY sales_metrics_operators_read ON public.sales_metrics_daily IS 'Read-only'".into(),
        expect: &[("policy sales_metrics_operators_read on public.sales_metrics_daily", "command")],
        edit: Some(|c| policy(c, "sales_metrics_daily", "sales_metrics_operators_read").command = PolicyCommand::All),
    },
    Tamper {
        kind: "policy undeclared",
        sql: |_| "CREATE POLICY tamper_anon_read ON public.ceo_time_savings FOR SELECT TO anon USING (true)".into(),
        expect: &[("policy tamper_anon_read on public.ceo_time_savings", "extra")],
        edit: Some(|c| {
            let p = Policy { name: "tamper_anon_read".into(), command: PolicyCommand::Select, permissive: true, roles: vec!["anon".into()], using: Some("true".into()), ..Policy::default() };
            table(c, "ceo_time_savings").policies.push(p);
        }),
    },
    Tamper {
        kind: "policy dropped",
        sql: |_| "DROP POLICY fulfillment_tracking_operators_read ON public.fulfillment_tracking".into(),
        expect: &[("policy fulfillment_tracking_operators_read on public.fulfillment_tracking", "missing")],
        edit: Some(|c| table(c, "fulfillment_tracking").policies.retain(|p| p.name != "fulfillment_tracking_operators_read")),
    },
    Tamper {
        kind: "policy comment",
        sql: |_| "COMMENT ON POLICY audit_log_service_role ON public.audit_log IS 'tampered'".into(),
        expect: &[("policy audit_log_service_role on public.audit_log", "comment")],
        edit: Some(|c| policy(c, "audit_log", "audit_log_service_role").comment = "tampered".into()),
    },
];

const RELATIONS: &[Tamper] = &[
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
            format!(
                "DROP MATERIALIZED VIEW analytics_cache.v_customer_segment_trends; \
                 CREATE MATERIALIZED VIEW analytics_cache.v_customer_segment_trends AS SELECT * FROM ({}) AS tampered WHERE false; \
                 CREATE UNIQUE INDEX v_customer_segment_trends_key ON analytics_cache.v_customer_segment_trends ({key}); \
                 COMMENT ON MATERIALIZED VIEW analytics_cache.v_customer_segment_trends IS {}",
                m.definition,
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

const FUNCTIONS: &[Tamper] = &[
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
        sql: |_| "ALTER FUNCTION public.get_shop_audit_trail(text) SECURITY INVOKER".into(),
        expect: &[("function public.get_shop_audit_trail(text)", "security")],
        edit: Some(|c| function(c, "public.get_shop_audit_trail").security_definer = false),
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
        sql: |c| {
            let reader = c.functions.iter().find(|f| f.name.name == "v_customer_segment_summary_rows").expect("cache reader");
            let columns: Vec<String> = match &reader.returns {
                FunctionReturn::Table { columns } => columns.iter().map(|c| format!("{} {}", c.name, c.data_type)).collect(),
                _ => Vec::new(),
            };
            format!(
                "CREATE OR REPLACE FUNCTION analytics_cache.v_customer_segment_summary_rows() RETURNS TABLE ({}) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$ SELECT * FROM analytics_cache.v_customer_segment_summary $$",
                columns.join(", ")
            )
        },
        expect: &[("function analytics_cache.v_customer_segment_summary_rows()", "body")],
        edit: Some(|c| {
            let f = c.functions.iter_mut().find(|f| f.name.name == "v_customer_segment_summary_rows").expect("cache reader");
            f.body = " SELECT * FROM analytics_cache.v_customer_segment_summary ".into();
        }),
    },
];

#[tokio::test]
async fn tampered_privileges_are_detected_and_repaired() -> Result<()> {
    check_all(PRIVILEGES).await
}

#[tokio::test]
async fn tampered_owners_are_detected_and_repaired() -> Result<()> {
    check_all(OWNERS).await
}

#[tokio::test]
async fn tampered_indexes_are_detected_and_repaired() -> Result<()> {
    check_all(INDEXES).await
}

#[tokio::test]
async fn tampered_triggers_are_detected_and_repaired() -> Result<()> {
    check_all(TRIGGERS).await
}

#[tokio::test]
async fn tampered_columns_are_detected_and_repaired() -> Result<()> {
    check_all(COLUMNS).await
}

#[tokio::test]
async fn tampered_constraints_are_detected_and_repaired() -> Result<()> {
    check_all(CONSTRAINTS).await
}

#[tokio::test]
async fn tampered_row_security_is_detected_and_repaired() -> Result<()> {
    check_all(SECURITY).await
}

#[tokio::test]
async fn tampered_relations_are_detected_and_repaired() -> Result<()> {
    check_all(RELATIONS).await
}

#[tokio::test]
async fn tampered_functions_are_detected_and_repaired() -> Result<()> {
    check_all(FUNCTIONS).await
}

#[test]
fn the_suite_has_at_least_forty_distinct_kinds() {
    let all: Vec<&str> = [PRIVILEGES, OWNERS, INDEXES, TRIGGERS, COLUMNS, CONSTRAINTS, SECURITY, RELATIONS, FUNCTIONS]
        .iter()
        .flat_map(|group| group.iter().map(|t| t.kind))
        .collect();
    let mut distinct = all.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), all.len(), "kinds are distinct");
    assert!(all.len() >= 40, "{} kinds", all.len());
    println!("{} tamper kinds", all.len());
}
