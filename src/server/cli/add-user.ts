/**
 * `npm run user:add -- --username NAME --role counter|supervisor|accountant [--replace]`
 * The password is read from the DECOMPTE_PASSWORD environment variable or typed on
 * standard input (never an argument: it would stay in the shell history).
 */
import readline from 'node:readline';
import { ROLES, type Role } from '../../core/api';
import { hashPassword } from '../auth/passwords';
import { readConfig } from '../config';
import { openDatabase } from '../db/open';
import { deleteSessionsOf, saveUser } from '../repos/users';
import { arg } from './args';

async function readPassword(): Promise<string> {
  if (process.env.DECOMPTE_PASSWORD) return process.env.DECOMPTE_PASSWORD;
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const answer = await new Promise<string>((resolve) => rl.question('Password: ', resolve));
  rl.close();
  return answer;
}

async function main(): Promise<void> {
  const username = arg('username')?.trim().toLowerCase();
  const role = arg('role') as Role | undefined;
  if (!username || !/^[a-z0-9._-]{2,100}$/.test(username))
    throw new Error('--username: 2 to 100 letters, digits, dots, dashes or underscores');
  if (!role || !ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  const password = await readPassword();
  if (password.length < 8) throw new Error('the password needs at least 8 characters');
  const config = readConfig();
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: process.env.DATABASE_URL });
  try {
    const result = await saveUser(
      db,
      { username, role, passwordHash: await hashPassword(password) },
      process.argv.includes('--replace'),
    );
    if (result === 'exists')
      throw new Error(`user ${username} already exists (add --replace to change its password and role)`);
    // A new password or role: the tokens handed out under the old ones stop working now.
    const revoked = result === 'updated' ? await deleteSessionsOf(db, username) : 0;
    console.log(`User ${username} (${role}) ${result}${revoked ? `; ${revoked} session(s) logged out` : ''}.`);
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(`Could not add the user: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
