import { statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { ConfigError, loadAgentConfig } from '../../../agent/config/load.js'
import { defaultConfigPath } from '../../../agent/config/paths.js'
import { writeAgentConfig } from '../../../agent/config/write.js'
import { tempDir } from '../helpers/temp.js'

const VALID = { agentId: 'agent-7', secret: 's3cr3t-value', mqttUrl: 'mqtt://127.0.0.1:1883' }

function configFile (t: { teardown (fn: () => unknown): void }, content: unknown, name = 'agent.json'): string {
  const path = join(tempDir(t), name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

function loadError (path: string): string {
  try {
    loadAgentConfig(path, 'HOST-1')
  } catch (err) {
    if (err instanceof ConfigError) return err.message
    throw err
  }
  throw new Error('loaded without error')
}

t.test('a minimal file gets the defaults', async (t) => {
  const path = configFile(t, VALID, 'vigil-agent.json')
  const settings = loadAgentConfig(path, 'HOST-1')
  t.equal(settings.heartbeatIntervalS, 30)
  t.same(settings.server, { name: 'HOST-1', role: 'other' }, 'the server is named after the host')
  t.same(settings.services, [])
  t.same(settings.recordingDisks, [])
  t.equal(settings.dataDir, join(path, '..', 'vigil-agent-data'), 'the spool sits beside the file')
  t.equal(settings.secret, VALID.secret)
})

t.test('every option is read; dataDir is relative to the file', async (t) => {
  const path = configFile(t, {
    ...VALID,
    collectorUrl: 'http://collector:8080',
    dataDir: 'spool',
    heartbeatIntervalS: 15,
    server: { name: 'ACME-REC-01', role: 'recording', product: 'XProtect Corporate', productVersion: '2023 R2' },
    slc: 'M01-C01-123-45-6A7890',
    location: 'Copenhagen HQ',
    services: ['Milestone XProtect Recording Server'],
    recordingDisks: ['D:\\'],
    thresholds: { cpuPct: 80 }
  })
  const settings = loadAgentConfig(path, 'HOST-1')
  t.equal(settings.dataDir, join(path, '..', 'spool'))
  t.equal(settings.heartbeatIntervalS, 15)
  t.same(settings.server, { name: 'ACME-REC-01', role: 'recording', product: 'XProtect Corporate', productVersion: '2023 R2' })
  t.equal(settings.thresholds.cpuPct, 80)
  t.same(settings.recordingDisks, ['D:\\'])
})

t.test('a wrong value names the file, the key, what was expected and what was found', async (t) => {
  const path = configFile(t, { ...VALID, heartbeatIntervalS: 'abc' })
  t.equal(loadError(path), `${path}: /heartbeatIntervalS: must be integer (got "abc")`)
})

t.test('nested keys, limits and choices are named the same way', async (t) => {
  t.match(loadError(configFile(t, { ...VALID, thresholds: { cpuPct: 150 } })), /: \/thresholds\/cpuPct: must be <= 100 \(got 150\)$/)
  t.match(loadError(configFile(t, { ...VALID, server: { role: 'recorder' } })), /: \/server\/role: must be one of "recording", "management", "event", "mobile", "log", "combined", "other" \(got "recorder"\)/)
})

t.test('a missing key and an unknown key are named', async (t) => {
  const { agentId: _omitted, ...withoutId } = VALID
  const message = loadError(configFile(t, { ...withoutId, heartbeatInterval: 10 }))
  t.match(message, /: \/agentId: is required/)
  t.match(message, /: \/heartbeatInterval: is not a known option/)
})

t.test('the secret never appears in a message', async (t) => {
  const message = loadError(configFile(t, { ...VALID, secret: 123456789 }))
  t.match(message, /\/secret: must be string$/)
  t.notMatch(message, /123456789/)
})

t.test('a missing file says how to enroll', async (t) => {
  const path = join(tempDir(t), 'nowhere.json')
  t.equal(loadError(path), `${path}: not found. Enroll this machine first: vigil agent enroll --collector URL --token TOKEN --config ${path}`)
})

t.test('a file that is not JSON, or not an object, says so', async (t) => {
  t.match(loadError(configFile(t, '{"agentId": ')), /: not valid JSON: /)
  t.match(loadError(configFile(t, '[]')), /: must be a JSON object$/)
})

t.test('the default path: %ProgramData%\\Vigil\\agent.json on Windows, ./vigil-agent.json elsewhere', async (t) => {
  t.equal(defaultConfigPath('win32', { ProgramData: 'D:\\ProgramData' }), 'D:\\ProgramData\\Vigil\\agent.json')
  t.equal(defaultConfigPath('linux', {}), 'vigil-agent.json')
})

t.test('the written file is readable by its owner only, and loads', { skip: process.platform === 'win32' && 'POSIX modes' }, async (t) => {
  const path = join(tempDir(t), 'sub', 'agent.json')
  writeAgentConfig(path, { ...VALID, heartbeatIntervalS: 30, server: {}, services: [], recordingDisks: [], thresholds: {} })
  t.equal(statSync(path).mode & 0o777, 0o600)
  t.equal(loadAgentConfig(path, 'HOST-1').agentId, 'agent-7')
})
