import { createInterface } from 'node:readline/promises';
import pino from 'pino';
import { QueryTypes } from 'sequelize';
import { configFromEnv } from '../moleculer.config.js';
import { hashPin, pinMatches } from '../shared/auth/pin.js';
import { startEmbeddedPostgres } from '../shared/db/embedded.js';
import { migrate } from '../shared/db/migrate.js';
import { connect } from '../shared/db/models.js';

/**
 * `npm run create-manager`: the first manager of a restaurant with no demo data. Asks for the id, name and
 * PIN on the terminal, the PIN unechoed, so no PIN is ever on a command line, in the environment or a log.
 * The database is DATABASE_URL's, else the embedded one in DATA_DIR (stop `npm start` first).
 */
const config = configFromEnv();
const logger = pino({ level: 'warn' });
const input = process.stdin;
const tty = input.isTTY === true;
const lines = tty ? null : createInterface({ input, terminal: false })[Symbol.asyncIterator]();

/** One line typed by the person; on a terminal with `hidden`, nothing of it is shown. */
async function ask(question: string, hidden = false): Promise<string> {
  process.stdout.write(question);
  if (!tty) {
    const next = await lines!.next();
    if (next.done) throw new Error('The input ended before every answer was given.');
    process.stdout.write(hidden ? '\n' : `${next.value}\n`);
    return next.value.trim();
  }
  return new Promise((resolve) => {
    let typed = '';
    input.setRawMode(true);
    input.resume();
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\u0003') process.exit(130);
        if (char === '\r' || char === '\n') {
          input.setRawMode(false);
          input.pause();
          input.off('data', onData);
          process.stdout.write('\n');
          return resolve(typed.trim());
        }
        if (char === '\u007f' || char === '\b') {
          if (typed.length && !hidden) process.stdout.write('\b \b');
          typed = typed.slice(0, -1);
        } else {
          typed += char;
          if (!hidden) process.stdout.write(char);
        }
      }
    };
    input.on('data', onData);
  });
}

async function askUntil(question: string, valid: (answer: string) => string | null, hidden = false): Promise<string> {
  for (;;) {
    const answer = await ask(question, hidden);
    const problem = valid(answer);
    if (!problem) return answer;
    process.stdout.write(`${problem}\n`);
    if (!tty) throw new Error(problem);
  }
}

const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir, logger);
const sequelize = connect(config.databaseUrl ?? embedded!.url, 2);
let code = 0;
try {
  await migrate(sequelize, logger);
  const managers = await sequelize.query<{ id: string }>("SELECT id FROM users WHERE role = 'MANAGER'", {
    type: QueryTypes.SELECT,
  });
  if (managers.length) {
    throw new Error(`This restaurant has managers already (${managers.map((m) => m.id).join(', ')}): nothing to do.`);
  }
  const users = await sequelize.query<{ id: string; pin_hash: string }>('SELECT id, pin_hash FROM users', {
    type: QueryTypes.SELECT,
  });
  const id = await askUntil('Manager id (a-z, 0-9, -): ', (a) =>
    !/^[a-z0-9-]{1,40}$/.test(a)
      ? 'An id is 1 to 40 of a-z, 0-9 and -.'
      : users.some((u) => u.id === a)
        ? `A user ${a} exists already.`
        : null,
  );
  const name = await askUntil('Name: ', (a) => (a.length >= 1 && a.length <= 80 ? null : 'A name is 1 to 80 characters.'));
  const pin = await askUntil(
    'PIN (4 to 8 digits, not shown): ',
    (a) => (/^[0-9]{4,8}$/.test(a) ? null : 'A PIN is 4 to 8 digits.'),
    true,
  );
  if ((await ask('The PIN again: ', true)) !== pin) throw new Error('The two PINs differ: nothing was written.');
  // A PIN names its user at login: two users may not share one.
  const taken = await Promise.all(users.map((u) => pinMatches(pin, u.pin_hash)));
  if (taken.some(Boolean)) throw new Error('Another user has that PIN: choose another one. Nothing was written.');
  await sequelize.transaction(async (transaction) => {
    await sequelize.query("INSERT INTO users (id, name, role, pin_hash) VALUES ($1, $2, 'MANAGER', $3)", {
      bind: [id, name, await hashPin(pin)],
      transaction,
    });
    // A restaurant with no terminal yet gets one to log in at.
    await sequelize.query(
      "INSERT INTO terminals (id, kind) SELECT 'mgr-1', 'MANAGER' WHERE NOT EXISTS (SELECT 1 FROM terminals)",
      { transaction },
    );
  });
  process.stdout.write(`Manager ${id} created: log in with that PIN on a POS or manager terminal (mgr-1 if there was none).\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  code = 1;
} finally {
  await sequelize.close();
  await embedded?.stop();
}
process.exit(code);
