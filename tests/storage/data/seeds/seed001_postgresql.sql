-- seeds/001_5865912fc3b6a8b0.txt: section 2, PostgreSQL schemas, verbatim (the code blocks of lines 31 to 219).

-- Enable required extensions
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE EXTENSION IF NOT EXISTS "pg_trgm";  -- For text search

-- Universal component state table
CREATE TABLE component_state (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    component_name VARCHAR(255) NOT NULL,
    component_type VARCHAR(50) NOT NULL CHECK (component_type IN ('Source', 'Sink', 'Transformer', 'Splitter', 'Merger')),
    state_data JSONB NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    UNIQUE(component_name, version)
);

-- Indexes for efficient querying
CREATE INDEX idx_component_state_name ON component_state (component_name);
CREATE INDEX idx_component_state_type ON component_state (component_type);
CREATE INDEX idx_component_state_created ON component_state (created_at);
CREATE INDEX idx_component_state_data_gin ON component_state USING gin(state_data);

-- Trigger to update updated_at
CREATE OR REPLACE FUNCTION update_updated_at_column()
RETURNS TRIGGER AS $$
BEGIN
    NEW.updated_at = NOW();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER update_component_state_updated_at
BEFORE UPDATE ON component_state
FOR EACH ROW
EXECUTE FUNCTION update_updated_at_column();

-- Port message persistence (optional, for durability)
CREATE TABLE port_messages (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    port_name VARCHAR(255) NOT NULL,
    source_component VARCHAR(255) NOT NULL,
    target_component VARCHAR(255) NOT NULL,
    message_data JSONB NOT NULL,
    message_metadata JSONB,
    status VARCHAR(20) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'dead_letter')),
    retry_count INTEGER DEFAULT 0,
    max_retries INTEGER DEFAULT 3,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    processed_at TIMESTAMP WITH TIME ZONE,
    completed_at TIMESTAMP WITH TIME ZONE,
    error_message TEXT,
    error_details JSONB
);

-- Indexes for message queue operations
CREATE INDEX idx_port_messages_status ON port_messages (status);
CREATE INDEX idx_port_messages_port ON port_messages (port_name);
CREATE INDEX idx_port_messages_created ON port_messages (created_at);
CREATE INDEX idx_port_messages_pending ON port_messages (status, created_at) WHERE status = 'pending';
CREATE INDEX idx_port_messages_retry ON port_messages (status, retry_count) WHERE status = 'failed' AND retry_count < max_retries;

-- Dead letter queue view
CREATE VIEW dead_letter_queue AS
SELECT * FROM port_messages
WHERE status = 'dead_letter' OR (status = 'failed' AND retry_count >= max_retries);

-- Checkpoint management for recovery
CREATE TABLE checkpoints (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    checkpoint_name VARCHAR(255) NOT NULL,
    component_name VARCHAR(255) NOT NULL,
    checkpoint_data JSONB NOT NULL,
    checkpoint_metadata JSONB,
    version BIGINT NOT NULL,
    is_latest BOOLEAN DEFAULT TRUE,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    expires_at TIMESTAMP WITH TIME ZONE,
    UNIQUE(checkpoint_name, version)
);

-- Indexes for checkpoint operations
CREATE INDEX idx_checkpoints_name ON checkpoints (checkpoint_name);
CREATE INDEX idx_checkpoints_component ON checkpoints (component_name);
CREATE INDEX idx_checkpoints_latest ON checkpoints (is_latest) WHERE is_latest = TRUE;
CREATE INDEX idx_checkpoints_expires ON checkpoints (expires_at) WHERE expires_at IS NOT NULL;

-- Function to mark old checkpoints as not latest
CREATE OR REPLACE FUNCTION update_checkpoint_latest()
RETURNS TRIGGER AS $$
BEGIN
    IF NEW.is_latest THEN
        UPDATE checkpoints 
        SET is_latest = FALSE 
        WHERE checkpoint_name = NEW.checkpoint_name 
        AND id != NEW.id 
        AND is_latest = TRUE;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER checkpoint_latest_trigger
AFTER INSERT ON checkpoints
FOR EACH ROW
EXECUTE FUNCTION update_checkpoint_latest();

-- Component metrics storage
CREATE TABLE component_metrics (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    component_name VARCHAR(255) NOT NULL,
    metric_name VARCHAR(255) NOT NULL,
    metric_value DOUBLE PRECISION NOT NULL,
    metric_unit VARCHAR(50),
    metric_metadata JSONB,
    timestamp TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);

-- Partition by day for efficient querying and retention
CREATE INDEX idx_component_metrics_time ON component_metrics (timestamp);
CREATE INDEX idx_component_metrics_component ON component_metrics (component_name, timestamp);
CREATE INDEX idx_component_metrics_name ON component_metrics (metric_name, timestamp);

-- Port metrics
CREATE TABLE port_metrics (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    port_name VARCHAR(255) NOT NULL,
    messages_sent BIGINT DEFAULT 0,
    messages_received BIGINT DEFAULT 0,
    avg_send_duration_ms DOUBLE PRECISION,
    avg_receive_duration_ms DOUBLE PRECISION,
    avg_message_age_ms DOUBLE PRECISION,
    buffer_utilization DOUBLE PRECISION,
    timestamp TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);

CREATE INDEX idx_port_metrics_time ON port_metrics (timestamp);
CREATE INDEX idx_port_metrics_port ON port_metrics (port_name, timestamp);

-- System health status
CREATE TABLE system_health (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    component_name VARCHAR(255) NOT NULL,
    health_status VARCHAR(20) NOT NULL CHECK (health_status IN ('healthy', 'degraded', 'unhealthy', 'unknown')),
    health_details JSONB,
    last_heartbeat TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);

CREATE INDEX idx_system_health_component ON system_health (component_name);
CREATE INDEX idx_system_health_status ON system_health (health_status);
CREATE INDEX idx_system_health_heartbeat ON system_health (last_heartbeat);

-- Generic storage for Sink components
CREATE TABLE sink_storage (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    sink_name VARCHAR(255) NOT NULL,
    data_type VARCHAR(100),
    data JSONB NOT NULL,
    metadata JSONB,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);

CREATE INDEX idx_sink_storage_name ON sink_storage (sink_name);
CREATE INDEX idx_sink_storage_created ON sink_storage (created_at);
CREATE INDEX idx_sink_storage_data_gin ON sink_storage USING gin(data);

CREATE TRIGGER update_sink_storage_updated_at
BEFORE UPDATE ON sink_storage
FOR EACH ROW
EXECUTE FUNCTION update_updated_at_column();
