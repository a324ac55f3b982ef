DROP TABLE sink_storage;
DROP TABLE system_health;
DROP TABLE port_metrics;
DROP TABLE component_metrics;
DROP TABLE checkpoints;
DROP FUNCTION update_checkpoint_latest();
DROP VIEW dead_letter_queue;
DROP TABLE port_messages;
DROP TABLE component_state;
DROP FUNCTION update_updated_at_column();
-- The stand-in for uuid-ossp, if this migration made one; an extension's own functions stay.
DO $$
BEGIN
    IF to_regprocedure('uuid_generate_v4()') IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM pg_depend
        WHERE objid = 'uuid_generate_v4()'::regprocedure AND deptype = 'e') THEN
        DROP FUNCTION uuid_generate_v4();
    END IF;
END
$$;
