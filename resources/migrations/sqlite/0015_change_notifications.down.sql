-- Change notifications for live panes (undone)
--
-- Version 15 changed nothing on SQLite; neither does undoing it.
SELECT 1;
