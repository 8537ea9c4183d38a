// `npm run tenant -- create <slug> --admin-email …`: build the server if needed, then run its tenant command.
import { buildProjects, SERVER } from './build-needed.mjs';

buildProjects([SERVER]);
await import('../apps/server/dist/tenant-cli.js');
