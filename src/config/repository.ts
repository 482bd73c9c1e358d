// Local or registry mode, from image.repository alone. The same host rule as registry/reference.ts
// `isRegistryHost` (Docker's), restated here because config/ and registry/ are peer layers
// (scripts/check-layers.mjs); __tests__/config/repository.test.ts keeps the two in agreement.

/** `shop` → local; `ghcr.io/a/b`, `localhost:5000/shop`, `127.0.0.1:5000/x` → registry host (Docker's rule). */
export function registryOf(repository: string): string | undefined {
  const slash = repository.indexOf('/');
  if (slash < 0) return undefined;
  const first = repository.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : undefined;
}
