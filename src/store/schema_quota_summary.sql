-- The quota pane costs what it shows (issue 17): each subscribed
-- customer's figures kept as a row in the pane's order, so a dashboard
-- reads the ~40 rows on screen, not every customer, after a quota use.
-- The store computes a row with the domain's rules (never in SQL) for
-- the customers triggers name in quota_stale, and every row again when
-- the desk day the rows were computed for (quota_settled) is not today.
CREATE TABLE quota_summary (
    customer_id          INTEGER PRIMARY KEY,
    -- The customer's name as the pane orders it (byte order, as Rust's).
    name                 TEXT NOT NULL,
    -- The smaller share left of the two quotas, in thousandths.
    least_left           INTEGER NOT NULL,
    months_left          INTEGER NOT NULL,
    month                TEXT NOT NULL,
    faster_plan_used     INTEGER NOT NULL,
    faster_plan_total    INTEGER NOT NULL,
    faster_package_left  INTEGER NOT NULL,
    faster_package_total INTEGER NOT NULL,
    expert_plan_used     INTEGER NOT NULL,
    expert_plan_total    INTEGER NOT NULL,
    expert_package_left  INTEGER NOT NULL,
    expert_package_total INTEGER NOT NULL
);
CREATE INDEX quota_summary_order ON quota_summary (least_left, name, customer_id);

CREATE TABLE quota_stale (customer_id INTEGER PRIMARY KEY);

-- The desk day the summaries hold, and how many rows there are (so the
-- pane's total is one row read, not a count of every customer).
CREATE TABLE quota_settled (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    day  TEXT NOT NULL,
    rows INTEGER NOT NULL
);

CREATE TRIGGER quota_stale_use_added AFTER INSERT ON quota_uses
    BEGIN INSERT OR IGNORE INTO quota_stale VALUES (NEW.customer_id); END;
CREATE TRIGGER quota_stale_use_changed AFTER UPDATE ON quota_uses BEGIN
    INSERT OR IGNORE INTO quota_stale VALUES (OLD.customer_id);
    INSERT OR IGNORE INTO quota_stale VALUES (NEW.customer_id);
END;
CREATE TRIGGER quota_stale_use_removed AFTER DELETE ON quota_uses
    BEGIN INSERT OR IGNORE INTO quota_stale VALUES (OLD.customer_id); END;
CREATE TRIGGER quota_stale_package_added AFTER INSERT ON packages
    BEGIN INSERT OR IGNORE INTO quota_stale VALUES (NEW.customer_id); END;
CREATE TRIGGER quota_stale_package_changed AFTER UPDATE ON packages BEGIN
    INSERT OR IGNORE INTO quota_stale VALUES (OLD.customer_id);
    INSERT OR IGNORE INTO quota_stale VALUES (NEW.customer_id);
END;
CREATE TRIGGER quota_stale_package_removed AFTER DELETE ON packages
    BEGIN INSERT OR IGNORE INTO quota_stale VALUES (OLD.customer_id); END;
CREATE TRIGGER quota_stale_subscription_added AFTER INSERT ON subscriptions
    BEGIN INSERT OR IGNORE INTO quota_stale VALUES (NEW.customer_id); END;
CREATE TRIGGER quota_stale_subscription_changed AFTER UPDATE ON subscriptions BEGIN
    INSERT OR IGNORE INTO quota_stale VALUES (OLD.customer_id);
    INSERT OR IGNORE INTO quota_stale VALUES (NEW.customer_id);
END;
CREATE TRIGGER quota_stale_subscription_removed AFTER DELETE ON subscriptions
    BEGIN INSERT OR IGNORE INTO quota_stale VALUES (OLD.customer_id); END;
CREATE TRIGGER quota_stale_customer_added AFTER INSERT ON customers
    BEGIN INSERT OR IGNORE INTO quota_stale VALUES (NEW.id); END;
CREATE TRIGGER quota_stale_customer_changed AFTER UPDATE ON customers BEGIN
    INSERT OR IGNORE INTO quota_stale VALUES (OLD.id);
    INSERT OR IGNORE INTO quota_stale VALUES (NEW.id);
END;
CREATE TRIGGER quota_stale_customer_removed AFTER DELETE ON customers
    BEGIN INSERT OR IGNORE INTO quota_stale VALUES (OLD.id); END;
