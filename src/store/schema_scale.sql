-- Where the desk is big (issue 17): pacing a robot reads that robot's
-- deliveries only, not every delivery the outbox ever held.
CREATE INDEX deliveries_robot ON deliveries (address, id) WHERE channel = 'chat';
-- The dispatcher claims channel by channel: one whose server is busy is
-- passed over without reading its rows.
CREATE INDEX deliveries_due_channel ON deliveries (channel, next_attempt_at, id)
    WHERE pending IS NOT NULL;
-- The quota pane reads one month's uses across all customers at once.
CREATE INDEX quota_uses_by_month ON quota_uses (month, customer_id);
-- Moves whenever anything the quota pane shows can have changed (a use
-- taken or given back, a package, a subscription, a customer), so a
-- dashboard reads its 10,000 rows again only then, not on every change.
CREATE TABLE quota_version (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT INTO quota_version (id, n) VALUES (1, 0);
CREATE TRIGGER quota_uses_added AFTER INSERT ON quota_uses
    BEGIN UPDATE quota_version SET n = n + 1; END;
CREATE TRIGGER quota_uses_changed AFTER UPDATE ON quota_uses
    BEGIN UPDATE quota_version SET n = n + 1; END;
CREATE TRIGGER quota_uses_removed AFTER DELETE ON quota_uses
    BEGIN UPDATE quota_version SET n = n + 1; END;
CREATE TRIGGER packages_added AFTER INSERT ON packages
    BEGIN UPDATE quota_version SET n = n + 1; END;
CREATE TRIGGER packages_changed AFTER UPDATE ON packages
    BEGIN UPDATE quota_version SET n = n + 1; END;
CREATE TRIGGER packages_removed AFTER DELETE ON packages
    BEGIN UPDATE quota_version SET n = n + 1; END;
CREATE TRIGGER subscriptions_added AFTER INSERT ON subscriptions
    BEGIN UPDATE quota_version SET n = n + 1; END;
CREATE TRIGGER subscriptions_changed AFTER UPDATE ON subscriptions
    BEGIN UPDATE quota_version SET n = n + 1; END;
CREATE TRIGGER subscriptions_removed AFTER DELETE ON subscriptions
    BEGIN UPDATE quota_version SET n = n + 1; END;
CREATE TRIGGER customers_added AFTER INSERT ON customers
    BEGIN UPDATE quota_version SET n = n + 1; END;
CREATE TRIGGER customers_changed AFTER UPDATE ON customers
    BEGIN UPDATE quota_version SET n = n + 1; END;
CREATE TRIGGER customers_removed AFTER DELETE ON customers
    BEGIN UPDATE quota_version SET n = n + 1; END;
