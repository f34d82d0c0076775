/** The `drill:` section of a scenario: a failover drill run while a measured phase runs. */
import * as z from 'zod';
import { durationField } from './unit-fields.js';

const waitSchema = z
  .strictObject({
    replicas: z.number().int().min(1).meta({ description: 'Replicas that must acknowledge each write (WAIT numreplicas).' }),
    timeout: durationField.meta({ description: 'How long WAIT may block: "100ms".' }),
  })
  .meta({ description: 'Send WAIT after each verifying write; a write counts as acknowledged only when enough replicas have it.' });

export const drillSchema = z
  .strictObject({
    action: z
      .enum(['sentinel-failover', 'cluster-failover', 'pause-master', 'kill-master'])
      .meta({ description: 'What happens: SENTINEL FAILOVER, CLUSTER FAILOVER on a replica, a paused master, or killing a master started by `rbench local up`.' }),
    at: durationField.optional().meta({ description: 'When, after the measured phase starts; 3s when omitted.' }),
    phase: z.string().min(1).optional().meta({ description: 'The measured phase to drill (its name, e.g. "p1"); the first when omitted.' }),
    pause: durationField.optional().meta({ description: 'pause-master: how long the master is paused; 2s when omitted.' }),
    pauseWith: z.enum(['client-pause', 'debug-sleep']).optional().meta({ description: 'pause-master: CLIENT PAUSE (default) or DEBUG SLEEP.' }),
    stallAfter: durationField.optional().meta({ description: 'A verifying write slower than this counts as unavailability; 250ms when omitted.' }),
    writer: z
      .strictObject({
        enabled: z.boolean().optional().meta({ description: 'Run the verifying writer (lost-write check); true when omitted.' }),
        wait: waitSchema.optional(),
      })
      .optional()
      .meta({ description: 'The verifying writer: unique SETs whose acknowledgements are read back after the drill.' }),
  })
  .meta({ description: 'A failover drill: an action at a set time during a measured phase, and what it cost (see docs/drills.md).' });

export type DrillSpecInput = z.output<typeof drillSchema>;
