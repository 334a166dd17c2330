-- Storm decisions stop counting at the threshold (issue 20: PostgreSQL's work per alert). `tandem_group_storm`
-- (migration 0032) counted every alert of the signal and agent decided in the last 5 minutes, so during a storm each
-- new alert's decision scanned the whole storm (a thousand index entries in bench:ingest, under the storm lock). The
-- decision only asks whether that count is over the org's storm threshold, so the scan now stops after `threshold`
-- rows: the same decisions, in the time of at most `threshold` rows. Otherwise unchanged.
CREATE OR REPLACE FUNCTION tandem_group_storm(
  p_alert_id uuid, p_org_id uuid, p_signal text, p_agent_id uuid, p_agent_key text, p_channel_id uuid,
  p_at timestamptz, p_storm_threshold integer
) RETURNS TABLE (push_kind text, group_id uuid, outbox_id uuid)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  v_decided boolean;
  v_n integer;
  v_group uuid;
  v_kind text;
  v_payload jsonb;
  v_dedup text;
  v_outbox uuid;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('storm:' || p_org_id::text || ':' || p_signal || ':' || p_agent_key, 0));
  SELECT a.storm_checked_at IS NOT NULL INTO v_decided FROM alerts a WHERE a.id = p_alert_id;
  IF v_decided IS DISTINCT FROM false THEN
    RETURN;
  END IF;
  -- snoozed for its channel or its agent (issue 18 item 6): recorded and counted, but no push
  IF EXISTS (SELECT 1 FROM alert_snoozes s
      WHERE s.org_id = p_org_id AND s.signal = p_signal::agent_signal AND s.until > p_at
        AND ((s.scope = 'channel' AND s.channel_id = p_channel_id) OR (s.scope = 'agent' AND s.agent_key = p_agent_key))) THEN
    UPDATE alerts SET storm_checked_at = now(), snoozed = true WHERE id = p_alert_id;
    RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid;
    RETURN;
  END IF;
  -- this alert's place among the alerts of its signal and agent decided in the 5 minutes before it, counted up to
  -- the threshold only (past it the place makes no difference: a storm has started)
  -- (two statements, so each keeps its plan on alerts_storm_idx: `IS NOT DISTINCT FROM` cannot use the index)
  IF p_agent_id IS NULL THEN
    SELECT count(*)::int + 1 INTO v_n FROM (SELECT 1 FROM alerts a
      WHERE a.org_id = p_org_id AND a.agent_id IS NULL AND a.signal = p_signal::agent_signal
        AND a.first_seen_at > p_at - interval '5 minutes' AND a.storm_checked_at IS NOT NULL
      LIMIT greatest(p_storm_threshold, 0)) earlier;
  ELSE
    SELECT count(*)::int + 1 INTO v_n FROM (SELECT 1 FROM alerts a
      WHERE a.org_id = p_org_id AND a.agent_id = p_agent_id AND a.signal = p_signal::agent_signal
        AND a.first_seen_at > p_at - interval '5 minutes' AND a.storm_checked_at IS NOT NULL
      LIMIT greatest(p_storm_threshold, 0)) earlier;
  END IF;
  IF v_n > p_storm_threshold THEN
    -- the storm's group started less than 5 minutes ago, or a new one starting now (which sends the one grouped push)
    UPDATE alert_groups g SET alert_count = g.alert_count + 1
      WHERE g.id = (SELECT x.id FROM alert_groups x
        WHERE x.org_id = p_org_id AND x.signal = p_signal::agent_signal AND x.agent_key = p_agent_key
          AND x.window_start > p_at - interval '5 minutes'
        ORDER BY x.window_start DESC LIMIT 1)
      RETURNING g.id INTO v_group;
    IF v_group IS NULL THEN
      INSERT INTO alert_groups (org_id, signal, agent_key, window_start, alert_count, pushed_at)
        VALUES (p_org_id, p_signal::agent_signal, p_agent_key, p_at, 1, p_at)
        RETURNING id INTO v_group;
      v_kind := 'group';
      v_payload := jsonb_build_object('kind', 'group', 'orgId', p_org_id, 'groupId', v_group);
      v_dedup := 'push:group:' || v_group::text;
    END IF;
  ELSE
    v_kind := 'alert';
    v_payload := jsonb_build_object('kind', 'alert', 'orgId', p_org_id, 'alertId', p_alert_id);
    v_dedup := 'push:' || p_alert_id::text;
  END IF;
  UPDATE alerts a SET storm_checked_at = now(), group_id = coalesce(v_group, a.group_id) WHERE a.id = p_alert_id;
  IF v_kind IS NOT NULL THEN
    -- the push, in the outbox with the decision (issue 16); its dedup key makes one push per alert and per storm group
    INSERT INTO outbox (org_id, topic, payload, dedup_key)
      VALUES (p_org_id, 'alerts/push.requested', v_payload, v_dedup)
      ON CONFLICT (dedup_key) DO UPDATE SET dedup_key = excluded.dedup_key
      RETURNING id INTO v_outbox;
  END IF;
  RETURN QUERY SELECT v_kind, v_group, v_outbox;
END
$$;
