export type ErrorLevel = 'Device' | 'System'
export type ErrorType = 'Camera failure' | 'Disk failure' | 'System' | 'Unknown error type'

/** The manual's three error tables, by the products each applies to. */
export type ProductFamily = 'xprotect' | 'xprotect_professional' | 'customer_dashboard'

export interface CatalogEntry {
  code: string
  description: string
  solution: string
  level: ErrorLevel
  type: ErrorType
  families: ProductFamily[]
  /** Where one description stands in several tables with a different solution text. */
  solutionByFamily?: Partial<Record<ProductFamily, string>>
}
