import Type, { type Static } from 'typebox'

/** Every REST error: a status code and this body, naming the field and what was expected. */
export const ApiError = Type.Object({
  error: Type.String({ description: 'Short machine-readable reason' }),
  message: Type.String({ description: 'What was wrong, for a person' })
}, { $id: 'ApiError' })
export type ApiError = Static<typeof ApiError>
