// Two network namespaces joined by a veth pair, for the tests that send real packets. Needs root;
// requireRoot() fails the suite with a message instead of letting it pass without running.
// Only the namespaces and addresses made here are touched, and destroy() removes them all.

import { execFileSync } from 'node:child_process';

export function requireRoot(what: string): void {
  if (process.getuid?.() !== 0) {
    throw new Error(`${what} needs root (network namespaces, raw sockets); run the tests as root, as CI does`);
  }
}

export function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface VethPair {
  /** Namespace names; their paths are /run/netns/<name>. */
  nsA: string;
  nsB: string;
  /** The veth ends: ifA lives in nsA, ifB in nsB. */
  ifA: string;
  ifB: string;
  netnsPath(ns: string): string;
  destroy(): void;
}

export interface VethOptions {
  /** Addresses (with prefix length) for each end, e.g. fd00::1/64; IPv6 ones skip DAD. */
  addressesA?: string[];
  addressesB?: string[];
}

/** Creates nsA/nsB (names unique to this process and tag) with a veth between them, both up. */
export function createVethPair(tag: string, options: VethOptions = {}): VethPair {
  const nsA = `corelb-${tag}-a-${process.pid}`;
  const nsB = `corelb-${tag}-b-${process.pid}`;
  const pair: VethPair = {
    nsA,
    nsB,
    ifA: 'clb-a',
    ifB: 'clb-b',
    netnsPath: (ns) => `/run/netns/${ns}`,
    destroy: () => {
      for (const ns of [nsA, nsB]) {
        try {
          ip('netns', 'del', ns);
        } catch {
          // Already gone (never created, or a failed setup removed it).
        }
      }
    },
  };
  try {
    ip('netns', 'add', nsA);
    ip('netns', 'add', nsB);
    ip('link', 'add', pair.ifA, 'netns', nsA, 'type', 'veth', 'peer', 'name', pair.ifB, 'netns', nsB);
    for (const [ns, ifname, addresses] of [[nsA, pair.ifA, options.addressesA ?? []], [nsB, pair.ifB, options.addressesB ?? []]] as const) {
      for (const address of addresses) ip('-n', ns, 'addr', 'add', address, 'dev', ifname, ...(address.includes(':') ? ['nodad'] : []));
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'link', 'set', ifname, 'up');
    }
  } catch (err) {
    pair.destroy();
    throw err;
  }
  return pair;
}
