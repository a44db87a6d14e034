//! Tamperings with triggers (enabled state, timing, events, level, WHEN) and row level security (switches and every attribute of a policy).

use crate::*;

pub(crate) const TRIGGERS: &[Tamper] = &[
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

pub(crate) const SECURITY: &[Tamper] = &[
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
        sql: |_| format!("DROP POLICY sku_performance_operators_read ON public.sku_performance; \
                  CREATE POLICY sku_performance_operators_read ON public.sku_performance AS RESTRICTIVE FOR SELECT TO authenticated \
                  USING ({}); \
                  COMMENT ON POLICY sku_performance_operators_read ON public.sku_performance IS 'Read-only for operators'", schema_def::access::IS_OPERATOR),
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
        sql: |_| format!("DROP POLICY sales_metrics_operators_read ON public.sales_metrics_daily; \
                  CREATE POLICY sales_metrics_operators_read ON public.sales_metrics_daily FOR ALL TO authenticated \
                  USING ({}); \
                  COMMENT ON POLICY sales_metrics_operators_read ON public.sales_metrics_daily IS 'Read-only'", schema_def::access::IS_OPERATOR),
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
