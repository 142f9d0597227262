// Loopback HTTP servers for client tests: one on a free 127.0.0.1 port, and a
// URL where nothing listens (a port that was just freed).
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Loopback = { server: Server; baseUrl: string; close: () => Promise<void> };

export async function listenLoopback(handler: RequestListener): Promise<Loopback> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { server, baseUrl, close };
}

export async function unusedPortUrl(): Promise<string> {
  const { baseUrl, close } = await listenLoopback(() => {});
  await close();
  return baseUrl;
}
