"use strict";
// Supporters and matching in a browser: the coordinator sees ranked candidates with their reasons
// and assigns with one click; an event's waiting cases are planned, adjusted and confirmed in one
// step; a supporter sets an away period from their phone and is no longer proposed. The roster,
// a supporter's page and supervision are checked for accessibility too.

const assert = require("node:assert/strict");
const { after, before, describe, test } = require("node:test");

const { checkA11y, launchBrowser, startApp, watchConsole } = require("../lib/app.js");

const DEMO_PASSWORD = "reachin-demo-2026";

describe("supporters and matching", { timeout: 600_000 }, () => {
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

  async function newPage(viewport) {
    const context = await browser.newContext({ baseURL: app.baseUrl, ...(viewport ? { viewport } : {}) });
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

  /** A clinician asks for support on the public page; returns nothing (the coordinator finds it). */
  async function request(name, email) {
    const clinician = await newPage();
    await clinician.page.goto("/o/demo/support");
    await clinician.page.getByLabel("Your name").fill(name);
    await clinician.page.getByLabel("Your work email").fill(email);
    await clinician.page.getByLabel("What happened, in a word").selectOption("unexpected_death");
    await clinician.page.getByRole("button", { name: "Send request" }).click();
    await clinician.page.getByRole("heading", { level: 1, name: /your request is with us/ }).waitFor();
    await clinician.context.close();
  }

  function iso(date) {
    return date.toISOString().slice(0, 10);
  }

  test("ranked candidates with reasons, one click assigns", async () => {
    // One of the demo event's colleagues: in the directory, so the reasons have something to say.
    const c = await newPage();
    await signIn(c.page, "coordinator@demo.reachin.test");
    await c.page.goto("/o/demo/coordinator/cases?state=new&source=safety_event");
    await c.page.locator("table tbody a").first().click();
    const suggested = c.page.getByRole("region", { name: "Suggested supporters" });
    await suggested.waitFor();
    const cards = suggested.locator("li.card");
    assert.ok((await cards.count()) >= 2, "several candidates");
    const first = (await cards.first().innerText());
    assert.match(first, /active cases?/, "reasons in plain words");
    assert.match(first, /profession/);
    assert.match(first, /grade/);
    await checkA11y(c.page, "case-candidates");
    const name = (await cards.first().locator("strong").innerText()).trim();
    await cards.first().getByRole("button", { name: /^Assign/ }).click();
    await c.page.getByText("Assigned", { exact: true }).first().waitFor();
    assert.ok(await c.page.locator(".facts").getByText(name).isVisible(), "the suggested supporter holds it");
    assert.deepEqual(c.consoleLog.cspViolations(), []);
    await c.context.close();
  });

  test("an event's waiting cases: preview, adjust, confirm", async () => {
    const c = await newPage();
    await signIn(c.page, "coordinator@demo.reachin.test");
    await c.page.goto("/o/demo/coordinator/cases?state=new&source=safety_event");
    await c.page.locator("table tbody a").first().click();
    await c.page.getByRole("link", { name: "Assign this event's waiting cases together" }).click();
    await c.page.getByRole("heading", { level: 1, name: "Assign an event's cases together" }).waitFor();
    await checkA11y(c.page, "batch-preview");
    const selects = c.page.locator("table select");
    const n = await selects.count();
    assert.equal(n, 3, "the demo event's four cases, less the one assigned above");
    // Every line has a proposal; change the first to someone else on its list.
    for (let i = 0; i < n; i++) {
      assert.notEqual(await selects.nth(i).inputValue(), "", `line ${i} has a supporter`);
    }
    const options = await selects.first().locator("option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    const current = await selects.first().inputValue();
    const other = options.find((v) => v !== current);
    assert.ok(other, "someone else is eligible");
    await selects.first().selectOption(other);
    await c.page.getByRole("button", { name: "Confirm these assignments" }).click();
    await c.page.getByText("What happened to each case:").waitFor();
    await checkA11y(c.page, "batch-done");
    const results = await c.page.locator("li.card").allInnerTexts();
    assert.equal(results.length, 3);
    assert.ok(results.every((r) => /assigned$/.test(r.trim()) && !/not assigned/.test(r)), results.join("\n"));
    // All four of the event's cases now have a supporter.
    await c.page.goto("/o/demo/coordinator/cases?state=assigned&source=safety_event");
    const held = await c.page.locator("table tbody tr").allInnerTexts();
    assert.ok(held.length >= 4, held.join("\n"));
    await c.context.close();
  });

  test("a supporter sets an away period and is no longer proposed", async () => {
    await request("Quinn Lowther", "quinn.lowther@dgh.example");
    const s = await newPage({ width: 390, height: 844 });
    await signIn(s.page, "supporter@demo.reachin.test");
    const me = (await s.page.locator("header .who").innerText()).trim();
    await s.page.goto("/o/demo/supporter/availability");
    await s.page.getByRole("heading", { level: 1, name: "My availability" }).waitFor();
    await checkA11y(s.page, "availability");

    // Before: the coordinator's picker offers them for a new request.
    const c = await newPage();
    await signIn(c.page, "coordinator@demo.reachin.test");
    await c.page.goto("/o/demo/coordinator/cases");
    await c.page.getByRole("link", { name: "Quinn Lowther" }).click();
    const picker = c.page.getByLabel("Supporter", { exact: true });
    const before = await picker.locator("option").allInnerTexts();
    assert.ok(before.includes(me), `${me} is offered before: ${before}`);

    // Away from today for three days.
    const today = new Date();
    const later = new Date(today.getTime() + 3 * 24 * 3600 * 1000);
    await s.page.getByLabel("First day away").fill(iso(today));
    await s.page.getByLabel("Last day away").fill(iso(later));
    await s.page.getByRole("button", { name: "Add time away" }).click();
    await s.page.getByRole("button", { name: /^Remove/ }).first().waitFor();
    await checkA11y(s.page, "availability-away");

    await c.page.reload();
    const after = await c.page.getByLabel("Supporter", { exact: true }).locator("option").allInnerTexts();
    assert.ok(!after.includes(me), `${me} is no longer offered: ${after}`);
    const suggested = await c.page.locator("li.card strong").allInnerTexts();
    assert.ok(!suggested.includes(me), "nor suggested");

    // The roster shows them away; their page and supervision are accessible.
    await c.page.goto("/o/demo/coordinator/supporters");
    await c.page.getByRole("heading", { level: 1, name: "Supporters" }).waitFor();
    await checkA11y(c.page, "roster");
    const row = c.page.locator("tr", { hasText: me });
    assert.match(await row.innerText(), /Away/);
    await row.getByRole("link", { name: me }).click();
    await c.page.getByRole("heading", { level: 2, name: "Lifecycle" }).waitFor();
    await checkA11y(c.page, "supporter");
    await c.page.goto("/o/demo/coordinator/supervision");
    await c.page.getByLabel("Held on").waitFor();
    await c.page.getByRole("checkbox").first().check();
    await c.page.getByRole("button", { name: "Record meeting" }).click();
    await c.page.locator("table tbody tr").first().waitFor();
    await checkA11y(c.page, "supervision");
    assert.deepEqual(s.consoleLog.cspViolations(), []);
    assert.deepEqual(c.consoleLog.cspViolations(), []);
    await s.context.close();
    await c.context.close();
  });
});
