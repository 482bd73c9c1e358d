// The one-shot `migrate` service: creates the schema and seeds it, then exits 0. Idempotent, so a
// kept environment (or a developer's second `docker compose up`) can run it again.
const { pool } = require('./clients');

const SEED = [
  ['Ada Lovelace', 'analytical engine', 1],
  ['Grace Hopper', 'compiler', 2],
  ['Alan Turing', 'bombe', 3],
];

async function main() {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS orders (
      id         serial PRIMARY KEY,
      customer   text NOT NULL,
      item       text NOT NULL,
      quantity   integer NOT NULL CHECK (quantity > 0),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM orders');
  if (rows[0].n === 0) {
    for (const row of SEED)
      await pool.query('INSERT INTO orders (customer, item, quantity) VALUES ($1, $2, $3)', row);
  }
  console.log(`migrate: schema ready, ${rows[0].n === 0 ? SEED.length : 0} seed row(s) inserted`);
  await pool.end();
}

main().catch((err) => {
  console.error('migrate failed:', err);
  process.exit(1);
});
