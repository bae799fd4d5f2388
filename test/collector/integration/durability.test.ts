import t from 'tap'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { request } from 'undici'
import { FakeAgent } from '../../helpers/fake-agent.js'
import { freePort, startVigil, type VigilProcess } from '../../helpers/processes.js'

const AGENTS = 4
const KILLS = 3

/**
 * The collector is killed with SIGKILL while agents publish as fast as the broker acknowledges, then
 * restarted on the same data dir and ports. Every heartbeat an agent saw acknowledged must be in the
 * database, once; and once the agents have reconnected and resent, nothing they sent is missing.
 */
t.test('SIGKILL while agents publish loses nothing acknowledged', async (t) => {
  const dataDir = t.testdir()
  const [httpPort, mqttPort] = [await freePort(), await freePort()]
  const start = async (): Promise<VigilProcess> => {
    const p = startVigil(['collector', '--data-dir', dataDir, '--http-port', String(httpPort), '--mqtt-port', String(mqttPort)], { VIGIL_ADMIN_PASSWORD: 'durability test' })
    await p.line((l) => l.startsWith('{"http"'))
    return p
  }
  let collector = await start()
  t.teardown(() => collector.stop('SIGKILL'))

  const token = (await startVigilOutput(['token', 'create', '--data-dir', dataDir, '--kind', 'enroll', '--uses', String(AGENTS)])).trim()
  const agents: FakeAgent[] = []
  for (let i = 0; i < AGENTS; i++) {
    const res = await request(`http://127.0.0.1:${httpPort}/api/v1/agents/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, hostname: `REC-${i}` }) })
    const creds = await res.body.json() as { agentId: string, secret: string, mqttUrl: string }
    const agent = new FakeAgent(creds, `REC-${i}`)
    await agent.connect()
    // Reconnect on our own after each kill: the persistent session resends what was not acknowledged.
    agent.client.options.reconnectPeriod = 100
    await agent.birth()
    agents.push(agent)
  }
  t.teardown(() => { for (const a of agents) a.client.end(true) })

  const acked = new Set<string>()
  const sent = new Set<string>()
  const refused = new Set<string>()
  let publishing = true
  const loops = agents.map(async (agent) => {
    while (publishing) {
      const seq = (agent as unknown as { heartbeatSeq: number }).heartbeatSeq + 1
      const key = `${agent.creds.agentId}/${seq}`
      sent.add(key)
      try {
        await agent.heartbeat()
        acked.add(key)
      } catch {
        refused.add(key)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
  })

  for (let kill = 0; kill < KILLS; kill++) {
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 300))
    await collector.stop('SIGKILL')
    const ackedAtKill = new Set(acked)
    collector = await start()
    const stored = storedKeys(join(dataDir, 'vigil.db'))
    const missing = [...ackedAtKill].filter((k) => !stored.has(k))
    t.same(missing, [], `kill ${kill + 1}: every acknowledged heartbeat (${ackedAtKill.size}) is stored`)
  }
  publishing = false
  await Promise.race([Promise.all(loops), new Promise((resolve) => setTimeout(resolve, 10_000))])
  // Let the agents' resends of unacknowledged messages drain.
  await new Promise((resolve) => setTimeout(resolve, 1000))
  await collector.stop('SIGTERM')
  const stored = storedKeys(join(dataDir, 'vigil.db'))
  t.same([...acked].filter((k) => !stored.has(k)), [], 'all acknowledged heartbeats stored at the end')
  // In flight at a kill means sent but not acknowledged: the persistent session resends it after the
  // reconnect, and the (agentId, bootId, seq) key makes the resend land once.
  const lost = [...sent].filter((k) => !refused.has(k) && !stored.has(k))
  t.same(lost, [], 'what was in flight at each kill was resent and stored')
  t.ok(acked.size > 50, `agents published a real load (${acked.size} acknowledged)`)
})

function storedKeys (file: string): Set<string> {
  const db = new Database(file, { readonly: true })
  const rows = db.prepare('SELECT agent_id AS agentId, seq FROM heartbeats').all() as Array<{ agentId: string, seq: number }>
  db.close()
  return new Set(rows.map((r) => `${r.agentId}/${r.seq}`))
}

async function startVigilOutput (args: string[]): Promise<string> {
  const p = startVigil(args)
  const line = await p.line((l) => l.length > 0)
  await p.stop()
  return line
}
