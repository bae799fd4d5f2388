/**
 * Where a reading stands against its thresholds: at or past the raise threshold, back below the
 * clear threshold, or in the band between them (hysteresis), where nothing changes.
 */
export type Zone = 'raise' | 'band' | 'clear'

export interface HoldTimes {
  /** How long the condition must last before it is an error. */
  holdMs: number
  /** How long an error's readings must stay in the clear zone before it clears. */
  clearHoldMs: number
}

/** The zone of a value with a raise threshold and a lower clear threshold. */
export function zoneOf (value: number, raiseAt: number, clearBelow: number): Zone {
  if (value >= raiseAt) return 'raise'
  return value < clearBelow ? 'clear' : 'band'
}

/**
 * One level held for a time, like XProtect's System Monitor thresholds. A reading in the band neither
 * restarts the hold nor clears the error, so a value hovering at the threshold does not make it flap.
 */
export class HeldLevel {
  /** When the condition began; null while it is off. */
  private onsetAt: number | null = null
  /** Since when the readings have been in the clear zone, while the condition is on. */
  private clearSince: number | null = null
  private raised = false

  observe (zone: Zone, now: number, times: HoldTimes): void {
    if (zone === 'raise') {
      this.onsetAt ??= now
      this.clearSince = null
    } else if (zone === 'clear' && this.onsetAt !== null) {
      this.clearSince ??= now
    } else {
      this.clearSince = null
    }
    // A condition that never became an error ends at once; an error waits out clearHoldMs.
    if (this.clearSince !== null && now - this.clearSince >= (this.raised ? times.clearHoldMs : 0)) {
      this.onsetAt = null
      this.clearSince = null
      this.raised = false
    }
    if (this.onsetAt !== null && now - this.onsetAt >= times.holdMs) this.raised = true
  }

  /** True while the level is an error. */
  get active (): boolean {
    return this.raised
  }

  /** When the condition began: the error's `since`. */
  get since (): number | null {
    return this.onsetAt
  }
}
