import { win32 } from 'node:path'

type Env = Record<string, string | undefined>

const DEFAULT_CONFIG_PATHS: Partial<Record<NodeJS.Platform, (env: Env) => string>> = {
  // Where Windows services keep machine-wide data.
  win32: (env) => win32.join(env.ProgramData ?? 'C:\\ProgramData', 'Vigil', 'agent.json')
}

/** `%ProgramData%\Vigil\agent.json` on Windows, `./vigil-agent.json` elsewhere. */
export function defaultConfigPath (platform: NodeJS.Platform = process.platform, env: Env = process.env): string {
  return DEFAULT_CONFIG_PATHS[platform]?.(env) ?? 'vigil-agent.json'
}
