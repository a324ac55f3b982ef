DROP TABLE ingest_deliveries;
