-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Migration 20261125152804_operator_check_as_one_initplan

BEGIN;

SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

-- [safe] alter policy product_categories_operators_read on public.product_categories
ALTER POLICY product_categories_operators_read ON public.product_categories
    TO authenticated
    USING ((select (auth.jwt() -> 'app_metadata' ->> 'operator') = 'true'));

-- [safe] alter policy customer_segments_operators_read on public.customer_segments
ALTER POLICY customer_segments_operators_read ON public.customer_segments
    TO authenticated
    USING ((select (auth.jwt() -> 'app_metadata' ->> 'operator') = 'true'));

-- [safe] alter policy sales_metrics_operators_read on public.sales_metrics_daily
ALTER POLICY sales_metrics_operators_read ON public.sales_metrics_daily
    TO authenticated
    USING ((select (auth.jwt() -> 'app_metadata' ->> 'operator') = 'true'));

-- [safe] alter policy sku_performance_operators_read on public.sku_performance
ALTER POLICY sku_performance_operators_read ON public.sku_performance
    TO authenticated
    USING ((select (auth.jwt() -> 'app_metadata' ->> 'operator') = 'true'));

-- [safe] alter policy inventory_snapshots_operators_read on public.inventory_snapshots
ALTER POLICY inventory_snapshots_operators_read ON public.inventory_snapshots
    TO authenticated
    USING ((select (auth.jwt() -> 'app_metadata' ->> 'operator') = 'true'));

-- [safe] alter policy fulfillment_tracking_operators_read on public.fulfillment_tracking
ALTER POLICY fulfillment_tracking_operators_read ON public.fulfillment_tracking
    TO authenticated
    USING ((select (auth.jwt() -> 'app_metadata' ->> 'operator') = 'true'));

-- [safe] alter policy cx_conversations_operators_read on public.cx_conversations
ALTER POLICY cx_conversations_operators_read ON public.cx_conversations
    TO authenticated
    USING ((select (auth.jwt() -> 'app_metadata' ->> 'operator') = 'true'));

-- [safe] alter policy shop_activation_operators_read on public.shop_activation_metrics
ALTER POLICY shop_activation_operators_read ON public.shop_activation_metrics
    TO authenticated
    USING ((select (auth.jwt() -> 'app_metadata' ->> 'operator') = 'true'));

-- [safe] alter policy operator_sla_operators_read on public.operator_sla_resolution
ALTER POLICY operator_sla_operators_read ON public.operator_sla_resolution
    TO authenticated
    USING ((select (auth.jwt() -> 'app_metadata' ->> 'operator') = 'true'));

-- [safe] alter policy ceo_time_savings_operators_read on public.ceo_time_savings
ALTER POLICY ceo_time_savings_operators_read ON public.ceo_time_savings
    TO authenticated
    USING ((select (auth.jwt() -> 'app_metadata' ->> 'operator') = 'true'));

-- [safe] alter policy audit_log_operators_read on public.audit_log
ALTER POLICY audit_log_operators_read ON public.audit_log
    TO authenticated
    USING ((select (auth.jwt() -> 'app_metadata' ->> 'operator') = 'true'));

-- [safe] alter policy audit_log_archive_operators_read on public.audit_log_archive
ALTER POLICY audit_log_archive_operators_read ON public.audit_log_archive
    TO authenticated
    USING ((select (auth.jwt() -> 'app_metadata' ->> 'operator') = 'true'));

COMMIT;
