import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from './api.js';
import { ApprovedCommand, approvalVerdict, OnlineCommand } from './approval.js';

describe('approvalVerdict', () => {
  it('lets the manager try again after a wrong PIN, waits out a lock, and says a lost answer needs the connection', () => {
    expect(approvalVerdict(new ApiError(403, 'APPROVAL_REFUSED', 'wrong'))).toBe('refused');
    expect(approvalVerdict(new ApiError(429, 'PIN_LOCKED', 'until 10:05'))).toBe('locked');
    expect(approvalVerdict(new NetworkError('down'))).toBe('offline');
    expect(approvalVerdict(new ApiError(503, 'UNAVAILABLE', 'db'))).toBe('offline');
    expect(approvalVerdict(new ApiError(422, 'NOT_ENOUGH_CASH', 'only 10'))).toBe('failed');
    expect(approvalVerdict(new ApiError(422, 'ITEM_ALREADY_VOIDED', 'voided'))).toBe('failed');
  });
});

describe('ApprovedCommand', () => {
  it('sends the PIN with the command, keeps the commandId while the outcome is unknown and makes a new one after a refusal', async () => {
    const sent: { commandId: string; approval: { pin: string } }[] = [];
    const answers: unknown[] = [new NetworkError('down'), new ApiError(403, 'APPROVAL_REFUSED', 'wrong'), { ok: true }];
    const command = new ApprovedCommand('Void it', async (body) => {
      sent.push(body);
      const answer = answers.shift();
      if (answer instanceof Error) throw answer;
      return answer;
    });
    await expect(command.approve('1234')).rejects.toBeInstanceOf(NetworkError);
    await expect(command.approve('9999')).rejects.toBeInstanceOf(ApiError);
    await expect(command.approve('1234')).resolves.toEqual({ ok: true });
    expect(sent.map((b) => b.approval.pin)).toEqual(['1234', '9999', '1234']);
    expect(sent[1]!.commandId).toBe(sent[0]!.commandId);
    expect(sent[2]!.commandId).not.toBe(sent[1]!.commandId);
  });
});

describe('OnlineCommand', () => {
  it('keeps the commandId while the card may have been charged (no answer, acquirers down), and makes a new one after any answer', async () => {
    const sent: string[] = [];
    const answers: unknown[] = [
      new NetworkError('down'),
      new ApiError(503, 'PAYMENT_UNAVAILABLE', 'acquirers down'),
      new ApiError(402, 'PAYMENT_DECLINED', 'declined'),
      { id: 'order' },
      { id: 'order' },
    ];
    const pay = new OnlineCommand<{ method: string }>(async (body) => {
      sent.push(body.commandId);
      expect(body.method).toBe('CARD');
      const answer = answers.shift();
      if (answer instanceof Error) throw answer;
      return answer;
    });
    await expect(pay.run({ method: 'CARD' })).rejects.toBeInstanceOf(NetworkError);
    await expect(pay.run({ method: 'CARD' })).rejects.toMatchObject({ type: 'PAYMENT_UNAVAILABLE' });
    await expect(pay.run({ method: 'CARD' })).rejects.toMatchObject({ type: 'PAYMENT_DECLINED' });
    await expect(pay.run({ method: 'CARD' })).resolves.toEqual({ id: 'order' });
    // The same payment again (a second equal share) is another payment.
    await expect(pay.run({ method: 'CARD' })).resolves.toEqual({ id: 'order' });
    expect(new Set(sent.slice(0, 3)).size).toBe(1);
    expect(new Set(sent.slice(2)).size).toBe(3);
  });
});
