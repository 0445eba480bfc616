import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Where Debian's nginx lives (`apt-get install nginx`), else the first `nginx` on the PATH; null when none. */
export function nginxBinary(): string | null {
  const candidates = [
    '/usr/sbin/nginx',
    ...(process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'nginx')),
  ];
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {}
  }
  return null;
}

export interface RunningNginx {
  url: string;
  port: number;
  pid: number;
  /** The rewritten copy of the configuration that nginx runs. */
  configFile: string;
  /** What `nginx -t` said of that copy (it exits non-zero, and startNginx throws, when it is wrong). */
  syntaxCheck: string;
  /** nginx's error log so far, for failure messages. */
  errorLog(): string;
  /** Graceful stop (SIGQUIT, then SIGTERM if connections linger), waits for exit, removes the temp folder. */
  close(): Promise<void>;
}

/** A quoted nginx string. */
const quote = (value: string) => `"${value.replace(/[\\"]/g, '\\$&')}"`;

/**
 * The deployment's nginx.conf made runnable on this machine, by an unprivileged user too: each
 * `server accord-N:4321 …;` of an upstream points to 127.0.0.1:<upstreamPorts[N-1]> (its
 * parameters kept), `listen 80;` becomes 127.0.0.1:<listenPort>, and the pid file, logs and temp
 * folders go to `dir` instead of Debian's /run, /var/log/nginx and /var/lib/nginx. Every other
 * directive is left as it is.
 */
export function rewriteNginxConfig(
  source: string,
  opts: { upstreamPorts: number[]; listenPort: number; dir: string; runningAsRoot: boolean },
): string {
  const used = new Set<number>();
  let config = source.replace(/^(\s*server\s+)accord-(\d+):4321\b/gm, (_line, start: string, n: string) => {
    const port = opts.upstreamPorts[Number(n) - 1];
    if (port === undefined) throw new Error(`nginx.conf lists accord-${n}, but no instance ${n} was given`);
    used.add(Number(n));
    return `${start}127.0.0.1:${port}`;
  });
  if (used.size !== opts.upstreamPorts.length) {
    throw new Error(`nginx.conf lists ${used.size} Accord instances, but ${opts.upstreamPorts.length} were given`);
  }
  const listens = config.match(/^\s*listen\s+80\s*;/gm)?.length ?? 0;
  if (listens !== 1) throw new Error(`expected one \`listen 80;\` in nginx.conf, found ${listens}`);
  config = config.replace(/^(\s*)listen\s+80\s*;/m, `$1listen 127.0.0.1:${opts.listenPort};`);

  const file = (name: string) => quote(path.join(opts.dir, name));
  const topLevel = [
    '# Added for a test run (test/support/nginx.ts): files in a temp folder, not /run or /var/log.',
    `pid ${file('nginx.pid')};`,
    `error_log ${file('error.log')};`,
    // As root, nginx would switch its workers to `nobody`, who cannot enter the private temp
    // folder (and Debian has no `nobody` group): keep them the test's user, as without root.
    ...(opts.runningAsRoot ? ['user root;'] : []),
    '',
  ];
  const httpLevel = [
    `access_log ${file('access.log')};`,
    `client_body_temp_path ${file('client_body')};`,
    `proxy_temp_path ${file('proxy')};`,
    `fastcgi_temp_path ${file('fastcgi')};`,
    `uwsgi_temp_path ${file('uwsgi')};`,
    `scgi_temp_path ${file('scgi')};`,
  ];
  let httpBlocks = 0;
  config = config.replace(/^(\s*)http\s*\{[^\n]*\n/m, (open, indent: string) => {
    httpBlocks++;
    return `${open}${httpLevel.map((line) => `${indent}  ${line}\n`).join('')}`;
  });
  if (httpBlocks !== 1) throw new Error('no `http {` block in nginx.conf');
  return `${topLevel.join('\n')}\n${config}`;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const connects = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

function readIfThere(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Runs the real nginx with `config` (deploy/nginx.conf) in front of instances listening on
 * 127.0.0.1:<upstreamPorts> — the first for accord-1, and so on — as a child process in the
 * foreground (`daemon off`): checks the rewritten copy with `nginx -t` first, and returns once
 * nginx accepts connections.
 */
export async function startNginx(opts: { config: string; upstreamPorts: number[] }): Promise<RunningNginx> {
  const binary = nginxBinary();
  if (!binary) throw new Error('nginx is not installed (Debian: apt-get install nginx; scripts/accord.sh test does)');
  const source = fs.readFileSync(opts.config, 'utf8');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-nginx-'));
  const configFile = path.join(dir, 'nginx.conf');
  const errorLogFile = path.join(dir, 'error.log');
  // -p: relative paths against the temp folder; -e: the log for before the config is read.
  const args = ['-p', `${dir}/`, '-c', configFile, '-e', errorLogFile];
  try {
    // The port is free when asked but could be taken before nginx binds it: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      fs.writeFileSync(
        configFile,
        rewriteNginxConfig(source, {
          upstreamPorts: opts.upstreamPorts,
          listenPort: port,
          dir,
          runningAsRoot: process.getuid?.() === 0,
        }),
      );
      const syntaxCheck = await new Promise<string>((resolve, reject) => {
        execFile(binary, ['-t', ...args], { timeout: 10_000 }, (error, stdout, stderr) => {
          const said = `${stdout}${stderr}`;
          if (error) reject(new Error(`nginx -t refused ${configFile}:\n${said}\n${readIfThere(errorLogFile)}`));
          else resolve(said);
        });
      });
      const started = await run(binary, [...args, '-g', 'daemon off;'], port, errorLogFile);
      if ('running' in started) {
        const { pid, errorLog, stop } = started.running;
        return {
          url: `http://127.0.0.1:${port}`,
          port,
          pid,
          configFile,
          syntaxCheck,
          errorLog,
          async close() {
            await stop();
            fs.rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      if (!/Address already in use/.test(started.failure) || attempt === 3) {
        throw new Error(`nginx did not start:\n${started.failure}`);
      }
    }
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

interface Started {
  running: Pick<RunningNginx, 'pid' | 'errorLog'> & { stop(): Promise<void> };
}

/** Starts nginx in the foreground; resolves once it accepts connections on `port`, or with why not. */
async function run(
  binary: string,
  args: string[],
  port: number,
  errorLogFile: string,
): Promise<Started | { failure: string }> {
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  let spawnError: Error | null = null;
  child.once('error', (error) => {
    spawnError = error;
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null && spawnError === null;
  const errorLog = () => `${out}${readIfThere(errorLogFile)}`;
  const exitedWithin = (ms: number) =>
    Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

  const deadline = Date.now() + 10_000;
  while (!(await connects(port))) {
    if (!alive() || Date.now() > deadline) {
      if (alive()) {
        child.kill('SIGTERM');
        await exitedWithin(5_000);
      }
      return { failure: `${spawnError ?? `exit ${child.exitCode ?? child.signalCode}`}\n${errorLog()}` };
    }
    await new Promise((r) => setTimeout(r, 25));
  }

  return {
    running: {
      pid: child.pid as number,
      errorLog,
      async stop() {
        if (!alive()) return;
        // QUIT lets requests finish, but waits for open WebSockets; TERM closes them.
        child.kill('SIGQUIT');
        if (await exitedWithin(5_000)) return;
        child.kill('SIGTERM');
        if (await exitedWithin(5_000)) return;
        // The workers would outlive a killed master, holding the port: kill them first.
        const workers = readIfThere(`/proc/${child.pid}/task/${child.pid}/children`).split(/\s+/).filter(Boolean);
        for (const worker of workers) {
          try {
            process.kill(Number(worker), 'SIGKILL');
          } catch {}
        }
        child.kill('SIGKILL');
        await exited;
      },
    },
  };
}
