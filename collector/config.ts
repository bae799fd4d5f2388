import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import Type, { type Static } from 'typebox'
import { validator } from '../protocol/index.js'

export const CollectorConfigSchema = Type.Object({
  dataDir: Type.String({ default: './.vigil-data' }),
  host: Type.String({ default: '127.0.0.1', description: 'Address the HTTP and MQTT listeners bind to' }),
  httpPort: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  mqttPort: Type.Integer({ minimum: 0, maximum: 65535, default: 1883 }),
  publicMqttUrl: Type.Optional(Type.String({ description: 'MQTT URL handed to enrolling agents, when they reach the broker by another name' })),
  adminEmail: Type.Optional(Type.String()),
  adminPassword: Type.Optional(Type.String()),
  synchronous: Type.Union([Type.Literal('NORMAL'), Type.Literal('FULL')], { default: 'NORMAL' }),
  watchdogTickMs: Type.Integer({ minimum: 10, default: 1000 }),
  livePingMs: Type.Integer({ minimum: 10, default: 20_000 }),
  liveMaxBufferedBytes: Type.Integer({ minimum: 1024, default: 4 * 1024 * 1024 }),
  mqttConnectTimeoutMs: Type.Integer({ minimum: 100, default: 10_000 }),
  logLevel: Type.String({ default: 'info' })
})
export type CollectorConfig = Static<typeof CollectorConfigSchema>

const DEFAULTS: CollectorConfig = {
  dataDir: './.vigil-data',
  host: '127.0.0.1',
  httpPort: 8080,
  mqttPort: 1883,
  synchronous: 'NORMAL',
  watchdogTickMs: 1000,
  livePingMs: 20_000,
  liveMaxBufferedBytes: 4 * 1024 * 1024,
  mqttConnectTimeoutMs: 10_000,
  logLevel: 'info'
}

const check = validator(CollectorConfigSchema)

export class ConfigError extends Error {}

/**
 * Defaults, then the config file, then the environment (VIGIL_ADMIN_EMAIL / VIGIL_ADMIN_PASSWORD),
 * then command-line flags. A wrong value names the file and the key.
 */
export function resolveConfig (options: { file?: string, overrides?: Partial<CollectorConfig>, env?: NodeJS.ProcessEnv } = {}): CollectorConfig {
  let fromFile: Partial<CollectorConfig> = {}
  if (options.file) {
    try {
      fromFile = JSON.parse(readFileSync(options.file, 'utf8')) as Partial<CollectorConfig>
    } catch (err) {
      throw new ConfigError(`${options.file}: ${(err as Error).message}`)
    }
  }
  const env = options.env ?? process.env
  const fromEnv: Partial<CollectorConfig> = {}
  if (env.VIGIL_ADMIN_EMAIL) fromEnv.adminEmail = env.VIGIL_ADMIN_EMAIL
  if (env.VIGIL_ADMIN_PASSWORD) fromEnv.adminPassword = env.VIGIL_ADMIN_PASSWORD
  const merged = { ...DEFAULTS, ...fromFile, ...fromEnv, ...stripUndefined(options.overrides ?? {}) }
  if (!check.check(merged)) throw new ConfigError(`${options.file ?? 'configuration'}: ${check.problems(merged).join('; ')}`)
  return { ...merged, dataDir: resolve(merged.dataDir) }
}

function stripUndefined<T extends object> (o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
