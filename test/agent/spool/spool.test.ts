import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import type { Heartbeat } from '../../../protocol/index.js'
import { SPOOL_FILE } from '../../../agent/spool/journal.js'
import { Spool } from '../../../agent/spool/spool.js'
import { capturingLog, silentLog } from '../helpers/log.js'
import { tempDir } from '../helpers/temp.js'

function heartbeat (seq: number): Heartbeat {
  return { v: 1, bootId: 'boot-1', seq, ts: new Date(Date.UTC(2026, 10, 23, 6, 0, seq)).toISOString(), cpu: { pct: 10 }, mem: { usedBytes: 1, totalBytes: 2 } }
}

/** Takes every record off the spool in order, acknowledging each, and gives their heartbeat seqs. */
function drain (spool: Spool): number[] {
  const seqs: number[] = []
  for (let record = spool.peek(); record !== undefined; record = spool.peek()) {
    seqs.push(record.payload.seq)
    spool.ack(record.id)
  }
  return seqs
}

t.test('records come out in the order they went in, and only an ack removes one', async (t) => {
  const spool = Spool.open(tempDir(t), { log: silentLog })
  t.teardown(() => spool.close())
  const ids = [1, 2, 3].map((seq) => spool.append({ topic: 'heartbeat', payload: heartbeat(seq) }).id)
  spool.append({ topic: 'errors', payload: { v: 1, bootId: 'boot-1', seq: 1, ts: '2026-11-23T06:00:04.000Z', errors: [] } })
  t.equal(spool.size, 4)
  t.equal(spool.peek()!.id, ids[0], 'peek does not remove')
  t.equal(spool.peek()!.id, ids[0])
  spool.ack(ids[0]!)
  t.equal(spool.peek()!.id, ids[1])
  spool.ack(ids[2]!)
  t.equal(spool.size, 2, 'an ack out of order removes just that record')
  t.equal(spool.peek()!.id, ids[1])
  spool.ack(ids[1]!)
  t.equal(spool.peek()!.topic, 'errors')
  spool.ack(999)
  t.equal(spool.size, 1, 'an unknown id changes nothing')
})

t.test('after a restart the records not acknowledged are there, in order, and ids go on rising', async (t) => {
  const dir = tempDir(t)
  const first = Spool.open(dir, { log: silentLog })
  const records = [1, 2, 3, 4, 5].map((seq) => first.append({ topic: 'heartbeat', payload: heartbeat(seq) }))
  first.ack(records[0]!.id)
  first.ack(records[1]!.id)
  first.close()

  const second = Spool.open(dir, { log: silentLog })
  t.teardown(() => second.close())
  t.equal(second.size, 3)
  t.same(second.peek()!.payload, heartbeat(3), 'the payload is kept as it was, original ts included')
  const next = second.append({ topic: 'heartbeat', payload: heartbeat(6) })
  t.ok(next.id > records[4]!.id, 'ids continue after the ones on disk')
  t.same(drain(second), [3, 4, 5, 6])
})

t.test('a torn last line is skipped with a warning; the good records are kept', async (t) => {
  const dir = tempDir(t)
  const first = Spool.open(dir, { log: silentLog })
  for (const seq of [1, 2, 3]) first.append({ topic: 'heartbeat', payload: heartbeat(seq) })
  first.close()
  appendFileSync(join(dir, SPOOL_FILE), '{"id":4,"topic":"heartbeat","payload":{"v":1,"boo')

  const { log, entries } = capturingLog()
  const second = Spool.open(dir, { log })
  t.teardown(() => second.close())
  t.ok(entries.some((e) => e.level === 40 && /last line/.test(String(e.msg))), 'a warning names the last line')
  second.append({ topic: 'heartbeat', payload: heartbeat(5) })
  t.same(drain(second), [1, 2, 3, 5], 'the next record did not run into the torn line')
})

t.test('a corrupt line in the middle is skipped too', async (t) => {
  const dir = tempDir(t)
  const good = (seq: number): string => JSON.stringify({ id: seq, topic: 'heartbeat', payload: heartbeat(seq) })
  writeFileSync(join(dir, SPOOL_FILE), `${good(1)}\nnot json at all\n{"id":"x"}\n${good(2)}\n`)
  const { log, entries } = capturingLog()
  const spool = Spool.open(dir, { log })
  t.teardown(() => spool.close())
  t.equal(entries.filter((e) => e.level === 40).length, 2)
  t.same(drain(spool), [1, 2])
})

t.test('bounded in bytes: the oldest records are evicted first, and counted', async (t) => {
  const dir = tempDir(t)
  const lineBytes = Buffer.byteLength(JSON.stringify({ id: 1, topic: 'heartbeat', payload: heartbeat(1) })) + 1
  const { log, entries } = capturingLog()
  const spool = Spool.open(dir, { log, maxBytes: lineBytes * 3 + 10 })
  t.teardown(() => spool.close())
  for (let seq = 1; seq <= 8; seq++) spool.append({ topic: 'heartbeat', payload: heartbeat(seq) })
  t.equal(spool.size, 3)
  t.equal(spool.evicted, 5)
  t.ok(spool.bytes <= lineBytes * 3 + 10)
  t.ok(entries.some((e) => /spool full/.test(String(e.msg))), 'eviction is logged')
  t.ok(statSync(join(dir, SPOOL_FILE)).size <= (lineBytes * 3 + 10) * 1.25 + lineBytes, 'the file stays near the bound')
  t.same(drain(spool), [6, 7, 8])
})

t.test('the file empties once everything is acknowledged', async (t) => {
  const dir = tempDir(t)
  const spool = Spool.open(dir, { log: silentLog })
  t.teardown(() => spool.close())
  for (const seq of [1, 2]) spool.append({ topic: 'heartbeat', payload: heartbeat(seq) })
  drain(spool)
  t.equal(readFileSync(join(dir, SPOOL_FILE), 'utf8'), '')
})

t.test('the in-memory spool keeps order and acks the same way, and writes nothing', async (t) => {
  const spool = Spool.inMemory({ log: silentLog })
  for (const seq of [1, 2, 3]) spool.append({ topic: 'heartbeat', payload: heartbeat(seq) })
  t.same(drain(spool), [1, 2, 3])
  t.equal(spool.size, 0)
})
