-- Change notifications for live panes (LISTEN porthole_changes)
--
-- SQLite has no LISTEN/NOTIFY: a window learns of other connections' commits by reading
-- PRAGMA data_version a few times a second, which needs nothing in the schema. This version
-- changes nothing here, so that both engines count the same versions.
SELECT 1;
