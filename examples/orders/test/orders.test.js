// The integration suite: runs on the host against the environment immutable-qa started, whose URL
// it gets as IMMUTABLE_QA_ENDPOINT_API (with a trailing slash). jest-junit writes reports/junit.xml.
const base = process.env.IMMUTABLE_QA_ENDPOINT_API;
if (!base) throw new Error('IMMUTABLE_QA_ENDPOINT_API is not set: run through immutable-qa');

async function call(method, path, body) {
  const res = await fetch(new URL(path, base), {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text.startsWith('{') ? JSON.parse(text) : text };
}

test('healthz answers ok once db and cache are reachable', async () => {
  expect(await call('GET', 'healthz')).toMatchObject({ status: 200, body: 'ok' });
});

test('version is the commit the image was built from', async () => {
  const expected = process.env.EXPECTED_VERSION;
  expect(expected).toMatch(/^[0-9a-f]{40}$/);
  expect(await call('GET', 'version')).toMatchObject({ status: 200, body: { version: expected } });
});

test('the migration seeded three orders', async () => {
  const { status, body } = await call('GET', 'orders');
  expect(status).toBe(200);
  expect(body.orders.slice(0, 3).map((o) => o.customer)).toEqual([
    'Ada Lovelace',
    'Grace Hopper',
    'Alan Turing',
  ]);
});

describe('an order', () => {
  let created;

  test('is created with POST /orders', async () => {
    const res = await call('POST', 'orders', { customer: 'Edsger Dijkstra', item: 'semaphore', quantity: 2 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ customer: 'Edsger Dijkstra', item: 'semaphore', quantity: 2 });
    expect(res.headers.get('location')).toBe(`/orders/${res.body.id}`);
    created = res.body;
  });

  test('is read back by id', async () => {
    expect(await call('GET', `orders/${created.id}`)).toMatchObject({ status: 200, body: created });
  });

  test('shows in the list at once (the write invalidated the cache), then the list is cached', async () => {
    const first = await call('GET', 'orders');
    expect(first.body).toMatchObject({ cache: 'miss' });
    expect(first.body.orders).toContainEqual(created);
    const second = await call('GET', 'orders');
    expect(second.body).toEqual({ cache: 'hit', orders: first.body.orders });
  });
});

test('an unknown id is 404', async () => {
  expect(await call('GET', 'orders/999999')).toMatchObject({
    status: 404,
    body: { error: 'no order 999999' },
  });
});

test('an invalid order is refused with 400 and not stored', async () => {
  const before = (await call('GET', 'orders')).body.orders.length;
  expect(await call('POST', 'orders', { customer: 'Nobody', quantity: 0 })).toMatchObject({ status: 400 });
  expect((await call('GET', 'orders')).body.orders).toHaveLength(before);
});
