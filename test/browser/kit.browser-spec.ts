import { type Browser, checkAccessibility, launchBrowser, type BrowserTarget, startBrowserTarget } from './kit.js';

describe('browser-test kit', () => {
  let browser: Browser;
  let target: BrowserTarget;

  beforeAll(async () => {
    [browser, target] = await Promise.all([launchBrowser(), startBrowserTarget()]);
  });
  afterAll(async () => {
    await browser?.close();
    await target?.close();
  });

  it('should reach the engine from the system Chromium', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${target.baseUrl}/health`);
    expect(res?.status()).toBe(200);
    await page.close();
  });

  it('should pass an accessible page and list the serious violations of an inaccessible one', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>Fine</title></head><body><main><h1>Fine</h1><label for="n">Name</label><input id="n"></main></body></html>',
    );
    await expect(checkAccessibility(page, 'accessible page')).resolves.toEqual(expect.any(Array));
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>Bad</title></head><body><main><h1>Bad</h1><input id="n"><img src="x.png"></main></body></html>',
    );
    await expect(checkAccessibility(page, 'inaccessible page')).rejects.toThrow(/critical\] (label|image-alt)/);
    await page.close();
  });
});
