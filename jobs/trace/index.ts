// trace: the read-only question behind `/exchange trace`: message tracking on the Exchange server.
import { fileURLToPath } from 'node:url';
import { defineQuery } from '../../src/engine/job-definition.ts';

export interface TraceParams {
  address: string;
  direction: 'any' | 'from' | 'to';
  sinceMinutes: number;
  subject: string;
}

export interface TraceEvent {
  At: string;
  EventId: string;
  Source: string;
  Recipients: string[];
  Status: string;
  Connector: string;
}

export interface TracedMessage {
  Subject: string;
  Sender: string;
  Recipients: string[];
  At: string;
  Events: TraceEvent[];
}

/** What get-message-trace.ps1 answers. */
export interface Trace {
  Address: string;
  Total: number;
  Messages: TracedMessage[];
}

export const traceQuery = defineQuery<TraceParams, Trace>({
  kind: 'message-trace',
  role: 'exchange',
  script: fileURLToPath(new URL('./get-message-trace.ps1', import.meta.url)),
  params: (p) => ({ Address: p.address, Direction: p.direction, SinceMinutes: p.sinceMinutes, Subject: p.subject }),
});
