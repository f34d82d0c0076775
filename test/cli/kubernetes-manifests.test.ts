/**
 * deploy/kubernetes/: the manifests are valid batch/v1 Job and v1 ConfigMap objects (checked by
 * kubernetes-models, which validates against the Kubernetes OpenAPI schemas), and they drive
 * rbench the way a cluster would: the Job's container args, with $(VAR) expanded from its env as
 * the kubelet does and JOB_COMPLETION_INDEX set per pod, run as N local processes against one
 * real server on the ConfigMap's scenario; their logs merge with the documented `rbench merge`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigMap } from 'kubernetes-models/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { describeRun, readReport, REPO_ROOT, requireBuiltCli, runCli, spawnCli, useTempDir } from '../helpers/cli.js';
import { useRedis } from '../helpers/redis.js';

requireBuiltCli();
const redis = useRedis();
const tmp = useTempDir();

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string }; secretKeyRef?: { name: string; key: string } };
}

interface Manifests {
  job: Job;
  configMap: ConfigMap;
  container: { args: string[]; env: EnvVar[]; volumeMounts: { name: string; mountPath: string }[] };
}

async function manifests(): Promise<Manifests> {
  const read = async (file: string) => parse(await readFile(join(REPO_ROOT, 'deploy/kubernetes', file), 'utf8')) as Record<string, unknown>;
  const job = new Job((await read('job.yaml')) as never);
  const configMap = new ConfigMap((await read('configmap.yaml')) as never);
  const container = job.spec!.template.spec!.containers[0]! as unknown as Manifests['container'];
  return { job, configMap, container };
}

/** The kubelet's expansion of $(NAME) in args from the container's env. */
function expand(args: string[], env: Record<string, string>): string[] {
  return args.map((a) => a.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => env[name] ?? whole));
}

function flagValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1];
}

describe('deploy/kubernetes', () => {
  let m: Manifests;
  beforeAll(async () => {
    m = await manifests();
  });

  test('the manifests are valid batch/v1 Job and v1 ConfigMap objects', () => {
    expect(m.job.apiVersion).toBe('batch/v1');
    expect(m.job.kind).toBe('Job');
    expect(m.configMap.apiVersion).toBe('v1');
    expect(m.configMap.kind).toBe('ConfigMap');
    expect(() => m.job.validate()).not.toThrow();
    expect(() => m.configMap.validate()).not.toThrow();
    // The validator is a real one: a wrong type is caught.
    const broken = new Job({ ...m.job.toJSON(), spec: { ...m.job.spec!, completions: 'three' as never } });
    expect(() => broken.validate()).toThrow(/completions/);
  });

  test('an Indexed Job whose N matches --segments, with the env rbench reads', () => {
    const spec = m.job.spec!;
    const args = m.container.args;
    expect(spec.completionMode).toBe('Indexed');
    expect(spec.completions).toBe(spec.parallelism);
    expect(args[0]).toBe('run');
    expect(Number(flagValue(args, '--segments'))).toBe(spec.completions);
    expect(flagValue(args, '--json')).toBe('-');
    // The run id is the Job's uid; the target comes from REDIS_URL, which rbench reads.
    expect(flagValue(args, '--run-id')).toBe('$(RUN_ID)');
    const env = Object.fromEntries(m.container.env.map((e) => [e.name, e]));
    expect(env.RUN_ID!.valueFrom!.fieldRef!.fieldPath).toBe("metadata.labels['batch.kubernetes.io/controller-uid']");
    expect(env.REDIS_URL!.valueFrom!.secretKeyRef).toEqual({ name: 'rbench-target', key: 'url' });
    // The scenario path is the ConfigMap's key where its volume is mounted.
    const volume = spec.template.spec!.volumes!.find((v) => v.configMap?.name === m.configMap.metadata!.name)!;
    const mount = m.container.volumeMounts.find((v) => v.name === volume.name)!;
    expect(Object.keys(m.configMap.data!).map((key) => `${mount.mountPath}/${key}`)).toContain(args[1]);
  });

  test("the ConfigMap's scenario is valid for rbench", async () => {
    const file = join(tmp(), 'configmap-scenario.yml');
    await writeFile(file, m.configMap.data!['scenario.yml']!);
    const result = await runCli(['validate', file]);
    expect(result.code, describeRun(result)).toBe(0);
  });

  test('the Job, played as N local pods, gives logs that the documented merge step reads', async () => {
    const n = m.job.spec!.completions!;
    // The ConfigMap's scenario, scaled down to this machine: same shape, smaller figures.
    const scenario = parse(m.configMap.data!['scenario.yml']!) as Record<string, unknown>;
    Object.assign(scenario, { rate: '3k/s', duration: '2s', warmup: '0s', connections: 6, keyspace: { keys: 3000 } });
    (scenario.setup as { count: number }[])[0]!.count = 3000;
    const file = join(tmp(), 'scenario.yml');
    await writeFile(file, stringify(scenario));
    const env = { RUN_ID: 'f3c1b2a4-0d6e-4d0b-9a51-test-job-uid', REDIS_URL: `redis://127.0.0.1:${redis().port}` };
    const args = expand(m.container.args, env).map((a) => (a === m.container.args[1] ? file : a));
    await mkdir(join(tmp(), 'logs'));
    const pods = Array.from({ length: n }, (_, i) =>
      spawnCli(args, { env: { ...env, JOB_COMPLETION_INDEX: String(i) }, timeoutMs: 60_000 }).done.then(async (r) => {
        // `kubectl logs` shows stdout and stderr together.
        await writeFile(join(tmp(), 'logs', `rbench-${i}.log`), `${r.stderr}${r.stdout}`);
        return r;
      }),
    );
    for (const r of await Promise.all(pods)) expect(r.code, describeRun(r)).toBe(0);
    const out = join(tmp(), 'merged.json');
    const merged = await runCli(['merge', join(tmp(), 'logs'), '--out', out, '--quiet']);
    expect(merged.code, describeRun(merged)).toBe(0);
    const report = await readReport(out);
    expect(report.merged).toMatchObject({ runId: env.RUN_ID, count: n });
    expect(report.phases[0]!.connections).toBe(6);
    expect(report.setup[0]!.ops).toBe(3000);
    expect(report.phases[0]!.totals.ops).toBeGreaterThan(0);
  }, 90_000);
});
