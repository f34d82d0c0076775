/** Keyspace and value-size sections of a scenario into their plan form, defaults filled in. */
import { defaultPrefix, hashTagOf, keyPrefixOf } from '../scenario/keyspace-prefix.js';
import type { DistributionSpec, KeyspaceSpec } from '../scenario/schema.js';
import { PLAN_DEFAULTS as D } from './defaults.js';
import type { DistributionPlan, KeyspacePlan } from './types.js';

/** A keyspace with its defaults; `spec` undefined means the scenario left the main keyspace out. */
export function keyspacePlan(scenarioName: string, name: string | null, spec: KeyspaceSpec | undefined): KeyspacePlan {
  const prefix = spec?.prefix ?? defaultPrefix(scenarioName, name);
  const hashtag = spec?.hashtag ?? false;
  const keyPrefix = keyPrefixOf(prefix, hashtag);
  return {
    name,
    prefix,
    keyPrefix,
    keys: spec?.keys ?? D.keys,
    distribution: distributionPlan(spec?.distribution),
    hashtag,
    slotTag: hashTagOf(keyPrefix),
  };
}

/** A distribution name or object with its parameters filled in. */
export function distributionPlan(spec: DistributionSpec | undefined): DistributionPlan {
  const kind = spec === undefined ? 'uniform' : typeof spec === 'string' ? spec : spec.type;
  const params = typeof spec === 'object' ? spec : undefined;
  switch (kind) {
    case 'uniform':
    case 'sequential':
      return { kind };
    case 'zipf':
      return { kind, exponent: (params?.type === 'zipf' ? params.exponent : undefined) ?? D.zipfExponent };
    case 'gaussian':
      return {
        kind,
        mean: (params?.type === 'gaussian' ? params.mean : undefined) ?? D.gaussianMean,
        stddev: (params?.type === 'gaussian' ? params.stddev : undefined) ?? D.gaussianStddev,
      };
    case 'hotspot':
      return {
        kind,
        hotKeys: (params?.type === 'hotspot' ? params.hotKeys : undefined) ?? D.hotspotKeys,
        hotTraffic: (params?.type === 'hotspot' ? params.hotTraffic : undefined) ?? D.hotspotTraffic,
      };
  }
}
