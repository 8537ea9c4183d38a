/**
 * Group `users`: adding users. 50 `createUser` calls one after the other (each hashes its password with
 * argon2) against one `importUsers` call of 500 users (one transaction, invite links, no password hashing),
 * each the median of 3 runs on fresh emails.
 */
import { performance } from 'node:perf_hooks';
import type { BenchContext } from './context.js';
import { median } from './measure.js';

const RUNS = 3;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function usersGroup(ctx: BenchContext): Promise<void> {
  const t = await ctx.newTenant('bench_users');
  const create: number[] = [];
  const imports: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    create.push(
      await timed(async () => {
        for (let i = 0; i < 50; i++)
          await ctx.platform(t.token, 'mutation($e: String!) { createUser(email: $e, name: "Bench", password: "bench-password-1") { id } }', {
            e: `c${run}_${i}@bench.test`,
          });
      }),
    );
    const csv = ['name,email,roles', ...Array.from({ length: 500 }, (_, i) => `User ${i},i${run}_${i}@bench.test,member`)].join('\n');
    imports.push(await timed(() => ctx.platform(t.token, 'mutation($csv: String!) { importUsers(csv: $csv) { secret } }', { csv })));
  }
  const [c, m] = [median(create), median(imports)];
  ctx.report.add('users.create_user_50', c, 'ms');
  ctx.report.add('users.import_users_500', m, 'ms');
  ctx.report.add('users.create_50_over_import_500', c / m, 'ratio');
}
