// The page.evaluate callbacks below run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * Setup in a real Chromium against the real server, starting from an empty workspace: design an object
 * "Project" with five fields, review the plan and apply it (the navigation lists Projects at once); give it a
 * pipeline whose gate is built in the visual condition builder; delete a field that holds data and see the
 * plan count the values lost and demand confirmation; reorder fields by dragging a row; Chinese; a phone.
 * Screenshots go to `tests/e2e/screenshots/`.
 *
 * Builds nothing: it serves `STUDIO_DIST` (default `apps/studio/dist`, which `npm test` builds first).
 */
import { type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer } from '../../support/api.js';
import { newTenant, testPool, type TestTenant } from '../../support/db.js';
import { launchChromium, PHONE, prepareStudio, screenshotter, scrollWidth, smallTouchTargets, STUDIO_DIST, submitSignIn } from '../../support/browser.js';

const GATE = { and: [{ '>=': [{ var: 'budget' }, 1000] }, { or: [{ '==': [{ var: 'status' }, 'active'] }, { '!=': [{ var: 'startDate' }, null] }] }] };

const shot = screenshotter('setup-');

/**
 * Opens an Element Plus select and picks the option with this exact text (the dropdown is teleported to
 * <body>); a pattern matches options that show more than their label (rule fields show their kind). A multiple
 * select stays open: Escape closes it.
 */
async function choose(page: Page, select: Locator, option: string | RegExp, multiple = false): Promise<void> {
  await select.click();
  const item = page.getByRole('option', typeof option === 'string' ? { name: option, exact: true } : { name: option });
  await item.click();
  if (multiple) await page.keyboard.press('Escape');
  await item.waitFor({ state: 'hidden' });
}

/** Types into an input and leaves it, so inputs that commit on change (numbers) take the value. */
async function type(input: Locator, value: string): Promise<void> {
  await input.fill(value);
  await input.press('Tab');
}

/** Adds a field in the field dialog: labels, kind, then whatever the kind's options need. */
async function addField(page: Page, en: string, zh: string, kind: string, options?: (dialog: Locator) => Promise<void>): Promise<void> {
  await page.getByTestId('add-field').click();
  const dialog = page.getByTestId('field-dialog');
  await dialog.waitFor();
  await dialog.getByTestId('field-label-en').fill(en);
  await dialog.getByTestId('field-label-zh').fill(zh);
  await choose(page, dialog.getByTestId('field-kind'), kind);
  await options?.(dialog);
  await page.getByTestId('field-save').click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Opens the plan of the current change and waits until the dry run has answered. */
async function reviewPlan(page: Page): Promise<Locator> {
  await page.getByTestId('review-changes').click();
  const plan = page.locator('[data-testid="plan-dialog"][data-status="planned"]');
  await plan.waitFor();
  return plan;
}

describe('studio: Setup designers', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let t: TestTenant;
  let token: string;
  const pageErrors: string[] = [];
  const api = <T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}) => gql<T>(server.url, query, variables, token).then(ok);

  const platform = <T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}) =>
    platformGql<T>(server.url, query, variables, token).then(ok);

  beforeAll(async () => {
    prepareStudio();
    pool = await testPool();
    t = await newTenant(pool); // no objects yet
    server = await startTestServer({ studioDir: STUDIO_DIST });
    token = await login(server.url, t.tenant.slug, t.email);
    browser = await launchChromium();
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    page = await desktop.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await pool?.end();
  });

  it('opens Setup in an empty workspace', async () => {
    await page.goto(`${server.url}/login`);
    await submitSignIn(page, t);
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('nav-setup').click();
    await page.getByTestId('page-title').filter({ hasText: 'Setup' }).waitFor();
    await page.getByTestId('setup-objects').filter({ hasText: 'No objects yet' }).waitFor();
    await shot(page, '01-home');

    await page.getByTestId('setup-objects').click();
    await page.waitForURL((url) => url.pathname === '/setup/objects');
    await page.getByText('This workspace has no objects yet').waitFor();
  });

  it('designs the object Project with five fields, reviews the plan and applies it', async () => {
    await page.getByTestId('new-object').click();
    await page.getByTestId('page-title').filter({ hasText: 'New object' }).waitFor();
    await page.getByTestId('object-label-en').fill('Project');
    await page.getByTestId('object-label-zh').fill('项目');
    // API names follow the English name until typed by hand.
    expect(await page.getByTestId('object-name').inputValue()).toBe('project');
    expect(await page.getByTestId('object-plural').inputValue()).toBe('projects');
    expect(await page.getByTestId('object-plural-label-en').inputValue()).toBe('Projects');

    // A new object starts with a required text field "Name"; four more of other kinds.
    await page.locator('[data-testid="field-row"][data-field="name"]').waitFor();
    await addField(page, 'Budget', '预算', 'Currency', async (dialog) => {
      expect(await dialog.getByTestId('field-name').inputValue()).toBe('budget');
      await type(dialog.getByTestId('option-minimum').locator('input'), '0');
    });
    await addField(page, 'Status', '状态', 'Single select', async (dialog) => {
      await dialog.getByTestId('add-option').click();
      await dialog.getByTestId('add-option').click();
      const options = dialog.getByTestId('select-option');
      await options.nth(0).getByTestId('option-label-en').fill('Planned');
      await options.nth(0).getByTestId('option-label-zh').fill('计划中');
      await options.nth(1).getByTestId('option-label-en').fill('Active');
      await options.nth(1).getByTestId('option-label-zh').fill('进行中');
      expect(await options.nth(1).getByTestId('option-value').inputValue()).toBe('active');
      await shot(page, '02-field-dialog-select', false);
    });
    await addField(page, 'Start date', '开始日期', 'Date');
    await addField(page, 'Progress', '进度', 'Percent', async (dialog) => {
      await type(dialog.getByTestId('option-maximum').locator('input'), '100');
    });
    const rows = page.getByTestId('field-row');
    expect(
      await rows.evaluateAll((els) => els.map((el) => [(el as HTMLElement).dataset['field'], el.querySelector<HTMLElement>('[data-kind]')?.dataset['kind']])),
    ).toEqual([
      ['name', 'text'],
      ['budget', 'currency'],
      ['status', 'single_select'],
      ['startDate', 'date'],
      ['progress', 'percent'],
    ]);

    // Reorder: Progress one place up, then back down (order = property order in the document).
    await page.getByRole('button', { name: 'Move “Progress” up' }).click();
    expect(await rows.nth(3).getAttribute('data-field')).toBe('progress');
    await page.getByRole('button', { name: 'Move “Progress” down' }).click();
    expect(await rows.nth(4).getAttribute('data-field')).toBe('progress');
    await shot(page, '03-object-designer');

    const plan = await reviewPlan(page);
    const steps = plan.getByTestId('plan-step');
    expect(await steps.first().getAttribute('data-action')).toBe('create_object');
    expect(await steps.first().innerText()).toContain('Create the object project');
    expect(await plan.getByTestId('values-lost').count()).toBe(0);
    await plan.locator('details.sql summary').first().click(); // the SQL, unfolded
    await plan.locator('details.sql pre').first().waitFor();
    expect(await plan.locator('details.sql pre').first().innerText()).toContain('CREATE TABLE');
    await shot(page, '04-plan-create', false);

    await page.getByTestId('plan-apply').click();
    await page.waitForURL((url) => url.pathname === '/setup/objects/project');
    // The navigation shows the new object at once.
    await page.getByTestId('nav-object-project').filter({ hasText: 'Projects' }).waitFor();
    await page.getByTestId('page-title').filter({ hasText: 'Project' }).waitFor();
    await shot(page, '05-object-applied');

    const { objects } = await platform<{
      objects: { name: string; fields: { name: string; kind: string; required: boolean; options: { value: string }[] }[] }[];
    }>('{ objects { name fields { name kind required options } } }');
    const project = objects.find((o) => o.name === 'project');
    expect(project?.fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['name', 'text', true],
      ['budget', 'currency', false],
      ['status', 'single_select', false],
      ['startDate', 'date', false],
      ['progress', 'percent', false],
    ]);
    expect(project?.fields.find((f) => f.name === 'status')?.options.map((o) => o.value)).toEqual(['planned', 'active']);
  });

  it('gives Project a pipeline whose gate is built in the visual condition builder', async () => {
    await page.getByTestId('add-pipeline-for-object').click();
    await page.waitForURL((url) => url.pathname === '/setup/pipelines' && url.searchParams.get('object') === 'project');
    await page.getByTestId('pipeline-label-en').fill('Delivery');
    await page.getByTestId('pipeline-label-zh').fill('交付');
    expect(await page.getByTestId('pipeline-key').inputValue()).toBe('delivery');
    // The amount offers what the server accepts as one (its field-kind flags): the currency and the percent field.
    await page.getByTestId('pipeline-amount').click();
    const budget = page.getByRole('option', { name: 'Budget', exact: true });
    await budget.waitFor();
    expect(await page.locator('.el-select-dropdown__item:visible').allInnerTexts()).toEqual(['Budget', 'Progress']);
    await budget.click();
    await budget.waitFor({ state: 'hidden' });

    // A new stage goes before the outcomes: New, In progress, Won, Lost.
    await page.getByTestId('add-stage').click();
    const stage = page.getByTestId('stage-card').nth(1);
    await stage.getByTestId('stage-label-en').fill('In progress');
    await stage.getByTestId('stage-label-zh').fill('进行中');
    expect(await stage.getByTestId('stage-key').inputValue()).toBe('in_progress');
    await type(stage.getByTestId('stage-probability').locator('input'), '40');
    await choose(page, stage.getByTestId('stage-required'), 'Budget', true);

    // Budget ≥ 1000 AND (Status is Active OR Start date is not empty), each with its field's own filter editor.
    const builder = stage.getByTestId('condition-editor');
    await builder.getByTestId('condition-add').first().click();
    const first = builder.getByTestId('condition-row').nth(0);
    await choose(page, first.getByTestId('condition-field'), /^Budget/);
    await choose(page, first.getByTestId('filter-operator'), '≥');
    await type(first.getByTestId('filter-value').locator('input'), '1000');
    await builder.getByTestId('condition-add-group').first().click();
    const group = builder.getByTestId('condition-group').nth(1);
    expect(await group.getByRole('radio', { name: 'any' }).isChecked()).toBe(true);
    // A new group inside "all of" is "any of" and starts with two conditions.
    const second = group.getByTestId('condition-row').nth(0);
    await choose(page, second.getByTestId('condition-field'), /^Status/);
    await choose(page, second.getByTestId('filter-operator'), 'is');
    await choose(page, second.getByTestId('filter-value'), 'Active');
    const third = group.getByTestId('condition-row').nth(1);
    await choose(page, third.getByTestId('condition-field'), /^Start date/);
    await choose(page, third.getByTestId('filter-operator'), 'is not empty');
    expect(JSON.parse(await builder.getByTestId('condition-json').innerText())).toEqual(GATE);
    await stage.getByTestId('stage-message-en').fill('A project needs a budget of at least 1000 and a start');
    await stage.getByTestId('stage-message-zh').fill('项目需要至少 1000 的预算并已开始');
    await shot(page, '06-pipeline-designer');

    const plan = await reviewPlan(page);
    expect(await plan.getByTestId('plan-step').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset['action']))).toContain('enable_pipelines');
    await shot(page, '07-plan-pipeline', false);
    await page.getByTestId('plan-apply').click();
    await page.waitForURL((url) => url.pathname === '/setup/pipelines/delivery');
    await page.getByTestId('nav-board-project').waitFor();

    const { pipelines } = await platform<{
      pipelines: {
        key: string;
        isDefault: boolean;
        amountField: string;
        stages: { key: string; probability: number; category: string; gate: { required: string[]; condition: unknown } | null }[];
      }[];
    }>('{ pipelines(object: "project") { key isDefault amountField stages { key probability category gate } } }');
    expect(pipelines).toHaveLength(1);
    expect(pipelines[0]).toMatchObject({ key: 'delivery', isDefault: true, amountField: 'budget' });
    expect(pipelines[0]!.stages.map((s) => [s.key, s.category, s.probability])).toEqual([
      ['new', 'open', 10],
      ['in_progress', 'open', 40],
      ['won', 'won', 100],
      ['lost', 'lost', 0],
    ]);
    expect(pipelines[0]!.stages[1]!.gate).toMatchObject({ required: ['budget'], condition: GATE });

    // Reopened from the applied definition, the builder shows the same condition.
    await page.getByTestId('stage-card').nth(1).getByTestId('stage-toggle').click();
    expect(JSON.parse(await page.getByTestId('condition-json').innerText())).toEqual(GATE);
    await shot(page, '08-pipeline-applied');
  });

  it('deleting a field that holds data shows the values lost and needs confirmation', async () => {
    await api('mutation($input: ProjectInput!) { createProject(input: $input) { id } }', { input: { name: 'Apollo', progress: 40, budget: { amount: 5000 } } });

    await page.getByTestId('nav-setup').click();
    await page.getByTestId('setup-objects').click();
    await page.getByTestId('setup-object-project').click();
    await page.waitForURL((url) => url.pathname === '/setup/objects/project');
    await page.getByTestId('delete-field-progress').click();
    await page.getByTestId('removed-fields').filter({ hasText: 'progress' }).waitFor();
    await page.getByTestId('dirty').waitFor();

    const plan = await reviewPlan(page);
    const drop = plan.locator('[data-testid="plan-step"][data-action="drop_field"]');
    expect(await drop.getByTestId('values-lost').getAttribute('data-count')).toBe('1');
    expect(await drop.innerText()).toContain('1 stored value will be deleted');
    const apply = page.getByTestId('plan-apply');
    expect(await apply.isDisabled()).toBe(true);
    await page.getByTestId('confirm-data-loss').click();
    expect(await apply.isEnabled()).toBe(true);
    await shot(page, '09-plan-data-loss', false);

    await apply.click();
    await page.getByTestId('plan-dialog').waitFor({ state: 'hidden' });
    await page.getByTestId('removed-fields').waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid="field-row"][data-field="progress"]').count()).toBe(0);
    const { object } = await platform<{ object: { fields: { name: string }[] } }>('{ object(name: "project") { fields { name } } }');
    expect(object.fields.map((f) => f.name)).toEqual(['name', 'budget', 'status', 'startDate']);
  });

  it('places the server’s problems beside the field they name', async () => {
    // Turning a date into a yes/no field is not a safe conversion: the server refuses it (UNSAFE_TYPE_CHANGE).
    await page.getByTestId('edit-field-startDate').click();
    await choose(page, page.getByTestId('field-kind'), 'Yes / no');
    await page.getByTestId('field-save').click();
    await page.getByTestId('field-dialog').waitFor({ state: 'hidden' });
    await page.getByTestId('review-changes').click();
    const banner = page.getByTestId('problem-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('data-code')).toBe('UNSAFE_TYPE_CHANGE');
    const problem = page.locator('[data-testid="field-row"][data-field="startDate"]').getByTestId('field-problem');
    expect(await problem.innerText()).toContain('not safe');
    await shot(page, '10-server-problem');

    // Put it back: nothing left to apply.
    await page.getByTestId('edit-field-startDate').click();
    await choose(page, page.getByTestId('field-kind'), 'Date');
    await page.getByTestId('field-save').click();
    await page.getByTestId('dirty').waitFor({ state: 'detached' });
  });

  it('reorders fields by dragging a row’s handle with the mouse; the applied definition has the new order', async () => {
    const rows = page.getByTestId('field-row');
    const order = () => rows.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset['field']));
    const row = (name: string) => page.locator(`[data-testid="field-row"][data-field="${name}"]`);
    const centre = async (locator: Locator) => {
      const box = (await locator.boundingBox())!;
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    };
    await page.getByTestId('field-dialog').waitFor({ state: 'hidden' }); // the last test's dialog, fading out
    expect(await order()).toEqual(['name', 'budget', 'status', 'startDate']);

    // Let go where it was picked up: nothing changes.
    const handle = row('startDate').getByTestId('field-drag-handle');
    const start = await centre(handle);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x, start.y - 12, { steps: 3 });
    await row('startDate').and(page.locator('.dragging')).waitFor();
    const gap = page.getByTestId('field-drop-gap');
    expect(await gap.getAttribute('data-index')).toBe('3');
    await page.mouse.move(start.x, start.y, { steps: 3 });
    await page.mouse.up();
    expect(await order()).toEqual(['name', 'budget', 'status', 'startDate']);
    expect(await page.getByTestId('dirty').count()).toBe(0);

    // Start date up into the upper half of Budget's row: the gap between Name and Budget.
    const budget = (await row('budget').boundingBox())!;
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x, budget.y + budget.height / 4, { steps: 12 });
    // In flight: the row follows the pointer, Budget and Status step down to open the gap it will land in, and
    // nothing has moved in the list yet.
    const dragged = row('startDate').and(page.locator('.dragging'));
    await dragged.waitFor();
    await page.locator('[data-testid="field-drop-gap"][data-index="1"]').waitFor();
    expect((await dragged.boundingBox())!.y).toBeLessThan(budget.y + budget.height / 2);
    const gapBox = (await gap.boundingBox())!;
    expect(Math.abs(gapBox.y - budget.y)).toBeLessThan(4);
    const stepped = (name: string) => row(name).evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).m42);
    await page.waitForFunction(
      () =>
        document.querySelector('[data-field="status"]')!.getBoundingClientRect().top >
        document.querySelector('[data-field="startDate"]')!.getBoundingClientRect().top,
    );
    expect(await stepped('name')).toBe(0);
    expect(await stepped('budget')).toBeGreaterThan(0);
    expect(await stepped('status')).toBeGreaterThan(0);
    expect(await order()).toEqual(['name', 'budget', 'status', 'startDate']);
    await shot(page, '10b-field-drag', false);
    await page.mouse.up();

    expect(await order()).toEqual(['name', 'startDate', 'budget', 'status']);
    expect(await page.locator('.dragging, [data-testid="field-drop-gap"]').count()).toBe(0);
    await page.getByTestId('dirty').waitFor();
    // The buttons still work beside the handle, and agree with it: Status up, then back down.
    await page.getByRole('button', { name: 'Move “Status” up' }).click();
    expect(await order()).toEqual(['name', 'startDate', 'status', 'budget']);
    await page.getByRole('button', { name: 'Move “Status” down' }).click();
    expect(await order()).toEqual(['name', 'startDate', 'budget', 'status']);

    const plan = await reviewPlan(page);
    expect(await plan.getByTestId('plan-step').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset['action']))).toEqual(['update_metadata']);
    await page.getByTestId('plan-apply').click();
    await page.getByTestId('plan-dialog').waitFor({ state: 'hidden' });
    await page.getByTestId('dirty').waitFor({ state: 'detached' });
    expect(await order()).toEqual(['name', 'startDate', 'budget', 'status']);
    const { object } = await platform<{ object: { fields: { name: string }[] } }>('{ object(name: "project") { fields { name } } }');
    expect(object.fields.map((f) => f.name)).toEqual(['name', 'startDate', 'budget', 'status']);
    await shot(page, '10c-field-dragged-applied');
  });

  it('speaks Chinese: Setup and the designers translated', async () => {
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('page-title').filter({ hasText: '项目' }).waitFor();
    const fields = await page.getByTestId('field-list').innerText();
    expect(fields).toContain('预算');
    expect(fields).toContain('货币');
    // A field's buttons name it by its Chinese label, not its API name.
    const budget = page.locator('[data-testid="field-row"][data-field="budget"] .actions button');
    expect(await budget.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')))).toEqual(['上移“预算”', '下移“预算”', '编辑“预算”', '删除“预算”']);
    expect(await page.getByTestId('review-changes').innerText()).toBe('检查变更');
    await shot(page, '11-object-zh');

    await page.getByTestId('nav-setup').filter({ hasText: '设置' }).click();
    await page.getByTestId('page-title').filter({ hasText: '设置' }).waitFor();
    expect(await page.getByTestId('setup-objects').innerText()).toContain('对象与字段');
    expect(await page.getByTestId('setup-pipelines').innerText()).toContain('销售流程');
    await shot(page, '12-home-zh');

    await page.getByTestId('setup-pipelines').click();
    await page.getByTestId('setup-pipeline-delivery').filter({ hasText: '交付' }).click();
    await page.getByTestId('stage-card').nth(1).getByTestId('stage-toggle').click();
    await page.getByTestId('condition-editor').getByText('满足以下').first().waitFor();
    expect(await page.getByTestId('condition-editor').innerText()).toContain('预算');
    expect(await page.getByTestId('condition-editor').innerText()).toContain('添加条件');
    await shot(page, '13-pipeline-zh');

    await page.getByTestId('nav-setup').click();
    await page.getByTestId('setup-users').click();
    await page.getByTestId('user-row').filter({ hasText: t.email }).waitFor();
    expect(await page.getByTestId('add-user').innerText()).toBe('添加用户');
    await shot(page, '14-users-zh');
    await page.getByTestId('lang-en').click();
  });

  it('adds a user in Setup › Users and refuses a duplicate email on the email field', async () => {
    await page.getByTestId('nav-setup').click();
    await page.getByTestId('setup-users').click();
    await page.waitForURL((url) => url.pathname === '/setup/users');
    await page.getByTestId('user-row').filter({ hasText: t.email }).waitFor();

    const email = `ana@${t.tenant.slug}.test`;
    const dialog = page.getByTestId('user-dialog');
    const emailError = dialog.getByTestId('user-email-item').locator('.el-form-item__error');
    await page.getByTestId('add-user').click();
    await dialog.waitFor();
    // Checked before any request: a malformed email and a short password.
    await dialog.getByTestId('user-email').fill('ana');
    await dialog.getByTestId('user-name').fill('Ana Lima');
    await dialog.getByTestId('user-password').fill('short');
    await page.getByTestId('user-save').click();
    await emailError.filter({ hasText: 'such as ana@example.com' }).waitFor();
    await dialog.getByTestId('user-password-item').locator('.el-form-item__error').filter({ hasText: 'at least 10 characters' }).waitFor();

    await dialog.getByTestId('user-email').fill(email);
    await dialog.getByTestId('user-password').fill('correct-horse-42');
    const password = dialog.getByTestId('user-password');
    expect(await password.getAttribute('type')).toBe('password');
    await dialog.getByTestId('user-password-toggle').click();
    expect(await password.getAttribute('type')).toBe('text');
    await dialog.getByTestId('user-admin').click();
    await emailError.waitFor({ state: 'detached' });
    await shot(page, '14b-add-user', false);
    await page.getByTestId('user-save').click();
    await dialog.waitFor({ state: 'hidden' });

    // The list reloads with the new user highlighted.
    const added = page.locator('[data-testid="user-row"][data-new="true"]');
    await added.filter({ hasText: email }).waitFor();
    expect(await added.innerText()).toContain('Ana Lima');
    expect(await added.innerText()).toContain('Administrator');
    expect(await page.getByTestId('user-row').count()).toBe(2);
    const { users } = await platform<{ users: { email: string; name: string; roles: string[] }[] }>('{ users { email name roles } }');
    expect(users.find((u) => u.email === email)).toMatchObject({ name: 'Ana Lima', roles: ['admin'] });
    await shot(page, '14c-user-added');

    // The same email again: the server refuses it, and the dialog says so on the email field.
    await page.getByTestId('add-user').click();
    await dialog.waitFor();
    await dialog.getByTestId('user-email').fill(email);
    await dialog.getByTestId('user-name').fill('Ana Again');
    await dialog.getByTestId('user-password').fill('another-password-7');
    await page.getByTestId('user-save').click();
    await emailError.filter({ hasText: 'already uses this email' }).waitFor();
    expect(await dialog.isVisible()).toBe(true);
    await shot(page, '14d-duplicate-email', false);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('user-row').count()).toBe(2);
  });

  it('fits a 390×844 phone: no horizontal scrolling, 40px touch targets, full-screen dialogs', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' });
    try {
      const p = await phone.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await p.goto(`${server.url}/setup/objects/project`);
      await submitSignIn(p, t);
      await p.waitForURL((url) => url.pathname === '/setup/objects/project');
      await p.locator('[data-testid="field-row"][data-field="budget"]').waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, '15-phone-object');

      // A finger drags a row by its handle too (a touch that lasts and moves goes through the DevTools protocol).
      const order = () => p.getByTestId('field-row').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset['field']));
      expect(await order()).toEqual(['name', 'startDate', 'budget', 'status']);
      const cdp = await phone.newCDPSession(p);
      const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x = 0, y = 0) =>
        cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
      await p.getByTestId('field-list').evaluate((el) => el.scrollIntoView({ block: 'center' })); // clear of the edges, where the page scrolls
      const grip = (await p.locator('[data-testid="field-row"][data-field="status"]').getByTestId('field-drag-handle').boundingBox())!;
      const startDate = (await p.locator('[data-testid="field-row"][data-field="startDate"]').boundingBox())!;
      const from = { x: grip.x + grip.width / 2, y: grip.y + grip.height / 2 };
      const scrolled = () => p.evaluate(() => document.scrollingElement!.scrollTop);
      const scrollBefore = await scrolled();
      await touch('touchStart', from.x, from.y);
      for (let step = 1; step <= 8; step += 1) await touch('touchMove', from.x, from.y + ((startDate.y + 8 - from.y) * step) / 8);
      await p.locator('[data-testid="field-drop-gap"][data-index="1"]').waitFor();
      await shot(p, '15b-phone-field-drag', false);
      await touch('touchEnd');
      expect(await order()).toEqual(['name', 'status', 'startDate', 'budget']);
      expect(await scrolled()).toBe(scrollBefore); // the finger dragged the row, not the page
      await p.getByTestId('dirty').waitFor();
      // Back with the buttons: nothing left to apply.
      await p.getByRole('button', { name: 'Move “Status” down' }).tap();
      await p.getByRole('button', { name: 'Move “Status” down' }).tap();
      expect(await order()).toEqual(['name', 'startDate', 'budget', 'status']);
      await p.getByTestId('dirty').waitFor({ state: 'detached' });

      await p.getByTestId('edit-field-status').click();
      const dialog = p.getByTestId('field-dialog');
      await dialog.getByTestId('select-option').first().waitFor();
      const box = await p.locator('.el-dialog.is-fullscreen').boundingBox();
      expect(box?.width).toBe(PHONE.width);
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      await shot(p, '16-phone-field-dialog', false);
      await p.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });

      await p.goto(`${server.url}/setup/pipelines/delivery`);
      await p.getByTestId('stage-card').nth(1).getByTestId('stage-toggle').click();
      await p.getByTestId('condition-editor').waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, '17-phone-pipeline');
    } finally {
      await phone.close();
    }
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
