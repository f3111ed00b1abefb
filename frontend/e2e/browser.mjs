// Debian's Chromium driven by playwright-core (which never downloads a browser).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-quic',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A fresh browser profile; `close` ends the browser and removes the profile. `locale` is
 * the language the browser asks for (navigator.languages), French unless given.
 */
export async function launchBrowser({ locale = 'fr-FR' } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'ecar-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 860 },
    locale,
    timezoneId: 'Africa/Tunis',
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
