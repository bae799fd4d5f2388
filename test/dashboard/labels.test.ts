import t from 'tap'
import { ERROR_STATE_LABELS, MONITORING_STATUS_LABELS, ERROR_STATES, MONITORING_STATUSES } from '../../protocol/views/server-status.js'
import { ERROR_STATUS_LABELS, ERROR_STATUSES } from '../../protocol/views/error-item.js'
import { importStatic } from './static-modules.js'

// dashboard-static/lib/labels.js is a hand copy of the protocol's label maps (the dashboard has no build
// step). This fails the moment the two differ, in either direction.
interface Labels {
  MONITORING_STATUS_LABELS: Record<string, string>
  ERROR_STATE_LABELS: Record<string, string>
  ERROR_STATUS_LABELS: Record<string, string>
  MONITORING_STATUS_TONES: Record<string, string>
  ERROR_STATE_TONES: Record<string, string>
  ERROR_STATUS_TONES: Record<string, string>
  labelOf (labels: Record<string, string>, code: string): string
}

const labels = await importStatic<Labels>('lib/labels.js')

t.test('the dashboard copies of the label maps equal the protocol', async (t) => {
  t.same({ ...labels.MONITORING_STATUS_LABELS }, MONITORING_STATUS_LABELS, 'MONITORING_STATUS_LABELS')
  t.same({ ...labels.ERROR_STATE_LABELS }, ERROR_STATE_LABELS, 'ERROR_STATE_LABELS')
  t.same({ ...labels.ERROR_STATUS_LABELS }, ERROR_STATUS_LABELS, 'ERROR_STATUS_LABELS')
  // same keys in the same order too: the filter lists show them in this order
  t.same(Object.keys(labels.MONITORING_STATUS_LABELS), [...MONITORING_STATUSES])
  t.same(Object.keys(labels.ERROR_STATE_LABELS), [...ERROR_STATES])
  t.same(Object.keys(labels.ERROR_STATUS_LABELS), [...ERROR_STATUSES])
})

t.test('every status has a chip tone', async (t) => {
  t.same(Object.keys(labels.MONITORING_STATUS_TONES).sort(), [...MONITORING_STATUSES].sort())
  t.same(Object.keys(labels.ERROR_STATE_TONES).sort(), [...ERROR_STATES].sort())
  t.same(Object.keys(labels.ERROR_STATUS_TONES).sort(), [...ERROR_STATUSES].sort())
  t.equal(labels.ERROR_STATE_TONES.error_detected, 'danger')
  t.equal(labels.MONITORING_STATUS_TONES.monitored, 'ok')
})

t.test('labelOf shows an unknown code as it came', async (t) => {
  t.equal(labels.labelOf(labels.ERROR_STATE_LABELS, 'none'), '-')
  t.equal(labels.labelOf(labels.ERROR_STATE_LABELS, 'some_future_state'), 'some_future_state')
  t.equal(labels.labelOf(labels.ERROR_STATE_LABELS, 'toString'), 'toString', 'no prototype keys')
})
