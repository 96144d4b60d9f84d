/**
 * Going live without a terminal, on two phones. The server starts as `npm start -- --no-demo`
 * on a database where the operator made the first admin with `npm run user:add` (the
 * README's way); from then on everything happens in the app: the admin creates a location
 * and a supervisor, the supervisor logs in and sees that location; the admin deactivates
 * the supervisor, whose phone is logged out at its next call and whose login is refused
 * with the reason; reactivated with a new password, the supervisor is back.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserDto } from '../../src/core/adminApi';
import type { LocationDto } from '../../src/core/api/dto';
import { newDevice, type Device } from './support/browser';
import { userAdd } from './support/cli';
import { startE2eServer, type E2eServer } from './support/server';

const ADMIN = { username: 'chef', password: 'chef-mot-de-passe' };

let server: E2eServer;
let adminPhone: Device;
let supervisorPhone: Device;
const made: { refused: string; created: string } = { refused: '', created: '' };

beforeAll(async () => {
  server = await startE2eServer({
    demo: false,
    prepare: async (dataDir) => {
      const bad = await userAdd(dataDir, ['--username', ADMIN.username, '--role', 'boss'], ADMIN.password);
      expect(bad.code).toBe(1);
      made.refused = bad.out;
      const good = await userAdd(dataDir, ['--username', ADMIN.username, '--role', 'admin'], ADMIN.password);
      expect(good.code, good.out).toBe(0);
      made.created = good.out;
    },
  });
  adminPhone = await newDevice(`${server.url}/`);
  supervisorPhone = await newDevice(`${server.url}/`);
}, 240_000);

afterAll(async () => {
  await adminPhone?.close();
  await supervisorPhone?.close();
  await server?.dispose();
});

async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Identifiant').fill(username);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** The admin's list of users, from the API (what the screens should have done). */
async function usersOnServer(): Promise<UserDto[]> {
  const token = (
    await server.api<{ token: string }>('POST', '/api/session', {
      body: { username: ADMIN.username, password: ADMIN.password },
    })
  ).body.token;
  return (await server.api<UserDto[]>('GET', '/api/users', { token })).body;
}

const card = (page: Page, username: string) => page.getByTestId(`user-${username}`);

describe('going live without a terminal', () => {
  it('user:add made the first admin on an empty database (and refused an unknown role first)', async () => {
    expect(made.refused).toContain('--role must be one of counter, supervisor, accountant, admin');
    expect(made.created).toContain('User chef (admin) created.');
    // No demo data: nobody else, nothing to count yet.
    const demo = await server.api('POST', '/api/session', { body: { username: 'superviseur', password: 'demo' } });
    expect(demo.status).toBe(401);
    expect((await usersOnServer()).map((u) => [u.username, u.role, u.active])).toEqual([['chef', 'admin', true]]);
  });

  it('the admin creates a location and renames it in the app', async () => {
    const page = adminPhone.page;
    await logIn(page, ADMIN.username, ADMIN.password);
    await page.getByRole('heading', { level: 1, name: 'Inventaires' }).waitFor();
    await page.getByText('Aucun inventaire.').waitFor();
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { level: 1, name: 'Utilisateurs' }).waitFor();
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Lieux' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lieux' }).waitFor();
    await page.getByText('Aucun lieu : créez le premier.').waitFor();

    await page.getByLabel('Code').fill('DEP-01');
    await page.getByLabel('Nom', { exact: true }).fill('Dépôt');
    await page.getByRole('button', { name: 'Créer le lieu' }).click();
    await page.getByRole('status').filter({ hasText: 'Lieu DEP-01 créé.' }).waitFor();
    // The same code again: refused with the reason, nothing added.
    await page.getByRole('button', { name: 'Nouveau lieu' }).click();
    await page.getByLabel('Code').fill('DEP-01');
    await page.getByLabel('Nom', { exact: true }).fill('Doublon');
    await page.getByRole('button', { name: 'Créer le lieu' }).click();
    await page.getByRole('alert').filter({ hasText: 'Un lieu porte déjà ce code.' }).waitFor();
    await page.getByRole('button', { name: 'Annuler' }).click();

    await page.getByRole('button', { name: 'Renommer DEP-01' }).click();
    await page.getByLabel('Nouveau nom de DEP-01').fill('Dépôt principal');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('status').filter({ hasText: 'DEP-01 renommé : Dépôt principal.' }).waitFor();
    const token = (
      await server.api<{ token: string }>('POST', '/api/session', {
        body: { username: ADMIN.username, password: ADMIN.password },
      })
    ).body.token;
    const locations = (await server.api<LocationDto[]>('GET', '/api/locations', { token })).body;
    expect(locations.map((l) => [l.code, l.name])).toEqual([['DEP-01', 'Dépôt principal']]);
  });

  it('the admin creates a supervisor, who logs in on another phone and sees the location', async () => {
    const page = adminPhone.page;
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Utilisateurs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Utilisateurs' }).waitFor();
    await card(page, 'chef').getByRole('heading', { name: 'chef (vous)' }).waitFor();

    // A password too short is refused before anything is sent.
    await page.getByRole('button', { name: 'Nouvel utilisateur' }).click();
    await page.getByLabel('Identifiant').fill('Marie');
    await page.getByLabel('Rôle').selectOption('supervisor');
    await page.getByLabel('Mot de passe initial').fill('court');
    await page.getByRole('button', { name: 'Créer l’utilisateur' }).click();
    await page.getByRole('alert').filter({ hasText: 'au moins 8 caractères' }).waitFor();
    expect((await usersOnServer()).map((u) => u.username)).toEqual(['chef']);

    await page.getByLabel('Mot de passe initial').fill('marie-mot-de-passe');
    await page.getByRole('button', { name: 'Créer l’utilisateur' }).click();
    await page.getByRole('status').filter({ hasText: 'Utilisateur marie créé (superviseur).' }).waitFor();
    await card(page, 'marie').getByText('superviseur').waitFor();
    expect((await usersOnServer()).find((u) => u.username === 'marie')).toMatchObject({
      role: 'supervisor',
      active: true,
      createdBy: 'chef',
    });

    const sp = supervisorPhone.page;
    await logIn(sp, 'marie', 'marie-mot-de-passe');
    await sp.getByRole('heading', { level: 1, name: 'Inventaires' }).waitFor();
    await sp.getByText('marie (superviseur)').waitFor();
    expect(await sp.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    await sp.getByRole('button', { name: 'Nouvel inventaire' }).click();
    await sp.getByRole('heading', { level: 1, name: 'Nouvel inventaire' }).waitFor();
    expect(await sp.getByLabel('Lieu').locator('option').allTextContents()).toEqual(['DEP-01 — Dépôt principal']);
    // The administration is not hers: its address shows her the inventories.
    await sp.goto(`${server.url}/#/admin/users`);
    await sp.getByRole('heading', { level: 1, name: 'Inventaires' }).waitFor();
  });

  it('the last admin cannot deactivate themself: the app says why', async () => {
    const page = adminPhone.page;
    await card(page, 'chef').getByRole('button', { name: 'Gérer chef' }).click();
    await card(page, 'chef').getByRole('button', { name: 'Désactiver' }).click();
    const dialog = page.getByRole('dialog', { name: 'Désactiver chef ?' });
    await dialog.getByText('Vous serez déconnecté de tous vos appareils').waitFor();
    await dialog.getByRole('button', { name: 'Désactiver' }).click();
    await page.getByRole('alert').filter({ hasText: 'C’est le dernier administrateur actif' }).waitFor();
    expect((await usersOnServer()).find((u) => u.username === 'chef')?.active).toBe(true);
    await card(page, 'chef').getByRole('button', { name: 'Gérer chef' }).click();
  });

  it('deactivating the supervisor logs her out at once; her login is refused with the reason', async () => {
    const page = adminPhone.page;
    await card(page, 'marie').getByRole('button', { name: 'Gérer marie' }).click();
    await card(page, 'marie').getByRole('button', { name: 'Désactiver' }).click();
    const dialog = page.getByRole('dialog', { name: 'Désactiver marie ?' });
    await dialog.getByText('marie sera déconnecté de tous ses appareils').waitFor();
    await dialog.getByRole('button', { name: 'Désactiver' }).click();
    await page.getByRole('status').filter({ hasText: 'marie est désactivé.' }).waitFor();
    await card(page, 'marie').getByText('Désactivé', { exact: true }).waitFor();

    // Her phone's next call to the server is refused: the app asks her to log in again…
    const sp = supervisorPhone.page;
    await sp.goto(`${server.url}/#/`);
    await sp.reload();
    await sp.getByText('Session expirée').waitFor();
    await sp.getByRole('button', { name: 'Se reconnecter' }).click();
    // …and the right password no longer opens it.
    await sp.getByLabel('Mot de passe').fill('marie-mot-de-passe');
    await sp.getByRole('button', { name: 'Se connecter' }).click();
    await sp.getByRole('alert').filter({ hasText: 'Ce compte est désactivé' }).waitFor();
  });

  it('reactivated with a new password, she is back; the old password no longer works', async () => {
    const page = adminPhone.page;
    const marie = card(page, 'marie');
    await marie.getByRole('button', { name: 'Réactiver' }).click();
    await page.getByRole('dialog', { name: 'Réactiver marie ?' }).getByRole('button', { name: 'Réactiver' }).click();
    await page.getByRole('status').filter({ hasText: 'marie est réactivé.' }).waitFor();
    if ((await marie.getByLabel('Nouveau mot de passe de marie').count()) === 0) {
      await marie.getByRole('button', { name: 'Gérer marie' }).click();
    }
    await marie.getByLabel('Nouveau mot de passe de marie').fill('marie-nouveau-mdp');
    await marie.getByRole('button', { name: 'Réinitialiser le mot de passe' }).click();
    await page
      .getByRole('dialog', { name: 'Remplacer le mot de passe de marie ?' })
      .getByRole('button', { name: 'Enregistrer le mot de passe' })
      .click();
    await page.getByRole('status').filter({ hasText: 'Mot de passe de marie remplacé.' }).waitFor();

    const sp = supervisorPhone.page;
    await sp.getByLabel('Mot de passe').fill('marie-mot-de-passe');
    await sp.getByRole('button', { name: 'Se connecter' }).click();
    await sp.getByRole('alert').filter({ hasText: 'Identifiant ou mot de passe incorrect.' }).waitFor();
    await sp.getByLabel('Mot de passe').fill('marie-nouveau-mdp');
    await sp.getByRole('button', { name: 'Se connecter' }).click();
    await sp.getByRole('heading', { level: 1, name: 'Inventaires' }).waitFor();
    await sp.getByLabel('Lieu à exporter').waitFor();
    expect(await sp.getByLabel('Lieu à exporter').locator('option').allTextContents()).toEqual([
      'DEP-01 — Dépôt principal',
    ]);

    expect(adminPhone.errorsExcept(/status of 409/)).toEqual([]);
    // Her phone met the revoked token (401), the refused login (403) and the wrong password (401).
    expect(supervisorPhone.errorsExcept(/status of 40[13]/)).toEqual([]);
  });
});
