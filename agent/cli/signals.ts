/** Resolves at the first SIGINT or SIGTERM: how a console, systemd and the Windows service wrapper ask to stop. */
export function untilStopSignal (): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(signal)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
