import type { Address, Commodity, ConnectionStatus, PREMISE_TYPES, Uuid } from '@utilia/contracts';
import { RuleViolation, type CommandTx } from '@utilia/platform';
import { assertOpenAccount } from '../account/account.handler';
import { addressKey } from './address-key';
import type { DatePolicy } from '../shared/policy';
import { decideServicePoint, servicePointAggregate } from '../service-agreement/service-point.decider';
import { decidePremise, premiseAggregate } from './premise.decider';

/**
 * Rule: a second premise at the same address is most likely a typo'd duplicate; it is refused,
 * naming the premise there, unless the CSR says it is meant (flats behind one street address).
 * Registrations of one address take turns, so two at once cannot both miss each other.
 */
async function assertNewAddress(tx: CommandTx, address: Address): Promise<void> {
  const key = addressKey(address);
  await tx.lock(`customer.premise-address:${key}`);
  const [existing] = await tx.query<{ id: string }>('select id from rm_premise where address_key = $1 order by id limit 1', [key]);
  if (existing) {
    throw new RuleViolation(
      'premise-address-exists',
      `premise ${existing.id} is registered at this address already; register another one there only with allowDuplicateAddress: true (e.g. flats behind one street address)`,
    );
  }
}

/** Registers a premise; its landlord, if named, is an open account. */
export async function registerPremise(
  tx: CommandTx,
  input: { premiseId: Uuid; address: Address; premiseType: (typeof PREMISE_TYPES)[number]; landlordAccountId: Uuid | null; allowDuplicateAddress: boolean },
): Promise<void> {
  if (input.landlordAccountId !== null) await assertOpenAccount(tx, input.landlordAccountId, 'landlord account');
  if (!input.allowDuplicateAddress) await assertNewAddress(tx, input.address);
  const { allowDuplicateAddress: _allowed, ...premise } = input;
  await tx.append(input.premiseId, 'no-stream', decidePremise(premiseAggregate.initial, { type: 'register', ...premise }));
}

/** Sets or clears the landlord of a premise. */
export async function changeLandlord(tx: CommandTx, premiseId: Uuid, landlordAccountId: Uuid | null): Promise<void> {
  if (landlordAccountId !== null) await assertOpenAccount(tx, landlordAccountId, 'landlord account');
  const { state, version } = await tx.load(premiseAggregate, premiseId);
  await tx.append(premiseId, version, decidePremise(state, { type: 'change-landlord', premiseId, landlordAccountId }));
}

/**
 * Adds a service point to a premise. The premise's stream does not hold its points (each point is
 * its own stream): they come from the read model, whose unique index (premise, commodity) also
 * settles two concurrent adds.
 */
export async function addServicePoint(
  tx: CommandTx,
  input: { premiseId: Uuid; servicePointId: Uuid; commodity: Commodity; marketId: string; connectionStatus: ConnectionStatus },
  policy: DatePolicy,
): Promise<void> {
  const premise = (await tx.load(premiseAggregate, input.premiseId)).state;
  const points = await tx.query<{ id: string; commodity: Commodity }>('select id, commodity from rm_service_point where premise_id = $1', [input.premiseId]);
  const facts = { premiseExists: premise.exists, pointsOfPremise: points.map((p) => ({ servicePointId: p.id, commodity: p.commodity })) };
  const { state, version } = await tx.load(servicePointAggregate, input.servicePointId);
  await tx.append(input.servicePointId, version, decideServicePoint(state, { type: 'add', ...input, ...facts }, tx.now, policy));
}
