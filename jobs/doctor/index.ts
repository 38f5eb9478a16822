// doctor: the read-only question behind `/exchange doctor` (and npm run doctor's host checks):
// PowerShell's version, the modules, the bot's rights and the clock of one host.
import { defineQuery } from '../../src/engine/job-definition.ts';
import { DOCTOR_HOST_SCRIPT, type HostAnswer } from '../../src/doctor.ts';

export const doctorQuery = defineQuery<Record<string, never>, HostAnswer>({ kind: 'doctor', role: 'exchange', script: DOCTOR_HOST_SCRIPT });
