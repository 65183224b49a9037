import { expect, type Page } from '@playwright/test';

/** An antd InputNumber's <input>, whether the test id sits on the input or on its wrapper. */
export const numberInput = (page: Page, id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();

/** Opens 管理 → 委托方 from the menu and waits for the table. */
export async function openCreditors(page: Page): Promise<void> {
  await page.getByTestId('nav-creditors').click();
  await expect(page).toHaveURL(/\/admin\/creditors$/);
  await expect(page.getByTestId('creditors-table')).toBeVisible();
}

/** Creates a creditor (the default rule packs, cn-default among them) from the open creditors page. */
export async function createCreditor(page: Page, code: string, name: string): Promise<void> {
  await page.getByTestId('creditor-create').click();
  const modal = page.locator('.ant-modal:visible');
  await modal.getByLabel('代码', { exact: true }).fill(code);
  await modal.getByLabel('名称', { exact: true }).fill(name);
  await expect(page.getByTestId('creditor-rule-packs')).toContainText('cn-default');
  await modal.locator('.ant-modal-footer .ant-btn-primary').click();
  await expect(modal).toHaveCount(0);
}
