import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './LoginThrottle.ts';

describe('LoginThrottle', () => {
  it('blocks after too many failures in the window, and forgets them after it', () => {
    const throttle = new LoginThrottle(3, 60_000);
    const keys = ['email:a@b.org'];
    for (let i = 0; i < 3; i++) throttle.recordFailure(keys, 1_000 + i);
    expect(throttle.retryAfter(keys, 2_000)).toBe(59);
    expect(throttle.retryAfter(['email:other@b.org'], 2_000)).toBe(0);
    expect(throttle.retryAfter(keys, 61_001)).toBe(0);
  });

  it('resets on success', () => {
    const throttle = new LoginThrottle(1, 60_000);
    throttle.recordFailure(['k'], 0);
    throttle.reset(['k']);
    expect(throttle.retryAfter(['k'], 1)).toBe(0);
  });
});

describe('LoginThrottle attempts', () => {
  it('counts an attempt from its start, and takes it back on success', () => {
    const throttle = new LoginThrottle(2, 60_000);
    const first = throttle.recordAttempt(['k'], 1_000);
    throttle.recordAttempt(['k'], 1_001);
    expect(throttle.retryAfter(['k'], 1_002)).toBeGreaterThan(0); // both still in flight: counted
    first();
    expect(throttle.retryAfter(['k'], 1_002)).toBe(0);
  });

  it('sweeps expired keys so the map cannot grow for ever', () => {
    const throttle = new LoginThrottle(10, 1_000, 100);
    for (let i = 0; i < 500; i++) throttle.recordFailure([`email:${i}@x.org`], i);
    throttle.recordFailure(['late'], 10_000);
    expect(throttle.size).toBeLessThanOrEqual(101);
  });
});
