import { described, LocalDateSchema, METERING_ARRANGEMENTS, nullable, Strict, StringEnum, UuidV7Schema } from '@utilia/contracts';
import { Type } from '@sinclair/typebox';

const TariffCode = Type.String({
  minLength: 1,
  maxLength: 50,
  pattern: '^[A-Za-z0-9._-]{1,50}$',
  description: "a code of a tariff rating published, of the point's commodity and in force from the date, such as E-TOU-C (else 422)",
});

/** The body of a move-in. */
export const StartServiceBody = Strict({
  accountId: UuidV7Schema,
  servicePointId: UuidV7Schema,
  tariffCode: TariffCode,
  startDate: described(LocalDateSchema, 'The first day of service.'),
  meteringArrangement: Type.Optional(
    StringEnum(METERING_ARRANGEMENTS, {
      default: 'none',
      description:
        'For customers with on-site generation (solar): how its exports are settled on the bills (net-metering, net-billing, buy-all-sell-all); none by default.',
    }),
  ),
});

/** The body of a move-out. */
export const StopServiceBody = Strict({
  endDate: described(LocalDateSchema, 'The last day of service.'),
  reason: Type.Optional(StringEnum(['move-out', 'other'] as const, { default: 'move-out' })),
});

/** The body of a tariff change. */
export const ChangeTariffBody = Strict({ tariffCode: TariffCode, effectiveFrom: described(LocalDateSchema, 'The first day billed on the new tariff.') });

/** The body of a transfer. */
export const TransferBody = Strict({
  date: described(LocalDateSchema, 'The handover day: the last of the outgoing agreement and the first of the incoming one.'),
  toAccountId: Type.Optional(nullable(UuidV7Schema, { description: 'The incoming account; absent or null: service reverts to the premise landlord.' })),
  tariffCode: Type.Optional(nullable(TariffCode, { description: "The incoming agreement's tariff; absent or null: the outgoing one's." })),
});

/** The answer of a move-in. */
export const ServiceStarted = Strict({
  agreementId: UuidV7Schema,
  connectWorkOrderId: nullable(UuidV7Schema, { description: 'The connect work order of a point off supply.' }),
});
/** The answer of a move-out. */
export const ServiceStopped = Strict({ agreementId: UuidV7Schema, finalReadWorkOrderId: UuidV7Schema, finalBillRequested: Type.Boolean() });
/** The answer of a tariff change. */
export const AgreementRef = Strict({ agreementId: UuidV7Schema });
/** The answer of a transfer. */
export const Transferred = Strict({
  stoppedAgreementId: UuidV7Schema,
  agreementId: UuidV7Schema,
  toAccountId: UuidV7Schema,
  landlordReversion: Type.Boolean(),
  transferReadWorkOrderId: UuidV7Schema,
  finalBillRequested: Type.Boolean(),
});

/** The body of moving a scheduled stop. */
export const AmendStopBody = Strict({ endDate: described(LocalDateSchema, 'The new last day of service.') });

/** The answer of moving a scheduled stop. */
export const StopAmended = Strict({ agreementId: UuidV7Schema, endDate: LocalDateSchema, finalBillRequested: Type.Boolean() });
