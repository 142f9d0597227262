// A lean HTTP/1.1 load generator for the mock benchmark: `concurrency`
// keep-alive sockets, each sending pre-serialised requests one at a time and
// reading answers framed by Content-Length (the only framing our servers
// use; anything else throws). On a 2-core machine the load generator shares
// the cores with the servers it measures: Node's http client costs about as
// much CPU per request as the mock's proxy itself, this about a fifth of it,
// so the comparison measures the servers rather than the client.
import net from 'node:net';

const HEAD_END = Buffer.from('\r\n\r\n');

/** Pre-serialises `{ method, path, headers, body }` into the bytes sent. */
export function serialise({ method, path, headers = {}, body }) {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: keep-alive'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`);
}

/** One keep-alive connection; `send(bytes)` resolves with the answer's status. */
async function connect(port, timeoutMs) {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let buffered = Buffer.alloc(0);
  let pending;
  const settle = (error, status) => {
    const p = pending;
    pending = undefined;
    clearTimeout(p?.timer);
    if (error) p?.reject(error);
    else p?.resolve(status);
  };
  const parse = () => {
    if (!pending) return;
    const end = buffered.indexOf(HEAD_END);
    if (end < 0) return;
    const head = buffered.subarray(0, end).toString('latin1');
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) return settle(new Error(`an answer without Content-Length: ${head.split('\r\n')[0]}`));
    const size = end + HEAD_END.length + Number(length[1]);
    if (buffered.length < size) return;
    buffered = buffered.subarray(size);
    settle(undefined, Number(head.slice(9, 12)));
  };
  socket.on('data', (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    parse();
  });
  socket.on('error', (error) => settle(error));
  socket.on('close', () => settle(new Error('connection closed')));
  return {
    send: (bytes) =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject, timer: setTimeout(() => settle(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs) };
        socket.write(bytes);
      }),
    close: () => socket.destroy(),
  };
}

/**
 * Sends `total` requests cycling through `requests` (pre-serialised) over
 * `concurrency` connections; resolves with requests per second and the count
 * of each status.
 */
export async function load(port, requests, { total, concurrency, timeoutMs = 30_000 }) {
  const connections = [];
  try {
    for (let i = 0; i < concurrency; i++) connections.push(await connect(port, timeoutMs));
    let next = 0;
    const statuses = {};
    const t0 = performance.now();
    await Promise.all(
      connections.map(async (c) => {
        while (next < total) {
          const status = await c.send(requests[next++ % requests.length]);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }),
    );
    return { rps: (total / (performance.now() - t0)) * 1000, statuses };
  } finally {
    for (const c of connections) c.close();
  }
}
