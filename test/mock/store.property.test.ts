// Model-based property test of the stateful store: random sequences of
// creates, updates, deletes, gets and paged lists over the three families,
// with bodies generated from the spec's request variants (so usernames
// collide now and then). Every answer must fit its operation's schema, and
// the store must agree with a plain model of what was sent: a get returns
// the last answer, a list walk returns the live items in creation order,
// a username is refused exactly when another live endpoint holds it.
import { expect, it } from 'vitest';
import fc from 'fast-check';
import { createStore } from '../../lib/mock/store.mjs';
import { spec, operation } from '../../tools/bundled-spec.js';
import { expectDeclared } from '../support/mock-client.js';
import { fcParameters, valid, variants } from '../support/arbitraries.js';

const SUBSCRIBERS = ['d369a402-7b43-4512-8735-9d5e1f387814', '11111111-2222-4333-8444-555555555555'];

type Family = 'relay' | 'fabric' | 'subscriber';
const OPS: Record<Family, { create: string; get: string; update: string; remove: string; list: string; createUnion: string; updateUnion: string }> = {
  relay: { create: 'create_sip_endpoint', get: 'retrieve_sip_endpoint', update: 'update_sip_endpoint', remove: 'delete_sip_endpoint', list: 'list_sip_endpoints', createUnion: 'RelayCreateSipEndpointRequest', updateUnion: 'RelayUpdateSipEndpointRequest' },
  fabric: { create: 'create_sip_credential', get: 'get_sip_credential', update: 'update_sip_credential', remove: 'delete_sip_credential', list: 'list_sip_credentials', createUnion: 'FabricCreateSipCredentialRequest', updateUnion: 'FabricUpdateSipCredentialRequest' },
  subscriber: {
    create: 'create_subscriber_sip_credential',
    get: 'get_subscriber_sip_credential',
    update: 'update_subscriber_sip_credential',
    remove: 'delete_subscriber_sip_credential',
    list: 'list_subscriber_sip_credentials',
    createUnion: 'FabricCreateSubscriberSipCredentialRequest',
    updateUnion: 'FabricUpdateSubscriberSipCredentialRequest',
  },
};
const FAMILIES = Object.keys(OPS) as Family[];

/** A valid body of any variant of a union, with usernames from a small pool so they collide. */
const bodyOf = (union: string) =>
  fc.oneof(...variants(union).map((v) => valid(v.schema))).chain((body: any) =>
    'username' in body ? fc.constantFrom('ann', 'bob', 'cy', 'dee').map((username) => ({ ...body, username })) : fc.constant(body),
  );

const command = fc.oneof(
  ...FAMILIES.map((family) => fc.record({ kind: fc.constant('create' as const), family: fc.constant(family), scope: fc.constantFrom(...SUBSCRIBERS), body: bodyOf(OPS[family].createUnion) })),
  ...FAMILIES.map((family) => fc.record({ kind: fc.constant('update' as const), family: fc.constant(family), pick: fc.nat(), body: bodyOf(OPS[family].updateUnion) })),
  fc.record({ kind: fc.constant('delete' as const), family: fc.constantFrom(...FAMILIES), pick: fc.nat() }),
  fc.record({ kind: fc.constant('walk' as const), family: fc.constantFrom(...FAMILIES), scope: fc.constantFrom(...SUBSCRIBERS), size: fc.integer({ min: 1, max: 4 }) }),
);

const usernameOf = (family: Family, body: any) => (family === 'fabric' ? body.sip_endpoint.username : body.username);

it('random command sequences: every answer fits its schema and agrees with the model', () => {
  fc.assert(
    fc.property(fc.array(command, { minLength: 1, maxLength: 25 }), (commands) => {
      const store = createStore(spec, { seed: false });
      /** family → id → { scope, answer } */
      const model = new Map<Family, Map<string, { scope: string; answer: any }>>(FAMILIES.map((f) => [f, new Map()]));
      const call = (operationId: string, request: object) => {
        const answer = store.handle({ operationId, ...request }) as { status: number; body?: any };
        expect(expectDeclared(operation(operationId), answer.status, answer.body), `${operationId} ${JSON.stringify(answer.body)}`).toEqual([]);
        return answer;
      };
      const params = (family: Family, scope: string, id?: string) => ({ ...(family === 'subscriber' ? { fabric_subscriber_id: scope } : {}), ...(id ? { id } : {}) });
      const taken = (username: string, except?: string) => FAMILIES.some((f) => [...model.get(f)!].some(([id, { answer }]) => id !== except && usernameOf(f, answer) === username));

      for (const c of commands) {
        const live = [...model.get(c.family)!];
        if (c.kind === 'create') {
          const scope = c.family === 'subscriber' ? c.scope : '';
          const answer = call(OPS[c.family].create, { params: params(c.family, scope), body: c.body });
          expect(answer.status).toBe(taken((c.body as any).username) ? 422 : 201);
          if (answer.status === 201) {
            expect(JSON.stringify(answer.body)).not.toContain('"password"');
            model.get(c.family)!.set(answer.body.id, { scope, answer: answer.body });
          }
        } else if (c.kind === 'update' && live.length) {
          const [id, { scope }] = live[c.pick % live.length];
          const body = c.body as any;
          const answer = call(OPS[c.family].update, { params: params(c.family, scope, id), body });
          const refused = 'username' in body && taken(body.username, id);
          expect(answer.status).toBe(refused ? 422 : 200);
          if (answer.status === 200) {
            const target = c.family === 'fabric' ? answer.body.sip_endpoint : answer.body;
            for (const [name, value] of Object.entries(body)) if (name !== 'password') expect(target[name], name).toEqual(value);
            model.get(c.family)!.set(id, { scope, answer: answer.body });
          }
        } else if (c.kind === 'delete' && live.length) {
          const [id, { scope }] = live[c.pick % live.length];
          expect(call(OPS[c.family].remove, { params: params(c.family, scope, id) }).status).toBe(204);
          expect(call(OPS[c.family].get, { params: params(c.family, scope, id) }).status).toBe(404);
          model.get(c.family)!.delete(id);
        } else if (c.kind === 'walk') {
          const scope = c.family === 'subscriber' ? c.scope : '';
          const seen: any[] = [];
          let query: Record<string, string> = { page_size: String(c.size) };
          for (let page = 0; page < 100; page++) {
            const answer = call(OPS[c.family].list, { params: params(c.family, scope), query });
            expect(answer.body.data.length).toBeLessThanOrEqual(c.size);
            if (answer.body.links.next) expect(answer.body.data.length).toBe(c.size);
            seen.push(...answer.body.data);
            if (!answer.body.links.next) break;
            query = Object.fromEntries(new URL(answer.body.links.next, 'http://x').searchParams);
          }
          expect(seen).toEqual(live.filter(([, m]) => m.scope === scope).map(([, m]) => m.answer));
        }
        // A get of every live item returns its last answer.
        for (const [id, { scope, answer }] of model.get(c.family)!) expect(call(OPS[c.family].get, { params: params(c.family, scope, id) }).body).toEqual(answer);
      }
    }),
    fcParameters(60),
  );
});
