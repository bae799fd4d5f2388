import Type, { type Static, type TSchema } from 'typebox'
import { ErrorState, MonitoringStatus } from '../views/server-status.js'

/**
 * Payloads of the registry's REST API: licenses, customers, license groups, test licenses, products,
 * locations. docs/api/registry.md is the prose of the same contract.
 */
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
/**
 * A request field that may be null, as a JSON Schema type list: with the union form, Fastify's
 * type coercion turns a null into 0 or "" before the null branch is tried.
 */
const OrNull = <T extends TSchema & { type: string }>(schema: T) => Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] })
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A calendar day, YYYY-MM-DD (UTC)' })
const Instant = Type.String({ description: 'ISO 8601 UTC' })
const Name = Type.String({ minLength: 1, maxLength: 200 })
const Text = Type.String({ maxLength: 1000 })
const Ids = Type.Array(Type.Integer(), { maxItems: 10_000 })

export const CareCoverage = Type.Union([Type.Literal('premium'), Type.Literal('plus'), Type.Literal('basic'), Type.Literal('unknown')])
export const LicenseStatus = Type.Union([Type.Literal('active'), Type.Literal('obsolete')])
export const LicenseRef = Type.Object({ id: Type.Integer(), slc: Type.String() })
export const GroupRef = Type.Object({ id: Type.Integer(), name: Type.String() })
export type LicenseRef = Static<typeof LicenseRef>
export type GroupRef = Static<typeof GroupRef>

export const CareInput = Type.Object({
  plusExpiresOn: Type.Optional(OrNull(Day)),
  premiumExpiresOn: Type.Optional(OrNull(Day))
}, { description: 'Records Care for the license; no dates: Care Basic only' })
export type CareInput = Static<typeof CareInput>

export const Company = Type.Object({
  name: OrNull(Type.String({ maxLength: 200 })),
  phone: OrNull(Type.String({ maxLength: 100 })),
  address: OrNull(Type.String({ maxLength: 500 }))
})

/** One row of the Licenses list. */
export const LicenseItem = Type.Object({
  id: Type.Integer(),
  slc: Type.String(),
  product: Nullable(Type.String()),
  version: Nullable(Type.String()),
  productLabel: Type.String(),
  customerId: Nullable(Type.Integer()),
  customer: Type.String({ description: '"Unspecified" when the license has no customer' }),
  description: Nullable(Type.String()),
  servers: Type.Integer(),
  activatedDevices: Type.Integer(),
  careCoverage: CareCoverage,
  carePlusExpiresOn: Nullable(Type.String()),
  carePremiumExpiresOn: Nullable(Type.String()),
  status: LicenseStatus,
  registered: Type.Boolean({ description: 'false: discovered from an agent, not registered yet' }),
  upgradeAvailable: Type.Boolean()
}, { $id: 'LicenseItem' })
export type LicenseItem = Static<typeof LicenseItem>

export const LicenseCheck = Type.Object({ slc: Type.String({ maxLength: 64 }), mac: Type.String({ maxLength: 64 }) }, { $id: 'LicenseCheck' })
export const LicenseCheckResult = Type.Object({
  slc: Type.String(),
  mac: Type.String(),
  discovered: Nullable(Type.Object({ id: Type.Integer(), product: Nullable(Type.String()), version: Nullable(Type.String()), servers: Type.Integer(), customer: Type.String() }))
}, { $id: 'LicenseCheckResult' })

/** Fields a person may set on a license, at registration or later. */
const LicenseFields = {
  description: Type.Optional(OrNull(Text)),
  groupIds: Type.Optional(Ids),
  customerId: Type.Optional(OrNull(Type.Integer())),
  customer: Type.Optional(Name),
  care: Type.Optional(CareInput),
  deviceLicenses: Type.Optional(OrNull(Type.Integer({ minimum: 0 }))),
  aacLicenses: Type.Optional(OrNull(Type.Integer({ minimum: 0 }))),
  company: Type.Optional(Company)
}

export const NewLicense = Type.Object({
  slc: Type.String({ maxLength: 64 }),
  mac: Type.String({ maxLength: 64 }),
  ...LicenseFields,
  product: Type.Optional(Type.String({ maxLength: 100 })),
  version: Type.Optional(Type.String({ maxLength: 40 })),
  serverName: Type.Optional(Type.String({ minLength: 1, maxLength: 256 }))
}, { $id: 'NewLicense' })
export type NewLicense = Static<typeof NewLicense>

export const LicenseChange = Type.Object(LicenseFields, { $id: 'LicenseChange' })
export type LicenseChange = Static<typeof LicenseChange>

export const DeviceLicenses = Type.Object({ activated: Type.Integer(), total: Nullable(Type.Integer()) })

export const LicenseServer = Type.Object({
  id: Type.String(),
  name: Type.String(),
  locationId: Nullable(Type.Integer()),
  location: Nullable(Type.String()),
  description: Nullable(Type.String()),
  reporting: Type.Boolean(),
  monitoringStatus: MonitoringStatus,
  errorState: ErrorState,
  deviceLicenses: Type.Object({ onServer: Type.Integer(), relatedServers: Type.Integer(), onRelated: Type.Integer(), total: Nullable(Type.Integer()) })
})
export type LicenseServer = Static<typeof LicenseServer>

export const Extension = Type.Object({ product: Type.String(), slc: Nullable(Type.String()), expiresOn: Nullable(Type.String()), developedBy: Nullable(Type.String()) })

export const Upgrades = Type.Object({
  upgradedFrom: Nullable(LicenseRef),
  upgradedTo: Nullable(LicenseRef),
  upgradedAt: Nullable(Instant),
  available: Type.Boolean(),
  latestVersion: Nullable(Type.String()),
  reason: Nullable(Type.String())
})

export const LicenseDetails = Type.Object({
  id: Type.Integer(),
  slc: Type.String(),
  kind: Type.Union([Type.Literal('standard'), Type.Literal('test')]),
  registered: Type.Boolean(),
  registeredAt: Nullable(Instant),
  createdAt: Instant,
  status: LicenseStatus,
  activationMac: Nullable(Type.String()),
  customerId: Nullable(Type.Integer()),
  customer: Type.String(),
  company: Company,
  product: Nullable(Type.String()),
  version: Nullable(Type.String()),
  productLabel: Type.String(),
  description: Nullable(Type.String()),
  groups: Type.Array(GroupRef),
  care: Type.Object({
    coverage: CareCoverage,
    recorded: Type.Boolean(),
    plusExpiresOn: Nullable(Type.String()),
    premiumExpiresOn: Nullable(Type.String()),
    coverages: Type.Array(Type.Object({ level: Type.Union([Type.Literal('basic'), Type.Literal('plus'), Type.Literal('premium')]), expiresOn: Nullable(Type.String()), active: Type.Boolean() }))
  }),
  upgrades: Upgrades,
  aacLicenses: Nullable(Type.Integer()),
  deviceLicenses: DeviceLicenses,
  expiresOn: Nullable(Type.String()),
  servers: Type.Array(LicenseServer),
  extensions: Type.Array(Extension),
  activations: Type.Object({ total: Type.Integer() })
}, { $id: 'LicenseDetails' })
export type LicenseDetails = Static<typeof LicenseDetails>

export const ImportRequest = Type.Object({ csv: Type.String({ maxLength: 1024 * 1024 }) }, { $id: 'ImportRequest' })
export const ImportReport = Type.Object({
  imported: Type.Integer(),
  refused: Type.Integer(),
  rows: Type.Array(Type.Object({
    line: Type.Integer(),
    slc: Type.String(),
    result: Type.Union([Type.Literal('imported'), Type.Literal('refused')]),
    licenseId: Nullable(Type.Integer()),
    message: Nullable(Type.String())
  }))
}, { $id: 'ImportReport' })
export type ImportReport = Static<typeof ImportReport>

export const Activation = Type.Object({
  id: Type.Integer(),
  activatedAt: Type.String({ description: 'YYYY-MM-DD' }),
  mac: Nullable(Type.String()),
  dlkDescription: Nullable(Type.String()),
  deviceName: Type.String(),
  licensesUsed: Type.Integer(),
  serverId: Nullable(Type.String()),
  server: Nullable(Type.String())
}, { $id: 'Activation' })
export type Activation = Static<typeof Activation>

export const NewActivations = Type.Object({
  items: Type.Array(Type.Object({
    deviceName: Type.String({ minLength: 1, maxLength: 256 }),
    mac: Type.Optional(OrNull(Type.String({ maxLength: 64 }))),
    licensesUsed: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    dlkDescription: Type.Optional(OrNull(Text)),
    serverId: Type.Optional(OrNull(Type.String({ maxLength: 64 }))),
    activatedAt: Type.Optional(Day)
  }), { minItems: 1, maxItems: 1000 })
}, { $id: 'NewActivations' })
export type NewActivations = Static<typeof NewActivations>
export const ActivationsAdded = Type.Object({ added: Type.Integer(), deviceLicenses: DeviceLicenses })

const ServerPlace = {
  locationId: Type.Optional(OrNull(Type.Integer())),
  location: Type.Optional(Name),
  description: Type.Optional(OrNull(Text))
}
export const NewLicenseServer = Type.Object({ name: Type.String({ minLength: 1, maxLength: 256 }), ...ServerPlace }, { $id: 'NewLicenseServer' })
export type NewLicenseServer = Static<typeof NewLicenseServer>
export const ServerChange = Type.Object(ServerPlace, { $id: 'ServerChange' })
export type ServerChange = Static<typeof ServerChange>

export const UpgradePreview = Type.Object({
  license: LicenseRef,
  product: Nullable(Type.String()),
  version: Nullable(Type.String()),
  carePlusExpiresOn: Nullable(Type.String()),
  available: Type.Boolean(),
  reason: Nullable(Type.String()),
  versions: Type.Array(Type.Object({ version: Type.String(), releasedOn: Type.String() })),
  latestVersion: Nullable(Type.String()),
  moves: Type.Object({ customer: Type.String(), groups: Type.Array(GroupRef), servers: Type.Integer(), description: Nullable(Type.String()) })
}, { $id: 'UpgradePreview' })
export type UpgradePreview = Static<typeof UpgradePreview>
export const UpgradeRequest = Type.Object({
  confirm: Type.Optional(Type.Boolean()),
  version: Type.Optional(Type.String({ maxLength: 40 })),
  slc: Type.Optional(Type.String({ maxLength: 64 }))
}, { $id: 'UpgradeRequest' })
export type UpgradeRequest = Static<typeof UpgradeRequest>
export const UpgradeResult = Type.Object({ previous: LicenseRef, license: LicenseDetails }, { $id: 'UpgradeResult' })

export const Customer = Type.Object({
  id: Type.Integer(), name: Type.String(), licenses: Type.Integer(), servers: Type.Integer(), activatedDevices: Type.Integer()
}, { $id: 'Customer' })
export type Customer = Static<typeof Customer>
export const CustomerInput = Type.Object({ name: Name }, { $id: 'CustomerInput' })
export const CustomerDetails = Type.Object({
  id: Type.Integer(), name: Type.String(), licenses: Type.Integer(), servers: Type.Integer(), activatedDevices: Type.Integer(),
  licenseList: Type.Array(Type.Object({
    id: Type.Integer(), slc: Type.String(), productLabel: Type.String(), careCoverage: CareCoverage, status: LicenseStatus,
    kind: Type.Union([Type.Literal('standard'), Type.Literal('test')]), servers: Type.Integer()
  }))
}, { $id: 'CustomerDetails' })
export const CustomerServer = Type.Object({
  serverId: Type.String(), location: Nullable(Type.String()), server: Type.String(), product: Type.String(),
  licenseId: Type.Integer(), slc: Type.String(), careCoverage: CareCoverage, groups: Type.Array(GroupRef)
}, { $id: 'CustomerServer' })
export type CustomerServer = Static<typeof CustomerServer>
export const CustomerRemoval = Type.Object({
  customer: Type.Object({ id: Type.Integer(), name: Type.String() }),
  licenses: Type.Array(LicenseRef),
  servers: Type.Integer(),
  errorFilters: Type.Integer(),
  tokens: Type.Integer()
}, { $id: 'CustomerRemoval' })
export type CustomerRemoval = Static<typeof CustomerRemoval>

export const LicenseGroup = Type.Object({
  id: Type.Integer(), name: Type.String(), description: Nullable(Type.String()), licenses: Type.Integer(), servers: Type.Integer()
}, { $id: 'LicenseGroup' })
export type LicenseGroup = Static<typeof LicenseGroup>
export const LicenseGroupDetails = Type.Object({
  id: Type.Integer(), name: Type.String(), description: Nullable(Type.String()), licenses: Type.Integer(), servers: Type.Integer(),
  licenseList: Type.Array(Type.Object({ id: Type.Integer(), slc: Type.String(), productLabel: Type.String(), customer: Type.String(), description: Nullable(Type.String()) }))
}, { $id: 'LicenseGroupDetails' })
export type LicenseGroupDetails = Static<typeof LicenseGroupDetails>
export const NewLicenseGroup = Type.Object({
  name: Type.String({ maxLength: 200 }), description: Type.Optional(OrNull(Text)), licenseIds: Type.Optional(Ids)
}, { $id: 'NewLicenseGroup' })
export type NewLicenseGroup = Static<typeof NewLicenseGroup>
export const LicenseGroupChange = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 200 })), description: Type.Optional(OrNull(Text)),
  licenseIds: Type.Optional(Ids), add: Type.Optional(Ids), remove: Type.Optional(Ids)
}, { $id: 'LicenseGroupChange' })
export type LicenseGroupChange = Static<typeof LicenseGroupChange>

export const TestLicenseState = Type.Union([Type.Literal('active'), Type.Literal('about_to_expire'), Type.Literal('inactive')])
const TestLicenseFields = {
  id: Type.Integer(), slc: Type.String(), product: Nullable(Type.String()), version: Nullable(Type.String()), productLabel: Type.String(),
  customerId: Nullable(Type.Integer()), customer: Type.String(), description: Nullable(Type.String()),
  createdAt: Instant, expiresOn: Type.String(), status: TestLicenseState, deactivatedAt: Nullable(Instant), expirationReminder: Type.Boolean()
}
export const TestLicense = Type.Object(TestLicenseFields, { $id: 'TestLicense' })
export type TestLicense = Static<typeof TestLicense>
export const TestLicenseDetails = Type.Object({
  ...TestLicenseFields,
  groups: Type.Array(GroupRef),
  deviceLicenses: DeviceLicenses,
  servers: Type.Array(LicenseServer),
  notice: Nullable(Type.String())
}, { $id: 'TestLicenseDetails' })
export type TestLicenseDetails = Static<typeof TestLicenseDetails>
export const NewTestLicense = Type.Object({
  product: Type.String({ maxLength: 100 }), version: Type.String({ maxLength: 40 }),
  customerId: Type.Optional(Type.Integer()), customer: Type.Optional(Name),
  groupIds: Type.Optional(Ids), description: Type.Optional(OrNull(Text)), expirationReminder: Type.Optional(Type.Boolean())
}, { $id: 'NewTestLicense' })
export type NewTestLicense = Static<typeof NewTestLicense>
export const TestLicenseChange = Type.Object({
  customerId: Type.Optional(OrNull(Type.Integer())), customer: Type.Optional(Name),
  groupIds: Type.Optional(Ids), description: Type.Optional(OrNull(Text)), expirationReminder: Type.Optional(Type.Boolean())
}, { $id: 'TestLicenseChange' })
export type TestLicenseChange = Static<typeof TestLicenseChange>
export const TestLicenseSummary = Type.Object({
  pool: Type.Integer(), available: Type.Integer(), active: Type.Integer(), aboutToExpire: Type.Integer()
}, { $id: 'TestLicenseSummary' })
export type TestLicenseSummary = Static<typeof TestLicenseSummary>

export const Product = Type.Object({
  id: Type.String(), name: Type.String(), family: Type.String(), testLicense: Type.Boolean(),
  versions: Type.Array(Type.Object({ version: Type.String(), releasedOn: Type.String(), reportingSupported: Type.Boolean() }))
}, { $id: 'Product' })

export const Location = Type.Object({ id: Type.Integer(), name: Type.String(), servers: Type.Integer() }, { $id: 'Location' })
export type Location = Static<typeof Location>
export const LocationInput = Type.Object({ name: Name }, { $id: 'LocationInput' })
