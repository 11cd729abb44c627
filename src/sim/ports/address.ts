import { PacketPortError } from './errors.js';

/** The filesystem path of a nanomsg IPC address `ipc://<path>` (relative paths allowed, as nanomsg does). */
export function ipcPath(address: string): string {
  if (!address.startsWith('ipc://') || address.length === 'ipc://'.length) {
    throw new PacketPortError('BAD_ADDRESS', `"${address}" is not an ipc://<path> address`);
  }
  return address.slice('ipc://'.length);
}
