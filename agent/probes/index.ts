import Type, { type Static } from 'typebox'
import cpu from './cpu/index.js'
import disks from './disks/index.js'
import memory from './memory/index.js'
import type { Probe } from './probe.js'
import services from './services/index.js'

/** Every probe the agent runs. A probe folder missing here fails test/agent/probes/registry.test. */
export const PROBES: readonly Probe[] = [cpu, memory, disks, services]

/** The probes' options as they stand at the top level of the agent config file. */
export const ProbeOptions = Type.Object({
  ...cpu.configSchema.properties,
  ...memory.configSchema.properties,
  ...disks.configSchema.properties,
  ...services.configSchema.properties
})
export type ProbeConfig = Static<typeof ProbeOptions>
