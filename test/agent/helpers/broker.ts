import { once } from 'node:events'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { Aedes } from 'aedes'
import type { Client } from 'aedes'
import { waitUntil } from './wait.js'

export interface Received {
  topic: string
  payload: unknown
  retain: boolean
  clientId: string | null
  at: number
}

export interface TestBroker {
  url: string
  port: number
  /** Every vigil/ publish the broker has seen, in order (Last Wills included), across restarts. */
  messages: Received[]
  /** Topic filters subscribed to, by any client. */
  subscriptions: Set<string>
  /** CONNECT credentials seen, in order. */
  logins: Array<{ clientId: string, username: string | undefined, password: string | undefined }>
  clients: Map<string, Client>
  waitFor (predicate: (messages: Received[]) => boolean, timeoutMs?: number): Promise<void>
  publish (topic: string, payload: unknown, retain: boolean): Promise<void>
  /** Closes broker and listener; `restart` brings a fresh broker (no sessions) back on the same port. */
  stop (): Promise<void>
  restart (): Promise<void>
  close (): Promise<void>
}

/** An in-process aedes on an ephemeral 127.0.0.1 port that records what agents publish. */
export async function startBroker (): Promise<TestBroker> {
  const messages: Received[] = []
  const logins: TestBroker['logins'] = []
  const clients = new Map<string, Client>()
  const subscriptions = new Set<string>()
  let broker: Aedes | undefined
  let server: Server | undefined
  let port = 0

  const listen = async (): Promise<void> => {
    const b = await Aedes.createBroker()
    b.authenticate = (client, username, password, done) => {
      logins.push({ clientId: client.id, username, password: password?.toString() })
      done(null, true)
    }
    b.on('client', (client) => clients.set(client.id, client))
    b.on('clientDisconnect', (client) => clients.delete(client.id))
    b.on('subscribe', (subs) => { for (const sub of subs) subscriptions.add(sub.topic) })
    b.on('publish', (packet, client) => {
      if (!packet.topic.startsWith('vigil/')) return
      const text = packet.payload.toString()
      messages.push({ topic: packet.topic, payload: text === '' ? null : JSON.parse(text), retain: packet.retain, clientId: client?.id ?? null, at: Date.now() })
    })
    const s = createServer(b.handle)
    s.listen(port, '127.0.0.1')
    await once(s, 'listening')
    port = (s.address() as AddressInfo).port
    broker = b
    server = s
  }

  const stop = async (): Promise<void> => {
    const b = broker
    const s = server
    broker = undefined
    server = undefined
    if (b) await new Promise<void>((resolve) => b.close(() => resolve()))
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()))
    clients.clear()
  }

  await listen()
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    messages,
    logins,
    subscriptions,
    clients,
    waitFor: (predicate, timeoutMs) => waitUntil(() => predicate(messages), `messages; got ${messages.length}`, timeoutMs),
    async publish (topic, payload, retain) {
      await new Promise<void>((resolve, reject) => broker!.publish({
        cmd: 'publish', topic, payload: Buffer.from(JSON.stringify(payload)), qos: 1, retain, dup: false
      }, (err) => err ? reject(err) : resolve()))
    },
    stop,
    restart: listen,
    close: stop
  }
}

/** The payloads received on one topic suffix, in order. */
export function payloadsOn<T = Record<string, unknown>> (messages: Received[], suffix: string): T[] {
  return messages.filter((m) => m.topic.endsWith(`/${suffix}`)).map((m) => m.payload as T)
}
