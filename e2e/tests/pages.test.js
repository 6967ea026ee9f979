"use strict";
// The other pages a signed-in person can reach: the staff directory, a page their role may not
// see (403), the US organisation's pages in American English. Each with an accessibility check.

const assert = require("node:assert/strict");
const { after, afterEach, before, beforeEach, describe, test } = require("node:test");

const { checkA11y, launchBrowser, startApp, watchConsole } = require("../lib/app.js");

const DEMO_PASSWORD = "reachin-demo-2026";

describe("pages", { timeout: 600_000 }, () => {
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

  async function signIn(email) {
    await page.goto("/sign-in");
    await page.getByLabel("Email address", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  }

  function h1(name) {
    return page.getByRole("heading", { level: 1, name, exact: true });
  }

  test("the organisation admin pages through the staff directory", async () => {
    await signIn("admin@demo.reachin.test");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Staff directory" }).click();
    await h1("Staff directory").waitFor();
    const rows = page.locator("table tbody tr");
    assert.equal(await rows.count(), 50, "fifty people a page");
    assert.ok(await page.getByText("Consultant").first().isVisible(), "British grade words");
    await checkA11y(page, "directory");
    await page.getByRole("link", { name: "Next page" }).click();
    await page.waitForURL(/page=2/);
    assert.equal(await rows.count(), 50);
    assert.deepEqual(consoleLog.cspViolations(), []);
  });

  test("a page the role may not see says so without revealing anything", async () => {
    await signIn("supporter@demo.reachin.test");
    const response = await page.goto("/o/demo/coordinator");
    assert.equal(response.status(), 403);
    await h1("Not available to your role").waitFor();
    await checkA11y(page, "forbidden");
  });

  test("another organisation's pages do not exist for a member of this one", async () => {
    await signIn("supporter@demo.reachin.test");
    const response = await page.goto("/o/demo-us/coordinator");
    assert.equal(response.status(), 404);
    await h1("Page not found").waitFor();
  });

  test("the US organisation's pages speak American English", async () => {
    await signIn("coordinator@demo-us.reachin.test");
    await h1("Coordinator home").waitFor();
    assert.equal(await page.locator("html").getAttribute("lang"), "en-US");
    assert.ok(await page.getByText("peer support program:").isVisible());
    await checkA11y(page, "home-coordinator-us");
  });
});
