// Raw requests to the mock, as a hurried user, a broken form, a proxy or a
// fuzzer would send them: any method, any path bytes (characters up to
// U+00FF go out as single bytes, so invalid UTF-8 is possible), any body,
// chunked or not. Every request is bounded in time.
import http from 'node:http';
import { responseFor, schemaValidator, validateAt } from '../../tools/bundled-spec.js';

export type RawRequest = { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean };
export type RawAnswer = { status: number; headers: http.IncomingHttpHeaders; text: string; json: unknown; ms: number };

/** Sends one request on a fresh connection; rejects after `timeoutMs` without a whole answer. */
export function rawRequest(baseUrl: string, request: RawRequest, timeoutMs = 5_000): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
    const headers: Record<string, string | number> = { ...request.headers };
    if (body !== undefined && !request.chunked) headers['content-length'] = body.length;
    const req = http.request({ host: hostname, port: Number(port), method: request.method, path: request.path, headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = Symbol.for('not JSON');
        }
        resolve({ status: res.statusCode!, headers: res.headers, text, json, ms: performance.now() - started });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms: ${request.method} ${request.path}`)));
    req.on('error', reject);
    if (request.chunked && body) {
      req.setHeader('transfer-encoding', 'chunked');
      for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
      req.end();
    } else req.end(body);
  });
}

/**
 * What is wrong with an answer, [] when nothing: the status must be one the
 * operation declares and the body valid against that status's schema. With
 * no operation (an unknown route or method, or not HTTP), a 404, 405 or
 * 400 in the `{error}` shape (ErrorMessage).
 */
export function answerProblems(operationId: string | null, answer: RawAnswer): string[] {
  if (operationId === null) {
    // 400: what Node's HTTP parser refuses (bytes a request line may not hold).
    if (![400, 404, 405].includes(answer.status)) return [`no operation: expected 400, 404 or 405, got ${answer.status}`];
    const validate = schemaValidator('ErrorMessage');
    return validate(answer.json) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  }
  const response = responseFor(operationId, answer.status);
  if (!response || response.key !== String(answer.status)) return [`${operationId} does not declare ${answer.status}`];
  if (!response.schemaPointer) return answer.json === undefined ? [] : [`${operationId} ${answer.status} declares no body`];
  return validateAt(response.schemaPointer, answer.json).errors.map((e) => `${e.instancePath} ${e.message}`);
}

/**
 * Sends bytes as they are on a fresh socket (for what `http.request` will
 * not send: CONNECT, no Host, two Content-Lengths) and reads one answer:
 * the status line, the headers (lower-case names) and a body of
 * `content-length` bytes, or up to the close. Rejects after `timeoutMs`.
 */
export async function socketRequest(baseUrl: string, bytes: string | Buffer, timeoutMs = 5_000): Promise<RawAnswer> {
  const net = await import('node:net');
  const { hostname, port } = new URL(baseUrl);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let done = false;
    const socket = net.connect(Number(port), hostname, () => socket.write(bytes));
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (error || end === -1) return reject(error ?? new Error(`no whole answer: ${JSON.stringify(all.toString('latin1').slice(0, 200))}`));
      const [statusLine, ...lines] = all.subarray(0, end).toString('latin1').split('\r\n');
      const headers: http.IncomingHttpHeaders = {};
      for (const line of lines) headers[line.slice(0, line.indexOf(':')).trim().toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
      const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
      const text = all.subarray(end + 4, length === undefined ? undefined : end + 4 + length).toString('utf8');
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = Symbol.for('not JSON');
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, text, json, ms: performance.now() - started });
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(all.subarray(0, Math.max(end, 0)).toString('latin1'));
      if (end !== -1 && length && all.length >= end + 4 + Number(length[1])) finish();
    });
    socket.on('end', () => finish());
    socket.on('error', (error) => finish(error));
  });
}
