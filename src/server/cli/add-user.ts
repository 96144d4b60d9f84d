/**
 * `npm run user:add -- --username NAME --role counter|supervisor|accountant|admin [--replace]`
 * The first admin of a new database is made here; then the admin manages users in the
 * app. The password is read from the DECOMPTE_PASSWORD environment variable or typed on
 * standard input (never an argument: it would stay in the shell history). `--replace`
 * sets a new password and role on an existing user, makes it active again, and logs it
 * out everywhere (the way back in for a locked-out admin).
 */
import readline from 'node:readline';
import { checkPassword, parseUsername } from '../../core/accounts';
import { ROLES, type Role } from '../../core/api/dto';
import { hashPassword } from '../auth/passwords';
import { readConfig } from '../config';
import { openDatabase } from '../db/open';
import { deleteSessionsOf, saveUser } from '../repos/users';
import { arg } from './args';
import { countOf } from '../../core/plural';

async function readPassword(): Promise<string> {
  if (process.env.DECOMPTE_PASSWORD) return process.env.DECOMPTE_PASSWORD;
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const answer = await new Promise<string>((resolve) => rl.question('Password: ', resolve));
  rl.close();
  return answer;
}

const isRole = (text: string | undefined): text is Role => ROLES.some((r) => r === text);

async function main(): Promise<void> {
  const username = parseUsername(arg('username') ?? '');
  if (!username.ok) throw new Error(`--username: ${username.error.message}`);
  const role = arg('role');
  if (!isRole(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  const password = checkPassword(await readPassword());
  if (!password.ok) throw new Error(password.error.message);
  const config = readConfig();
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: process.env.DATABASE_URL });
  try {
    const result = await saveUser(
      db,
      { username: username.value, role, passwordHash: await hashPassword(password.value) },
      process.argv.includes('--replace'),
    );
    if (result === 'exists')
      throw new Error(`user ${username.value} already exists (add --replace to change its password and role)`);
    // A new password or role: the tokens handed out under the old ones stop working now.
    const revoked = result === 'updated' ? await deleteSessionsOf(db, username.value) : 0;
    console.log(
      `User ${username.value} (${role}) ${result}${revoked ? `; ${countOf(revoked, 'session')} logged out` : ''}.`,
    );
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(`Could not add the user: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
