/** Catalog codes the agent's own rules raise (the manual's "Error descriptions", PROTOCOL.md §1). */
export const CPU_USAGE_IS_HIGH = 'cpu_usage_is_high'
export const MEMORY_USAGE_IS_HIGH = 'memory_usage_is_high'
export const RUNNING_OUT_OF_DISK_SPACE = 'running_out_of_disk_space'
export const SERVICE_UNAVAILABLE = 'service_unavailable'

export const RULE_CODES = [CPU_USAGE_IS_HIGH, MEMORY_USAGE_IS_HIGH, RUNNING_OUT_OF_DISK_SPACE, SERVICE_UNAVAILABLE] as const
