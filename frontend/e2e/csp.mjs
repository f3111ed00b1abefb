// The SPA runs under the content security policy that the local runner and
// CloudFront send: Chromium reports every violation on the console, and the
// scenario ends by asserting there was none.

/** Collects the page's CSP violations into `violations`; returns that (live) list. */
export function watchCspViolations(page, violations = []) {
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && /Content Security Policy/i.test(text)) violations.push(text);
  });
  return violations;
}
