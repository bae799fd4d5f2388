import { request } from 'undici'

/** A small REST client for tests: JSON in and out, with a cookie or bearer token. */
export function apiClient (baseUrl: string, auth: { cookie?: string, csrfToken?: string, bearer?: string } = {}) {
  async function call<T = any> (method: string, path: string, body?: unknown): Promise<{ status: number, body: T }> {
    const headers: Record<string, string> = {}
    if (auth.cookie) headers.cookie = auth.cookie
    if (auth.csrfToken) headers['x-csrf-token'] = auth.csrfToken
    if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await request(baseUrl + path, { method: method as 'GET', headers, body: body === undefined ? undefined : JSON.stringify(body) })
    const text = await res.body.text()
    let parsed: unknown = text
    try { parsed = JSON.parse(text) } catch { /* not JSON: keep the text */ }
    return { status: res.statusCode, body: parsed as T }
  }
  return {
    get: <T = any>(path: string) => call<T>('GET', path),
    post: <T = any>(path: string, body?: unknown) => call<T>('POST', path, body),
    patch: <T = any>(path: string, body?: unknown) => call<T>('PATCH', path, body),
    delete: <T = any>(path: string) => call<T>('DELETE', path)
  }
}
