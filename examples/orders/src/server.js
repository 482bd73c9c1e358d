// The orders API. GET /orders is read from PostgreSQL through a Redis cache; the response says
// which (`cache: "hit" | "miss"`), so the integration suite can see the cache work.
const express = require('express');
const { pool, cache } = require('./clients');

const LIST_KEY = 'orders:all';
const LIST_TTL_SECONDS = 60;

const app = express();
app.use(express.json());

app.get('/healthz', async (_req, res) => {
  try {
    await pool.query('SELECT 1');
    await cache.ping();
    res.type('text/plain').send('ok');
  } catch (err) {
    res.status(503).type('text/plain').send(`not ready: ${err.message}`);
  }
});

// The build arg the image was built with (APP_VERSION = the commit, set by immutable-qa's config).
app.get('/version', (_req, res) => res.json({ version: process.env.APP_VERSION }));

app.get('/orders', async (_req, res) => {
  const cached = await cache.get(LIST_KEY);
  if (cached) return res.json({ cache: 'hit', orders: JSON.parse(cached) });
  const { rows } = await pool.query('SELECT id, customer, item, quantity FROM orders ORDER BY id');
  await cache.set(LIST_KEY, JSON.stringify(rows), { EX: LIST_TTL_SECONDS });
  res.json({ cache: 'miss', orders: rows });
});

app.get('/orders/:id', async (req, res) => {
  const id = Number(req.params.id);
  if (!Number.isInteger(id) || id <= 0)
    return res.status(400).json({ error: 'id must be a positive integer' });
  const { rows } = await pool.query('SELECT id, customer, item, quantity FROM orders WHERE id = $1', [id]);
  if (rows.length === 0) return res.status(404).json({ error: `no order ${id}` });
  res.json(rows[0]);
});

app.post('/orders', async (req, res) => {
  const { customer, item, quantity } = req.body ?? {};
  const valid =
    typeof customer === 'string' &&
    customer !== '' &&
    typeof item === 'string' &&
    item !== '' &&
    Number.isInteger(quantity) &&
    quantity > 0;
  if (!valid)
    return res
      .status(400)
      .json({ error: 'expected { customer: string, item: string, quantity: positive integer }' });
  const { rows } = await pool.query(
    'INSERT INTO orders (customer, item, quantity) VALUES ($1, $2, $3) RETURNING id, customer, item, quantity',
    [customer, item, quantity],
  );
  await cache.del(LIST_KEY); // the next list reads the new row from the database
  res.status(201).location(`/orders/${rows[0].id}`).json(rows[0]);
});

const port = Number(process.env.PORT ?? 3000);
cache.connect().then(
  () => app.listen(port, () => console.log(`orders api ${process.env.APP_VERSION} on :${port}`)),
  (err) => {
    console.error('cannot reach redis:', err.message);
    process.exit(1);
  },
);
