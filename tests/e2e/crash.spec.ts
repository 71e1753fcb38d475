// Acceptance: a crash (kill of the process) after a save loses nothing.
import { canvasNode, expect, open, ready, startApp, test } from './app.ts';

test('a save survives kill -9 of the app process', async ({ page, launch, dataDir }) => {
  const first = await launch();
  await open(page, first, '#/microgrids/mg-north/topology');
  await page.getByTestId('edit-mode').click();
  await canvasNode(page, 'cb-a3').locator('.node-name').click();
  const name = page.getByTestId('inspector').locator('input[name="name"]');
  await name.fill('Feeder A3 (rewired)');
  await name.press('Enter');
  await page.getByTestId('save').click();
  await ready(page);
  await expect(page.getByTestId('topology-version')).toHaveText('2');

  // No goodbye: the process dies the moment the save was answered.
  first.child.kill('SIGKILL');
  await first.stop();
  expect(first.child.signalCode).toBe('SIGKILL');

  const second = await startApp(dataDir, []);
  try {
    await open(page, second, '#/microgrids/mg-north/topology');
    await expect(page.getByTestId('topology-version')).toHaveText('2');
    await expect(canvasNode(page, 'cb-a3')).toContainText('Feeder A3 (rewired)');
  } finally {
    await second.stop();
  }
});
