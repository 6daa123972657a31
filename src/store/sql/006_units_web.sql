-- 006_units_web.sql: what the console's 房屋与业主 and 收银 pages read: a unit found by
-- room, by any part of an owner's name or phone number, inside one project; and a
-- unit's bills and its payer's case without reading every bill.

-- A unit by its room number alone ("1201": every building of the project).
CREATE INDEX unit_room ON unit (project_id, room);

-- A unit's bills (`wuye account`, the unit page, the cashier): the only index on
-- bill(unit_id) was partial (bill_once, kind <> 'latefee'), which a query for all of a
-- unit's bills cannot use.  The document work adds the same index under the same name;
-- whichever lands second finds it there.
CREATE INDEX IF NOT EXISTS bill_unit ON bill (unit_id, due_day);
-- A payer's bills (the case of the unit's payer lists the payer's units).
CREATE INDEX IF NOT EXISTS bill_payer ON bill (payer_id);

-- Search terms: each owner's name and each of their phone numbers, with every unit they
-- own or owned, keyed by project and kind, so that "any part of a name" (or of a number)
-- reads one range of one index -- that project's names (or numbers) -- instead of joining
-- each of the project's units to its owners.
-- Not books: a cache kept by the triggers below in the transaction that changes an
-- owner, a phone or an ownership; whether the owner is the current one is asked of
-- ownership when a term matches.  Developer accounts are not owners to search for.
-- @sqlite
CREATE TABLE owner_search (
	project_id BIGINT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('name', 'phone')),
	term TEXT NOT NULL,                        -- the name, or one phone number
	unit_id BIGINT NOT NULL,
	party_id BIGINT NOT NULL,
	PRIMARY KEY (project_id, kind, term, unit_id, party_id)
) WITHOUT ROWID;
-- @pg
CREATE TABLE owner_search (
	project_id BIGINT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('name', 'phone')),
	term TEXT NOT NULL,
	unit_id BIGINT NOT NULL,
	party_id BIGINT NOT NULL,
	PRIMARY KEY (project_id, kind, term, unit_id, party_id)
);
-- @all
-- (no index by party: the edits that remove terms are rare and find them by project,
-- kind and term; every import would pay for one)

INSERT INTO owner_search (project_id, kind, term, unit_id, party_id)
	SELECT DISTINCT u.project_id, 'name', p.name, u.id, p.id FROM ownership o JOIN unit u ON u.id = o.unit_id
	JOIN party p ON p.id = o.party_id WHERE p.kind = 'person' AND p.name <> '' ON CONFLICT DO NOTHING;
INSERT INTO owner_search (project_id, kind, term, unit_id, party_id)
	SELECT DISTINCT u.project_id, 'phone', pp.phone, u.id, pp.party_id FROM ownership o JOIN unit u ON u.id = o.unit_id
	JOIN party_phone pp ON pp.party_id = o.party_id JOIN party p ON p.id = o.party_id
	WHERE p.kind = 'person' AND pp.phone <> '' ON CONFLICT DO NOTHING;

-- @sqlite
CREATE TRIGGER owner_search_ownership_i AFTER INSERT ON ownership BEGIN
	INSERT INTO owner_search (project_id, kind, term, unit_id, party_id)
		SELECT u.project_id, 'name', p.name, u.id, p.id FROM unit u, party p
		WHERE u.id = NEW.unit_id AND p.id = NEW.party_id AND p.kind = 'person' AND p.name <> '' ON CONFLICT DO NOTHING;
	INSERT INTO owner_search (project_id, kind, term, unit_id, party_id)
		SELECT u.project_id, 'phone', pp.phone, u.id, pp.party_id FROM unit u, party_phone pp, party p
		WHERE u.id = NEW.unit_id AND pp.party_id = NEW.party_id AND p.id = NEW.party_id AND p.kind = 'person'
		AND pp.phone <> '' ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER owner_search_ownership_d AFTER DELETE ON ownership
WHEN NOT EXISTS (SELECT 1 FROM ownership o WHERE o.unit_id = OLD.unit_id AND o.party_id = OLD.party_id) BEGIN
	DELETE FROM owner_search WHERE project_id = (SELECT project_id FROM unit WHERE id = OLD.unit_id) AND kind = 'name'
		AND term = (SELECT name FROM party WHERE id = OLD.party_id) AND unit_id = OLD.unit_id AND party_id = OLD.party_id;
	DELETE FROM owner_search WHERE project_id = (SELECT project_id FROM unit WHERE id = OLD.unit_id) AND kind = 'phone'
		AND term IN (SELECT phone FROM party_phone WHERE party_id = OLD.party_id) AND unit_id = OLD.unit_id
		AND party_id = OLD.party_id;
END;
CREATE TRIGGER owner_search_party_u AFTER UPDATE OF name ON party WHEN OLD.name <> NEW.name BEGIN
	DELETE FROM owner_search WHERE project_id IN (SELECT u.project_id FROM ownership o JOIN unit u ON u.id = o.unit_id
		WHERE o.party_id = OLD.id) AND kind = 'name' AND term = OLD.name AND party_id = OLD.id;
	INSERT INTO owner_search (project_id, kind, term, unit_id, party_id)
		SELECT DISTINCT u.project_id, 'name', NEW.name, u.id, NEW.id FROM ownership o JOIN unit u ON u.id = o.unit_id
		WHERE o.party_id = NEW.id AND NEW.kind = 'person' AND NEW.name <> '' ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER owner_search_phone_i AFTER INSERT ON party_phone BEGIN
	INSERT INTO owner_search (project_id, kind, term, unit_id, party_id)
		SELECT DISTINCT u.project_id, 'phone', NEW.phone, u.id, NEW.party_id FROM ownership o JOIN unit u ON u.id = o.unit_id
		JOIN party p ON p.id = NEW.party_id
		WHERE o.party_id = NEW.party_id AND p.kind = 'person' AND NEW.phone <> '' ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER owner_search_phone_d AFTER DELETE ON party_phone BEGIN
	DELETE FROM owner_search WHERE project_id IN (SELECT u.project_id FROM ownership o JOIN unit u ON u.id = o.unit_id
		WHERE o.party_id = OLD.party_id) AND kind = 'phone' AND term = OLD.phone AND party_id = OLD.party_id
		AND NOT EXISTS (SELECT 1 FROM party_phone pp WHERE pp.party_id = OLD.party_id AND pp.phone = OLD.phone);
END;
CREATE TRIGGER owner_search_phone_u AFTER UPDATE OF phone ON party_phone WHEN OLD.phone <> NEW.phone BEGIN
	DELETE FROM owner_search WHERE project_id IN (SELECT u.project_id FROM ownership o JOIN unit u ON u.id = o.unit_id
		WHERE o.party_id = OLD.party_id) AND kind = 'phone' AND term = OLD.phone AND party_id = OLD.party_id
		AND NOT EXISTS (SELECT 1 FROM party_phone pp WHERE pp.party_id = OLD.party_id AND pp.phone = OLD.phone);
	INSERT INTO owner_search (project_id, kind, term, unit_id, party_id)
		SELECT DISTINCT u.project_id, 'phone', NEW.phone, u.id, NEW.party_id FROM ownership o JOIN unit u ON u.id = o.unit_id
		JOIN party p ON p.id = NEW.party_id
		WHERE o.party_id = NEW.party_id AND p.kind = 'person' AND NEW.phone <> '' ON CONFLICT DO NOTHING;
END;
-- @pg
CREATE FUNCTION owner_search_ownership_i() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO owner_search (project_id, kind, term, unit_id, party_id)
		SELECT u.project_id, 'name', p.name, u.id, p.id FROM unit u, party p
		WHERE u.id = NEW.unit_id AND p.id = NEW.party_id AND p.kind = 'person' AND p.name <> ''
		ON CONFLICT DO NOTHING;
	INSERT INTO owner_search (project_id, kind, term, unit_id, party_id)
		SELECT u.project_id, 'phone', pp.phone, u.id, pp.party_id FROM unit u, party_phone pp, party p
		WHERE u.id = NEW.unit_id AND pp.party_id = NEW.party_id AND p.id = NEW.party_id AND p.kind = 'person'
		AND pp.phone <> ''
		ON CONFLICT DO NOTHING;
	RETURN NULL;
END
$$;
CREATE TRIGGER owner_search_ownership_i AFTER INSERT ON ownership FOR EACH ROW EXECUTE FUNCTION owner_search_ownership_i();
CREATE FUNCTION owner_search_ownership_d() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM ownership o WHERE o.unit_id = OLD.unit_id AND o.party_id = OLD.party_id) THEN
		DELETE FROM owner_search WHERE project_id = (SELECT project_id FROM unit WHERE id = OLD.unit_id)
			AND kind = 'name' AND term = (SELECT name FROM party WHERE id = OLD.party_id)
			AND unit_id = OLD.unit_id AND party_id = OLD.party_id;
		DELETE FROM owner_search WHERE project_id = (SELECT project_id FROM unit WHERE id = OLD.unit_id)
			AND kind = 'phone' AND term IN (SELECT phone FROM party_phone WHERE party_id = OLD.party_id)
			AND unit_id = OLD.unit_id AND party_id = OLD.party_id;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER owner_search_ownership_d AFTER DELETE ON ownership FOR EACH ROW EXECUTE FUNCTION owner_search_ownership_d();
CREATE FUNCTION owner_search_party_u() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.name <> NEW.name THEN
		DELETE FROM owner_search WHERE project_id IN (SELECT u.project_id FROM ownership o JOIN unit u
			ON u.id = o.unit_id WHERE o.party_id = OLD.id) AND kind = 'name' AND term = OLD.name AND party_id = OLD.id;
		INSERT INTO owner_search (project_id, kind, term, unit_id, party_id)
			SELECT DISTINCT u.project_id, 'name', NEW.name, u.id, NEW.id FROM ownership o JOIN unit u ON u.id = o.unit_id
			WHERE o.party_id = NEW.id AND NEW.kind = 'person' AND NEW.name <> ''
			ON CONFLICT DO NOTHING;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER owner_search_party_u AFTER UPDATE OF name ON party FOR EACH ROW EXECUTE FUNCTION owner_search_party_u();
CREATE FUNCTION owner_search_phone_i() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO owner_search (project_id, kind, term, unit_id, party_id)
		SELECT DISTINCT u.project_id, 'phone', NEW.phone, u.id, NEW.party_id FROM ownership o JOIN unit u ON u.id = o.unit_id
		JOIN party p ON p.id = NEW.party_id
		WHERE o.party_id = NEW.party_id AND p.kind = 'person' AND NEW.phone <> ''
		ON CONFLICT DO NOTHING;
	RETURN NULL;
END
$$;
CREATE TRIGGER owner_search_phone_i AFTER INSERT ON party_phone FOR EACH ROW EXECUTE FUNCTION owner_search_phone_i();
CREATE FUNCTION owner_search_phone_d() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM owner_search WHERE project_id IN (SELECT u.project_id FROM ownership o JOIN unit u ON u.id = o.unit_id
		WHERE o.party_id = OLD.party_id) AND kind = 'phone' AND term = OLD.phone AND party_id = OLD.party_id
		AND NOT EXISTS (SELECT 1 FROM party_phone pp WHERE pp.party_id = OLD.party_id AND pp.phone = OLD.phone);
	IF TG_OP = 'UPDATE' THEN
		INSERT INTO owner_search (project_id, kind, term, unit_id, party_id)
			SELECT DISTINCT u.project_id, 'phone', NEW.phone, u.id, NEW.party_id FROM ownership o JOIN unit u ON u.id = o.unit_id
			JOIN party p ON p.id = NEW.party_id
			WHERE o.party_id = NEW.party_id AND p.kind = 'person' AND NEW.phone <> ''
			ON CONFLICT DO NOTHING;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER owner_search_phone_d AFTER DELETE OR UPDATE OF phone ON party_phone FOR EACH ROW EXECUTE FUNCTION owner_search_phone_d();
-- @all
