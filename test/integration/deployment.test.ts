import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * No Docker engine runs on our machines, so the compose file is checked by reading it: it must
 * parse, and say what the server needs (port, data volume, session secret, health check).
 */
describe('docker-compose.yml', () => {
  const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, Record<string, unknown>>;
    volumes: Record<string, unknown>;
  };
  const accord = compose.services.accord as {
    build: string;
    ports: string[];
    environment: Record<string, string>;
    volumes: string[];
    healthcheck: { test: string[] };
  };

  it('runs the embedded default with its data in a named volume', () => {
    expect(accord.build).toBe('.');
    expect(fs.existsSync(path.join(ROOT, 'Dockerfile'))).toBe(true);
    expect(accord.ports).toContain('4321:4321');
    expect(accord.environment.DATA_DIR).toBe('/data');
    expect(accord.volumes).toContain('accord-data:/data');
    expect(Object.keys(compose.volumes)).toContain('accord-data');
  });

  it('refuses to start without a session secret, and checks the health endpoint', () => {
    expect(accord.environment.SESSION_SECRET).toMatch(/^\$\{SESSION_SECRET:\?/);
    expect(accord.healthcheck.test.join(' ')).toContain('/api/health');
  });
});
