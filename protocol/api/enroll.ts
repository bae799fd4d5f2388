import Type, { type Static } from 'typebox'

export const EnrollRequest = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 256 }),
  hostname: Type.String({ minLength: 1, maxLength: 256 })
}, { $id: 'EnrollRequest' })
export type EnrollRequest = Static<typeof EnrollRequest>

export const EnrollResponse = Type.Object({
  agentId: Type.String(),
  secret: Type.String(),
  mqttUrl: Type.String()
}, { $id: 'EnrollResponse' })
export type EnrollResponse = Static<typeof EnrollResponse>
