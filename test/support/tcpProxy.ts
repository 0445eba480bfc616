import net from 'node:net';

export interface TcpProxy {
  url: string;
  /** Sends new connections to another port (the load balancer noticed an instance died). */
  retarget(port: number): void;
  close(): Promise<void>;
}

/**
 * The load balancer of a scaled deployment, reduced to what tests need: one address in front
 * of the instances, forwarding each TCP connection (HTTP and WebSocket alike) to the current
 * target. Connections to an instance that dies break, and the clients reconnect through it.
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let target = targetPort;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
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
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    retarget(port) {
      target = port;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
