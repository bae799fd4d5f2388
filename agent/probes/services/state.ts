import type { ServiceState } from '../../../protocol/index.js'
import type { SystemSource } from '../probe.js'

export type ServiceEntry = Awaited<ReturnType<SystemSource['services']>>[number]

/** How one platform's answer for a configured service reads as a protocol service state. */
export type ServiceStateOf = (entry: ServiceEntry | undefined) => ServiceState
