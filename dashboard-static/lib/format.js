/**
 * Dates, times and numbers in the user's settings (User settings: time zone, date format, language).
 * Pure: importable in Node for tests. Uses Intl only, so it needs no locale data of its own.
 *
 * dateFormat is a pattern of day/month/year tokens with any separators, as the manual shows it
 * ("dd/mm/yyyy", "mm/dd/yyyy", "yyyy-mm-dd", "dd.mm.yyyy"); tokens are case-insensitive, "m"/"mm" is the month.
 * Without a pattern the language's own short numeric date is used. Times are 24-hour HH:mm:ss.
 */
const TOKEN_RE = /yyyy|yy|dd|d|mm|m/gi

function safeTimeZone (timeZone) {
  if (!timeZone) return undefined
  try {
    new Intl.DateTimeFormat('en', { timeZone })
    return timeZone
  } catch {
    return undefined // an unknown zone falls back to the browser's own rather than breaking every page
  }
}

function safeLocale (language) {
  try {
    return Intl.getCanonicalLocales(language || [])[0] ?? undefined
  } catch {
    return undefined
  }
}

/** Parses an ISO string (or Date/epoch ms); null when missing or invalid. */
export function toDate (value) {
  if (value === null || value === undefined || value === '') return null
  const d = value instanceof Date ? value : new Date(value)
  return Number.isNaN(d.getTime()) ? null : d
}

export function createFormatter (settings = {}) {
  const timeZone = safeTimeZone(settings.timeZone)
  const locale = safeLocale(settings.language)
  const pattern = typeof settings.dateFormat === 'string' && /d/i.test(settings.dateFormat) &&
    /m/i.test(settings.dateFormat) && /y/i.test(settings.dateFormat)
    ? settings.dateFormat
    : null

  const partsFmt = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23'
  })
  const localeDateFmt = new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
  const zoneFmt = new Intl.DateTimeFormat(locale ?? 'en', { timeZone, timeZoneName: 'short' })
  const numberFmts = new Map()

  function parts (d) {
    const out = {}
    for (const p of partsFmt.formatToParts(d)) out[p.type] = p.value
    return out
  }

  const dayFmt = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' })
  const shortDayFmt = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: '2-digit', day: '2-digit' })

  function fillPattern (pat, p) {
    return pat.replace(TOKEN_RE, (tok) => {
      switch (tok.toLowerCase()) {
        case 'yyyy': return p.year
        case 'yy': return p.year.slice(-2)
        case 'dd': return p.day
        case 'd': return String(Number(p.day))
        case 'mm': return p.month
        default: return String(Number(p.month))
      }
    })
  }

  function date (value) {
    const d = toDate(value)
    if (!d) return ''
    if (!pattern) return localeDateFmt.format(d)
    return fillPattern(pattern, parts(d))
  }

  function time (value) {
    const d = toDate(value)
    if (!d) return ''
    const p = parts(d)
    return `${p.hour}:${p.minute}:${p.second}`
  }

  function dateTime (value) {
    const d = toDate(value)
    return d ? `${date(d)} ${time(d)}` : ''
  }

  /** Date and hours:minutes, where seconds would be noise (creation and expiry of a filter). */
  function dateTimeShort (value) {
    const d = toDate(value)
    return d ? `${date(d)} ${time(d).slice(0, 5)}` : ''
  }

  /**
   * A calendar day given as 'YYYY-MM-DD' (already in the right zone, e.g. the days of a chart), in the
   * user's date format; no time zone is applied, so the day never shifts.
   */
  function day (ymd) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(ymd ?? ''))
    if (!m) return ''
    if (!pattern) return dayFmt.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12)))
    return fillPattern(pattern, { year: m[1], month: m[2], day: m[3] })
  }

  /** The same day without the year, for an axis: "20/06" for dd/mm/yyyy, "06-20" for yyyy-mm-dd. */
  function shortDay (ymd) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(ymd ?? ''))
    if (!m) return ''
    if (!pattern) return shortDayFmt.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12)))
    const noYear = pattern.replace(/^y+[^dmy]*|[^dmy]*y+$/i, '').replace(/y+/i, '')
    return fillPattern(noYear, { year: m[1], month: m[2], day: m[3] })
  }

  /** Short zone name for a headline ("CET", "GMT+1"), so a wall screen says which clock it shows. */
  function zoneName (value = new Date()) {
    const d = toDate(value) ?? new Date()
    return zoneFmt.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? ''
  }

  function number (value, maximumFractionDigits = 0) {
    if (typeof value !== 'number' || !Number.isFinite(value)) return ''
    let fmt = numberFmts.get(maximumFractionDigits)
    if (!fmt) {
      fmt = new Intl.NumberFormat(locale, { maximumFractionDigits })
      numberFmts.set(maximumFractionDigits, fmt)
    }
    return fmt.format(value)
  }

  /** "12 %" for 12.4; empty when unknown. */
  function percent (value) {
    const n = number(value, 0)
    return n === '' ? '' : `${n} %`
  }

  const relFmt = new Intl.RelativeTimeFormat(locale ?? 'en', { numeric: 'auto' })
  /** "5 minutes ago", in the user's language; empty for a missing date. */
  function ago (value, now = Date.now()) {
    const d = toDate(value)
    if (!d) return ''
    const s = Math.round((d.getTime() - now) / 1000)
    const a = Math.abs(s)
    if (a < 45) return relFmt.format(s, 'second')
    if (a < 45 * 60) return relFmt.format(Math.round(s / 60), 'minute')
    if (a < 22 * 3600) return relFmt.format(Math.round(s / 3600), 'hour')
    return relFmt.format(Math.round(s / 86400), 'day')
  }

  return { date, day, shortDay, time, dateTime, dateTimeShort, zoneName, number, percent, ago, timeZone, locale, pattern }
}
