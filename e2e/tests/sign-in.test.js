"use strict";
// Sign-in, sign-out, role home pages, error pages and the API reference,
// in a real browser, with accessibility checks.

const assert = require("node:assert/strict");
const { after, afterEach, before, beforeEach, describe, test } = require("node:test");

const { checkA11y, launchBrowser, screenshots, startApp, watchConsole } = require("../lib/app.js");

const DEMO_PASSWORD = "reachin-demo-2026";
const DEMO_USERS = [
  { slug: "coordinator", email: "coordinator@demo.reachin.test", home: "Coordinator home" },
  { slug: "supporter", email: "supporter@demo.reachin.test", home: "Supporter home" },
  { slug: "leader", email: "leader@demo.reachin.test", home: "Leader home" },
  { slug: "organisation-admin", email: "admin@demo.reachin.test", home: "Organisation admin home" },
  { slug: "network-operator", email: "operator@demo.reachin.test", home: "Network home" },
];

describe("sign-in", { timeout: 600_000 }, () => {
  let app;
  let browser;
  let context;
  let page;
  let consoleLog;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
  }, { timeout: 120_000 });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  beforeEach(async () => {
    context = await browser.newContext({ baseURL: app.baseUrl });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    consoleLog = watchConsole(page);
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  /** Text of the page's single h1, once there is one. */
  async function h1Text() {
    const h1 = page.locator("h1");
    await h1.first().waitFor();
    assert.equal(await h1.count(), 1, "a page has exactly one h1");
    return (await h1.innerText()).trim();
  }

  /** Waits for the h1 to read `text` (pages may still be navigating). */
  async function waitForH1(text) {
    await page.getByRole("heading", { level: 1, name: text, exact: true }).waitFor();
    assert.equal(await h1Text(), text);
  }

  async function fillSignIn(email, password) {
    await page.getByLabel("Email address", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
  }

  function pathname() {
    return new URL(page.url()).pathname;
  }

  function assertNoCspViolations() {
    assert.deepEqual(consoleLog.cspViolations(), [], "no Content-Security-Policy violations");
  }

  test("sign-in page has the form and is accessible", async () => {
    const response = await page.goto("/sign-in");
    assert.equal(response.status(), 200);
    await waitForH1("Sign in");
    assert.equal(await page.getByLabel("Email address", { exact: true }).count(), 1);
    assert.equal(await page.getByLabel("Password", { exact: true }).count(), 1);
    assert.equal(await page.getByRole("button", { name: "Sign in", exact: true }).count(), 1);
    await checkA11y(page, "sign-in");
    assertNoCspViolations();
  });

  for (const user of DEMO_USERS) {
    test(`${user.slug} signs in to "${user.home}" and signs out`, async () => {
      await page.goto("/sign-in");
      await waitForH1("Sign in");
      await fillSignIn(user.email, DEMO_PASSWORD);

      await waitForH1(user.home);
      const homeUrl = page.url();
      assert.notEqual(pathname(), "/sign-in", "signed in, the browser leaves the sign-in page");

      const cookies = await context.cookies();
      assert.ok(
        cookies.some((c) => c.name.startsWith("__Host-") && c.secure && c.httpOnly),
        "a Secure, HttpOnly __Host- session cookie is set; cookies: " +
          JSON.stringify(cookies.map(({ name, secure, httpOnly, sameSite }) => ({ name, secure, httpOnly, sameSite }))),
      );

      await checkA11y(page, `home-${user.slug}`);
      assertNoCspViolations();

      await page.locator("header").getByRole("button", { name: "Sign out", exact: true }).click();
      await waitForH1("Sign in");
      assert.equal(pathname(), "/sign-in", "signing out returns to the sign-in page");

      // The old home page is no longer reachable: it redirects to sign-in.
      await page.goto(homeUrl);
      await waitForH1("Sign in");
      assert.equal(pathname(), "/sign-in", `after sign-out, ${homeUrl} redirects to the sign-in page`);
    });
  }

  test("a wrong password shows an error and stays on the sign-in page", async () => {
    await page.goto("/sign-in");
    await waitForH1("Sign in");
    await fillSignIn("coordinator@demo.reachin.test", "not-the-password");

    const alert = page.getByRole("alert");
    await alert.first().waitFor();
    assert.notEqual((await alert.first().innerText()).trim(), "", "the alert says what went wrong");
    assert.equal(pathname(), "/sign-in");
    await waitForH1("Sign in");
    await checkA11y(page, "sign-in-wrong-password");
    assertNoCspViolations();
  });

  test("an unknown page shows an accessible 404 page", async () => {
    const response = await page.goto("/no-such-page");
    assert.equal(response.status(), 404);
    await checkA11y(page, "not-found");
    assertNoCspViolations();
  });

  test("the API reference renders Swagger UI", async () => {
    const response = await page.goto("/api/docs");
    assert.equal(response.status(), 200);
    // Swagger UI is third-party: no axe check here, but it must render, and
    // must do so without breaking the Content-Security-Policy.
    await page.locator(".swagger-ui .info").waitFor({ timeout: 30_000 });
    await screenshots(page, "api-docs");
    assertNoCspViolations();
  });
});
