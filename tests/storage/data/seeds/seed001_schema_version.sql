-- seeds/001_5865912fc3b6a8b0.txt: section 5.1, schema versioning, verbatim (the code blocks of lines 351 to 366).

-- Schema version tracking
CREATE TABLE schema_version (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);

-- Initial version
INSERT INTO schema_version (version, description) 
VALUES (1, 'Initial port-based architecture schema');
