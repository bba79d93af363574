import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandRunner } from '@utilia/platform';
import { CHART } from './chart';

/** Keeps the chart of accounts in the database as the code defines it (new accounts added, names updated) at every start. */
@Injectable()
export class ChartOfAccounts implements OnApplicationBootstrap {
  constructor(private readonly commands: CommandRunner) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.commands.run((tx) =>
      tx.query(
        `insert into ledger_account (code, name, kind) select * from unnest($1::text[], $2::text[], $3::text[])
         on conflict (code) do update set name = excluded.name, kind = excluded.kind`,
        [CHART.map((a) => a.code), CHART.map((a) => a.name), CHART.map((a) => a.kind)],
      ),
    );
  }
}
