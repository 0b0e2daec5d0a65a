/**
 * TCP in the middle, for tests of what crosses a network: a proxy in front of one server (to cut a hub off from its
 * database and restore it), or a round-robin balancer in front of several (two hub instances behind one address).
 */
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Drops every open connection and refuses new ones until `restore()`. */
  interrupt(): void;
  restore(): void;
  close(): Promise<void>;
}

/** Forwards to `targets` in turn (one target: a plain proxy). */
export async function startTcpProxy(targets: readonly { host: string; port: number }[]): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let down = false;
  let next = 0;
  const server = net.createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const target = targets[next++ % targets.length] as { host: string; port: number };
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    interrupt() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      down = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** host and port of an http(s)/postgres URL. */
export function endpointOf(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname === 'localhost' ? '127.0.0.1' : parsed.hostname, port: Number(parsed.port) };
}
