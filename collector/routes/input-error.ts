/** Bad input a person or script can correct: answered 400 with `{error, message}` naming the field. */
export class InputError extends Error {
  constructor (readonly error: string, message: string) {
    super(message)
  }
}

/** Unknown, or not the asker's to see (which must look the same): answered 404. */
export class NotFoundError extends Error {}
