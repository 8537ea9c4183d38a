// `npm start`: build what is missing or stale, then run the server (embedded PostgreSQL unless DATABASE_URL).
import { buildProjects, SERVER, STUDIO } from './build-needed.mjs';

buildProjects([SERVER, STUDIO]);
await import('../apps/server/dist/main.js');
