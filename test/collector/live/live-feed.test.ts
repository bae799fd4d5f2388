import t from 'tap'
import { startTestCollector } from '../../helpers/collector.js'
import { FakeAgent } from '../../helpers/fake-agent.js'
import { LiveClient } from '../../helpers/live-client.js'

t.test('live feed', async (t) => {
  const c = await startTestCollector({ config: { liveMaxBufferedBytes: 64 * 1024 } })
  t.teardown(() => c.close())
  const { cookie } = await c.login()
  const agent = await new FakeAgent(await c.enrollAgent('REC-01'), 'REC-01').connect()
  t.teardown(() => agent.end().catch(() => {}))
  await agent.birth()
  await agent.heartbeat()

  t.test('snapshot per topic, then ordered events', async (t) => {
    const live = new LiveClient(c.httpUrl, { cookie })
    t.teardown(() => live.close())
    await live.opened()
    live.subscribe(['servers', 'errors', 'monitor'])
    const servers = await live.next((m) => m.type === 'snapshot' && m.topic === 'servers')
    t.match(servers.items, [{ name: 'REC-01', monitoringStatus: 'monitored', errorState: 'no_errors' }])
    t.same((await live.next((m) => m.type === 'snapshot' && m.topic === 'errors')).items, [])
    t.same((await live.next((m) => m.type === 'snapshot' && m.topic === 'monitor')).items, [{ state: 'ok', latest: null }])

    const from = live.messages.length
    await agent.errors([{ code: 'cpu_usage_is_high', value: 'REC-01' }])
    const error = await live.next((m) => m.type === 'event' && m.topic === 'errors', 1000, from)
    t.match(error.item, { status: 'new', code: 'cpu_usage_is_high', description: 'CPU usage is high', server: 'REC-01' })
    const monitor = await live.next((m) => m.type === 'event' && m.topic === 'monitor', 1000, from)
    t.match(monitor.item, { state: 'error', latest: { code: 'cpu_usage_is_high', customer: 'Unspecified' } })
    const server = await live.next((m) => m.type === 'event' && m.topic === 'servers', 1000, from)
    t.equal(server.item.errorState, 'error_detected')

    await agent.errors([])
    await live.next((m) => m.type === 'event' && m.topic === 'monitor' && m.item.state === 'ok', 1000, from)
    const events = live.messages.filter((m) => m.type === 'event')
    for (let i = 1; i < events.length; i++) t.equal(events[i].seq, events[i - 1].seq + 1, 'seq rises by one per event')
    t.ok(events[0].seq > servers.seq, 'events come after the snapshot they follow')
  })

  t.test('reconnect with since replays what was missed, without a snapshot', async (t) => {
    const first = new LiveClient(c.httpUrl, { cookie })
    await first.opened()
    first.subscribe(['errors', 'servers'])
    const snap = await first.next((m) => m.type === 'snapshot' && m.topic === 'errors')
    first.close()

    await agent.errors([{ code: 'memory_usage_is_high', value: 'REC-01' }])
    await agent.errors([])

    const again = new LiveClient(c.httpUrl, { cookie })
    t.teardown(() => again.close())
    await again.opened()
    again.subscribe(['errors', 'servers'], snap.seq)
    const closed = await again.next((m) => m.type === 'event' && m.topic === 'errors' && m.item.status === 'closed')
    t.equal(closed.item.code, 'memory_usage_is_high')
    t.notOk(again.messages.some((m) => m.type === 'snapshot'), 'no snapshot when every missed event is held')
    t.equal(again.messages[0].seq, snap.seq + 1, 'replay starts right after since')

    const stale = new LiveClient(c.httpUrl, { cookie })
    t.teardown(() => stale.close())
    await stale.opened()
    stale.subscribe(['servers'], 12)
    t.equal((await stale.next((m) => m.type === 'snapshot')).topic, 'servers', 'a since that is no longer held gets a snapshot')
  })

  t.test('a stalled client is dropped and does not slow the others', async (t) => {
    const stalled = new LiveClient(c.httpUrl, { cookie })
    const healthy = new LiveClient(c.httpUrl, { cookie })
    t.teardown(() => { stalled.close(); healthy.close() })
    await Promise.all([stalled.opened(), healthy.opened()])
    stalled.subscribe(['errors'])
    healthy.subscribe(['errors'])
    await stalled.next((m) => m.type === 'snapshot')
    await healthy.next((m) => m.type === 'snapshot')
    // The stalled client stops reading: its socket's buffers fill, then the collector's.
    ;(stalled.ws as any)._socket.pause()

    const many = Array.from({ length: 1000 }, (_, i) => ({ code: 'cannot_retrieve_images', value: `Camera ${i}` }))
    for (let round = 0; round < 20 && c.running.services.metrics.get('vigil_live_dropped_total', { reason: 'slow' }) === 0; round++) {
      await agent.errors(round % 2 === 0 ? many : [])
    }
    t.equal(c.running.services.metrics.get('vigil_live_dropped_total', { reason: 'slow' }), 1, 'the stalled client was dropped')
    await agent.errors([{ code: 'archive_unavailable', value: 'REC-01' }])
    const last = await healthy.next((m) => m.type === 'event' && m.item.code === 'archive_unavailable', 2000)
    t.equal(last.item.status, 'new', 'the healthy client got the latest event')
    t.equal(healthy.closed, null, 'the healthy client is still connected')
    t.equal(stalled.messages.some((m) => m.item?.code === 'archive_unavailable'), false, 'the stalled one got nothing after its drop')
    t.equal(c.running.services.hub.clients.size, 1, 'only the healthy client is left')
    await agent.errors([])
  })

  t.test('a bad subscribe is refused with a reason', async (t) => {
    const live = new LiveClient(c.httpUrl, { cookie })
    await live.opened()
    live.ws.send(JSON.stringify({ type: 'subscribe', topics: ['secrets'] }))
    const error = await live.next((m) => m.type === 'error')
    t.match(error.message, /topics/)
    await new Promise((resolve) => live.ws.once('close', resolve))
    t.equal(live.closed?.code, 1008)
  })
})
