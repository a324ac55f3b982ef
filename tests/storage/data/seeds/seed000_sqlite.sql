-- seeds/000_004f019ff48d6b00.txt: "SQLite Alternative (Not Implemented)", the receiver's schema, verbatim (the code block of lines 433 to 451).

CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    filename TEXT NOT NULL,
    message_count INTEGER DEFAULT 0,
    date_created INTEGER NOT NULL,
    date_modified INTEGER NOT NULL
);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    batch_id INTEGER NOT NULL,
    message_number INTEGER NOT NULL,
    content TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    FOREIGN KEY (batch_id) REFERENCES batches(id)
);

CREATE INDEX idx_batch_id ON messages(batch_id);
CREATE INDEX idx_message_number ON messages(message_number);
