-- seeds/002_cc1f55677040c9e3.txt: the queries of "Query Optimization" (the SQL code blocks of
-- lines 539 to 557) and of the troubleshooting section's views (lines 653, 656 and 659),
-- verbatim.

-- Instead of aggregating on every query
SELECT time_bucket('1 hour', time), AVG(temperature)
FROM sensor_data
WHERE time > NOW() - INTERVAL '7 days'
GROUP BY 1;

-- Use pre-computed continuous aggregate
SELECT * FROM sensor_data_hourly
WHERE bucket > NOW() - INTERVAL '7 days';

-- TimescaleDB automatically prunes partitions
SELECT * FROM sensor_data
WHERE time BETWEEN '2025-01-01' AND '2025-01-31';
-- Only scans January chunks

SELECT * FROM timescaledb_information.hypertables;

SELECT * FROM timescaledb_information.continuous_aggregates;

SELECT * FROM timescaledb_information.chunks;
