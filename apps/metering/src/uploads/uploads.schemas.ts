import { Type } from '@sinclair/typebox';
import { InstantSchema } from '@utilia/contracts';

const Refusal = Type.Object({ serial: Type.String(), channel: Type.String(), start: InstantSchema, reason: Type.String() });

/** What an upload did: readings stored, unchanged (sent before), replaced (audited), refused with reasons, exceptions raised. */
export const UploadOutcome = Type.Object({
  stored: Type.Integer({ description: 'Readings stored for the first time.' }),
  unchanged: Type.Integer({ description: 'Readings already stored with the same value (a re-upload changes nothing).' }),
  replaced: Type.Integer({ description: 'Readings that replaced another value (each audited, and an exception raised for a person).' }),
  refused: Type.Array(Refusal, { description: 'Readings refused by validation (in the future, off their interval), with the reason.' }),
  refusedLines: Type.Optional(
    Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() }), { description: 'CSV lines that could not be read as readings.' }),
  ),
  refusedBlocks: Type.Optional(
    Type.Array(Type.Object({ block: Type.String(), readings: Type.Integer(), reason: Type.String() }), {
      description: 'Green Button interval blocks that could not be stored.',
    }),
  ),
  registerReads: Type.Optional(Type.Integer()),
  exceptions: Type.Integer({ description: 'VEE exceptions raised for a person to look at.' }),
});
