/** Every input format cdrscope reads, in the order detection tries them. One file per format. */
import { androidXml } from './android-xml.js';
import { asterisk } from './asterisk.js';
import { cucm } from './cucm.js';
import { freeswitch } from './freeswitch.js';
import { generic } from './generic.js';
import { superbackupXml } from './superbackup-xml.js';
import { teams } from './teams.js';
import { twilio } from './twilio.js';
import type { Format } from './types.js';

export const FORMATS: readonly Format[] = [
  asterisk,
  freeswitch,
  cucm,
  twilio,
  teams,
  generic,
  androidXml,
  superbackupXml,
];

export function findFormat(name: string): Format | undefined {
  return FORMATS.find((f) => f.name === name);
}
