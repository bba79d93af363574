import {
  ACCOUNT_ROLES,
  AddressSchema,
  CurrencySchema,
  CUSTOMER_CLASSES,
  LocalDateSchema,
  Strict,
  StringEnum,
  TextSchema,
  UuidV7Schema,
} from '@utilia/contracts';
import { Type } from '@sinclair/typebox';

const details = {
  billingAddress: AddressSchema,
  billCycle: TextSchema(20, { description: 'The bill cycle the account is read and billed in, e.g. "07".' }),
  customerClass: Type.Optional(
    StringEnum(CUSTOMER_CLASSES, {
      description:
        'Which tariffs the account may be on: residential (the default of a new account), commercial or industrial. A change of details without it keeps the current one.',
    }),
  ),
  roles: Type.Optional(
    Type.Array(Strict({ customerId: UuidV7Schema, role: StringEnum(ACCOUNT_ROLES) }), {
      maxItems: 20,
      description: 'Who is what to the account; the main customer is added when absent.',
    }),
  ),
};

/** The body of opening an account. */
export const OpenAccountBody = Strict({
  customerId: UuidV7Schema,
  currency: CurrencySchema,
  openedOn: Type.Optional(LocalDateSchema),
  ...details,
});

/** The body of replacing an account's details. */
export const AccountDetailsBody = Strict(details);

/** The body of closing an account. */
export const CloseAccountBody = Strict({ closedOn: LocalDateSchema });

/** The answer of opening an account. */
export const AccountOpenedAnswer = Strict({ accountId: UuidV7Schema, accountNumber: Type.String() });
/** The answer of a change to an account. */
export const AccountRef = Strict({ accountId: UuidV7Schema });
