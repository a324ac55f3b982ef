DROP TABLE messages;
DROP TABLE batches;
