import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Service {
  image?: string;
  build?: string;
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

/**
 * No Docker engine runs on our machines, so the compose file is checked by reading it (YAML
 * merge keys resolved, as Compose does): the scaled topology — PostgreSQL, Redis, two or more
 * Accord instances sharing them and a session secret, an nginx load balancer in front that
 * routes HTTP and WebSocket to every instance. The same topology runs as processes in
 * multiInstance.test.ts.
 */
describe('docker-compose.yml: the scaled deployment', () => {
  const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };
  const instances = Object.entries(compose.services).filter(([, s]) => s.build === '.');
  const nginxConf = fs.readFileSync(path.join(ROOT, 'deploy/nginx.conf'), 'utf8');

  it('runs two or more Accord instances built from this repository, all on the same PostgreSQL and Redis', () => {
    expect(instances.length).toBeGreaterThanOrEqual(2);
    expect(fs.existsSync(path.join(ROOT, 'Dockerfile'))).toBe(true);
    for (const [name, service] of instances) {
      const env = service.environment ?? {};
      expect(env.DATABASE_URL, name).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
      expect(env.REDIS_URL, name).toBe('redis://redis:6379');
      // One secret for all, and the start refuses without it.
      expect(env.SESSION_SECRET, name).toMatch(/^\$\{SESSION_SECRET:\?/);
      expect(env.TRUST_PROXY, name).toBe('uniquelocal');
      // E-mail is optional and configured once for all (the outbox's lease shares the work).
      expect(env.SMTP_URL, name).toMatch(/^\$\{SMTP_URL:-\}$/);
      expect(env.MAIL_FROM, name).toMatch(/^\$\{MAIL_FROM:-\}$/);
      expect(env.PUBLIC_URL, name).toMatch(/^\$\{PUBLIC_URL:-http/);
      expect(service.depends_on?.postgres?.condition, name).toBe('service_healthy');
      expect(service.depends_on?.redis?.condition, name).toBe('service_healthy');
      expect(service.healthcheck?.test.join(' '), name).toContain('/api/health');
      // Instances are reached through the balancer only.
      expect(service.ports, name).toBeUndefined();
    }
    expect(compose.services.postgres?.image).toMatch(/^postgres:/);
    expect(compose.services.postgres?.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes)).toContain('postgres-data');
    expect(compose.services.redis?.image).toMatch(/^redis:/);
  });

  it('puts an nginx load balancer in front of every instance, for HTTP and the sync WebSocket', () => {
    const lb = compose.services.lb;
    expect(lb?.image).toMatch(/^nginx:/);
    expect(lb?.ports).toContain('8080:80');
    expect(lb?.volumes).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
    for (const [name] of instances) {
      expect(nginxConf, name).toMatch(new RegExp(`server ${name}:4321\\b`));
      expect(lb?.depends_on?.[name]?.condition, name).toBe('service_healthy');
    }
    expect(nginxConf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(nginxConf).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(nginxConf).toMatch(/proxy_set_header Host \$http_host;/);
    expect(nginxConf).toMatch(/proxy_pass http:\/\/accord;/);
  });
});
