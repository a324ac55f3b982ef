#!/usr/bin/env python3
"""What Porthole's metric rollups cost the pipeline's own inserts (run by run-rollupcost).

A plain client inserts rows into component_metrics and port_metrics as a pipeline does (the
row's time left to the table's default: now), in transactions of 1 and of 1,000 rows, into
three copies of one adopted database: with Porthole's triggers on the two tables dropped
(bare: the same schema, indexes and journal mode, nothing of Porthole's firing), at migration
29 (every insert rolled up by its trigger) and at the latest migration, rolled up once by
Porthole's roller as a window or worker watching it leaves it (bench_rollonce; inserts after
the rollups' boundary fire only the late-row trigger's condition, which on PostgreSQL 14+ the
roller sets to the boundary as a constant; the roller adds them later). The
copies take turns, run after run; the figures are medians, with each copy's ratio to bare.

SQLite: Python's sqlite3 (executemany a transaction). PostgreSQL: pgbench, one INSERT a
statement (a transaction of 1,000 rows is 1,000 statements between BEGIN and COMMIT).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sqlite3
import sys
import time
import uuid

VARIANTS = ("bare", "migration 29", "latest")


def run(*args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


def porthole_migrate(porthole, url, version=None):
    args = [porthole, "migrate", "--db", url, "up"]
    if version is not None:
        args.append(str(version))
    run(*args)


def drop_triggers_sql(engine, names):
    if engine == "sqlite":
        return "".join(f"DROP TRIGGER {name};\n" for name, _ in names)
    return "".join(f"DROP TRIGGER {name} ON {table};\n" for name, table in names)


# --- SQLite -----------------------------------------------------------------------------

def sqlite_triggers(path):
    with sqlite3.connect(path) as db:
        return [(name, table) for name, table in db.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name IN ('component_metrics', 'port_metrics')")]


def sqlite_insert(path, table, per_transaction, transactions):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA synchronous = FULL")
    if table == "component_metrics":
        sql = ("INSERT INTO component_metrics (id, component_name, metric_name, metric_value) "
               "VALUES (?, ?, ?, ?)")
        rows = [[(str(uuid.uuid4()), f"component-{i % 20}", f"metric-{i % 5}", float(i))
                 for i in range(per_transaction)] for _ in range(transactions)]
    else:
        sql = ("INSERT INTO port_metrics (id, port_name, messages_sent, messages_received, "
               "avg_send_duration_ms, buffer_utilization) VALUES (?, ?, ?, ?, ?, ?)")
        rows = [[(str(uuid.uuid4()), f"port-{i % 50}", i, i, i * 0.5, 0.25)
                 for i in range(per_transaction)] for _ in range(transactions)]
    start = time.perf_counter()
    for batch in rows:
        db.execute("BEGIN")
        db.executemany(sql, batch)
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return per_transaction * transactions / elapsed


def prepare_sqlite(args, data):
    seed = os.path.join(data, "seed.db")
    for name in os.listdir(data):
        if name.endswith((".db", ".db-wal", ".db-shm")) or ".db.backup" in name:
            os.remove(os.path.join(data, name))
    with open(args.seed_sqlite) as ddl, sqlite3.connect(seed) as db:
        db.executescript(ddl.read())
    old = os.path.join(data, "migration29.db")
    latest = os.path.join(data, "latest.db")
    bare = os.path.join(data, "bare.db")
    shutil.copy(seed, old)
    porthole_migrate(args.porthole, "sqlite://" + old, 29)
    shutil.copy(old, latest)
    porthole_migrate(args.porthole, "sqlite://" + latest)
    run(args.roll, "sqlite://" + latest)
    shutil.copy(latest, bare)
    with sqlite3.connect(bare) as db:
        db.executescript(drop_triggers_sql("sqlite", sqlite_triggers(bare)))
    for path in (old, latest, bare):
        with sqlite3.connect(path) as db:
            db.execute("PRAGMA journal_mode = WAL")
    return {"bare": bare, "migration 29": old, "latest": latest}


# --- PostgreSQL -------------------------------------------------------------------------

def psql(url, sql):
    return run("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url, "-c", sql).stdout


def database_url(server, name):
    return server.rsplit("/", 1)[0] + "/" + name


def prepare_postgres(args, server):
    urls = {}
    for variant, name in (("migration 29", "old"), ("latest", "latest"), ("bare", "bare")):
        psql(server, f"DROP DATABASE IF EXISTS {name}")
        psql(server, f"CREATE DATABASE {name}")
        url = database_url(server, name)
        with open(args.seed_postgres) as ddl:
            run("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, input=ddl.read())
        porthole_migrate(args.porthole, url, 29)
        if variant != "migration 29":
            porthole_migrate(args.porthole, url)
            # As a window or worker leaves it: on PostgreSQL 14+ the late-row trigger's
            # condition a constant (storage/sql/metricrollups.cpp).
            run(args.roll, url)
        if variant == "bare":
            names = [tuple(line.split("|")) for line in psql(
                url, "SELECT tgname, tgrelid::regclass FROM pg_trigger WHERE NOT tgisinternal "
                "AND tgrelid::regclass::text IN ('component_metrics', 'port_metrics')"
            ).split()]
            psql(url, drop_triggers_sql("postgresql", names))
        urls[variant] = url
    return urls


def postgres_insert(args, url, table, per_transaction, transactions, scripts):
    key = (table, per_transaction)
    if key not in scripts:
        if table == "component_metrics":
            statement = ("INSERT INTO component_metrics (component_name, metric_name, "
                         "metric_value) VALUES ('component-{0}', 'metric-{1}', {2});")
            line = lambda i: statement.format(i % 20, i % 5, i)
        else:
            statement = ("INSERT INTO port_metrics (port_name, messages_sent, messages_received, "
                         "avg_send_duration_ms, buffer_utilization) "
                         "VALUES ('port-{0}', {1}, {1}, {2}, 0.25);")
            line = lambda i: statement.format(i % 50, i, i * 0.5)
        body = [line(i) for i in range(per_transaction)]
        if per_transaction > 1:
            body = ["BEGIN;"] + body + ["COMMIT;"]
        path = os.path.join(args.data, f"pgbench-{table}-{per_transaction}.sql")
        with open(path, "w") as script:
            script.write("\n".join(body) + "\n")
        scripts[key] = path
    start = time.perf_counter()
    run(args.pgbench, "-n", "-f", scripts[key], "-t", str(transactions), url)
    elapsed = time.perf_counter() - start
    return per_transaction * transactions / elapsed


# --- the runs ---------------------------------------------------------------------------

def measure(engine, targets, args):
    shapes = [("component_metrics", 1), ("component_metrics", 1000), ("port_metrics", 1),
              ("port_metrics", 1000)]
    counts = {1: args.single_transactions, 1000: args.batch_transactions}
    results = {(v, t, n): [] for v in VARIANTS for t, n in shapes}
    scripts = {}
    for run_index in range(args.runs):
        # Each run in another order, so that none is always first after a quiet spell.
        order = VARIANTS[run_index % 3:] + VARIANTS[:run_index % 3]
        for table, per in shapes:
            for variant in order:
                if engine == "sqlite":
                    rate = sqlite_insert(targets[variant], table, per, counts[per])
                else:
                    rate = postgres_insert(args, targets[variant], table, per, counts[per],
                                           scripts)
                results[(variant, table, per)].append(rate)
        print(f"  run {run_index + 1} of {args.runs} done", file=sys.stderr)
    print(f"\n{engine}: rows a second, medians of {args.runs} (ratio to bare)")
    print("| table | rows a transaction | bare | migration 29 | latest |")
    print("|---|---|---|---|---|")
    for table, per in shapes:
        bare = statistics.median(results[("bare", table, per)])
        cells = [f"{bare:,.0f}"]
        for variant in VARIANTS[1:]:
            value = statistics.median(results[(variant, table, per)])
            cells.append(f"{value:,.0f} ({value / bare:.2f})")
        # The ratios run by run: the spread the medians hide.
        spread = [results[("latest", table, per)][i] / results[("bare", table, per)][i]
                  for i in range(args.runs)]
        print(f"| {table} | {per:,} | " + " | ".join(cells) +
              f" |  latest/bare by run: {min(spread):.2f} to {max(spread):.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--porthole", required=True)
    parser.add_argument("--roll", required=True, help="bench_rollonce: the roller, once")
    parser.add_argument("--pgbench", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--seed-sqlite", required=True)
    parser.add_argument("--seed-postgres", required=True)
    parser.add_argument("--postgres-url", help="a server to make the databases on")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--single-transactions", type=int, default=200)
    parser.add_argument("--batch-transactions", type=int, default=10)
    parser.add_argument("--engines", default="sqlite postgresql")
    args = parser.parse_args()
    for engine in args.engines.split():
        if engine == "sqlite":
            measure("sqlite", prepare_sqlite(args, args.data), args)
        elif engine == "postgresql":
            measure("postgresql", prepare_postgres(args, args.postgres_url), args)


if __name__ == "__main__":
    main()
