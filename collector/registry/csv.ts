/**
 * A small RFC 4180 reader for the license import (no dependency for one file format): quoted fields
 * with "" inside quotes, CRLF or LF, a leading BOM dropped, the delimiter "," or ";" as the first line
 * uses more of. Each row keeps the line it starts on, for the import report.
 */
export interface CsvRow { line: number, cells: string[] }

export function parseCsv (text: string): CsvRow[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const firstLine = src.split(/\r?\n/, 1)[0] ?? ''
  const delimiter = (firstLine.split(';').length > firstLine.split(',').length) ? ';' : ','
  const rows: CsvRow[] = []
  let cells: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let rowLine = 1
  const endRow = (): void => {
    cells.push(field)
    if (cells.length > 1 || cells[0]!.trim() !== '') rows.push({ line: rowLine, cells })
    cells = []
    field = ''
  }
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { field += '"'; i++ } else if (c === '"') quoted = false
      else { field += c; if (c === '\n') line++ }
    } else if (c === '"' && field.trim() === '') { quoted = true; field = '' } else if (c === delimiter) { cells.push(field); field = '' } else if (c === '\r' || c === '\n') {
      if (c === '\r' && src[i + 1] === '\n') i++
      endRow()
      rowLine = ++line
    } else field += c
  }
  if (field !== '' || cells.length > 0) endRow()
  return rows
}
