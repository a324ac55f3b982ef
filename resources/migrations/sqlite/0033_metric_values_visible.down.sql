-- Component metric values read from their index alone (undone): nothing on SQLite.
SELECT 1;
