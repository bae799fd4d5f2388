import WebSocket from 'ws'

/** A live-feed client for tests that records every message it gets. */
export class LiveClient {
  readonly messages: any[] = []
  readonly ws: WebSocket
  closed: { code: number, reason: string } | null = null
  private waiters: Array<() => void> = []

  constructor (httpUrl: string, headers: Record<string, string> = {}, query = '') {
    this.ws = new WebSocket(httpUrl.replace(/^http/, 'ws') + '/api/v1/live' + query, { headers })
    this.ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()))
      for (const w of this.waiters.splice(0)) w()
    })
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() }
      for (const w of this.waiters.splice(0)) w()
    })
  }

  opened (): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.ws.readyState === WebSocket.OPEN) return resolve()
      this.ws.once('open', () => resolve())
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
      this.ws.once('error', reject)
    })
  }

  subscribe (topics: string[], since?: number): void {
    this.ws.send(JSON.stringify({ type: 'subscribe', topics, since }))
  }

  /** Resolves with the first message (from `from` on) that matches, or rejects after `timeoutMs`. */
  async next (match: (m: any) => boolean, timeoutMs = 3000, from = 0): Promise<any> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.messages.slice(from).find(match)
      if (found) return found
      if (this.closed) throw new Error(`socket closed (${this.closed.code} ${this.closed.reason}) before a matching message`)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`no matching live message within ${timeoutMs} ms; got ${JSON.stringify(this.messages.slice(-3))}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => { clearTimeout(timer); resolve() })
      })
    }
  }

  close (): void {
    this.ws.terminate()
  }
}
