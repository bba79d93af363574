import { planDisconnection, planReconnection, protectionInForce, type PointOnSupply } from './collections-requests.plan';

const point = (id: string, connectionStatus: PointOnSupply['connectionStatus'], open: PointOnSupply['openWorkOrders'] = []): PointOnSupply => ({
  servicePointId: id,
  connectionStatus,
  openWorkOrders: open,
});

describe('collections requests become field work', () => {
  it('a disconnection request schedules a disconnect for each connected point on supply', () => {
    expect(planDisconnection([point('sp-1', 'connected'), point('sp-2', 'connected')], [], '2026-03-10')).toEqual({
      kind: 'act',
      actions: [
        { kind: 'schedule', workType: 'disconnect', servicePointId: 'sp-1' },
        { kind: 'schedule', workType: 'disconnect', servicePointId: 'sp-2' },
      ],
    });
  });

  it('a point already disconnected or with a disconnect already open gets no second order', () => {
    const points = [point('sp-1', 'disconnected'), point('sp-2', 'connected', [{ workOrderId: 'wo-1', type: 'disconnect' }]), point('sp-3', 'connected')];
    expect(planDisconnection(points, [], '2026-03-10')).toEqual({
      kind: 'act',
      actions: [{ kind: 'schedule', workType: 'disconnect', servicePointId: 'sp-3' }],
    });
  });

  it('a customer on life support is never disconnected: the request is refused with the reason', () => {
    const lifeSupport = { kind: 'life-support' as const, from: '2026-01-01', to: null, endedOn: null };
    expect(planDisconnection([point('sp-1', 'connected')], [lifeSupport], '2026-03-10')).toEqual({
      kind: 'refuse',
      refusal: {
        reason: 'customer-protected',
        detail: "the account's customer is protected (life-support); disconnection refused",
        protections: ['life-support'],
      },
    });
  });

  it('an expired or ended protection no longer stops a disconnection', () => {
    const expired = { kind: 'medical' as const, from: '2025-01-01', to: '2025-12-31', endedOn: null };
    const ended = { kind: 'vulnerable' as const, from: '2025-01-01', to: null, endedOn: '2026-02-28' };
    expect(planDisconnection([point('sp-1', 'connected')], [expired, ended], '2026-03-10')).toMatchObject({
      kind: 'act',
      actions: [{ servicePointId: 'sp-1' }],
    });
    expect(protectionInForce(ended, '2026-02-28')).toBe(true);
    expect(protectionInForce({ kind: 'medical' as const, from: '2026-04-01', to: null, endedOn: null }, '2026-03-10')).toBe(false);
  });

  it('an account without service in force cannot be disconnected', () => {
    expect(planDisconnection([], [], '2026-03-10')).toEqual({
      kind: 'refuse',
      refusal: { reason: 'no-service-in-force', detail: 'the account has no service in force to disconnect', protections: [] },
    });
  });

  it('paying before the crew goes calls off the pending disconnect', () => {
    expect(planReconnection([point('sp-1', 'connected', [{ workOrderId: 'wo-1', type: 'disconnect' }])], 'paid-in-full')).toEqual([
      { kind: 'cancel', workOrderId: 'wo-1', reason: 'collections: paid-in-full' },
    ]);
  });

  it('paying after the disconnection schedules a reconnect, once', () => {
    expect(planReconnection([point('sp-1', 'disconnected')], 'payment-arrangement')).toEqual([
      { kind: 'schedule', workType: 'reconnect', servicePointId: 'sp-1' },
    ]);
    expect(planReconnection([point('sp-1', 'disconnected', [{ workOrderId: 'wo-2', type: 'reconnect' }])], 'paid-in-full')).toEqual([]);
  });
});
