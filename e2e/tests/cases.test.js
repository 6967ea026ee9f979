"use strict";
// The core loop in a browser: a clinician asks for support on the public page; the coordinator
// finds the case in the triage queue and assigns a supporter; the supporter accepts, logs an
// outreach attempt and closes the case as supported. Accessibility checked on every page.

const assert = require("node:assert/strict");
const { after, before, describe, test } = require("node:test");

const { checkA11y, launchBrowser, startApp, watchConsole } = require("../lib/app.js");

const DEMO_PASSWORD = "reachin-demo-2026";

describe("the support case", { timeout: 600_000 }, () => {
  let app;
  let browser;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
  }, { timeout: 120_000 });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function newPage() {
    const context = await browser.newContext({ baseURL: app.baseUrl });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const consoleLog = watchConsole(page);
    return { context, page, consoleLog };
  }

  async function signIn(page, email) {
    await page.goto("/sign-in");
    await page.getByLabel("Email address", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  }

  test("request → assign → accept → contact → close", async () => {
    // A clinician asks for support for themself, without an account.
    const clinician = await newPage();
    await clinician.page.goto("/o/demo/support");
    await clinician.page.getByRole("heading", { level: 1, name: "Ask for peer support" }).waitFor();
    await checkA11y(clinician.page, "support-form");
    await clinician.page.getByLabel("Your name").fill("Robin Ashworth");
    await clinician.page.getByLabel("Your work email").fill("robin.ashworth@dgh.example");
    await clinician.page.getByLabel("What happened, in a word").selectOption("unexpected_death");
    await clinician.page.getByLabel(/Anything you would like the supporter to know/).fill("A hard night on the ward.");
    await clinician.page.getByRole("button", { name: "Send request" }).click();
    await clinician.page.getByRole("heading", { level: 1, name: /your request is with us/ }).waitFor();
    assert.ok(await clinician.page.getByText("116 123").first().isVisible(), "crisis lines shown at once");
    await checkA11y(clinician.page, "support-done");
    assert.deepEqual(clinician.consoleLog.cspViolations(), []);
    await clinician.context.close();

    // Who is the first demo supporter?
    const s = await newPage();
    await signIn(s.page, "supporter@demo.reachin.test");
    const supporterName = (await s.page.locator("header .who").innerText()).trim();

    // The coordinator assigns the new case to them.
    const c = await newPage();
    await signIn(c.page, "coordinator@demo.reachin.test");
    await c.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Triage queue" }).click();
    await c.page.getByRole("heading", { level: 1, name: "Triage queue" }).waitFor();
    await checkA11y(c.page, "triage-queue");
    await c.page.getByRole("link", { name: "Robin Ashworth" }).click();
    await c.page.getByRole("heading", { level: 1, name: "Robin Ashworth" }).waitFor();
    await checkA11y(c.page, "case-coordinator");
    await c.page.getByLabel("Supporter", { exact: true }).selectOption({ label: supporterName });
    await c.page.getByRole("button", { name: "Assign", exact: true }).click();
    await c.page.getByText("Assigned", { exact: true }).first().waitFor();

    // The supporter sees it on their phone-first list, accepts, reaches out and closes.
    await s.page.goto("/o/demo/supporter");
    await s.page.getByRole("link", { name: "Robin Ashworth" }).waitFor();
    await checkA11y(s.page, "my-cases");
    await s.page.getByRole("link", { name: "Robin Ashworth" }).click();
    await s.page.getByRole("button", { name: "Accept this case" }).click();
    await s.page.getByRole("heading", { name: "A first message you could send" }).waitFor();
    await checkA11y(s.page, "case-supporter");
    await s.page.getByLabel("How").selectOption("phone");
    await s.page.getByLabel("Reached them").check();
    await s.page.getByRole("button", { name: "Log attempt" }).click();
    await s.page.getByRole("heading", { name: "Close the case" }).waitFor();
    await s.page.getByLabel("Outcome").selectOption("supported");
    await s.page.getByLabel("Conversations held").fill("1");
    await s.page.getByRole("button", { name: "Close case" }).click();
    await s.page.getByText("Supported", { exact: true }).waitFor();
    assert.deepEqual(s.consoleLog.cspViolations(), []);
    assert.deepEqual(c.consoleLog.cspViolations(), []);

    // The coordinator sees the history.
    await c.page.reload();
    for (const step of ["Opened", "Assigned", "Accepted", "Outreach attempt", "Closed"]) {
      assert.ok(await c.page.locator(".history").getByText(step).first().isVisible(), step);
    }
    await s.context.close();
    await c.context.close();
  });
});
