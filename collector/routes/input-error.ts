/**
 * A failure a person or script can act on, answered with its status code and `{error, message}`
 * by the app's one error handler (app.ts), whichever plugin throws it.
 */
export class ApiFailure extends Error {
  constructor (readonly statusCode: 400 | 404 | 409, readonly error: string, message: string) {
    super(message)
  }
}

/** Bad input that can be corrected: 400, naming the field. */
export class InputError extends ApiFailure {
  constructor (error: string, message: string) {
    super(400, error, message)
  }
}

/** Unknown, or not the asker's to see (which must look the same): 404. */
export class NotFoundError extends ApiFailure {
  constructor (message: string) {
    super(404, 'not_found', message)
  }
}
