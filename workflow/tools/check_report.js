// Open the Snakemake report in headless Chromium, as a reader would, and check that it loads,
// that its opening text covers the five parts, and that its pages list every figure.
//
// Usage: node workflow/tools/check_report.js REPORT.html FIGURE.png...  (the figures it must list,
// e.g. figures/*/fig*.png). Needs Debian's chromium (/usr/bin/chromium, or $CHROMIUM) and the npm
// package playwright-core (`npm install --no-save playwright-core`). Run by .ci/run.
const path = require('path');
const { chromium } = require('playwright-core');

const PARTS = [
  'Part I: Braun et al. 2022',
  'Part II: Dominé et al. 2025',
  'Part III: Saxe et al. 2014',
  'Part IV: Bordelon & Pehlevan 2022',
  'Part V: Shem-Ur & Oz 2024',
];

(async () => {
  const [report, ...expected] = process.argv.slice(2);
  if (!report || expected.length === 0) {
    console.error('usage: node check_report.js REPORT.html FIGURE.png...');
    process.exit(2);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems = [];
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto('file://' + path.resolve(report));
    await page.waitForSelector(`text=${PARTS[0]}`, { timeout: 60000 });
    const front = await page.innerText('body');
    for (const numeral of ['Part I', 'Part II', 'Part III', 'Part IV', 'Part V']) {
      if (!front.includes(`${numeral} `)) problems.push(`the opening page does not mention ${numeral}`);
    }
    const listed = new Set();
    for (const part of PARTS) {
      await page.goto('file://' + path.resolve(report)); // back to the front page
      await page.waitForSelector(`text=${PARTS[0]}`, { timeout: 60000 });
      const link = page.getByText(part, { exact: true }).first();
      if ((await link.count()) === 0) { problems.push(`no category "${part}"`); continue; }
      await link.click();
      await page.waitForTimeout(500);
      for (const name of (await page.innerText('body')).match(/figures\/[a-z0-9]+\/fig\d+\.png/g) || []) listed.add(name);
    }
    for (const figure of expected) {
      if (!listed.has(figure)) problems.push(`the report does not list ${figure}`);
    }
    if (errors.length) problems.push(`JavaScript errors: ${errors.join('; ')}`);
    console.log(`report: ${listed.size} figures listed under ${PARTS.length} parts; ${expected.length} expected`);
  } finally {
    await browser.close();
  }
  if (problems.length) {
    for (const p of problems) console.error(`REPORT: ${p}`);
    process.exit(1);
  }
})().catch((error) => { console.error(error); process.exit(1); });
