/**
 * The baseline: aedes as it comes (in-memory persistence, no hooks), in its own process, on a TCP
 * server with the same socket options as the collector's embedded broker. Prints {"mqtt":port}
 * on stdout; stops on SIGTERM or SIGINT, or when its parent (run.ts) is gone.
 */
import { createServer, type AddressInfo } from 'node:net'
import { Aedes } from 'aedes'

const broker = await Aedes.createBroker()
const server = createServer({ noDelay: true }, (socket) => broker.handle(socket))
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ mqtt: (server.address() as AddressInfo).port }) + '\n')
})

let stopping = false
function stop (): void {
  if (stopping) return
  stopping = true
  server.close()
  broker.close(() => process.exit(0))
  setTimeout(() => process.exit(0), 3000).unref()
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
process.on('disconnect', stop)
