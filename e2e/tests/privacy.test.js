"use strict";
// Confidentiality as clinicians and managers see it: the plain-language privacy page linked from
// the request page; a leader's pages show figures, never a name; an organisation admin's
// break-glass access needs a written reason, tells the coordinators, and shows on the case.

const assert = require("node:assert/strict");
const { after, before, describe, test } = require("node:test");

const shared = require("../lib/app.js");

const { checkA11y, launchBrowser, startApp } = shared;

describe("privacy", { timeout: 600_000 }, () => {
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

  const visitor = () => shared.visitor(browser, app);

  const signedIn = (email) => shared.signedIn(browser, app, email);

  /** The first case in the coordinator's queue: its page address and the colleague's name. */
  async function firstCase(coordinator) {
    await coordinator.page.goto("/o/demo/coordinator/cases");
    const link = coordinator.page.locator("table tbody tr a[href*='/cases/']").first();
    return { href: await link.getAttribute("href"), name: (await link.innerText()).trim() };
  }

  const mailTo = (to, pattern) => shared.mailTo(app, to, pattern);

  test("the request page links to a plain-language privacy page", async () => {
    const v = await visitor();
    await v.page.goto("/o/demo/support");
    await v.page.getByRole("link", { name: "How we keep your request confidential" }).click();
    await v.page.getByRole("heading", { level: 1, name: "Your privacy in the peer support programme" }).waitFor();
    for (const heading of ["What we keep", "What we never keep", "Who can see it", "How long we keep it", "Your rights"]) {
      assert.ok(await v.page.getByRole("heading", { level: 2, name: heading }).isVisible(), heading);
    }
    assert.ok(await v.page.getByText("only for groups of at least 10 people").isVisible());
    await checkA11y(v.page, "privacy");
    assert.deepEqual(v.consoleLog.cspViolations(), []);
    await v.context.close();
  });

  test("a leader sees figures and never a colleague's name", async () => {
    const c = await signedIn("coordinator@demo.reachin.test");
    const { name } = await firstCase(c);
    await c.context.close();
    assert.ok(name.length > 3, "the demo has waiting cases");

    const l = await signedIn("leader@demo.reachin.test");
    await l.page.getByRole("heading", { level: 1, name: "Leader home" }).waitFor();
    await checkA11y(l.page, "leader-home");
    assert.ok(!(await l.page.content()).includes(name), "the leader's home names nobody");
    const queue = await l.page.goto("/o/demo/coordinator/cases");
    assert.equal(queue.status(), 403);
    assert.ok(!(await l.page.content()).includes(name));
    await l.context.close();
  });

  test("break-glass needs a written reason, tells the coordinators and shows on the case", async () => {
    const c = await signedIn("coordinator@demo.reachin.test");
    const { href, name } = await firstCase(c);
    const caseId = href.split("/").pop();

    const a = await signedIn("admin@demo.reachin.test");
    const direct = await a.page.goto(`/o/demo/admin/break-glass/${caseId}`);
    assert.equal(direct.status(), 403, "no access without asking");
    await a.page.goto("/o/demo/admin");
    await a.page.getByRole("link", { name: "Break-glass access" }).click();
    await a.page.getByRole("heading", { level: 1, name: "Break-glass access to one case" }).waitFor();
    await checkA11y(a.page, "break-glass");
    await a.page.getByLabel("The case reference (from a coordinator)").fill(caseId);
    // The browser's own minimum length would stop a short reason; the server must too.
    await a.page.locator("#justification").evaluate((el) => el.removeAttribute("minlength"));
    await a.page.getByLabel("Why you need to open this case").fill("need it");
    await a.page.getByRole("button", { name: "Open the case and tell the coordinators" }).click();
    await a.page.getByRole("alert").getByText("at least 20 characters").waitFor();

    const reason = "Safeguarding concern from HR; no coordinator is reachable tonight.";
    await a.page.getByLabel("Why you need to open this case").fill(reason);
    await a.page.getByRole("button", { name: "Open the case and tell the coordinators" }).click();
    await a.page.getByRole("heading", { level: 1, name }).waitFor();
    await a.page.getByText(/Break-glass access: you can see this case until/).waitFor();
    await checkA11y(a.page, "break-glass-case");
    assert.deepEqual(a.consoleLog.cspViolations(), []);

    const email = await mailTo("coordinator@demo.reachin.test", /break-glass access/);
    assert.ok(email.includes("Safeguarding concern") && !email.includes(name), "the reason, never the name");

    await c.page.goto(href);
    await c.page.getByRole("heading", { level: 2, name: "Break-glass access to this case" }).waitFor();
    assert.ok(await c.page.getByText(reason, { exact: false }).isVisible());
    await c.page.getByRole("heading", { level: 2, name: "Who has seen this case" }).waitFor();
    await checkA11y(c.page, "case-viewers");
    await a.context.close();
    await c.context.close();
  });

  test("an organisation admin sets how long a closed case keeps its identity", async () => {
    const a = await signedIn("admin@demo.reachin.test");
    await a.page.getByRole("link", { name: "Privacy settings" }).click();
    await a.page.getByRole("heading", { level: 1, name: "Privacy settings" }).waitFor();
    await checkA11y(a.page, "privacy-settings");
    await a.page.getByLabel("Days a closed case keeps its identity").fill("45");
    await a.page.getByRole("button", { name: "Save privacy settings" }).click();
    await a.page.getByRole("status").getByText("Saved.").waitFor();
    await a.page.getByRole("link", { name: "What clinicians are told" }).click();
    await a.page.getByText(/removed from the record after 45 days/).waitFor();
    assert.deepEqual(a.consoleLog.cspViolations(), []);
    await a.context.close();
  });
});
