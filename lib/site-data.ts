/**
 * The content script's work on a page the user allowed (entrypoints/site.content.ts): each element with
 * `data-signin-api` (and `data-signin-path`) gets the answer of that API for that path, as text, or the words of why
 * not. The attributes are the page's, and the page may be hostile: they go to the background as they are, and the
 * background decides (the API must be allowed on this site, the path must stay under the API's URL). Nothing here is a
 * check, and no token is ever here: the background's answer is a status and a body.
 */
import type { ApiResponse } from 'mv3-signin';
import { errorWords } from './error-words';
import { t } from './i18n';

export const SITE_API_ATTRIBUTE = 'data-signin-api';
export const SITE_PATH_ATTRIBUTE = 'data-signin-path';
const SELECTOR = `[${SITE_API_ATTRIBUTE}]`;

/** What an element asks for. */
export interface SiteRequest {
  readonly api: string;
  readonly path: string;
}

/** The part of the package's answer (client.fetch) that is shown. */
export type SiteAnswer = Pick<ApiResponse, 'api' | 'status' | 'body' | 'truncated'>;

/** Asks the background for `path` of the API named `api` (the package's client.fetch). */
export type SiteFetch = (api: string, path: string) => Promise<SiteAnswer>;

/** The request of an element: its attributes as the page wrote them (a missing path is '', which the background refuses). */
export function readSiteRequest(element: Pick<Element, 'getAttribute'>): SiteRequest | undefined {
  const api = element.getAttribute(SITE_API_ATTRIBUTE);
  if (api === null) return undefined;
  return { api, path: element.getAttribute(SITE_PATH_ATTRIBUTE) ?? '' };
}

/** The text an answer is shown as: a success's body (said when it was cut), else the status in words. */
export function answerText(answer: SiteAnswer): string {
  if (answer.status < 200 || answer.status > 299) return t('site_api_status', answer.api, String(answer.status));
  return answer.truncated ? `${answer.body}\n${t('site_body_cut')}` : answer.body;
}

/**
 * The elements a batch of mutations asks to be shown (again), each once: an element whose `data-signin-*` attribute
 * changed and still names an API, and every such element in what was added.
 */
export function elementsToShow(records: Iterable<Pick<MutationRecord, 'type' | 'target' | 'addedNodes'>>): Set<Element> {
  const elements = new Set<Element>();
  for (const record of records) {
    if (record.type === 'attributes') {
      if (isElement(record.target) && record.target.hasAttribute(SITE_API_ATTRIBUTE)) elements.add(record.target);
      continue;
    }
    for (const node of Array.from(record.addedNodes)) {
      if (!isElement(node)) continue;
      if (node.matches(SELECTOR)) elements.add(node);
      for (const inner of Array.from(node.querySelectorAll(SELECTOR))) elements.add(inner);
    }
  }
  return elements;
}

const ELEMENT_NODE = 1;
const isElement = (node: Node): node is Element => node.nodeType === ELEMENT_NODE;

/**
 * Shows each `[data-signin-api]` element of `document` its API's answer, now and whenever the page adds one or changes
 * its attributes (the latest request of an element wins; an earlier answer that comes later is dropped).
 *
 * @returns the function that stops watching the page.
 */
export function showSiteData(document: Document, fetch: SiteFetch): () => void {
  const latest = new WeakMap<Element, number>();
  let sequence = 0;

  async function show(element: Element): Promise<void> {
    const request = readSiteRequest(element);
    if (!request) return;
    const mine = ++sequence;
    latest.set(element, mine);
    element.setAttribute('aria-busy', 'true');
    let text: string;
    try {
      text = answerText(await fetch(request.api, request.path));
    } catch (err) {
      text = errorWords(err);
    }
    if (latest.get(element) !== mine) return;
    // Text, never markup: the body is the API's, and the page reads whatever is shown.
    element.textContent = text;
    element.removeAttribute('aria-busy');
  }

  const observer = new MutationObserver((records) => {
    for (const element of elementsToShow(records)) void show(element);
  });
  observer.observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: [SITE_API_ATTRIBUTE, SITE_PATH_ATTRIBUTE],
  });
  for (const element of Array.from(document.querySelectorAll(SELECTOR))) void show(element);
  return () => observer.disconnect();
}
