-- The receiver's batches and messages, idempotent by delivery key (seed 000)
--
-- The receiver's messages (seed 000, "SQLite Alternative"), made idempotent: every message
-- carries the key of its delivery (the Redis stream entry id or equivalent), so a second
-- delivery inserts nothing. Content that is not valid UTF-8, or holds a NUL, keeps its bytes
-- in content_raw; content then holds a readable form with those bytes replaced. Times are
-- UTC text.
CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    filename TEXT NOT NULL,
    message_count INTEGER NOT NULL DEFAULT 0,
    date_created TEXT NOT NULL,
    date_modified TEXT NOT NULL
);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    batch_id INTEGER REFERENCES batches(id),
    message_number INTEGER NOT NULL,
    content TEXT NOT NULL,
    content_raw BLOB,
    timestamp TEXT NOT NULL,
    delivery_key TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL DEFAULT ''
);

CREATE INDEX idx_batch_id ON messages(batch_id);
CREATE INDEX idx_message_number ON messages(message_number);
CREATE INDEX idx_messages_timestamp ON messages(timestamp, id);
