/**
 * Process entry point: configuration, start, and shutdown on SIGTERM / SIGINT.
 * A configuration problem ends the process with exit code 1 and one line naming the variable.
 */
import { ConfigError, loadConfig, type Config } from './config.js';
import { startHub } from './hub.js';
import { createLogger } from './logger.js';

let config: Config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`sepucuk: invalid configuration: ${error.message}\n`);
  process.exit(1);
}

const log = createLogger(config.logLevel);
try {
  const hub = await startHub(config, { log });
  const shutdown = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'shutdown requested');
    hub.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
} catch (error) {
  log.fatal({ err: error }, 'hub failed to start');
  process.stderr.write(`sepucuk: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
