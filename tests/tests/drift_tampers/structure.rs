//! Tamperings with indexes (NULLS order, opclass, collation, INCLUDE, predicate, method, uniqueness, validity, storage), columns (generated, identity, default, nullability, type) and constraints (deferrability, validation, definitions, foreign key actions).

use crate::*;

pub(crate) const INDEXES: &[Tamper] = &[
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

pub(crate) const COLUMNS: &[Tamper] = &[
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

pub(crate) const CONSTRAINTS: &[Tamper] = &[
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
