CREATE TRIGGER open_counts_insert AFTER INSERT ON escalations
WHEN NEW.open_rank IS NOT NULL BEGIN
    INSERT INTO open_counts (open_rank, severity, n) VALUES (NEW.open_rank, NEW.severity, 1)
        ON CONFLICT (open_rank, severity) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER open_counts_delete AFTER DELETE ON escalations
WHEN OLD.open_rank IS NOT NULL BEGIN
    UPDATE open_counts SET n = n - 1
        WHERE open_rank = OLD.open_rank AND severity = OLD.severity;
END;

CREATE TRIGGER open_counts_update AFTER UPDATE OF open_rank, severity ON escalations
WHEN OLD.open_rank IS NOT NEW.open_rank OR OLD.severity IS NOT NEW.severity BEGIN
    UPDATE open_counts SET n = n - 1
        WHERE OLD.open_rank IS NOT NULL
          AND open_rank = OLD.open_rank AND severity = OLD.severity;
    INSERT INTO open_counts (open_rank, severity, n)
        SELECT NEW.open_rank, NEW.severity, 1 WHERE NEW.open_rank IS NOT NULL
        ON CONFLICT (open_rank, severity) DO UPDATE SET n = n + 1;
END;
