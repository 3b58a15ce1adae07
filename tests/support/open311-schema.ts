import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The Open311 community's GeoReport v2 JSON schemas (tests/fixtures/open311/SOURCE.md), compiled with
 * ajv. Non-strict: the schemas carry keywords ajv's strict mode rejects (`minItems` inside `items`).
 */
const DIR = path.resolve(import.meta.dirname, '../fixtures/open311');
const read = (name: string): object => JSON.parse(readFileSync(path.join(DIR, name), 'utf8')) as object;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const name of ['request.json', 'service.json']) ajv.addSchema(read(name), name);

export const georeport: Record<'services' | 'serviceDefinition' | 'requests', ValidateFunction> = {
  services: ajv.compile(read('services.json')),
  serviceDefinition: ajv.compile(read('service-definition.json')),
  requests: ajv.compile(read('requests.json')),
};

/** ajv's errors for a failed validation, readable in an assertion message. */
export function schemaErrors(validate: ValidateFunction, body: unknown): string[] {
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/** Every path holding a null: GeoReport v2 omits an absent optional field instead. */
export function nullPaths(value: unknown, at = ''): string[] {
  if (value === null) return [at || '/'];
  if (Array.isArray(value)) return value.flatMap((v, i) => nullPaths(v, `${at}/${i}`));
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => nullPaths(v, `${at}/${k}`));
  return [];
}
