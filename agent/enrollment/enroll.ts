import { ApiError, EnrollResponse, validator, type EnrollRequest } from '../../protocol/index.js'

const checkResponse = validator(EnrollResponse)
const checkApiError = validator(ApiError)

const ENROLL_TIMEOUT_MS = 30_000

/** Enrollment refused or impossible; the message is for the person who ran the command. */
export class EnrollmentError extends Error {
  override name = 'EnrollmentError'
}

/**
 * Trades an enrollment token for this agent's identity (PROTOCOL.md §3):
 * `POST {collector}/api/v1/agents/enroll` with `{token, hostname}` → `{agentId, secret, mqttUrl}`.
 */
export async function requestEnrollment (collectorUrl: string, token: string, hostname: string): Promise<EnrollResponse> {
  const url = `${collectorUrl.replace(/\/+$/, '')}/api/v1/agents/enroll`
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, hostname } satisfies EnrollRequest),
      signal: AbortSignal.timeout(ENROLL_TIMEOUT_MS)
    })
  } catch (err) {
    const cause = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message
    throw new EnrollmentError(`cannot reach the collector at ${url}: ${cause}`)
  }
  const body: unknown = await response.json().catch(() => undefined)
  if (response.status === 401) throw new EnrollmentError('enrollment token unknown or already used')
  if (!response.ok) {
    const reason = checkApiError.check(body) ? `: ${body.message}` : ''
    throw new EnrollmentError(`enrollment failed: the collector answered HTTP ${response.status}${reason}`)
  }
  if (!checkResponse.check(body)) {
    throw new EnrollmentError(`enrollment failed: unexpected answer from the collector (${checkResponse.problems(body).join('; ')})`)
  }
  return body
}
