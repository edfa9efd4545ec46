-- Twin of SQLite's quota-summary step: the quota pane's rows kept in its
-- order, the customers whose row must be computed again, and the desk day
-- the rows hold. Only SQLite reads them; a desk copied back recomputes.
CREATE TABLE quota_summary (
    customer_id          bigint PRIMARY KEY,
    name                 text NOT NULL COLLATE "C",
    least_left           bigint NOT NULL,
    months_left          bigint NOT NULL,
    month                text NOT NULL,
    faster_plan_used     bigint NOT NULL,
    faster_plan_total    bigint NOT NULL,
    faster_package_left  bigint NOT NULL,
    faster_package_total bigint NOT NULL,
    expert_plan_used     bigint NOT NULL,
    expert_plan_total    bigint NOT NULL,
    expert_package_left  bigint NOT NULL,
    expert_package_total bigint NOT NULL
);
CREATE INDEX quota_summary_order ON quota_summary (least_left, name, customer_id);

CREATE TABLE quota_stale (customer_id bigint PRIMARY KEY);

CREATE TABLE quota_settled (
    id   bigint PRIMARY KEY CHECK (id = 1),
    day  text NOT NULL,
    rows bigint NOT NULL
);

-- Row by row, as SQLite's: each names the customer whose row it touched
-- (before and after, for an update). A customer row names itself.
CREATE FUNCTION sredesk_quota_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO quota_stale (customer_id) VALUES (OLD.customer_id) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO quota_stale (customer_id) VALUES (NEW.customer_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION sredesk_quota_stale_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO quota_stale (customer_id) VALUES (OLD.id) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO quota_stale (customer_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER quota_uses_stale AFTER INSERT OR UPDATE OR DELETE ON quota_uses
    FOR EACH ROW EXECUTE FUNCTION sredesk_quota_stale();
CREATE TRIGGER packages_stale AFTER INSERT OR UPDATE OR DELETE ON packages
    FOR EACH ROW EXECUTE FUNCTION sredesk_quota_stale();
CREATE TRIGGER subscriptions_stale AFTER INSERT OR UPDATE OR DELETE ON subscriptions
    FOR EACH ROW EXECUTE FUNCTION sredesk_quota_stale();
CREATE TRIGGER customers_stale AFTER INSERT OR UPDATE OR DELETE ON customers
    FOR EACH ROW EXECUTE FUNCTION sredesk_quota_stale_customer();
