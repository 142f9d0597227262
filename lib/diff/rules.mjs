// Our classification of API changes, by direction, on top of api-smart-diff's
// structural diff. The rules follow GitHub's REST API list of breaking and
// additive changes (docs.github.com/en/rest/about-the-rest-api/breaking-changes):
// removing an operation, a parameter, a response field or an enum value,
// adding a required parameter or making one required, and changing a type
// break integrations; adding an operation, an optional parameter, a response
// field or an enum value is additive. What GitHub counts as additive in an
// answer but a consumer with an exhaustive switch cannot absorb (a new enum
// value, a new variant, null, a new status) is marked `exhaustive`, with the
// reason; it does not fail the check (DECISIONS.md, D70).

/** Classes, in the order the report shows them. */
export const TYPES = ['breaking', 'exhaustive', 'deprecated', 'non-breaking', 'annotation', 'unclassified'];

/** Titles of the classes in the report. */
export const TITLES = {
  breaking: 'Breaking',
  exhaustive: 'Breaks exhaustive consumers',
  deprecated: 'Deprecated',
  'non-breaking': 'Non-breaking',
  annotation: 'Annotation',
  unclassified: 'Unclassified',
};

const SEVERITY = ['annotation', 'non-breaking', 'unclassified', 'deprecated', 'exhaustive', 'breaking'];

/**
 * The most severe of `types` (breaking > exhaustive > deprecated > unclassified > non-breaking > annotation).
 * @param {string[]} types
 * @returns {string}
 */
export function worst(types) {
  return types.reduce((a, b) => (SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a), 'annotation');
}

/**
 * Per kind of change: [class, reason] for requests (what callers send:
 * parameters, request bodies), for responses (what the server answers), and
 * `any` where the direction does not matter or is unknown.
 * @type {Record<string, { request?: [string, string], response?: [string, string], any?: [string, string] }>}
 */
export const RULES = {
  'operation-added': { any: ['non-breaking', 'a new operation; existing ones are unchanged'] },
  'operation-removed': { any: ['breaking', 'callers of this operation get 404 or 405'] },
  'operationid-changed': { any: ['breaking', 'the typed client and generated types are keyed by operationId'] },
  'enum-removed': {
    request: ['breaking', 'callers that send the value are refused'],
    response: ['breaking', 'typed consumers that compare with the value no longer compile'],
  },
  'enum-introduced': {
    request: ['breaking', 'callers that send a value outside the list are refused'],
    response: ['non-breaking', 'answers carry only the listed values'],
  },
  'enum-lifted': {
    request: ['non-breaking', 'callers may send any value of the type'],
    response: ['exhaustive', 'answers may carry values beyond the former list, which a consumer switching exhaustively over it does not handle'],
  },
  'schema-closed': {
    request: ['breaking', 'callers that send a field the schema does not list are refused'],
    response: ['non-breaking', 'answers carry only the listed fields'],
  },
  'schema-opened': {
    request: ['non-breaking', 'callers may send fields the schema does not list'],
    response: ['non-breaking', 'answers may carry unlisted fields; consumers ignore fields they do not read'],
  },
  'enum-added': {
    request: ['non-breaking', 'callers may send the new value; nothing sent today is refused'],
    response: ['exhaustive', 'answers may carry a value that a consumer switching exhaustively over the enum does not handle'],
  },
  'required-added': {
    request: ['breaking', 'callers that omit the field are refused'],
    response: ['non-breaking', 'answers always carry the field'],
  },
  'required-property-added': {
    request: ['breaking', 'callers that omit the new field are refused'],
    response: ['non-breaking', 'answers carry a new field; consumers ignore fields they do not read'],
  },
  'required-removed': {
    request: ['non-breaking', 'callers may leave the field out'],
    response: ['breaking', 'answers may leave the field out; consumers that read it find nothing'],
  },
  'property-added': {
    request: ['non-breaking', 'an optional field: callers need not send it'],
    response: ['non-breaking', 'consumers ignore fields they do not read'],
  },
  'property-removed': {
    request: ['breaking', 'bodies are closed (additionalProperties: false): callers that send the field are refused'],
    response: ['breaking', 'consumers that read the field find nothing'],
  },
  'null-added': {
    request: ['non-breaking', 'callers may send null'],
    response: ['exhaustive', 'answers may carry null; consumers that assume a value break'],
  },
  'null-removed': {
    request: ['breaking', 'callers that send null are refused'],
    response: ['non-breaking', 'answers no longer carry null'],
  },
  'type-widened': {
    request: ['non-breaking', 'callers may send the new type; what they send today is still accepted'],
    response: ['breaking', 'answers may carry a type that consumers typed for the old one do not handle'],
  },
  'type-narrowed': {
    request: ['breaking', 'callers that send a type no longer listed are refused'],
    response: ['non-breaking', 'answers carry only types consumers already handle'],
  },
  'type-changed': { any: ['breaking', 'a changed type breaks callers that send, and consumers that read, the old one'] },
  'mapping-added': {
    request: ['non-breaking', 'callers may send the new variant'],
    response: ['exhaustive', 'answers may carry a variant that a consumer switching exhaustively on the discriminator does not handle'],
    any: ['non-breaking', 'a new variant'],
  },
  'variant-added': {
    request: ['non-breaking', 'callers may send the new variant'],
    response: ['exhaustive', 'answers may carry a variant that a consumer handling each variant does not handle'],
  },
  'variant-removed': {
    request: ['breaking', 'callers that send the variant are refused'],
    response: ['non-breaking', 'answers no longer carry the variant'],
  },
  'mapping-removed': { any: ['breaking', 'the variant is gone: callers that send it are refused, consumers lose its type'] },
  'discriminator-renamed': { any: ['breaking', 'clients generated from the spec pick the variant by the discriminator property: one that reads or sends the old property no longer selects the variant'] },
  'mapping-retargeted': { any: ['breaking', 'the discriminator value now selects another schema'] },
  'status-added': { any: ['exhaustive', 'the operation may answer a status it did not declare; a consumer handling each declared status needs a branch for it'] },
  'status-removed': { any: ['breaking', 'consumers that handle this answer, and the typed client, lose its type'] },
  'security-tightened': { any: ['breaking', 'callers that authenticate as they do today (a scheme, a set of schemes, the scopes, or none) are refused with 401 or 403'] },
  'security-relaxed': { any: ['non-breaking', 'every credential accepted today is still accepted'] },
  'header-added': { any: ['non-breaking', 'consumers ignore headers they do not read'] },
  'header-removed': { any: ['breaking', 'consumers that read the header (a Retry-After, a rate limit) find nothing'] },
  'media-type-added': {
    request: ['non-breaking', 'callers may send the new media type; what they send today is still accepted'],
    response: ['non-breaking', 'consumers that ask for the media types they parse (Accept) keep getting them'],
  },
  'media-type-removed': {
    request: ['breaking', 'callers that send this media type are refused'],
    response: ['breaking', 'consumers that parse this media type no longer get it'],
  },
  'parameter-added-required': { any: ['breaking', 'callers that omit the parameter are refused'] },
  'parameter-added': { any: ['non-breaking', 'an optional parameter: callers need not send it'] },
  'parameter-made-required': { any: ['breaking', 'callers that omit the parameter are refused'] },
  'parameter-made-optional': { any: ['non-breaking', 'callers may leave the parameter out'] },
  'parameter-renamed': { any: ['breaking', 'callers that send the parameter under its old name are refused or ignored'] },
  'path-parameter-renamed': { any: ['breaking', 'the URL is unchanged, but the typed client names path parameters (`params.path`): code that names the old one no longer compiles'] },
  'path-renamed': { any: ['breaking', 'the URL callers send is unchanged, but the typed client and the generated types are keyed by the path template: code that names the old one no longer compiles'] },
  'parameter-removed': { any: ['breaking', 'callers that send the parameter are refused or ignored'] },
  'component-added': { any: ['annotation', 'a component changes no operation by itself; the operations that start using it are reported on their own'] },
  'component-removed': { any: ['annotation', 'a component changes no operation by itself; the operations that stop using it are reported on their own'] },
  'component-renamed': { any: ['annotation', 'same shape under a new name: no request or answer changes; TypeScript code that names the generated type must follow the new name'] },
  example: { any: ['annotation', 'examples document; they change no contract'] },
  text: { any: ['annotation', 'documentation only'] },
  extension: { any: ['annotation', 'a specification extension (x-…) is a note for tools and readers; validation and the generated types ignore it'] },
  tag: { any: ['annotation', 'tags group operations in the docs; they change no contract'] },
};
