import type { LiveTopic } from '../../protocol/index.js'
import type { Scope } from '../auth/viewer.js'

export interface HeldEvent {
  seq: number
  topic: LiveTopic
  scope: Scope
  /** Monitor events belong to one audience (scope key) rather than to whoever can see the scope. */
  audience?: string
  text: string
}

/** The most recent events, for clients that reconnect with `since`. */
export class EventRing {
  private readonly events: HeldEvent[] = []
  private start = 0

  constructor (private readonly capacity: number) {}

  push (event: HeldEvent): void {
    if (this.events.length - this.start >= this.capacity) this.start++
    this.events.push(event)
    // Compact now and then instead of shifting on every push.
    if (this.start > this.capacity) {
      this.events.splice(0, this.start)
      this.start = 0
    }
  }

  /** True when every event after `since` up to `latest` is still held. */
  holdsAfter (since: number, latest: number): boolean {
    if (since > latest) return false
    if (since === latest) return true
    const oldest = this.events[this.start]
    return oldest !== undefined && oldest.seq <= since + 1
  }

  * after (since: number): Iterable<HeldEvent> {
    for (let i = this.start; i < this.events.length; i++) {
      if (this.events[i]!.seq > since) yield this.events[i]!
    }
  }
}
