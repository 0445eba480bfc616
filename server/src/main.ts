import { createApp } from './app.ts';
import { connectScaleOut } from './cluster/scaleOut.ts';
import { ConfigError, loadConfig } from './config.ts';
import { seedDemo } from './seed/seedDemo.ts';
import { openStorage } from './storage/openStorage.ts';

/** Reads the configuration, opens storage, seeds the demo, listens. */
async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  const storage = await openStorage(config);
  if (config.seedDemo) {
    const { seeded } = await seedDemo(storage);
    if (seeded) console.log('Seeded the demo consultation (Lancang-Mekong framework).');
  }
  const scaleOut = config.redisUrl ? await connectScaleOut(config.redisUrl) : null;
  const app = createApp({ config, storage, scaleOut });
  await new Promise<void>((resolve) => app.server.listen(config.port, config.host, resolve));
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // Tests and scripts read this line to find the port.
  console.log(`Accord listening on http://localhost:${port} (${Math.round(performance.now() - startedAt)} ms)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    await app.close();
    await storage.close();
    await scaleOut?.redis.quit();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
