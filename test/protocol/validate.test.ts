import t, { type TAP } from 'tap'
import { parsePayload, validator, type Validator } from '../../protocol/validate.js'
import { Heartbeat } from '../../protocol/payloads/heartbeat.js'
import { ErrorSet } from '../../protocol/payloads/error-set.js'
import { Birth } from '../../protocol/payloads/birth.js'
import { AgentState } from '../../protocol/payloads/agent-state.js'
import { MAX_PAYLOAD_BYTES } from '../../protocol/payloads/common.js'
import {
  AGENT_TO_COLLECTOR, agentTopic, collectorSubscriptions, isAgentId, parseAgentTopic
} from '../../protocol/topics.js'

const heartbeat = validator(Heartbeat)
const errorSet = validator(ErrorSet)
const birth = validator(Birth)
const agentState = validator(AgentState)

// The examples of PROTOCOL.md §1, with its "…" placeholders filled in.
const HEARTBEAT = {
  v: 1,
  bootId: '7b0c9e2a',
  seq: 1234,
  ts: '2026-11-23T06:00:00.000Z',
  cpu: { pct: 12.5 },
  mem: { usedBytes: 8123456789, totalBytes: 17179869184 },
  disks: [{ mount: 'D:\\', label: 'Recording', sizeBytes: 4000787030016, usedBytes: 3600000000000 }],
  services: [{ name: 'Milestone XProtect Recording Server', state: 'running' }],
  vms: { cameras: { total: 20, connected: 19, recording: 18 }, liveFps: 24.9, recordingFps: 12.0 }
}

const ERROR_SET = {
  v: 1,
  bootId: '7b0c9e2a',
  seq: 88,
  ts: '2026-11-23T06:00:00.000Z',
  errors: [{ code: 'cpu_usage_is_high', value: 'REC-01', since: '2026-11-23T05:54:00.000Z', detail: 'CPU 97 % for 5 min' }]
}

const BIRTH = {
  v: 1,
  bootId: '7b0c9e2a',
  ts: '2026-11-23T06:00:00.000Z',
  heartbeatIntervalS: 30,
  agent: { version: '0.1.0', os: 'Windows Server 2022', hostname: 'REC-01' },
  server: { name: 'REC-01', role: 'recording', product: 'XProtect Corporate', productVersion: '2023 R2' },
  slc: 'M01-C01-123-45-6A7890',
  macs: ['00:10:2A:3B:45:67'],
  hardware: {
    vendor: 'Dell Inc.',
    model: 'Husky IVO 1800R',
    serviceTag: 'ABC1234',
    disks: [{ model: 'ST4000NM', serial: 'ZC1ABCDE', sizeBytes: 0 }]
  }
}

const clone = <T>(value: T): T => structuredClone(value)
const json = (value: unknown): string => JSON.stringify(value)

t.test('the examples of PROTOCOL.md pass', async (t) => {
  const examples: Array<[string, Validator<unknown>, unknown]> = [
    ['Heartbeat', heartbeat, HEARTBEAT],
    ['ErrorSet', errorSet, ERROR_SET],
    ['Birth', birth, BIRTH],
    ['AgentState online', agentState, { v: 1, state: 'online', ts: '2026-11-23T06:00:00.000Z' }],
    ['AgentState offline (Last Will)', agentState, { v: 1, state: 'offline', ts: '2026-11-23T06:00:00.000Z' }]
  ]
  for (const [name, check, example] of examples) {
    const asString = parsePayload(json(example), check)
    t.same(asString, { ok: true, value: example }, `${name} as a string`)
    const asBuffer = parsePayload(Buffer.from(json(example)), check)
    t.ok(asBuffer.ok, `${name} as a Buffer`)
  }
})

t.test('optional parts may be left out', async (t) => {
  const { disks, services, vms, ...minimalHeartbeat } = HEARTBEAT
  t.ok(disks && services && vms)
  t.ok(parsePayload(json(minimalHeartbeat), heartbeat).ok, 'heartbeat without disks, services, vms')
  t.ok(parsePayload(json({ ...HEARTBEAT, vms: {} }), heartbeat).ok, 'vms with nothing in it')

  const { slc, macs, hardware, ...minimalBirth } = BIRTH
  t.ok(slc && macs && hardware)
  t.ok(parsePayload(json({ ...minimalBirth, server: { name: 'REC-01', role: 'other' } }), birth).ok, 'birth without optional parts')
  t.ok(parsePayload(json({ ...BIRTH, location: 'Copenhagen HQ' }), birth).ok, 'birth with the location extension')

  t.ok(parsePayload(json({ ...ERROR_SET, errors: [] }), errorSet).ok, 'an empty set: every error has cleared')
  t.ok(parsePayload(json({ ...ERROR_SET, errors: [{ code: 'no_such_error_yet', value: 'REC-01' }] }), errorSet).ok,
    'a code the catalog does not know is still accepted')
})

t.test('unknown extra fields are ignored', async (t) => {
  const extra = { ...clone(HEARTBEAT), gpu: { pct: 3 }, cpu: { pct: 1, cores: 8 } }
  const parsed = parsePayload(json(extra), heartbeat)
  t.ok(parsed.ok, 'heartbeat with extra fields')
  t.ok(parsePayload(json({ ...ERROR_SET, source: 'v1.1-agent' }), errorSet).ok, 'error set with an extra field')
  t.ok(parsePayload(json({ ...BIRTH, future: { anything: [1, 2] } }), birth).ok, 'birth with an extra field')
  t.ok(parsePayload(json({ v: 1, state: 'online', ts: '2026-11-23T06:00:00.000Z', reason: 'x' }), agentState).ok,
    'state with an extra field')
})

t.test('too large: rejected before JSON parsing', async (t) => {
  // Not JSON at all, so a parser that ran first would answer not_json instead.
  const big = Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x7b)
  const parsed = parsePayload(big, heartbeat)
  t.match(parsed, { ok: false, reason: 'too_large' })
  if (!parsed.ok) t.match(parsed.message, String(MAX_PAYLOAD_BYTES))

  // The limit counts bytes, not characters: 'é' is two bytes in UTF-8.
  const wide = `"${'é'.repeat(MAX_PAYLOAD_BYTES / 2)}"`
  t.match(parsePayload(wide, heartbeat), { ok: false, reason: 'too_large' }, 'a string is measured in UTF-8 bytes')

  const padded = { ...HEARTBEAT, pad: 'x'.repeat(MAX_PAYLOAD_BYTES) }
  t.match(parsePayload(json(padded), heartbeat), { ok: false, reason: 'too_large' }, 'valid JSON over the limit')

  const exact = json({ ...HEARTBEAT, pad: '' })
  const fits = json({ ...HEARTBEAT, pad: 'x'.repeat(MAX_PAYLOAD_BYTES - Buffer.byteLength(exact)) })
  t.equal(Buffer.byteLength(fits), MAX_PAYLOAD_BYTES)
  t.ok(parsePayload(fits, heartbeat).ok, 'exactly 64 KiB is allowed')

  t.match(parsePayload(json(HEARTBEAT), heartbeat, 10), { ok: false, reason: 'too_large' }, 'a smaller limit can be given')
})

t.test('not JSON', async (t) => {
  for (const payload of ['', '{', 'hello', '{"v":1,}', Buffer.from([0xff, 0xfe, 0x00])]) {
    const parsed = parsePayload(payload, heartbeat)
    t.match(parsed, { ok: false, reason: 'not_json' }, JSON.stringify(String(payload)))
  }
})

t.test('JSON that is not an object', async (t) => {
  for (const payload of ['[]', json([HEARTBEAT]), '42', '"heartbeat"', 'null', 'true']) {
    t.match(parsePayload(payload, heartbeat), { ok: false, reason: 'not_object' }, payload.slice(0, 20))
  }
})

/** Parses `value` as `check` and expects it rejected as invalid, with `path` named in the message. */
function expectInvalid (t: Pick<TAP, 'match'>, check: Validator<unknown>, value: unknown, path: string, name: string): void {
  const parsed = parsePayload(json(value), check)
  t.match(parsed, { ok: false, reason: 'invalid' }, name)
  if (!parsed.ok) t.match(parsed.message, path, `${name}: the message names ${path}`)
}

t.test('wrong types, missing fields and bad values are invalid, naming the field', async (t) => {
  expectInvalid(t, heartbeat, { ...HEARTBEAT, cpu: { pct: '12.5' } }, '/cpu/pct', 'cpu.pct as a string')
  expectInvalid(t, heartbeat, { ...HEARTBEAT, cpu: { pct: 101 } }, '/cpu/pct', 'cpu.pct over 100')
  expectInvalid(t, heartbeat, { ...HEARTBEAT, cpu: {} }, 'pct', 'cpu without pct')
  expectInvalid(t, heartbeat, { ...HEARTBEAT, seq: -1 }, '/seq', 'negative seq')
  expectInvalid(t, heartbeat, { ...HEARTBEAT, seq: 1.5 }, '/seq', 'fractional seq')
  expectInvalid(t, heartbeat, { ...HEARTBEAT, v: 2 }, '/v', 'version 2 on a v1 topic')
  expectInvalid(t, heartbeat, { ...HEARTBEAT, ts: '23/11/2026 06:00' }, '/ts', 'ts not ISO 8601')
  expectInvalid(t, heartbeat, { ...HEARTBEAT, ts: '2026-11-23T06:00:00.000+01:00' }, '/ts', 'ts not UTC')
  expectInvalid(t, heartbeat, { ...HEARTBEAT, mem: { usedBytes: 1 } }, 'totalBytes', 'mem without totalBytes')
  expectInvalid(t, heartbeat, { ...HEARTBEAT, disks: [{ mount: 'C:\\', sizeBytes: 10 }] }, 'usedBytes', 'disk without usedBytes')
  expectInvalid(t, heartbeat, { ...HEARTBEAT, services: [{ name: 'x', state: 'paused' }] }, '/services/0/state', 'unknown service state')
  expectInvalid(t, heartbeat, { ...HEARTBEAT, vms: { cameras: { total: 'twenty', connected: 1, recording: 1 } } },
    '/vms/cameras/total', 'camera count as a string')

  const { cpu, ...noCpu } = HEARTBEAT
  t.ok(cpu)
  expectInvalid(t, heartbeat, noCpu, 'cpu', 'heartbeat without cpu')
  const { bootId, ...noBoot } = ERROR_SET
  t.ok(bootId)
  expectInvalid(t, errorSet, noBoot, 'bootId', 'error set without bootId')
  expectInvalid(t, errorSet, { ...ERROR_SET, bootId: '' }, '/bootId', 'empty bootId')

  expectInvalid(t, errorSet, { ...ERROR_SET, errors: [{ code: 'CPU usage is high', value: 'REC-01' }] }, '/errors/0/code', 'a description instead of a code')
  expectInvalid(t, errorSet, { ...ERROR_SET, errors: [{ code: 'cpu-usage', value: 'REC-01' }] }, '/errors/0/code', 'code with a dash')
  expectInvalid(t, errorSet, { ...ERROR_SET, errors: [{ code: '', value: 'REC-01' }] }, '/errors/0/code', 'empty code')
  expectInvalid(t, errorSet, { ...ERROR_SET, errors: [{ code: 'x'.repeat(101), value: 'REC-01' }] }, '/errors/0/code', 'code too long')
  expectInvalid(t, errorSet, { ...ERROR_SET, errors: [{ code: 'cpu_usage_is_high' }] }, 'value', 'error without value')
  expectInvalid(t, errorSet, { ...ERROR_SET, errors: [{ code: 'cpu_usage_is_high', value: 'R', since: 'yesterday' }] }, '/errors/0/since', 'bad since')
  expectInvalid(t, errorSet, { ...ERROR_SET, errors: { code: 'cpu_usage_is_high', value: 'R' } }, '/errors', 'errors as an object')

  expectInvalid(t, birth, { ...BIRTH, server: { ...BIRTH.server, role: 'recorder' } }, '/server/role', 'unknown role')
  expectInvalid(t, birth, { ...BIRTH, server: { ...BIRTH.server, name: '' } }, '/server/name', 'empty server name')
  expectInvalid(t, birth, { ...BIRTH, heartbeatIntervalS: 0 }, '/heartbeatIntervalS', 'interval 0')
  expectInvalid(t, birth, { ...BIRTH, macs: '00:10:2A:3B:45:67' }, '/macs', 'macs as a string')
  expectInvalid(t, birth, { ...BIRTH, agent: { version: '0.1.0', os: 'Linux' } }, 'hostname', 'agent without hostname')
  expectInvalid(t, birth, { ...BIRTH, location: 'x'.repeat(257) }, '/location', 'location too long')

  expectInvalid(t, agentState, { v: 1, state: 'away', ts: '2026-11-23T06:00:00.000Z' }, '/state', 'unknown state')
  expectInvalid(t, agentState, { v: 1, state: 'online' }, 'ts', 'state without ts')
})

t.test('topics', async (t) => {
  t.equal(agentTopic('REC-01', 'heartbeat'), 'vigil/v1/agents/REC-01/heartbeat')
  t.equal(agentTopic('a.b_c-1', 'config'), 'vigil/v1/agents/a.b_c-1/config')

  for (const suffix of [...AGENT_TO_COLLECTOR, 'config'] as const) {
    t.same(parseAgentTopic(agentTopic('REC-01', suffix)), { agentId: 'REC-01', suffix }, suffix)
  }

  for (const topic of [
    'vigil/v1/agents/REC-01', // too shallow
    'vigil/v1/agents/REC-01/heartbeat/extra', // too deep
    'vigil/v1/agents/REC-01/', // empty suffix
    'vigil/v2/agents/REC-01/heartbeat', // another version
    'other/v1/agents/REC-01/heartbeat', // another root
    '/vigil/v1/agents/REC-01/heartbeat', // leading slash
    'vigil/v1/agents/REC-01/metrics', // unknown suffix
    'vigil/v1/agents/REC-01/Heartbeat', // suffixes are case-sensitive
    'vigil/v1/agents//heartbeat', // empty id
    'vigil/v1/agents/+/heartbeat', // a wildcard is no id
    'vigil/v1/agents/#/heartbeat',
    'vigil/v1/agents/REC 01/heartbeat', // space
    'vigil/v1/agents/RÉC-01/heartbeat', // outside [A-Za-z0-9._-]
    `vigil/v1/agents/${'a'.repeat(65)}/heartbeat`, // over 64 characters
    ''
  ]) {
    t.equal(parseAgentTopic(topic), null, JSON.stringify(topic))
  }
  t.ok(parseAgentTopic(`vigil/v1/agents/${'a'.repeat(64)}/errors`), '64 characters is allowed')

  t.ok(isAgentId('REC-01'))
  t.notOk(isAgentId(''))
  t.notOk(isAgentId('a/b'))

  t.same(collectorSubscriptions(), [
    'vigil/v1/agents/+/birth',
    'vigil/v1/agents/+/state',
    'vigil/v1/agents/+/heartbeat',
    'vigil/v1/agents/+/errors'
  ])
  t.same(collectorSubscriptions('vigil'), [
    '$share/vigil/vigil/v1/agents/+/birth',
    '$share/vigil/vigil/v1/agents/+/state',
    '$share/vigil/vigil/v1/agents/+/heartbeat',
    '$share/vigil/vigil/v1/agents/+/errors'
  ])
  t.same(collectorSubscriptions(''), collectorSubscriptions(), 'an empty share group means none')
  t.notOk(collectorSubscriptions().some((f) => f.endsWith('/config')), 'the collector does not listen to its own config')
})
