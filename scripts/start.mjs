// `npm start`: build what is missing or stale, then run the server (embedded PostgreSQL unless DATABASE_URL).
import { buildProjects, SERVER, STUDIO } from './build-needed.mjs';

buildProjects([SERVER, STUDIO]);
// graphql-js skips its development-only checks (a cross-realm instanceof on every type test) in production.
process.env.NODE_ENV ??= 'production';
await import('../apps/server/dist/main.js');
