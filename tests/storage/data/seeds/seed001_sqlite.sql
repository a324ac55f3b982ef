-- seeds/001_5865912fc3b6a8b0.txt: section 3.1, simplified schema for SQLite, verbatim (the code blocks of lines 220 to 284).

-- Component state (SQLite version)
CREATE TABLE component_state (
    id TEXT PRIMARY KEY,
    component_name TEXT NOT NULL,
    component_type TEXT NOT NULL CHECK (component_type IN ('Source', 'Sink', 'Transformer', 'Splitter', 'Merger')),
    state_data TEXT NOT NULL, -- JSON stored as TEXT
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP,
    updated_at TEXT DEFAULT CURRENT_TIMESTAMP,
    UNIQUE(component_name, version)
);

CREATE INDEX idx_component_state_name ON component_state (component_name);
CREATE INDEX idx_component_state_type ON component_state (component_type);

-- Port messages (SQLite version)
CREATE TABLE port_messages (
    id TEXT PRIMARY KEY,
    port_name TEXT NOT NULL,
    source_component TEXT NOT NULL,
    target_component TEXT NOT NULL,
    message_data TEXT NOT NULL, -- JSON as TEXT
    message_metadata TEXT,
    status TEXT NOT NULL DEFAULT 'pending',
    retry_count INTEGER DEFAULT 0,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP,
    processed_at TEXT,
    completed_at TEXT
);

CREATE INDEX idx_port_messages_status ON port_messages (status);
CREATE INDEX idx_port_messages_port ON port_messages (port_name);

-- Checkpoints (SQLite version)
CREATE TABLE checkpoints (
    id TEXT PRIMARY KEY,
    checkpoint_name TEXT NOT NULL,
    component_name TEXT NOT NULL,
    checkpoint_data TEXT NOT NULL, -- JSON as TEXT
    version INTEGER NOT NULL,
    is_latest INTEGER DEFAULT 1,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP,
    UNIQUE(checkpoint_name, version)
);

CREATE INDEX idx_checkpoints_name ON checkpoints (checkpoint_name);
CREATE INDEX idx_checkpoints_latest ON checkpoints (is_latest);

-- Metrics (SQLite version)
CREATE TABLE component_metrics (
    id TEXT PRIMARY KEY,
    component_name TEXT NOT NULL,
    metric_name TEXT NOT NULL,
    metric_value REAL NOT NULL,
    timestamp TEXT DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_component_metrics_component ON component_metrics (component_name);
CREATE INDEX idx_component_metrics_name ON component_metrics (metric_name);
