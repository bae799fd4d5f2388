import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeCollector {
  url: string
  /** Bodies of the enrollment requests received, parsed. */
  requests: Array<Record<string, unknown>>
  close (): Promise<void>
}

/** An HTTP server on an ephemeral 127.0.0.1 port that answers enrollment requests with `answer`. */
export async function fakeCollector (answer: (body: Record<string, unknown>, n: number) => { status: number, body: unknown }): Promise<FakeCollector> {
  const requests: Array<Record<string, unknown>> = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = ''
    req.on('data', (chunk: Buffer) => { text += chunk.toString() })
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/api/v1/agents/enroll') {
        res.writeHead(404).end()
        return
      }
      const body = JSON.parse(text) as Record<string, unknown>
      requests.push(body)
      const reply = answer(body, requests.length)
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body))
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  }
}
