import { Command, Option } from 'commander';
import { createUserSchema, roles, updateUserSchema } from '../../contracts/identity.js';
import { generatePassword } from '../modules/identity/index.js';
import { print, withRuntime } from './shared.js';

export function userCommand(): Command {
  const user = new Command('user').description('Manage users / 用户管理');
  user
    .command('create')
    .description('Create a user; prints a generated password unless --password is given')
    .requiredOption('-u, --username <name>')
    .requiredOption('-n, --name <displayName>')
    .addOption(new Option('-r, --role <role>').choices([...roles]).makeOptionMandatory())
    .option('-p, --password <password>')
    .option('-t, --team <teamName>')
    .option('-c, --creditor <creditorCode>')
    .action(async (o: { username: string; name: string; role: string; password?: string; team?: string; creditor?: string }) => {
      await withRuntime(async ({ services }) => {
        const team = o.team ? await services.identity.findTeamByName(o.team) : undefined;
        if (o.team && !team) throw new Error(`no team named ${o.team}`);
        const creditor = o.creditor ? await services.identity.findCreditorByCode(o.creditor) : undefined;
        if (o.creditor && !creditor) throw new Error(`no creditor with code ${o.creditor}`);
        const password = o.password ?? generatePassword();
        const input = createUserSchema.parse({ username: o.username, displayName: o.name, role: o.role, password, teamId: team?.id ?? null, creditorId: creditor?.id ?? null });
        const u = await services.identity.createUser('system', input);
        print(`created ${u.username} (${u.role})${o.password ? '' : ` password: ${password}`}`);
      });
    });
  user
    .command('list')
    .description('List users')
    .action(async () => {
      await withRuntime(async ({ services }) => {
        for (const u of await services.identity.allUsers()) print(`${u.username}\t${u.displayName}\t${u.role}\t${u.status}\t${u.lastLoginAt ?? '-'}`);
      });
    });
  user
    .command('reset-password')
    .description('Set a new password (printed) and unlock the account')
    .argument('<username>')
    .option('-p, --password <password>')
    .action(async (username: string, o: { password?: string }) => {
      await withRuntime(async ({ services }) => {
        const row = await services.identity.findUserByUsername(username);
        if (!row) throw new Error(`no user ${username}`);
        const password = o.password ?? generatePassword();
        const patch = updateUserSchema.parse({ password });
        // The CLI is the operator at the machine: audited as the system actor.
        await services.identity.updateUser('system', row.id, patch);
        print(`password of ${username} reset${o.password ? '' : `: ${password}`}`);
      });
    });
  return user;
}
