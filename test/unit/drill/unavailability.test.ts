import { describe, expect, it } from 'vitest';
import { UnavailabilityTracker } from '../../../src/drill/unavailability.js';

const OLD = '127.0.0.1:7000';
const NEW = '127.0.0.1:7001';
const ms = (n: number) => n * 1000;

describe('UnavailabilityTracker', () => {
  it('opens at the first failure after the event and closes at the first ack from the final master', () => {
    const t = new UnavailabilityTracker(ms(250));
    t.observe({ sentUs: ms(0), doneUs: ms(1), errorKind: 'closed', endpoint: OLD }); // before the event: ignored
    t.markEvent(ms(100));
    t.observe({ sentUs: ms(100), doneUs: ms(101), errorKind: null, endpoint: OLD });
    t.observe({ sentUs: ms(150), doneUs: ms(151), errorKind: 'closed', endpoint: OLD });
    t.observe({ sentUs: ms(160), doneUs: ms(161), errorKind: 'refused', endpoint: OLD });
    t.observe({ sentUs: ms(200), doneUs: ms(201), errorKind: null, endpoint: OLD }); // the old master again: not the end
    t.observe({ sentUs: ms(400), doneUs: ms(402), errorKind: null, endpoint: NEW });
    t.observe({ sentUs: ms(500), doneUs: ms(501), errorKind: null, endpoint: NEW });
    const w = t.result(NEW);
    expect(w.startUs).toBe(ms(150));
    expect(w.endUs).toBe(ms(402));
    expect(w.windowUs).toBe(ms(252));
    expect(w.firstFailure).toBe('closed');
  });

  it('a stalled write opens the window (cut at the event) and may close it on the same master', () => {
    const t = new UnavailabilityTracker(ms(250));
    t.markEvent(ms(100));
    t.observe({ sentUs: ms(99), doneUs: ms(2100), errorKind: null, endpoint: OLD });
    const w = t.result(OLD);
    expect(w.firstFailure).toBe('stall');
    expect(w.startUs).toBe(ms(100));
    expect(w.windowUs).toBe(ms(2000));
  });

  it('is zero when nothing failed or stalled, and open when the final master never acknowledged', () => {
    const calm = new UnavailabilityTracker(ms(250));
    calm.markEvent(0);
    calm.observe({ sentUs: ms(1), doneUs: ms(2), errorKind: null, endpoint: OLD });
    expect(calm.result(OLD)).toEqual({ startUs: null, endUs: null, windowUs: 0, firstFailure: null });
    const open = new UnavailabilityTracker(ms(250));
    open.markEvent(0);
    open.observe({ sentUs: ms(1), doneUs: ms(2), errorKind: 'reset', endpoint: OLD });
    expect(open.result(NEW)).toMatchObject({ startUs: ms(1), endUs: null, windowUs: 0 });
  });
});
