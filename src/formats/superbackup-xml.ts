/**
 * "Super Backup" Android call logs (`<alllogs><log .../></alllogs>`):
 *
 *   <alllogs count="2">
 *     <log number="+49123456789" time="17.09.2018 21:58:22" date="1537214302606" type="1"
 *          name="TestPerson1" new="1" dur="264" />
 *   </alllogs>
 *
 * `date` is epoch milliseconds; `time` (`dd.MM.yyyy HH:mm:ss`, the phone's wall clock) is read in the
 * run's zone only when `date` is missing or unreadable. `type` has Android's CallLog meanings, read
 * exactly as for SMS Backup & Restore files (see android-xml.ts). `new` (unseen) is not used.
 */
import { callLogXmlFormat } from './android-xml.js';
import type { XmlFormat } from './types.js';

const ALLLOGS_ROOT = /<alllogs[\s>/]/;
const LOG_ELEMENT = /<log[\s/>]/;

export const superbackupXml: XmlFormat = callLogXmlFormat({
  name: 'superbackup-xml',
  title: 'Android call log (Super Backup XML)',
  root: 'alllogs',
  element: 'log',
  attributes: { number: 'number', date: 'date', time: 'time', duration: 'dur', type: 'type', name: 'name' },
  sniff(head) {
    if (!ALLLOGS_ROOT.test(head)) return 0;
    return LOG_ELEMENT.test(head) ? 0.95 : 0.6;
  },
});
