-- Core tables of the port-based pipeline (seed 001)
--
-- The port-based pipeline's core tables (seed 001 section 2) in SQLite's terms:
-- UUID ids as TEXT (Porthole generates them; the default makes a version-4 UUID for other
-- writers), JSON as TEXT checked with json_valid, timestamps as UTC text
-- 'YYYY-MM-DD HH:MM:SS.SSS', booleans as 0/1, VARCHAR lengths as checks, and the same
-- checks, views and triggers as on PostgreSQL. SQLite has no GIN indexes.

CREATE TABLE component_state (
    id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    component_name TEXT NOT NULL CHECK (length(component_name) <= 255),
    component_type TEXT NOT NULL CHECK (component_type IN ('Source', 'Sink', 'Transformer', 'Splitter', 'Merger')),
    state_data TEXT NOT NULL CHECK (json_valid(state_data)),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    updated_at TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    UNIQUE(component_name, version)
);

CREATE INDEX idx_component_state_name ON component_state (component_name);
CREATE INDEX idx_component_state_type ON component_state (component_type);
CREATE INDEX idx_component_state_created ON component_state (created_at);

CREATE TRIGGER update_component_state_updated_at
AFTER UPDATE ON component_state
FOR EACH ROW
BEGIN
    UPDATE component_state SET updated_at = (strftime('%Y-%m-%d %H:%M:%f', 'now')) WHERE id = NEW.id;
END;

CREATE TABLE port_messages (
    id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    port_name TEXT NOT NULL CHECK (length(port_name) <= 255),
    source_component TEXT NOT NULL CHECK (length(source_component) <= 255),
    target_component TEXT NOT NULL CHECK (length(target_component) <= 255),
    message_data TEXT NOT NULL CHECK (json_valid(message_data)),
    message_metadata TEXT CHECK (message_metadata IS NULL OR json_valid(message_metadata)),
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'dead_letter')),
    retry_count INTEGER DEFAULT 0,
    max_retries INTEGER DEFAULT 3,
    created_at TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    processed_at TEXT,
    completed_at TEXT,
    error_message TEXT,
    error_details TEXT CHECK (error_details IS NULL OR json_valid(error_details))
);

CREATE INDEX idx_port_messages_status ON port_messages (status);
CREATE INDEX idx_port_messages_port ON port_messages (port_name);
CREATE INDEX idx_port_messages_created ON port_messages (created_at);
CREATE INDEX idx_port_messages_pending ON port_messages (status, created_at) WHERE status = 'pending';
CREATE INDEX idx_port_messages_retry ON port_messages (status, retry_count) WHERE status = 'failed' AND retry_count < max_retries;

CREATE VIEW dead_letter_queue AS
SELECT * FROM port_messages
WHERE status = 'dead_letter' OR (status = 'failed' AND retry_count >= max_retries);

CREATE TABLE checkpoints (
    id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    checkpoint_name TEXT NOT NULL CHECK (length(checkpoint_name) <= 255),
    component_name TEXT NOT NULL CHECK (length(component_name) <= 255),
    checkpoint_data TEXT NOT NULL CHECK (json_valid(checkpoint_data)),
    checkpoint_metadata TEXT CHECK (checkpoint_metadata IS NULL OR json_valid(checkpoint_metadata)),
    version INTEGER NOT NULL,
    is_latest INTEGER DEFAULT 1 CHECK (is_latest IN (0, 1)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    expires_at TEXT,
    UNIQUE(checkpoint_name, version)
);

CREATE INDEX idx_checkpoints_name ON checkpoints (checkpoint_name);
CREATE INDEX idx_checkpoints_component ON checkpoints (component_name);
CREATE INDEX idx_checkpoints_latest ON checkpoints (is_latest) WHERE is_latest = 1;
CREATE INDEX idx_checkpoints_expires ON checkpoints (expires_at) WHERE expires_at IS NOT NULL;

CREATE TRIGGER checkpoint_latest_trigger
AFTER INSERT ON checkpoints
FOR EACH ROW WHEN NEW.is_latest
BEGIN
    UPDATE checkpoints
    SET is_latest = 0
    WHERE checkpoint_name = NEW.checkpoint_name
    AND id != NEW.id
    AND is_latest = 1;
END;

CREATE TABLE component_metrics (
    id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    component_name TEXT NOT NULL CHECK (length(component_name) <= 255),
    metric_name TEXT NOT NULL CHECK (length(metric_name) <= 255),
    metric_value REAL NOT NULL,
    metric_unit TEXT CHECK (metric_unit IS NULL OR length(metric_unit) <= 50),
    metric_metadata TEXT CHECK (metric_metadata IS NULL OR json_valid(metric_metadata)),
    timestamp TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))
);

CREATE INDEX idx_component_metrics_time ON component_metrics (timestamp);
CREATE INDEX idx_component_metrics_component ON component_metrics (component_name, timestamp);
CREATE INDEX idx_component_metrics_name ON component_metrics (metric_name, timestamp);

CREATE TABLE port_metrics (
    id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    port_name TEXT NOT NULL CHECK (length(port_name) <= 255),
    messages_sent INTEGER DEFAULT 0,
    messages_received INTEGER DEFAULT 0,
    avg_send_duration_ms REAL,
    avg_receive_duration_ms REAL,
    avg_message_age_ms REAL,
    buffer_utilization REAL,
    timestamp TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))
);

CREATE INDEX idx_port_metrics_time ON port_metrics (timestamp);
CREATE INDEX idx_port_metrics_port ON port_metrics (port_name, timestamp);

CREATE TABLE system_health (
    id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    component_name TEXT NOT NULL CHECK (length(component_name) <= 255),
    health_status TEXT NOT NULL CHECK (health_status IN ('healthy', 'degraded', 'unhealthy', 'unknown')),
    health_details TEXT CHECK (health_details IS NULL OR json_valid(health_details)),
    last_heartbeat TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    created_at TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))
);

CREATE INDEX idx_system_health_component ON system_health (component_name);
CREATE INDEX idx_system_health_status ON system_health (health_status);
CREATE INDEX idx_system_health_heartbeat ON system_health (last_heartbeat);

CREATE TABLE sink_storage (
    id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
    sink_name TEXT NOT NULL CHECK (length(sink_name) <= 255),
    data_type TEXT CHECK (data_type IS NULL OR length(data_type) <= 100),
    data TEXT NOT NULL CHECK (json_valid(data)),
    metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    updated_at TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))
);

CREATE INDEX idx_sink_storage_name ON sink_storage (sink_name);
CREATE INDEX idx_sink_storage_created ON sink_storage (created_at);

CREATE TRIGGER update_sink_storage_updated_at
AFTER UPDATE ON sink_storage
FOR EACH ROW
BEGIN
    UPDATE sink_storage SET updated_at = (strftime('%Y-%m-%d %H:%M:%f', 'now')) WHERE id = NEW.id;
END;
