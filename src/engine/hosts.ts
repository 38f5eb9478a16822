// Hosts by role: a job asks for the server that plays a role; the targets (a TARGETS file, or the
// lab) say which host that is, so a site may call its servers anything (MAIL01, DC01).
import { MessageError } from '../i18n/i18n.ts';

export const HOST_ROLES = ['exchange', 'domain-controller'] as const;
export type HostRole = (typeof HOST_ROLES)[number];

/** Which host plays each role, and every host there is. */
export interface HostMap {
  readonly hosts: readonly string[];
  /** The host that plays the role; throws when no target plays it. */
  hostFor(role: HostRole): string;
}

/** A host map from explicit role assignments (the first host that claims a role plays it). */
export function hostMap(hosts: readonly string[], roles: Partial<Record<HostRole, string>>): HostMap {
  return {
    hosts,
    hostFor(role) {
      const host = roles[role];
      if (!host) throw new MessageError('engine:noRole', { role });
      return host;
    },
  };
}

/** Where a job or a query runs: the host that plays a role, or one host by name (`reboot MAIL01`). */
export type Target = HostRole | { host: string };

/** The host a target names; throws with plain words when there is none. */
export function hostOf(target: Target, map: HostMap): string {
  if (typeof target !== 'string') {
    if (!map.hosts.includes(target.host)) throw new MessageError('engine:unknownHost', { host: target.host, hosts: map.hosts.join(', ') });
    return target.host;
  }
  return map.hostFor(target);
}
