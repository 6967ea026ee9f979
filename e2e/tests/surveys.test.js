"use strict";
// Pulse surveys and reports as staff and leaders meet them: a coordinator opens a wave; a
// clinician answers from the emailed link on a phone, once (the link then no longer works); a
// leader reads the survey and programme reports, where small groups read "–"; anyone can take
// the private self-check.

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { after, before, describe, test } = require("node:test");

const shared = require("../lib/app.js");

const { checkA11y, launchBrowser, startApp } = shared;

const PHONE = { width: 390, height: 844 };

describe("surveys and reports", { timeout: 600_000 }, () => {
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

  const visitor = (viewport) => shared.visitor(browser, app, viewport);

  const signedIn = (email) => shared.signedIn(browser, app, email);

  /** Waits for survey invitations in the mailbox and returns their answer links (paths). */
  async function invitationLinks(title) {
    const dir = path.join(app.dataDir, "mailbox");
    for (let i = 0; i < 75; i++) {
      const links = [];
      if (fs.existsSync(dir)) {
        for (const f of fs.readdirSync(dir)) {
          const text = fs.readFileSync(path.join(dir, f), "utf8");
          if (!text.includes(title)) continue;
          const m = text.match(/\/o\/demo\/answer\/[0-9a-f]{64}/);
          if (m) links.push(m[0]);
        }
      }
      if (links.length > 0) return links;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no invitation for ${title}`);
  }

  test("a coordinator opens a wave and a clinician answers it once, on a phone", async () => {
    const c = await signedIn("coordinator@demo.reachin.test");
    await c.page.goto("/o/demo/surveys");
    await c.page.getByRole("heading", { level: 1, name: "Pulse surveys" }).waitFor();
    await checkA11y(c.page, "surveys");
    await c.page.getByLabel("Title (staff see it)").fill("Emergency department check-in");
    await c.page.getByLabel("Department", { exact: true }).selectOption("Emergency Department");
    await c.page.getByRole("button", { name: "Open the wave and send invitations" }).click();
    await c.page.getByRole("heading", { level: 1, name: "Emergency department check-in" }).waitFor();
    await checkA11y(c.page, "wave");
    assert.deepEqual(c.consoleLog.cspViolations(), []);
    await c.context.close();

    const links = await invitationLinks("Emergency department check-in");
    const v = await visitor(PHONE);
    await v.page.goto(links[0]);
    await v.page.getByRole("heading", { level: 1, name: "Emergency department check-in" }).waitFor();
    await checkA11y(v.page, "survey-answer");
    await v.page.getByLabel("I am definitely burning out", { exact: false }).check();
    await v.page.getByRole("button", { name: "Send my answers" }).click();
    await v.page.getByRole("heading", { level: 1, name: "Thank you" }).waitFor();
    await checkA11y(v.page, "survey-thanks");

    // The same link again: it no longer works.
    const again = await v.page.goto(links[0]);
    assert.equal(again.status(), 410);
    await v.page.getByRole("heading", { level: 1, name: "This link no longer works" }).waitFor();
    await checkA11y(v.page, "survey-spent");
    assert.deepEqual(v.consoleLog.cspViolations(), []);
    await v.context.close();
  });

  test("a leader's survey report holds small groups back", async () => {
    const l = await signedIn("leader@demo.reachin.test");
    await l.page.goto("/o/demo/reports/surveys");
    await l.page.getByRole("heading", { level: 1, name: "Survey report" }).waitFor();
    // The wave opened by the first test is still open: nothing shows until it closes.
    assert.ok(await l.page.getByText("This wave is still open.").isVisible());
    // A closed wave of the demo, by profession: some professions are shown, and those under the
    // floor (or that would give one away) read "–".
    await l.page.getByRole("link", { name: /Autumn pulse/ }).click();
    await l.page.getByRole("link", { name: "By profession" }).click();
    const table = l.page.locator("table").first();
    await table.waitFor();
    const text = await table.innerText();
    assert.match(text, /Whole wave\s+\d+/);
    assert.ok(text.includes("–"), "a group below the floor reads –");
    await checkA11y(l.page, "survey-report");
    await l.page.goto("/o/demo/reports/programme");
    await l.page.getByRole("heading", { level: 1, name: "Programme report" }).waitFor();
    assert.ok(await l.page.locator("svg.chart-svg").first().isVisible());
    await checkA11y(l.page, "programme-report");
    await l.page.getByRole("link", { name: "Printable annual report" }).click();
    await l.page.getByRole("heading", { level: 1, name: /Annual report/ }).waitFor();
    await checkA11y(l.page, "annual-report");
    assert.deepEqual(l.consoleLog.cspViolations(), []);
    await l.context.close();
  });

  test("anyone can take the private self-check", async () => {
    const v = await visitor(PHONE);
    await v.page.goto("/o/demo/support");
    await v.page.getByRole("link", { name: "Take a private self-check (nothing is kept)" }).click();
    await v.page.getByRole("heading", { level: 1, name: "How are you doing?" }).waitFor();
    await checkA11y(v.page, "self-check");
    await v.page.getByLabel("I am definitely burning out", { exact: false }).check();
    await v.page.getByRole("button", { name: "See my result" }).click();
    await v.page.getByRole("heading", { level: 2, name: "What your answers suggest" }).waitFor();
    assert.ok(await v.page.getByText("You describe symptoms of burnout").isVisible());
    assert.ok(await v.page.getByRole("heading", { level: 2, name: "If you or anyone is in danger now" }).isVisible());
    await checkA11y(v.page, "self-check-result");
    await v.page.goto("/o/demo/self-check?instrument=mini_z");
    assert.equal(await v.page.locator("fieldset.question").count(), 10);
    await checkA11y(v.page, "self-check-mini-z");
    assert.deepEqual(v.consoleLog.cspViolations(), []);
    await v.context.close();
  });
});
