-- Seed 001 (shared/seeds/001_*.txt), sections 2.1, 2.4 (system_health) and 2.5, verbatim:
-- the PostgreSQL tables the Component state, Sink storage and Health history panes read.
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
