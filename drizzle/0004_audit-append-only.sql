-- The audit trail is append-only and hash-chained (README "Security"). Each row's hash is
-- sha256 over a canonical serialisation of the row and the previous row's hash; the chain is
-- serialised by locking the one audit_chain_head row, so parallel writers cannot fork it.
-- The serialisation is jsonb text (keys sorted, fixed spacing) with the time in UTC, so it
-- does not depend on the session's TimeZone or DateStyle.
CREATE FUNCTION audit_event_digest(e audit_events) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    e.id, e.occurred_at AT TIME ZONE 'UTC', e.actor_type, e.actor_id, e.action, e.target_type,
    e.target_id, e.client_id, e.ip, e.details, e.prev_hash)::text, 'UTF8')), 'hex')
$$;
--> statement-breakpoint
INSERT INTO audit_chain_head (singleton) VALUES (true);
--> statement-breakpoint
-- Rows written before the chain existed are chained once, in id order.
DO $$
DECLARE
  r audit_events;
  previous text := NULL;
  last bigint := NULL;
BEGIN
  FOR r IN SELECT * FROM audit_events ORDER BY id LOOP
    r.prev_hash := previous;
    r.hash := audit_event_digest(r);
    UPDATE audit_events SET prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
    previous := r.hash;
    last := r.id;
  END LOOP;
  UPDATE audit_chain_head SET last_id = last, last_hash = previous WHERE singleton;
END $$;
--> statement-breakpoint
ALTER TABLE audit_events ALTER COLUMN hash SET NOT NULL;
--> statement-breakpoint
-- Every insert, whoever makes it, is chained: the id is drawn only once the head is locked,
-- so id order is chain order.
CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head audit_chain_head;
BEGIN
  SELECT * INTO head FROM audit_chain_head WHERE singleton FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'audit_chain_head is missing: the audit trail cannot be extended';
  END IF;
  NEW.id := nextval(pg_get_serial_sequence('audit_events', 'id'));
  NEW.prev_hash := head.last_hash;
  NEW.hash := audit_event_digest(NEW);
  UPDATE audit_chain_head SET last_id = NEW.id, last_hash = NEW.hash WHERE singleton;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
--> statement-breakpoint
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
-- The head moves only from inside the chain trigger (trigger depth 2), never on its own.
CREATE FUNCTION audit_chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_chain_head moves only when audit_events grows: % refused', TG_OP
    USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_chain_head_guard BEFORE UPDATE OR DELETE ON audit_chain_head
  FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard();
--> statement-breakpoint
CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_head_guard();
