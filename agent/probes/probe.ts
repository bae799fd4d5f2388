import type { Static, TObject } from 'typebox'
import type { Systeminformation } from 'systeminformation'
import type { Heartbeat } from '../../protocol/index.js'

/** Milliseconds since the epoch; the one source of time for probes, rules and payload timestamps. */
export interface Clock {
  now (): number
}

/**
 * Everything a probe may learn about the machine. The live engine wraps `systeminformation`; tests
 * replay recorded answers. Only the fields a probe reads are typed, so a recording holds no more.
 */
export interface SystemSource extends Clock {
  /** The platform the answers come from (a recording from Windows replays as Windows on Linux). */
  readonly platform: NodeJS.Platform
  currentLoad (): Promise<Pick<Systeminformation.CurrentLoadData, 'currentLoad'>>
  mem (): Promise<Pick<Systeminformation.MemData, 'total' | 'available'>>
  fsSize (): Promise<Array<Pick<Systeminformation.FsSizeData, 'fs' | 'type' | 'size' | 'used' | 'available' | 'mount'>>>
  /** Labels and drive types, which `fsSize` does not give. */
  blockDevices (): Promise<Array<Pick<Systeminformation.BlockDevicesData, 'name' | 'type' | 'mount' | 'label' | 'physical' | 'removable'>>>
  services (names: string[]): Promise<Array<Pick<Systeminformation.ServicesData, 'name' | 'running' | 'startmode'>>>
}

/** The machine readings of one heartbeat: what the probes together fill in. */
export type Readings = Pick<Heartbeat, 'cpu' | 'mem' | 'disks' | 'services'>

/** What one probe returns: its own part of the readings. */
export type Sample = Partial<Readings>

export interface ProbeContext<C> {
  sys: SystemSource
  config: C
}

/**
 * One probe: a folder under agent/probes/ with this as its `index.ts` default export, registered in
 * agent/probes/index.ts. Its options sit at the top level of the agent config file.
 */
export interface Probe<S extends TObject = TObject> {
  readonly name: string
  readonly description: string
  readonly configSchema: S
  readonly defaults: Static<S>
  collect (ctx: ProbeContext<Static<S>>): Promise<Sample>
}
