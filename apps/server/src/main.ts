import { configFromEnv } from './config.js';
import { startServer } from './server.js';

const config = configFromEnv();
const started = Date.now();
startServer(config)
  .then((server) => {
    config.log(
      `serving on ${server.url.replace('127.0.0.1', 'localhost').replace(/:\d+$/, `:${config.port}`)} (GraphQL at /graphql) after ${Date.now() - started} ms`,
    );
    const stop = () => void server.close().finally(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  })
  .catch((error: unknown) => {
    console.error('[funnelcraft] failed to start:', error);
    process.exit(1);
  });
