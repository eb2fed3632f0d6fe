import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../lib/api.js';
import { Checkout } from './checkout.js';

describe('Checkout', () => {
  it('sends a payment tapped again after no answer with the same commandId, and another payment with its own', async () => {
    const sent: { path: string; body: Record<string, unknown> }[] = [];
    const answers: unknown[] = [
      new NetworkError('down'),
      { id: 'o-1' },
      { id: 'o-1' },
      new ApiError(402, 'PAYMENT_DECLINED', 'no'),
    ];
    let changes = 0;
    const checkout = new Checkout(
      async (path, body) => {
        sent.push({ path, body });
        const answer = answers.shift();
        if (answer instanceof Error) throw answer;
        return answer;
      },
      () => changes++,
    );
    const cash = { method: 'CASH', amountCents: 3333, tenderedCents: 5000 };
    expect(await checkout.send('/api/orders/o-1/payments', cash)).toBeUndefined();
    expect(checkout.error).toBeInstanceOf(NetworkError);
    expect(await checkout.send('/api/orders/o-1/payments', cash)).toEqual({ id: 'o-1' });
    expect(checkout.error).toBeNull();
    // The next equal share is a payment of its own.
    expect(await checkout.send('/api/orders/o-1/payments', cash)).toEqual({ id: 'o-1' });
    expect(
      await checkout.send('/api/orders/o-1/payments', { method: 'CARD', amountCents: 3333, cardToken: 'tok_declined' }),
    ).toBe(undefined);
    expect(checkout.error).toMatchObject({ type: 'PAYMENT_DECLINED' });
    const ids = sent.map((s) => s.body.commandId);
    expect(ids[1]).toBe(ids[0]);
    expect(new Set(ids.slice(1)).size).toBe(3);
    expect(sent[0]!.body).toMatchObject(cash);
    expect(checkout.busy).toBe(false);
    expect(changes).toBe(8);
  });

  it('sends one command at a time', async () => {
    let release: (v: unknown) => void = () => undefined;
    const checkout = new Checkout(
      () => new Promise((resolve) => (release = resolve)),
      () => undefined,
    );
    const first = checkout.send('/api/orders/o-1/close', {});
    expect(checkout.busy).toBe(true);
    expect(await checkout.send('/api/orders/o-1/close', {})).toBeUndefined();
    release({ id: 'o-1' });
    expect(await first).toEqual({ id: 'o-1' });
  });
});
