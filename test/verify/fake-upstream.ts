// A fake SignalWire on 127.0.0.1 (port 0) for verify's tests: both
// families, stateful, answering with the spec's own examples, checking Basic
// auth and refusing (422) request bodies the spec refuses. `override` bends
// any answer into a deviation.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OperationId } from '../../generated/operations.js';
import { afterEach } from 'vitest';
import { listOperations, matchPath } from '../../lib/spec/index.mjs';
import { deref, operation, requestSchemaPointer, spec, validateAt } from '../../tools/bundled-spec.js';
import { runVerify, type VerifyOptions } from '../../tools/verify/verify.js';
import { formatText } from '../../tools/verify/report.js';

export type Seen = { operationId: OperationId | null; method: string; url: string; id?: string; headers: IncomingHttpHeaders; body: unknown; at: number };
export type Reply = { status: number; body?: unknown; raw?: string; headers?: Record<string, string>; delayMs?: number; /** Drop the connection without answering. */ destroy?: boolean };
export type Route = { operationId: OperationId; id?: string; params: Record<string, string>; query: URLSearchParams; body: unknown; count: number };
/** Returns the answer to send instead, or undefined for the conforming one; `next()` computes (and applies) the conforming one. */
export type Override = (route: Route, next: () => Reply) => Reply | undefined;

export type Fake = {
  baseUrl: string;
  seen: Seen[];
  relay: Map<string, any>;
  fabric: Map<string, any>;
  /** Request bodies this fake refused as invalid by the spec. */
  refused: Array<{ operationId: OperationId; body: unknown }>;
  /** Most requests in flight at once. */
  maxInFlight: number;
  /** Called when a request arrives, before it is answered. */
  onRequest?: (seen: Seen) => void;
  close(): Promise<void>;
};

export const PROJECT = 'b1f2c3d4-0000-4000-8000-000000000001';
export const TOKEN = 'PT-verify-secret-token-0123456789abcdef';
export const BASIC = `Basic ${Buffer.from(`${PROJECT}:${TOKEN}`).toString('base64')}`;

/** The first (or the named) example of an operation's response for `status`, as a fresh copy. */
export function example(operationId: OperationId, status = 200, name?: string): any {
  const response = deref(operation(operationId).op.responses[String(status)]);
  const examples = response.content['application/json'].examples;
  return structuredClone(deref(examples[name ?? Object.keys(examples)[0]]).value);
}

// Requests are routed by the spec module's matcher (lib/spec `matchPath`)
// over the bundle's operations: every `{param}` is one segment, and the
// template with a literal segment earliest wins, so `/sip_endpoints/{id}`
// never shadows a literal route and subscriber routes
// (`{fabric_subscriber_id}/sip_endpoints/{id}`) match too.
const specOperations = listOperations({ document: spec });

/** The operation a request is routed to, with its path parameters decoded; undefined when none matches. */
export function route(method: string, pathname: string): { operationId: OperationId; params: Record<string, string> } | undefined {
  const match = matchPath(specOperations, method, pathname);
  return match ? { operationId: match.operation.operationId as OperationId, params: match.params } : undefined;
}

/** The lowest 2xx an operation declares, with its first example as the body (none for a 204). */
export function exampleReply(operationId: OperationId): Reply {
  const status = Number(Object.keys(operation(operationId).op.responses).filter((code) => /^2\d\d$/.test(code)).sort()[0]);
  const content = deref(operation(operationId).op.responses[String(status)]).content;
  return content ? { status, body: example(operationId, status) } : { status };
}

const notFound = (): Reply => ({ status: 404, body: { error: 'Not Found' } });
const refuse = (relay: boolean, message: string): Reply =>
  relay
    ? { status: 422, body: { errors: [{ detail: message, status: '422', title: 'Invalid Attribute', code: '422' }] } }
    : { status: 422, body: { errors: [{ type: 'validation_error', code: 'invalid_parameter', message, url: 'https://developer.signalwire.com/rest/overview/error-codes' }] } };

export async function startFake(options: { override?: Override } = {}): Promise<Fake> {
  const relay = new Map<string, any>();
  const fabric = new Map<string, any>();
  for (const item of [example('retrieve_sip_endpoint'), ...example('list_sip_endpoints').data]) relay.set(item.id, item);
  for (const item of [example('get_sip_credential'), ...example('list_sip_credentials').data]) fabric.set(item.id, item);
  const counts = new Map<OperationId, number>();
  let inFlight = 0;
  const timers = new Set<NodeJS.Timeout>();

  function conforming(route: Route): Reply {
    const { operationId, id, body, query } = route;
    const b = (body ?? {}) as Record<string, any>;
    switch (operationId) {
      case 'list_sip_endpoints': {
        const page = example('list_sip_endpoints');
        const filter = query.get('filter_username');
        if (filter !== null) {
          // Every match fits one page: no next page.
          page.data = [...relay.values()].filter((e) => e.username.includes(filter));
          delete page.links.next;
        }
        return { status: 200, body: page };
      }
      case 'create_sip_endpoint': {
        const { password: _password, ...fields } = b;
        const created = { ...example('create_sip_endpoint', 201), ...fields, id: randomUUID() };
        relay.set(created.id, created);
        return { status: 201, body: created };
      }
      case 'retrieve_sip_endpoint':
        return relay.has(id!) ? { status: 200, body: relay.get(id!) } : notFound();
      case 'update_sip_endpoint': {
        if (!relay.has(id!)) return notFound();
        const { password: _password, ...fields } = b;
        const updated = { ...relay.get(id!), ...fields };
        relay.set(id!, updated);
        return { status: 200, body: updated };
      }
      case 'delete_sip_endpoint':
        return relay.delete(id!) ? { status: 204 } : notFound();
      case 'list_sip_credentials':
        return { status: 200, body: example('list_sip_credentials') };
      case 'create_sip_credential': {
        const template = example('create_sip_credential', 201);
        const { password: _password, ...fields } = b; // write-only, never returned (D14)
        const created = { ...template, id: randomUUID(), display_name: b.username, sip_endpoint: { ...template.sip_endpoint, ...fields, id: randomUUID() } };
        fabric.set(created.id, created);
        return { status: 201, body: created };
      }
      case 'get_sip_credential':
        return fabric.has(id!) ? { status: 200, body: fabric.get(id!) } : notFound();
      case 'update_sip_credential': {
        if (!fabric.has(id!)) return notFound();
        const current = fabric.get(id!);
        const { password: _password, ...fields } = b;
        const sip = { ...current.sip_endpoint, ...fields };
        if (b.call_handler !== undefined && b.call_handler !== 'resource') sip.calling_handler_resource_id = null;
        const updated = { ...current, updated_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), sip_endpoint: sip };
        fabric.set(id!, updated);
        return { status: 200, body: updated };
      }
      case 'delete_sip_credential':
        return fabric.delete(id!) ? { status: 204 } : notFound();
      case 'list_sip_credential_addresses':
        return fabric.has(id!) ? { status: 200, body: example('list_sip_credential_addresses') } : notFound();
      default:
        // Routes verify never calls (subscriber credentials, assign): the spec's own example of the lowest 2xx.
        return exampleReply(operationId);
    }
  }

  const fake: Fake = {
    baseUrl: '',
    seen: [],
    relay,
    fabric,
    refused: [],
    maxInFlight: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const server = createServer((req, res) => {
    inFlight++;
    fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://127.0.0.1');
      const match = route(req.method!, url.pathname);
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        // kept raw
      }
      const seen: Seen = { operationId: match?.operationId ?? null, method: req.method!, url: req.url!, id: match?.params.id, headers: req.headers, body, at: Date.now() };
      fake.seen.push(seen);
      fake.onRequest?.(seen);

      let reply: Reply;
      if (!match) reply = notFound();
      else if (req.headers.authorization !== BASIC) reply = { status: 401, body: { error: 'Unauthorized' } };
      else {
        const operationId = match.operationId;
        const count = (counts.get(operationId) ?? 0) + 1;
        counts.set(operationId, count);
        const routed: Route = { operationId, id: match.params.id, params: match.params, query: url.searchParams, body, count };
        const next = () => {
          if (operation(operationId).op.requestBody) {
            const { valid } = validateAt(requestSchemaPointer(operationId), body);
            if (!valid) {
              fake.refused.push({ operationId, body });
              return refuse(operation(operationId).family === 'relay', 'the body breaks the spec');
            }
          }
          return conforming(routed);
        };
        reply = options.override?.(routed, next) ?? next();
      }
      const send = () => {
        inFlight--;
        if (reply.destroy) req.socket.destroy();
        else if (reply.raw !== undefined) res.writeHead(reply.status, { 'content-type': 'text/html', ...reply.headers }).end(reply.raw);
        else if (reply.body === undefined) res.writeHead(reply.status, reply.headers).end();
        else res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.body));
      };
      if (reply.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, reply.delayMs);
        timers.add(timer);
      }
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/**
 * For one test file: `start()` a fresh fake (closed after each test), or
 * `verify()` against one: runVerify with no pause and waits recorded, not
 * slept; returns the report, the waits, the fake and the report's text.
 */
export function fakeRunner() {
  let current: Fake | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const start = async (override?: Override) => (current = await startFake({ override }));
  const verify = async (options: Partial<VerifyOptions> = {}, override?: Override) => {
    const fake = await start(override);
    const sleeps: number[] = [];
    const report = await runVerify({ baseUrl: fake.baseUrl, projectId: PROJECT, token: TOKEN, pauseMs: 0, sleep: async (ms) => void sleeps.push(ms), ...options });
    return { report, sleeps, fake, text: formatText(report) };
  };
  return { start, verify };
}
