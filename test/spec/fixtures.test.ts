// Every fixture body against the bundled schemas, with a 2020-12 validator:
// valid bodies pass and land in the variant they were written for, invalid
// bodies fail and the errors point at the field at fault.
import { describe, expect, it } from 'vitest';
import { allFixtures } from '../support/fixtures.js';
import { fieldsNamed, spec, validate } from '../support/spec.js';
import { variantSchema } from '../support/names.js';

describe.each(allFixtures)('$file fixtures against $schema', ({ file, schema, valid, invalid }) => {
  it.each(valid)('accepts: $name', ({ body, variant }) => {
    const result = validate(schema, body);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    if (variant) {
      expect(body.call_handler).toBe(variant);
      expect(validate(variantSchema(file, variant), body).valid).toBe(true);
    } else {
      expect(body).not.toHaveProperty('call_handler');
    }
  });

  it.each(invalid)('rejects: $name (names $field)', ({ body, field }) => {
    const result = validate(schema, body);
    expect(result.valid).toBe(false);
    expect([...fieldsNamed(result.errors)]).toContain(field);
  });
});

describe.each(allFixtures)('$file fixture variants', ({ file, schema, valid }) => {
  // A body is a call_handler union (variants named after their handler) or
  // one closed object (every valid case `variant: null`).
  const isUnion = Array.isArray(spec.components.schemas[schema].oneOf);

  it(isUnion ? 'cover every handler and the body without one' : 'are the single closed body (variant null)', () => {
    const named = new Set(valid.map((c) => c.variant));
    if (!isUnion) {
      expect([...named]).toEqual([null]);
      return;
    }
    const withHandler = spec.components.schemas[spec.components.schemas[schema].oneOf[0].$ref.split('/').pop()];
    for (const handler of Object.keys(withHandler.discriminator.mapping)) {
      expect(named.has(handler), handler).toBe(true);
      expect(variantSchema(file, handler), handler).toBe(withHandler.discriminator.mapping[handler].split('/').pop());
    }
    expect(named.has(null), 'no call_handler').toBe(true);
  });
});

describe('the seed 003 SDK body', () => {
  it('is refused by every request schema of both families', () => {
    const seed = allFixtures[0].invalid.find((c) => c.name.startsWith('seed 003'))!.body;
    expect(seed).toMatchObject({ call_handler: 'relay_app', calling_handler_resource_id: 'resource-id' });
    for (const { schema } of allFixtures) expect(validate(schema, seed).valid, schema).toBe(false);
  });
});
