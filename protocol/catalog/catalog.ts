import { toErrorCode } from './codes.js'
import type { CatalogEntry, ErrorLevel, ErrorType, ProductFamily } from './types.js'

/**
 * The error catalog: every row of the manual's three "Error descriptions (properties)" tables
 * (shared/seeds, manual page 48), kept table by table as the manual prints them so a reviewer can
 * compare them side by side, then merged into one entry per code.
 *
 * Descriptions are the manual's words, unchanged (they are what the dashboard shows and what the
 * codes are made from). Solutions are the manual's text with the HTML dropped: paragraphs run on as
 * sentences, each list item is its own line ("• " for bullets, "1. " for numbered steps).
 *
 * Type: the manual gives no type per row, but the dashboard filters by it, so it is derived from
 * the part that fails, as the description names it and the solution confirms:
 * - the camera or its picture (images, FPS of a camera's feed, serial numbers) → 'Camera failure';
 * - disks, storage, the media database and archives, including the symptoms whose solution is about
 *   the recording disk (feed overflow, used space, retention time) → 'Disk failure';
 * - everything else (CPU, memory, services, licensing, failover, rules, heartbeats) → 'System'.
 * 'Unknown error type' is only for codes the catalog does not know (see describeError).
 */

interface Row {
  description: string
  solution: string
  level: ErrorLevel
  type: ErrorType
}

const CAMERA: ErrorType = 'Camera failure'
const DISK: ErrorType = 'Disk failure'
const SYSTEM: ErrorType = 'System'

// Repeated list in several solutions; the first row words its first item slightly differently.
const FULL_DISK_CAUSES =
  '• More activity and longer periods with activity than expected.\n' +
  '• Too sensitive motion detection settings.\n' +
  '• Too high video quality, bandwidth or framerate.\n' +
  'Verify that the settings mentioned above are configured correctly. Consider increasing the available disk space.'

const MEDIA_DB_DISK = 'Make sure that the media database disk is connected and accessible, and that the system has permission to write to the disk.'
const ARCHIVE_DISK = 'Make sure that the disk where your system saves its archives is connected and accessible, and that the system has full permission to the disk.'
const CAMERA_CONNECTED_MA = 'Make sure that the camera is properly connected to the network and is working. Verify that live video is available in the Management Application and in XProtect Smart Client.'
const FPS_LOW = 'Check that the camera is running correctly and is not overloaded by other systems that also connect to it. Alternatively, check that the network connection to the camera has enough bandwidth and is stable.'

/** "XProtect VMS products": XProtect Corporate, Expert, Professional+, Express+ and Husky M500A, M550A, X and IVO. */
const XPROTECT_ROWS: Row[] = [
  {
    description: 'Cannot retrieve images',
    solution: 'Make sure that the camera is properly connected to the network and is working. Verify that live video is available in the Management Client and XProtect Smart Client.',
    level: 'Device',
    type: CAMERA
  },
  { description: 'Live FPS is lower than expected', solution: FPS_LOW, level: 'System', type: CAMERA },
  { description: 'Recording FPS is lower than expected', solution: FPS_LOW, level: 'System', type: CAMERA },
  {
    description: 'Used space is higher than expected',
    solution:
      'The camera uses more disk space than expected. A full disk may be a result of:\n' +
      '• More activity and longer periods of activity than expected.\n' +
      '• Too sensitive motion detection settings.\n' +
      '• Too high video quality, bandwidth or framerate.\n' +
      'Verify that the settings mentioned above are configured correctly. Also, verify that storage calculations are correct and that the retention time has been set correctly. Consider increasing available disk space.',
    level: 'System',
    type: DISK
  },
  {
    // The manual's list here has lost its bullet glyphs and runs over a page break; the items are restored.
    description: 'Feed overflow (not all data recorded)',
    solution:
      'The disk used for recordings cannot keep up with the number of data it is receiving. To solve this issue, do one or more of the following actions:\n' +
      '• Reduce the number of data written to the disk by lowering, for example, resolution, frame rate, image quality. Note that if you lower any of these recording settings, you may degrade the recording quality.\n' +
      '• Add extra drives to share the load or install faster disks/controllers to improve the storage system\'s performance.\n' +
      '• Move cameras/hardware devices to other recording servers if you have any recording server with free resources.',
    level: 'System',
    type: DISK
  },
  {
    description: 'Running out of disk space',
    solution: 'The storage with the media database is running out of disk space. Free up some disk space or move the media database to another disk that has more space available. Go to the Management Client and change the Recording paths for the devices to solve this issue.',
    level: 'System',
    type: DISK
  },
  {
    description: 'Archive unavailable',
    solution: 'Check if the archive is unavailable due to a lost connection to a network drive or local drive. Then restore the connection.',
    level: 'System',
    type: DISK
  },
  {
    description: 'Database storage unavailable',
    solution: 'Check if the database is unavailable due to a lost connection to a network drive or local drive. Then restore the connection.',
    level: 'System',
    type: DISK
  },
  {
    description: 'Failover started',
    solution: 'Check why the original recording server failed and correct any issues that caused the failure.',
    level: 'System',
    type: SYSTEM
  },
  {
    description: 'CPU usage is high',
    solution: 'Check all processes running on the server and stop any unnecessary activity if you can. Alternatively, upgrade the server with a more powerful CPU. If the issue with CPU usage is taking place on a recording server, use the move hardware functionality to spread the load among recording servers.',
    level: 'System',
    type: SYSTEM
  },
  {
    description: 'Memory usage is high',
    solution: 'Check the server\'s memory usage and see if you can stop any unnecessary activity or if you can add any additional memory to the server. Alternatively, use the move hardware function to spread the load among recording servers.',
    level: 'System',
    type: SYSTEM
  },
  {
    description: 'Service unavailable',
    solution: 'Check why the relevant service has become unavailable and correct any issues that prevent the service from running correctly. Restart the service.',
    level: 'System',
    type: SYSTEM
  },
  {
    description: 'Retention time',
    solution:
      'More video is recorded than expected and the system predicts that it soon runs out of disk space and cannot record all video you have set the system up to record. A full disk may be a result of:\n' +
      FULL_DISK_CAUSES,
    level: 'System',
    type: DISK
  },
  {
    description: 'Archiving not finished',
    solution: 'Archiving has started before the previous archiving completed. This issue usually occurs when disks are too slow to finish archiving in time. If you are archiving to a network share or a Network-Attached Storage (NAS), the issue may also occur if the network is unstable or if it does not have enough bandwidth available.',
    level: 'System',
    type: DISK
  },
  {
    description: 'Database disk full - auto archiving',
    solution:
      'The disk used to store the database has become full. As a result, the system has started to move existing recordings to the next archive. A full disk may be a result of:\n' +
      FULL_DISK_CAUSES,
    level: 'System',
    type: DISK
  },
  {
    // Split over a page break in the manual; the list continues on the next page.
    description: 'Database disk full - deleting',
    solution:
      'The disk used to store the database has become full. As a result, the system has started to delete recordings to free up some space for new recordings. A full disk may be a result of:\n' +
      FULL_DISK_CAUSES,
    level: 'System',
    type: DISK
  },
  {
    description: 'Database full - auto archiving',
    solution:
      'The disk used to store the database has become full according to your defined limits. As a result, the system is automatically moving existing recordings to the next archive. A full disk may be a result of:\n' +
      FULL_DISK_CAUSES,
    level: 'System',
    type: DISK
  },
  {
    description: 'Database repair',
    solution: 'The system has started repairing the database because the database may have become corrupt. A database usually becomes corrupt if the recording server is shut down unexpectedly.',
    level: 'System',
    type: DISK
  },
  {
    description: 'Automatic license activation failed',
    solution: 'The system could not automatically activate the license. Verify that the user name and password for the automatic license activation are correct and that the management server can access the URL for the Online Activation service.',
    level: 'System',
    type: SYSTEM
  },
  {
    description: 'Rule-generated alert',
    solution: 'Your system has been configured to send a message triggered from a rule. See the alarm description for more information.',
    level: 'System',
    type: SYSTEM
  },
  {
    // Split over a page break; the manual's numbering of steps 2 and 3 was lost there and is restored.
    description: 'No heartbeat from site',
    solution:
      'Milestone Customer Dashboard is not receiving any heartbeats from your surveillance system. There could be one or more reasons for this situation:\n' +
      '1. Your system has no access to the internet. Solution: Give your system access to the internet.\n' +
      '2. You have disabled the Send information to the Customer Dashboard option. Solution: Go to the Options menu in the Management Application and enable this option.\n' +
      '3. Your recording server is not running. Solution: Make sure that your recording server is running on the tray icon and verify that you can see live video in XProtect Smart Client.',
    level: 'System',
    type: SYSTEM
  }
]

/** "XProtect Professional VMS products": XProtect Essential, Express, Professional, Enterprise and Husky M20, M30, M50. */
const XPROTECT_PROFESSIONAL_ROWS: Row[] = [
  { description: 'Failed to add to database - General', solution: MEDIA_DB_DISK, level: 'Device', type: DISK },
  { description: 'Failed to add to database - Specific', solution: MEDIA_DB_DISK, level: 'Device', type: DISK },
  {
    description: 'Cannot retrieve serial number',
    solution: 'Make sure that the camera is correctly connected to the network and working. Verify that live video is available in the Management Application and in XProtect Smart Client.',
    level: 'Device',
    type: CAMERA
  },
  {
    description: 'Serial number is not correct',
    solution: 'A camera on the system has been replaced with another camera of the same type/model and with the same IP address. To fix this issue, remember to use the Replace Hardware wizard after replacing the camera.',
    level: 'Device',
    type: CAMERA
  },
  {
    description: 'Maximum number of cameras allowed to run exceeded',
    solution: 'The system has tried to start more cameras than your license allows you to. Make sure that you have the right number of camera licenses to add the number of devices you want to use.',
    level: 'System',
    type: SYSTEM
  },
  { description: 'Camera failed to provide an image', solution: CAMERA_CONNECTED_MA, level: 'Device', type: CAMERA },
  { description: 'Image failure. Trying to reconnect', solution: CAMERA_CONNECTED_MA, level: 'Device', type: CAMERA },
  {
    description: 'Archiving failed to run',
    solution: 'Check the available disk space. If there is still available space on the disk, restart the server.',
    level: 'System',
    type: DISK
  },
  { description: 'Database connection error', solution: MEDIA_DB_DISK, level: 'Device', type: DISK },
  {
    // The manual splits this row over a page break ("Running out of disk" / "space"); it is the same
    // description as in the first table, with "Management Application" instead of "Management Client".
    description: 'Running out of disk space',
    solution: 'The storage with the media database is running out of disk space. Free up some disk space or move the media database to another disk with more space available. Go to the Management Application and change the Recording paths for the devices to solve this issue.',
    level: 'System',
    type: DISK
  },
  { description: 'Error deleting archive', solution: ARCHIVE_DISK, level: 'System', type: DISK },
  {
    description: 'Cannot delete file',
    solution: 'One or more files in your media database or archives are locked and you cannot delete the files. Make sure that the disks on which your media database and archives are located is connected and accessible and that the system has full permission to the disk.',
    level: 'System',
    type: DISK
  },
  { description: 'Target path invalid', solution: ARCHIVE_DISK, level: 'System', type: DISK },
  {
    description: 'Failed to rename archive on same volume',
    solution: 'The disk you are trying to archive to is either disconnected or inaccessible. Make sure that the disk with archives is connected and accessible, and that the system has full permission to the disk.',
    level: 'System',
    type: DISK
  },
  {
    description: 'Failed to copy archive to different volume',
    solution: 'The system cannot rename one or more archives. Make sure that the disk with archives is connected and accessible, and that the system has full permission to the disk. Also make sure that no files or folders in the archives are open, locked or in use by other processes than the surveillance system.',
    level: 'System',
    type: DISK
  },
  {
    description: 'Error in processing an archive',
    solution: 'The system cannot copy one or more archives. Make sure that the disk with archives is connected and accessible, and that the system has full permission to the disk. Also make sure that no files or folders in the archives are open, locked or in use by other processes than the VMS.',
    level: 'System',
    type: DISK
  },
  {
    description: 'Archive file move error (s)',
    solution: 'The system cannot process one or more archives. Make sure that the disk with archives is connected and accessible, and that the system has full permission to the disk. Also make sure that no files or folders in the archives are open, locked or in use by other processes than the VMS.',
    level: 'System',
    type: DISK
  },
  {
    // A server crash, so 'System', although the solution is about locked media database files.
    description: 'Recording server has restarted after a crash',
    solution: 'One or more files inside the media database are locked or inaccessible. Make sure that no files or folders inside the media database are open, locked or in use by other processes than the VMS.',
    level: 'System',
    type: SYSTEM
  }
]

/** "Errors specific to Milestone Customer Dashboard". */
const CUSTOMER_DASHBOARD_ROWS: Row[] = [
  {
    description: 'No heartbeat from site',
    // "make sure your that your" is the manual's wording, kept as printed.
    solution:
      'Milestone Customer Dashboard is not receiving any heartbeats from your surveillance system. There could be one or more reasons for this situation:\n' +
      '1. Your system has no access to the internet. Solution: Give your system access to the internet.\n' +
      '2. You have disabled the Send information to the Customer Dashboard option. Solution: Go to the Options menu in the Management Application and enable this option.\n' +
      '3. Your recording server is not running. Solution: From the tray icon, make sure your that your recording server is running and verify that you can view live video in XProtect Smart Client.',
    level: 'System',
    type: SYSTEM
  }
]

const TABLES: ReadonlyArray<[ProductFamily, Row[]]> = [
  ['xprotect', XPROTECT_ROWS],
  ['xprotect_professional', XPROTECT_PROFESSIONAL_ROWS],
  ['customer_dashboard', CUSTOMER_DASHBOARD_ROWS]
]

/**
 * One entry per code. A description in several tables becomes one entry with all its families; its
 * `solution` is the first table's text, and where the tables word it differently each family's text
 * is kept in `solutionByFamily`. Level and type must agree, or the tables were transcribed wrongly.
 */
function buildCatalog (): CatalogEntry[] {
  const byCode = new Map<string, CatalogEntry & { texts: Map<ProductFamily, string> }>()
  for (const [family, rows] of TABLES) {
    for (const row of rows) {
      const code = toErrorCode(row.description)
      const seen = byCode.get(code)
      if (seen === undefined) {
        byCode.set(code, { code, ...row, families: [family], texts: new Map([[family, row.solution]]) })
        continue
      }
      if (seen.description !== row.description || seen.level !== row.level || seen.type !== row.type) {
        throw new Error(`error catalog: "${row.description}" disagrees between tables`)
      }
      seen.families.push(family)
      seen.texts.set(family, row.solution)
    }
  }
  return [...byCode.values()].map(({ texts, ...entry }) => {
    if (new Set(texts.values()).size > 1) entry.solutionByFamily = Object.fromEntries(texts)
    return Object.freeze(entry)
  })
}

export const ERROR_CATALOG: readonly CatalogEntry[] = Object.freeze(buildCatalog())

/** The one error the collector raises itself, when an agent falls silent. */
export const NO_HEARTBEAT_CODE = 'no_heartbeat_from_site'

const byCode = new Map(ERROR_CATALOG.map((entry) => [entry.code, entry]))

export function catalogEntry (code: string): CatalogEntry | undefined {
  return byCode.get(code)
}

/** The entries of one of the manual's tables, each with `solution` in that table's wording. */
export function catalogForFamily (family: ProductFamily): CatalogEntry[] {
  return ERROR_CATALOG
    .filter((entry) => entry.families.includes(family))
    .map((entry) => {
      const own = entry.solutionByFamily?.[family]
      return own === undefined || own === entry.solution ? entry : { ...entry, solution: own }
    })
}

export interface ErrorDescription {
  code: string
  description: string
  solution: string
  level: ErrorLevel
  type: ErrorType
  /** False for a code the catalog does not know; PROTOCOL.md keeps such errors as "Unknown error type". */
  known: boolean
}

/** What pages, e-mails and the live feed show for a code, known or not. */
export function describeError (code: string): ErrorDescription {
  const entry = byCode.get(code)
  if (entry !== undefined) {
    return { code, description: entry.description, solution: entry.solution, level: entry.level, type: entry.type, known: true }
  }
  return { code, description: humanise(code), solution: '', level: 'System', type: 'Unknown error type', known: false }
}

/** "foo_bar" → "Foo bar": the best a person can be shown for a code from a newer agent. */
function humanise (code: string): string {
  const words = code.replace(/_+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}
