// OCI distribution client: references, authentication, manifests, blobs, referrers, retag.
export * from './reference.js';
export * from './errors.js';
export * from './auth.js';
export * from './client.js';
