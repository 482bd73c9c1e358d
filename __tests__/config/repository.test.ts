// config/repository.ts restates registry/reference.ts's host rule (config/ may not import registry/,
// a peer layer): for every repository the config schema accepts, both must agree on the registry host.
import { registryOf } from '../../src/config/repository.js';
import { imageSchema } from '../../src/config/schema.js';
import { parseReference } from '../../src/registry/reference.js';

test.each([
  'shop',
  'acme/shop',
  'acme/shop/api',
  'localhost/shop',
  'localhost:5000/shop',
  '127.0.0.1:5000/x',
  'ghcr.io/a/b',
  'registry.example.com:443/team/app',
  'my-registry/app',
  'my_org/app.v2',
])('registryOf(%s) is the registry of parseReference', (repository) => {
  expect(imageSchema.safeParse({ repository }).success).toBe(true);
  expect(registryOf(repository)).toBe(parseReference(repository).registry);
});
