// The imagequeue console: one API key per tab, the tenant's tasks followed live, a form for any model.
import {readEventStream} from './sse.js';

const KEY_STORE = 'imagequeue-key';
const MODEL_STORE = 'imagequeue-model';
const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'expired']);
const PAGE_SIZE = 20;
// A browser opens at most 6 HTTP/1.1 connections to one server and an open event stream holds one:
// follow at most this many tasks at once so that submitting, cancelling and paging still get through.
const MAX_STREAMS = 3;
// Result bodies may carry base64 images: fetch few at once, for the same reason.
const MAX_RESULT_FETCHES = 2;

const $ = id => document.getElementById(id);

/** A non-2xx answer, with the contract's {"error": {type, code, message, param}}. */
class ApiError extends Error {
  constructor(status, error) {
    super(error.message);
    this.status = status;
    this.error = error;
  }

  static async of(response) {
    let body = null;
    try {
      body = await response.json();
    } catch {
      // not JSON: a proxy's page, say; answered below in the contract's shape
    }
    const error = body && body.error && typeof body.error === 'object' ? body.error
      : {type: 'http_error', message: `The server answered ${response.status} ${response.statusText}.`.trim()};
    return new ApiError(response.status, error);
  }
}

/** The contract's words: "401 authentication_error: Incorrect API key provided." plus code and param. */
function describe(failure) {
  if (failure instanceof ApiError) {
    const {type, code, param, message} = failure.error;
    const details = [code && `code ${code}`, param && `param ${param}`].filter(Boolean).join(', ');
    return `${failure.status} ${type}${details ? ` (${details})` : ''}: ${message}`;
  }
  return `Could not reach the server: ${failure && failure.message ? failure.message : failure}`;
}

function showError(id, failure) {
  const box = $(id);
  if (failure == null) {
    box.hidden = true;
    box.textContent = '';
  } else {
    box.hidden = false;
    box.textContent = typeof failure === 'string' ? failure : describe(failure);
  }
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** Runs at most `size` jobs at once, in the order they were asked for (or first when urgent). */
class Slots {
  constructor(size) {
    this.size = size;
    this.busy = 0;
    this.waiting = [];
  }

  run(job, urgent = false) {
    return new Promise((resolve, reject) => {
      const entry = () => job().then(resolve, reject).finally(() => {
        this.busy--;
        this.next();
      });
      urgent ? this.waiting.unshift(entry) : this.waiting.push(entry);
      this.next();
    });
  }

  next() {
    while (this.busy < this.size && this.waiting.length > 0) {
      this.busy++;
      this.waiting.shift()();
    }
  }

  clear() {
    this.waiting = [];
  }
}

/** Everything that belongs to one signed-in key; ends (aborting its streams) on sign-out or refresh. */
class Session {
  constructor(key, models) {
    this.key = key;
    this.models = new Map(models.map(model => [model.id, model]));
    this.controller = new AbortController();
    this.streams = new Slots(MAX_STREAMS);
    this.results = new Slots(MAX_RESULT_FETCHES);
    this.rows = new Map();
    this.prompts = new Map(); // prompts of the tasks submitted from this tab: the task object has none
    this.cursor = null;
  }

  get signal() {
    return this.controller.signal;
  }

  async api(path, {method = 'GET', body} = {}) {
    const headers = {'Authorization': 'Bearer ' + this.key};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      signal: this.signal, cache: 'no-store'});
    if (!response.ok) {
      throw await ApiError.of(response);
    }
    return response.json();
  }

  /** Follows a task over its event stream until it is terminal; reconnects where it left off. */
  follow(row, urgent = false) {
    if (row.followed || TERMINAL.has(row.task.status)) {
      return;
    }
    row.followed = true;
    this.streams.run(() => this.stream(row), urgent).catch(() => {});
  }

  async stream(row) {
    const address = row.task.task_address;
    let lastEventId = null;
    let retries = 0;
    while (!this.signal.aborted && !TERMINAL.has(row.task.status)) {
      try {
        lastEventId = await readEventStream(`/v2/tasks/${encodeURIComponent(address)}/events`, {
          key: this.key, lastEventId, signal: this.signal, toError: ApiError.of,
          onEvent: event => {
            if (event.event === 'status') {
              retries = 0;
              this.update(JSON.parse(event.data));
            }
          },
        });
      } catch (failure) {
        if (this.signal.aborted) {
          return;
        }
        if (failure instanceof ApiError && failure.status !== 429 && failure.status < 500) {
          row.showError(failure); // 401, 404: reconnecting would answer the same
          return;
        }
        retries++;
      }
      // The stream ended before a terminal state (a replica went away) or could not be opened.
      await sleep(Math.min(1000 * 2 ** retries, 15000));
    }
  }

  update(task) {
    const row = this.rows.get(task.task_address);
    if (!row) {
      return;
    }
    const was = row.task.status;
    row.update(task);
    if (task.status !== was && TERMINAL.has(task.status)) {
      loadUsage();
      if (task.status === 'succeeded') {
        this.loadResult(row);
      }
    }
  }

  /** Fetches a succeeded task once more for its result (the list and the stream carry none). */
  loadResult(row) {
    return this.results.run(async () => {
      try {
        const task = await this.api(`/v2/tasks/${encodeURIComponent(row.task.task_address)}`);
        row.showImages(imagesOf(task.result));
      } catch (failure) {
        if (!this.signal.aborted) row.showError(failure);
      }
    });
  }

  end() {
    this.controller.abort();
    this.streams.clear();
    this.results.clear();
  }
}

let session = null;

/** The images of any endpoint's result shape, as URLs an <img> can show. */
function imagesOf(result) {
  if (!result) return [];
  if (Array.isArray(result.images)) return result.images.map(asSource);
  if (Array.isArray(result.urls)) return result.urls.map(asSource);
  if (Array.isArray(result.data)) return result.data.map(item => asSource(item.url || item.b64_json));
  return [];
}

function asSource(value) {
  if (/^(https?:|data:)/.test(value)) {
    return value;
  }
  const type = value.startsWith('/9j/') ? 'image/jpeg' : value.startsWith('UklGR') ? 'image/webp' : 'image/png';
  return `data:${type};base64,${value}`;
}

function when(seconds) {
  return seconds ? new Date(seconds * 1000).toLocaleString() : '';
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') node.textContent = value;
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children);
  return node;
}

/** One task in the list: its status, queue position or progress, error, images, and Cancel. */
class TaskRow {
  constructor(task, prompt) {
    this.task = task;
    this.followed = false;
    this.imagesShown = false;
    this.node = element('li', {'class': 'task', 'data-task': task.task_address});
    this.state = element('span', {'class': 'state'});
    this.detail = element('span', {'class': 'detail'});
    this.cancel = element('button', {type: 'button', text: 'Cancel', 'aria-label': `Cancel task ${task.task_address}`});
    this.cancel.addEventListener('click', () => this.cancelTask());
    const header = element('header', {}, this.state, this.detail, element('span', {'class': 'actions'}, this.cancel));
    const meta = element('p', {'class': 'meta muted'},
      element('span', {'class': 'model', text: task.model || ''}), ' · ',
      element('span', {'class': 'address', text: task.task_address}), ' · ',
      element('time', {text: when(task.created_at)}));
    this.node.append(header, meta);
    if (prompt) {
      this.node.append(element('p', {'class': 'prompt', text: prompt}));
    }
    this.error = element('p', {'class': 'error', hidden: true});
    this.thumbnails = element('div', {'class': 'thumbnails'});
    this.node.append(this.error, this.thumbnails);
    this.render();
  }

  update(task) {
    this.task = Object.assign({}, this.task, task);
    // Fields that only apply to one state are absent in the others: take the object as it is.
    for (const field of ['queue_position', 'progress', 'error']) {
      if (!(field in task)) delete this.task[field];
    }
    this.render();
  }

  render() {
    const {status, queue_position: position, progress, error} = this.task;
    this.node.dataset.status = status;
    this.node.className = `task state-${status}`;
    this.state.textContent = status;
    this.detail.replaceChildren();
    if (status === 'queued' && position != null) {
      this.detail.textContent = `queue position ${position}${position === 0 ? ' (next)' : ''}`;
    } else if (status === 'running' && progress != null) {
      const percent = Math.round(progress * 100);
      this.detail.append(element('progress', {max: 1, value: progress, 'aria-label': 'progress', text: `${percent}%`}),
        ` ${percent}%`);
    } else if (status === 'expired') {
      this.detail.textContent = 'images deleted at the end of retention';
    }
    if (status === 'failed' && error) {
      this.showError(`error: ${error.code}: ${error.message}`);
    }
    this.cancel.hidden = !(status === 'queued' || status === 'running');
  }

  showError(failure) {
    this.error.hidden = false;
    this.error.textContent = typeof failure === 'string' ? failure : describe(failure);
  }

  showImages(sources) {
    this.imagesShown = true;
    this.thumbnails.replaceChildren(...sources.map((source, index) => {
      const image = element('img', {src: source, alt: `image ${index + 1} of task ${this.task.task_address}`, loading: 'lazy'});
      image.addEventListener('click', () => view(source, image.alt));
      // A link is presigned for a limited time: a tab kept open asks for fresh ones, once.
      image.addEventListener('error', () => {
        if (!this.refetched && source.startsWith('http')) {
          this.refetched = true;
          session.loadResult(this);
        }
      }, {once: true});
      return image;
    }));
  }

  async cancelTask() {
    this.cancel.disabled = true;
    try {
      session.update(await session.api(`/v2/tasks/${encodeURIComponent(this.task.task_address)}/cancel`, {method: 'POST'}));
    } catch (failure) {
      this.showError(failure);
    } finally {
      this.cancel.disabled = false;
    }
  }
}

function view(source, alt) {
  const image = $('viewer-image');
  image.src = source;
  image.alt = alt;
  $('viewer').showModal();
}

/** Adds a task the page has not shown yet; a new submission goes on top, a page of the list at the end. */
function addTask(task, {onTop = false, prompt} = {}) {
  if (session.rows.has(task.task_address)) {
    session.update(task);
    return session.rows.get(task.task_address);
  }
  const row = new TaskRow(task, prompt || session.prompts.get(task.task_address));
  session.rows.set(task.task_address, row);
  onTop ? $('tasks').prepend(row.node) : $('tasks').append(row.node);
  if (task.status === 'succeeded') {
    session.loadResult(row);
  }
  session.follow(row, onTop);
  return row;
}

async function loadTasks() {
  const current = session;
  const query = new URLSearchParams({limit: PAGE_SIZE});
  if (current.cursor) {
    query.set('after', current.cursor);
  }
  $('more').disabled = true;
  try {
    const page = await current.api(`/v2/tasks?${query}`);
    if (current !== session) return;
    showError('tasks-error', null);
    page.data.forEach(task => addTask(task));
    current.cursor = page.next_cursor;
    $('more').hidden = !page.has_more;
  } catch (failure) {
    if (!current.signal.aborted) showError('tasks-error', failure);
  } finally {
    $('more').disabled = false;
  }
}

async function loadUsage() {
  const current = session;
  if (!current) return;
  try {
    const usage = await current.api('/v2/usage');
    if (current !== session) return;
    showError('usage-error', null);
    $('balance').textContent = credits(usage.balance);
    $('reserved').textContent = credits(usage.reserved);
    const spend = usage.spend || [];
    $('spent').textContent = credits(spend.reduce((sum, row) => sum + Number(row.amount), 0));
    $('spend').tBodies[0].replaceChildren(...spend.map(row => element('tr', {},
      element('td', {text: row.date}), element('td', {text: row.model}),
      element('td', {text: row.tasks}), element('td', {text: credits(row.amount)}))));
  } catch (failure) {
    if (!current.signal.aborted) showError('usage-error', failure);
  }
}

function credits(value) {
  return Number(value ?? 0).toLocaleString('en', {minimumFractionDigits: 2, maximumFractionDigits: 4});
}

// ---- the submit form: the fields of the chosen model, from what GET /v1/models says of it

const CONTRACT_QUALITIES = ['standard', 'hd', 'low', 'medium', 'high', 'auto'];

/** The qualities a model prices (price keys are "<size>/<quality>"), or the contract's list. */
function qualitiesOf(model) {
  const priced = [...new Set(Object.keys(model.price_per_image || {}).map(key => key.split('/')[1]))]
    .filter(quality => quality && quality !== '*');
  return priced.length > 0 ? priced : CONTRACT_QUALITIES;
}

/** The fields of a model beyond the prompt: sizes, count, and the options its features name. */
function fieldsOf(model) {
  // `parameters` names the optional fields the model takes on /v1/images/generations; features are a fallback.
  const takes = new Set([...(model.parameters || model.features || [])]);
  const features = {has: name => takes.has(name) || (name === 'hd' && takes.has('quality'))};
  const fields = [];
  const select = (name, label, options, value = '') => fields.push({name, label, kind: 'select', options, value});
  const number = (name, label, attributes) => fields.push({name, label, kind: 'number', ...attributes});
  if (model.dimensions) {
    const [width, height] = String(model.dimensions.default || '1024x1024').split('x');
    const bounds = {min: model.dimensions.min, max: model.dimensions.max, step: model.dimensions.multiple_of};
    number('width', 'Width', {value: width, ...bounds, row: 'size'});
    number('height', 'Height', {value: height, ...bounds, row: 'size'});
  } else if (model.aspect_ratios && model.aspect_ratios.length > 0) {
    select('aspect_ratio', 'Aspect ratio', model.aspect_ratios, model.aspect_ratios[0]);
  } else if (model.sizes && model.sizes.length > 0) {
    select('size', 'Size', model.allows_auto ? [...model.sizes, 'auto'] : model.sizes, model.sizes[0]);
  }
  if (model.max_n > 1) {
    number('n', 'Images', {value: 1, min: 1, max: model.max_n, step: 1});
  }
  if (features.has('hd') || features.has('quality')) {
    select('quality', 'Quality', ['', ...qualitiesOf(model)]);
  }
  if (features.has('style')) select('style', 'Style', ['', 'vivid', 'natural']);
  if (features.has('background') || features.has('transparent_background')) select('background', 'Background', ['', 'auto', 'transparent', 'opaque']);
  if (features.has('output_format')) select('output_format', 'Output format', ['', 'png', 'jpeg', 'webp']);
  if (features.has('negative_prompt')) fields.push({name: 'negative_prompt', label: 'Negative prompt', kind: 'text'});
  if (features.has('guidance_scale')) number('guidance_scale', 'Guidance scale', {min: 0, step: 0.1});
  if (features.has('num_inference_steps') || features.has('steps')) number('num_inference_steps', 'Inference steps', {min: 1, step: 1});
  if (features.has('seed')) number('seed', 'Seed', {min: 0, step: 1});
  return fields;
}

function fieldElement(field) {
  const id = `field-${field.name}`;
  let input;
  if (field.kind === 'select') {
    input = element('select', {id, name: field.name});
    input.append(...field.options.map(option => element('option', {value: option, text: option || '(model default)'})));
    input.value = field.value ?? '';
  } else {
    input = element('input', {id, name: field.name, type: field.kind, min: field.min, max: field.max, step: field.step,
      value: field.value});
  }
  input.dataset.kind = field.kind;
  return element('div', {}, element('label', {for: id, text: field.label}), input);
}

function showModelFields() {
  const model = session.models.get($('model').value);
  if (!model) return;
  sessionStorage.setItem(MODEL_STORE, model.id);
  const facts = [`by ${model.owned_by}`, `up to ${model.max_n} image${model.max_n > 1 ? 's' : ''} per task`];
  if (model.price_per_megapixel) {
    facts.push(`$${model.price_per_megapixel.first} for the first megapixel, $${model.price_per_megapixel.additional} for each further one`);
  } else if (model.price_per_image) {
    const prices = Object.values(model.price_per_image);
    const low = Math.min(...prices), high = Math.max(...prices);
    facts.push(low === high ? `$${low} per image` : `$${low} to $${high} per image`);
  }
  if (model.aliases && model.aliases.length > 0) facts.push(`also called ${model.aliases.join(', ')}`);
  $('model-facts').textContent = facts.join(' · ');
  const container = $('model-fields');
  container.replaceChildren();
  let row = null;
  for (const field of fieldsOf(model)) {
    if (field.row) {
      if (!row) container.append(row = element('div', {'class': 'row'}));
      row.append(fieldElement(field));
    } else {
      row = null;
      container.append(fieldElement(field));
    }
  }
}

/** The body of POST /v1/images/generations from the form: only what the user set, sizes as WxH. */
function requestBody() {
  const body = {model: $('model').value, prompt: $('prompt').value};
  for (const input of $('model-fields').querySelectorAll('input, select')) {
    if (input.value === '' || input.name === 'width' || input.name === 'height') continue;
    body[input.name] = input.dataset.kind === 'number' ? Number(input.value) : input.value;
  }
  const width = $('field-width'), height = $('field-height');
  if (width && height) {
    body.size = `${width.value}x${height.value}`;
  }
  body.async = true;
  return body;
}

async function submit(event) {
  event.preventDefault();
  const button = $('generate');
  button.disabled = true;
  showError('submit-error', null);
  $('submit-status').textContent = '';
  const body = requestBody();
  try {
    const accepted = await session.api('/v1/images/generations', {method: 'POST', body});
    session.prompts.set(accepted.task_address, body.prompt);
    addTask({task_address: accepted.task_address, status: accepted.status, model: body.model,
      created_at: accepted.created_at}, {onTop: true, prompt: body.prompt});
    $('submit-status').textContent = `Submitted ${accepted.task_address}.`;
    loadUsage();
  } catch (failure) {
    if (!session.signal.aborted) showError('submit-error', failure);
  } finally {
    button.disabled = false;
  }
}

// ---- signing in and out

async function signIn(key) {
  showError('signin-error', null);
  $('signin-button').disabled = true;
  const candidate = new Session(key, []);
  try {
    const models = await candidate.api('/v1/models');
    signOut(false);
    session = new Session(key, models.data);
    sessionStorage.setItem(KEY_STORE, key);
    $('key').value = key;
    $('key').readOnly = true;
    $('signin-button').hidden = true;
    $('signout-button').hidden = false;
    const picker = $('model');
    // The form makes images from a prompt: models that only edit images are left out of the picker.
    const generating = models.data.filter(model => !model.capabilities || model.capabilities.includes('text_to_image'));
    picker.replaceChildren(...generating.map(model => element('option', {value: model.id, text: model.id})));
    const remembered = sessionStorage.getItem(MODEL_STORE);
    if (remembered && session.models.has(remembered)) picker.value = remembered;
    showModelFields();
    $('console').hidden = false;
    loadUsage();
    await loadTasks();
  } catch (failure) {
    sessionStorage.removeItem(KEY_STORE);
    showError('signin-error', failure);
  } finally {
    $('signin-button').disabled = false;
  }
}

function signOut(forget = true) {
  if (session) {
    session.end();
    session = null;
  }
  $('tasks').replaceChildren();
  $('console').hidden = true;
  $('key').readOnly = false;
  $('signin-button').hidden = false;
  $('signout-button').hidden = true;
  if (forget) {
    sessionStorage.removeItem(KEY_STORE);
    $('key').value = '';
  }
}

/** Refresh starts the list over: its first page, the streams of its unfinished tasks, the credits. */
function refresh() {
  const {key, prompts} = session;
  const models = [...session.models.values()];
  session.end();
  session = new Session(key, models);
  prompts.forEach((prompt, address) => session.prompts.set(address, prompt));
  $('tasks').replaceChildren();
  loadUsage();
  loadTasks();
}

$('signin').addEventListener('submit', event => {
  event.preventDefault();
  signIn($('key').value.trim());
});
$('signout-button').addEventListener('click', () => signOut());
$('submit-form').addEventListener('submit', submit);
$('model').addEventListener('change', showModelFields);
$('more').addEventListener('click', loadTasks);
$('refresh').addEventListener('click', refresh);

const stored = sessionStorage.getItem(KEY_STORE);
if (stored) {
  signIn(stored);
}
