"use strict";
// Helpers for ReachIn's browser tests: start the app, launch Chromium,
// check accessibility and take screenshots.

const assert = require("node:assert/strict");
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const http = require("node:http");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");
const { setTimeout: sleep } = require("node:timers/promises");

const { chromium } = require("playwright-core");
const { AxeBuilder } = require("@axe-core/playwright");

const E2E_DIR = path.resolve(__dirname, "..");
const SCREENSHOT_DIR = path.join(E2E_DIR, "screenshots");
const CHROMIUM_PATH = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const READY_TIMEOUT_MS = 60_000;
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const PHONE_VIEWPORT = { width: 390, height: 844 };
// Keep at most this much of the app's output for error reports.
const MAX_LOG_CHARS = 64 * 1024;

/** Path of the reachin binary: $REACHIN_BIN, else ../target/debug/reachin from e2e/. */
function reachinBin() {
  const bin = process.env.REACHIN_BIN
    ? path.resolve(process.env.REACHIN_BIN)
    : path.resolve(E2E_DIR, "..", "target", "debug", "reachin");
  try {
    fs.accessSync(bin, fs.constants.X_OK);
  } catch {
    throw new Error(
      `no executable reachin binary at ${bin}: build it (cargo build) or set REACHIN_BIN`,
    );
  }
  return bin;
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** GET http://localhost:<port><pathname> (over IPv4, where the app listens); resolves to the status code. */
function getStatus(port, pathname) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: "localhost", family: 4, port, path: pathname, timeout: 2_000 },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.on("timeout", () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
  });
}

function appendCapped(buffer, chunk) {
  const next = buffer + chunk;
  return next.length > MAX_LOG_CHARS ? next.slice(next.length - MAX_LOG_CHARS) : next;
}

/**
 * Starts `reachin serve --demo` on a free port with a fresh data dir and
 * waits until /readyz answers 200.
 *
 * Returns { baseUrl, port, dataDir, stop(), output() }. baseUrl uses
 * `localhost`, not 127.0.0.1: the session cookie is `Secure` with a
 * `__Host-` prefix, which browsers accept over plain http only on localhost.
 */
async function startApp() {
  const bin = reachinBin();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "reachin-e2e-"));
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;

  const child = spawn(
    bin,
    ["serve", "--demo", "--data-dir", dataDir, "--bind", `127.0.0.1:${port}`],
    {
      env: { ...process.env, REACHIN_LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c) => (stdout = appendCapped(stdout, c)));
  child.stderr.setEncoding("utf8").on("data", (c) => (stderr = appendCapped(stderr, c)));

  let exited = null; // { code, signal } once the process has ended
  let spawnError = null;
  const exitPromise = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });
  child.on("error", (err) => {
    spawnError = err;
  });
  // Never leave the app running if the test process ends abruptly.
  const killOnExit = () => {
    if (!exited) child.kill("SIGKILL");
  };
  process.on("exit", killOnExit);

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    process.off("exit", killOnExit);
    if (!exited && !spawnError) {
      child.kill("SIGTERM");
      const ended = await Promise.race([exitPromise, sleep(10_000).then(() => null)]);
      if (!ended) {
        child.kill("SIGKILL");
        await exitPromise;
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const describeFailure = (why) => {
    const lines = [
      `reachin did not become ready: ${why}`,
      `command: ${bin} serve --demo --data-dir ${dataDir} --bind 127.0.0.1:${port}`,
      `--- stderr ---\n${stderr || "(empty)"}`,
    ];
    if (stdout) lines.push(`--- stdout ---\n${stdout}`);
    return lines.join("\n");
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastProblem = "no answer yet";
  for (;;) {
    if (spawnError) {
      const message = describeFailure(`could not start: ${spawnError.message}`);
      console.error(message);
      await stop();
      throw new Error(message);
    }
    if (exited) {
      const message = describeFailure(
        `process exited early (code ${exited.code}, signal ${exited.signal})`,
      );
      console.error(message);
      await stop();
      throw new Error(message);
    }
    try {
      const status = await getStatus(port, "/readyz");
      if (status === 200) break;
      lastProblem = `GET /readyz answered ${status}`;
    } catch (err) {
      lastProblem = `GET /readyz failed: ${err.message}`;
    }
    if (Date.now() > deadline) {
      const message = describeFailure(
        `timed out after ${READY_TIMEOUT_MS / 1000} s (${lastProblem})`,
      );
      console.error(message);
      await stop();
      throw new Error(message);
    }
    await sleep(200);
  }

  return {
    baseUrl,
    port,
    dataDir,
    stop,
    /** What the app has printed so far (capped), for debugging a failure. */
    output: () => ({ stdout, stderr }),
  };
}

/** Launches Debian's Chromium (never a downloaded browser). */
function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Collects the page's console errors, uncaught exceptions and CSP
 * violations. Call it right after creating the page; read `.errors` or
 * `.cspViolations()` later.
 */
function watchConsole(page) {
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(`uncaught: ${err.message}`));
  return {
    errors,
    cspViolations: () => errors.filter((e) => /Content Security Policy/i.test(e)),
  };
}

function screenshotPath(name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, "-");
  return path.join(SCREENSHOT_DIR, `${safe}.png`);
}

/**
 * Saves screenshots/<name>.png (full page, current viewport) and
 * screenshots/<name>-phone.png (full page at 390x844), then restores the
 * viewport.
 */
async function screenshots(page, name) {
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
  const viewport = page.viewportSize();
  await page.setViewportSize(PHONE_VIEWPORT);
  try {
    await page.screenshot({ path: screenshotPath(`${name}-phone`), fullPage: true });
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
}

function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => {
          const target = n.target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : t)).join(" ");
          const summary = n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, "\n        ")}` : "";
          return `    - ${target}${summary}`;
        })
        .join("\n");
      return `  [${v.impact ?? "?"}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join("\n");
}

/**
 * Runs axe (WCAG 2.0/2.1 A and AA) on the page, saves the screenshots
 * (before asserting, so a failing page is still pictured) and asserts there
 * are no violations.
 */
async function checkA11y(page, name) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  await screenshots(page, name);
  const { violations } = results;
  if (violations.length > 0) {
    const report = `${violations.length} accessibility violation(s) on "${name}" (${page.url()}):\n${formatViolations(violations)}`;
    console.error(report);
    assert.fail(report);
  }
}

/** The password of every demo sign-in. */
const DEMO_PASSWORD = "reachin-demo-2026";

/**
 * A fresh browser context signed in as a demo user: { context, page, consoleLog }.
 */
async function signedIn(browser, app, email) {
  const context = await browser.newContext({ baseURL: app.baseUrl });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const consoleLog = watchConsole(page);
  await page.goto("/sign-in");
  await page.getByLabel("Email address", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  return { context, page, consoleLog };
}

/**
 * A fresh browser context nobody is signed in to (a clinician following a link):
 * { context, page, consoleLog }. `viewport` is optional (e.g. a phone's).
 */
async function visitor(browser, app, viewport) {
  const context = await browser.newContext({ baseURL: app.baseUrl, ...(viewport ? { viewport } : {}) });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page, consoleLog: watchConsole(page) };
}

/**
 * Waits for an email to `to` whose text matches `pattern` in the demo's mailbox directory
 * (the job runner works every 2 s), and returns its text.
 */
async function mailTo(app, to, pattern) {
  const dir = path.join(app.dataDir, "mailbox");
  for (let i = 0; i < 50; i++) {
    if (fs.existsSync(dir)) {
      for (const f of fs.readdirSync(dir)) {
        const text = fs.readFileSync(path.join(dir, f), "utf8");
        if (text.includes(`To: ${to}`) && pattern.test(text)) return text;
      }
    }
    await sleep(200);
  }
  throw new Error(`no email to ${to} matching ${pattern}`);
}

module.exports = {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  SCREENSHOT_DIR,
  checkA11y,
  DEMO_PASSWORD,
  launchBrowser,
  mailTo,
  screenshots,
  signedIn,
  startApp,
  visitor,
  watchConsole,
};
