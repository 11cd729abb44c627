// Command-line values to the agent's typed configuration. Every refusal names the option and
// says what would be accepted, so a mistyped address or route fails before any socket opens.

import { readFileSync } from 'node:fs';
import { ipv4, ipv6, mac, PacketEncodeError, type IPv4Address, type IPv6Address, type MacAddress } from '../packet/index.js';
import { AgentError } from './agent-error.js';
import { checkAlpha } from './load-smoother.js';

export const SOURCE_ROUTE_MAX_HOPS = 4;

function bad(option: string, message: string): AgentError {
  return new AgentError('AGENT_BAD_OPTION', `${option}: ${message}`);
}

/** Wraps a src/packet address parser so that its error names the option. */
function address<T>(option: string, parse: (text: string) => T, text: string): T {
  try {
    return parse(text);
  } catch (err) {
    if (err instanceof PacketEncodeError) throw bad(option, err.reason);
    throw err;
  }
}

export function parseIPv4Option(option: string, text: string): IPv4Address {
  return address(option, ipv4, text);
}

export function parseMacOption(option: string, text: string): MacAddress {
  return address(option, mac, text);
}

/** A unicast IPv6 address the kernel can route without a scope (not link-local, not multicast). */
export function parseIPv6Option(option: string, text: string): IPv6Address {
  const bytes = address(option, ipv6, text);
  if (bytes[0] === 0xff) throw bad(option, `"${text}" is a multicast address`);
  if (bytes[0] === 0xfe && (bytes[1]! & 0xc0) === 0x80) throw bad(option, `"${text}" is link-local: use a global or unique-local (fd00::/8) address`);
  if (bytes.every((b) => b === 0)) throw bad(option, 'the unspecified address :: cannot be used');
  return bytes;
}

/**
 * "3,1" -> [3, 1]: the egress port at each switch on the way to the load balancer, at most 4,
 * each 1..255 (0 ends the route, so it cannot be a hop). "" or "none" is the empty route: the
 * first switch is the load balancer.
 */
export function parseSourceRoute(text: string): number[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'none') return [];
  const labels = trimmed.split(',').map((part) => {
    const label = part.trim();
    if (!/^\d+$/.test(label) || Number(label) < 1 || Number(label) > 255) {
      throw bad('--route', `"${label}" is not a port number 1..255 (the route is comma-separated ports, e.g. 3,1)`);
    }
    return Number(label);
  });
  if (labels.length > SOURCE_ROUTE_MAX_HOPS) throw bad('--route', `${labels.length} hops, the report carries at most ${SOURCE_ROUTE_MAX_HOPS}`);
  return labels;
}

export function parseInteger(option: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) throw bad(option, `"${text}" is not an integer in ${min}..${max}`);
  return n;
}

export function parseAlpha(text: string): number {
  const alpha = Number(text);
  try {
    checkAlpha(text.trim() === '' ? Number.NaN : alpha);
  } catch {
    throw bad('--alpha', `"${text}" is not a number in (0, 1]`);
  }
  return alpha;
}

/** An interface's MAC address from sysfs (in the caller's network namespace). */
export function interfaceMac(ifname: string): MacAddress {
  if (!/^[^/\s]{1,15}$/.test(ifname)) throw bad('--interface', `"${ifname}" is not an interface name`);
  let text: string;
  try {
    text = readFileSync(`/sys/class/net/${ifname}/address`, 'utf8').trim();
  } catch {
    throw bad('--interface', `no interface "${ifname}" (see \`ip link\`)`);
  }
  return parseMacOption(`--interface ${ifname}'s address`, text);
}
