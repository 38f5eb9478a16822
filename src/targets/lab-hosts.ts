// The lab's two hosts and the roles they play: the WSE server is the domain controller, EXCH the
// Exchange server. A TARGETS file may call real hosts anything.
import { hostMap } from '../engine/hosts.ts';

export const LAB_HOSTS = ['WSE', 'EXCH'] as const;

export const LAB_HOST_MAP = hostMap(LAB_HOSTS, { exchange: 'EXCH', 'domain-controller': 'WSE' });
