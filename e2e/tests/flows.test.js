"use strict";
// Flows around the core loop: a safety event naming four clinicians (one opted out) opens three
// cases; a decline sends the colleague a resource sheet; an escalation shows the crisis lines at
// once and alerts the coordinators. Emails are read from the demo's mailbox directory.

const assert = require("node:assert/strict");
const { execFileSync } = require("node:child_process");
const { after, before, describe, test } = require("node:test");

const shared = require("../lib/app.js");

const { checkA11y, launchBrowser, startApp } = shared;

describe("safety events, declines and escalations", { timeout: 600_000 }, () => {
  let app;
  let browser;
  let token;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    token = execFileSync(
      process.env.REACHIN_BIN,
      ["--data-dir", app.dataDir, "token", "create", "--org", "demo", "--user", "coordinator@demo.reachin.test", "--name", "incident-feed"],
      { env: { ...process.env, REACHIN_LOG_LEVEL: "warn" }, encoding: "utf8" },
    ).trim();
  }, { timeout: 120_000 });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function api(method, pathname, body) {
    const res = await fetch(`${app.baseUrl}/api/v1/orgs/demo${pathname}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }

  const mailTo = (to, pattern) => shared.mailTo(app, to, pattern);

  const signedIn = (email) => shared.signedIn(browser, app, email);

  test("the whole flow", async () => {
    const people = (await api("GET", "/people?limit=200")).json.items;
    const byEmployee = (id) => people.find((p) => p.employee_id === id);
    const [a, b, c, optedOut] = ["E10150", "E10151", "E10152", "E10153"].map(byEmployee);
    assert.equal((await api("POST", `/people/${optedOut.id}/outreach-opt-out`)).status, 204);

    const event = await api("POST", "/safety-events", {
      reference: "INC-E2E-1",
      category: "unexpected_death",
      event_date: "2026-11-28",
      involved: [a, b, c, optedOut].map((p) => ({ employee_id: p.employee_id })),
    });
    assert.equal(event.status, 201, JSON.stringify(event.json));
    assert.equal(event.json.case_ids.length, 3, "three cases");
    assert.equal(event.json.opted_out, 1, "the opted-out clinician is skipped");

    // The coordinator sees the event's cases together.
    const coordinator = await signedIn("coordinator@demo.reachin.test");
    await coordinator.page.goto(`/o/demo/coordinator/cases?event=${event.json.event_id}`);
    assert.equal(await coordinator.page.locator("table tbody tr").count(), 3);
    await checkA11y(coordinator.page, "event-cases");

    // Assign two of them to the first demo supporter through the API.
    const supporter = await signedIn("supporter@demo.reachin.test");
    const supporterName = (await supporter.page.locator("header .who").innerText()).trim();
    const supporters = await coordinator.page.goto(`/o/demo/cases/${event.json.case_ids[0]}`);
    assert.equal(supporters.status(), 200);
    const supporterId = await coordinator.page
      .getByLabel("Supporter", { exact: true })
      .locator("option", { hasText: supporterName })
      .getAttribute("value");
    for (const id of event.json.case_ids.slice(0, 2)) {
      const v = (await api("GET", `/cases/${id}`)).json.version;
      const r = await api("POST", `/cases/${id}/actions`, { action: "assign", version: v, supporter_id: supporterId });
      assert.equal(r.status, 200, JSON.stringify(r.json));
    }

    // A decline: accept, reach out, the colleague declines; the resource sheet goes to them.
    const declined = event.json.case_ids[0];
    await supporter.page.goto(`/o/demo/cases/${declined}`);
    await supporter.page.getByRole("button", { name: "Accept this case" }).click();
    await supporter.page.getByLabel("How").selectOption("phone");
    await supporter.page.getByRole("button", { name: "Log attempt" }).click();
    await supporter.page.getByLabel("Outcome").selectOption("declined");
    await supporter.page.getByRole("button", { name: "Close case" }).click();
    await supporter.page.getByText("Declined support", { exact: true }).waitFor();
    const sheet = await mailTo(a.email, /Samaritans/);
    assert.ok(!sheet.includes("unexpected"), "the sheet says nothing about the event");

    // An escalation: the crisis lines show at once; the coordinators are alerted.
    const escalated = event.json.case_ids[1];
    await supporter.page.goto(`/o/demo/cases/${escalated}`);
    await supporter.page.getByRole("button", { name: "Accept this case" }).click();
    await supporter.page.getByRole("button", { name: "Escalate" }).click();
    await supporter.page.getByRole("heading", { name: "If you or anyone is in danger now" }).waitFor();
    assert.ok(await supporter.page.locator('section[aria-labelledby="crisis-now"]').getByText("Samaritans", { exact: true }).isVisible());
    await checkA11y(supporter.page, "case-escalated");
    await mailTo("coordinator@demo.reachin.test", /safety concern/);

    await coordinator.context.close();
    await supporter.context.close();
  });
});
