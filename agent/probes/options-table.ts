import type { TObject, TSchema } from 'typebox'

const OPTIONS_BEGIN = '<!-- options: generated from configSchema, do not edit -->'
const OPTIONS_END = '<!-- /options -->'

/** The Markdown table of a probe's options that its README holds between the two markers. */
export function optionsTable (schema: TObject): string {
  const names = Object.keys(schema.properties)
  if (names.length === 0) return `${OPTIONS_BEGIN}\nThis probe has no options.\n${OPTIONS_END}`
  const rows = names.map((name) => {
    const option = schema.properties[name] as TSchema & { description?: string, default?: unknown }
    return `| \`${name}\` | ${typeName(option)} | \`${JSON.stringify(option.default)}\` | ${option.description ?? ''} |`
  })
  return [OPTIONS_BEGIN, '| option | type | default | meaning |', '|---|---|---|---|', ...rows, OPTIONS_END].join('\n')
}

function typeName (schema: TSchema): string {
  const s = schema as { type?: string, items?: TSchema }
  if (s.type === 'array' && s.items) return `${typeName(s.items)}[]`
  return s.type ?? 'value'
}
