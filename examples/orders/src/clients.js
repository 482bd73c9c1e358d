// Connections from the environment (api.env): pg reads PGHOST/PGUSER/PGPASSWORD/PGDATABASE itself.
const { Pool } = require('pg');
const { createClient } = require('redis');

const pool = new Pool({ max: 5 });

const cache = createClient({ url: process.env.REDIS_URL });
cache.on('error', (err) => console.error('redis:', err.message));

module.exports = { pool, cache };
