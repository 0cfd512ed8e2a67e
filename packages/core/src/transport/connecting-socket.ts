/**
 * What every socket brine connects (a minion's request and publish sockets, a
 * CLI's local client socket) is built with: no linger on close, the frame
 * size limit, IPv6 for an IPv6 address, reconnection delays, and optionally a
 * shared zeromq context.
 */
import type * as zmq from 'zeromq';
import { MAX_FRAME_BYTES } from '../protocol/frame';
import { isIpv6 } from './endpoint';

/** How a connecting socket reconnects, in milliseconds, and the context it lives in. */
export interface ConnectOptions {
  /** zeromq context of the socket (one context holds at most its maxSockets; a swarm shares several). */
  context?: zmq.Context;
  /** Delay before reconnecting a dropped connection (default 1 s). */
  reconnectInterval?: number;
  /** Upper bound of the reconnection delay as it backs off (default 10 s). */
  reconnectMaxInterval?: number;
}

/** The zeromq options of a socket that will connect to `endpoint`, from {@link ConnectOptions}. */
export function connectingSocketOptions(endpoint: string, o: ConnectOptions) {
  return {
    ...(o.context ? { context: o.context } : {}),
    ipv6: isIpv6(endpoint),
    linger: 0,
    maxMessageSize: MAX_FRAME_BYTES,
    reconnectInterval: o.reconnectInterval ?? 1000,
    reconnectMaxInterval: o.reconnectMaxInterval ?? 10000,
  };
}
