// Pieces both pages share: the language switch, messages, the hash route.

import { html, useEffect, useState } from './lib.js';
import { LANGUAGES, initialLanguage, rememberLanguage, translator } from './i18n.js';

/** [lang, t, setLang]: the page's language, kept for the tab and set on <html lang>. */
export function useLanguage() {
  const [lang, setLang] = useState(initialLanguage);
  useEffect(() => {
    rememberLanguage(lang);
  }, [lang]);
  return [lang, translator(lang), setLang];
}

export function LanguageSwitch({ lang, setLang, t }) {
  return html`
    <label class="language">
      <span>${t('lang.label')}</span>
      <select value=${lang} onChange=${(event) => setLang(event.currentTarget.value)}>
        ${LANGUAGES.map((language) => html`<option value=${language.code} lang=${language.code}>${language.name}</option>`)}
      </select>
    </label>`;
}

/** A message people must notice (role=alert) or a quiet one (role=status). */
export function Notice({ kind = 'status', text }) {
  if (!text) {
    return null;
  }
  return kind === 'alert'
    ? html`<p class="notice notice--alert" role="alert">${text}</p>`
    : html`<p class="notice" role="status">${text}</p>`;
}

/** The current location hash, as a path ("#/concert/1" -> ["concert", "1"]). */
export function useHashPath() {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const changed = () => setHash(window.location.hash);
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return hash.replace(/^#\/?/, '').split('/').filter(Boolean);
}

export function go(path) {
  window.location.hash = path;
}
