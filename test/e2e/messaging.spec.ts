import { expect, test } from '@playwright/test';
import { login } from './login.js';

// Message templates (issue 6): a version is checked by the server on save (【签名】, content rules) and must be
// approved by someone other than its maker.
test('template maker–checker: server errors inline, the version pending until another user approves it', async ({ page }) => {
  const name = `e2e 邮件提醒 ${Date.now()}`;
  const maker = page;
  await login(maker, 'supervisor1');
  await maker.getByTestId('nav-compliance-templates').click();
  await maker.getByTestId('template-create').click();
  // a Chinese SMS without 【签名】 is refused, with the reason shown in the drawer
  await maker.getByTestId('template-name').fill(name);
  await maker.getByTestId('template-body').fill('您好，请尽快还款。');
  await expect(maker.getByTestId('template-sms-count')).toContainText('1');
  await maker.getByTestId('template-save').click();
  await expect(maker.getByTestId('template-errors')).toContainText('签名');
  // an email with variables inserted from the helper is saved as pending
  await maker.getByTestId('template-channel').getByText('邮件').click();
  await maker.getByTestId('template-subject').fill('{{creditorName}}账单提醒');
  await maker.getByTestId('template-body').fill('您好：{{agencyName}}受{{creditorName}}委托提醒您，账单尚有');
  await maker.getByTestId('template-var-amountDue').click();
  await expect(maker.getByTestId('template-body')).toHaveValue(/\{\{amountDue\}\}/);
  await maker.getByTestId('template-save').click();
  await expect(maker.getByTestId('template-drawer')).toBeHidden();
  const makerRow = maker.getByTestId('template-table').locator('tr', { hasText: name });
  await expect(makerRow.getByTestId('template-status')).toHaveAttribute('data-status', 'pending');
  await expect(makerRow.getByTestId('template-approve')).toHaveCount(0); // a supervisor may write templates, not approve them

  // another user (a compliance officer) approves it
  await page.context().clearCookies();
  const checker = page;
  await login(checker, 'compliance1');
  await checker.goto('/compliance/templates');
  const row = checker.getByTestId('template-table').locator('tr', { hasText: name });
  await expect(row.getByTestId('template-approve')).toBeEnabled();
  await row.getByTestId('template-approve').click();
  await expect(row.getByTestId('template-status')).toHaveAttribute('data-status', 'approved');
});
