// The operators' console: every waiting room in use (GET /admin/queues, refreshed live), capacity, rate and pause per
// room, and new concerts with their dates. The Admin-Key is typed in and kept only in this tab's sessionStorage.

import { html, render, useEffect, useState } from './lib.js';
import { ApiError, call } from './api.js';
import { count, problemMessage, seoulClock, won } from './i18n.js';
import { LanguageSwitch, Notice, useLanguage } from './common.js';

const KEY_STORE = 'stagedoor.adminKey';
const REFRESH_MILLIS = 2000;
const SEOUL_OFFSET = '+09:00';

function Console() {
  const [lang, t, setLang] = useLanguage();
  const [adminKey, setAdminKey] = useState(() => sessionStorage.getItem(KEY_STORE));
  const [refused, setRefused] = useState(null);

  const open = (key) => {
    sessionStorage.setItem(KEY_STORE, key);
    setRefused(null);
    setAdminKey(key);
  };
  const forget = (because) => {
    sessionStorage.removeItem(KEY_STORE);
    setAdminKey(null);
    setRefused(because || null);
  };
  /** A refused key (403) or operator routes that are off (404 on the list) send the operator back to the key form. */
  const keyTrouble = (error) => {
    if (error instanceof ApiError && (error.code === 'ADMIN_KEY_INVALID' || error.status === 404)) {
      forget(error);
      return true;
    }
    return false;
  };

  return html`
    <header class="top">
      <span class="brand">${t('app.name')}</span>
      <div class="top__end">
        <${LanguageSwitch} lang=${lang} setLang=${setLang} t=${t} />
        ${adminKey && html`<button type="button" class="link" onClick=${() => forget(null)}>${t('operator.forget')}</button>`}
      </div>
    </header>
    <main class="wide">
      <h1>${t('operator.title')}</h1>
      ${adminKey
        ? html`<${Rooms} t=${t} lang=${lang} adminKey=${adminKey} keyTrouble=${keyTrouble} />
               <${CreateConcert} t=${t} adminKey=${adminKey} keyTrouble=${keyTrouble} />`
        : html`<${KeyForm} t=${t} onKey=${open} refused=${refused} />`}
    </main>`;
}

function KeyForm({ t, onKey, refused }) {
  const [key, setKey] = useState('');
  const message = refused && refused.status === 404 && refused.code !== 'ADMIN_KEY_INVALID'
    ? t('operator.off') : problemMessage(t, refused);
  return html`
    <form class="card narrow" onSubmit=${(event) => { event.preventDefault(); onKey(key); }}>
      <${Notice} kind="alert" text=${message} />
      <label>${t('operator.key')}
        <input name="adminKey" type="password" autocomplete="off" required value=${key}
               onInput=${(e) => setKey(e.currentTarget.value)} />
      </label>
      <p class="hint">${t('operator.keyHint')}</p>
      <button type="submit">${t('operator.open')}</button>
    </form>`;
}

function Rooms({ t, lang, adminKey, keyTrouble }) {
  const [rooms, setRooms] = useState(null);
  const [watched, setWatched] = useState([]);
  const [concerts, setConcerts] = useState([]);
  const [refreshedAt, setRefreshedAt] = useState(null);
  const [notice, setNotice] = useState(null);

  useEffect(() => {
    call('GET', '/concerts').then(({ body }) => setConcerts(body.concerts)).catch(() => {});
  }, []);

  // every room in use, plus the rooms the operator asked to see (an idle room is not in the list)
  useEffect(() => {
    let gone = false;
    const load = async () => {
      try {
        const { body } = await call('GET', '/admin/queues', { adminKey });
        const listed = body.rooms;
        const extra = await Promise.all(watched
          .filter((id) => !listed.some((room) => room.concertId === id))
          .map((id) => call('GET', `/admin/queues/${id}`, { adminKey }).then((answer) => answer.body)));
        if (!gone) {
          setRooms([...listed, ...extra].sort((a, b) => a.concertId - b.concertId));
          setRefreshedAt(Date.now());
        }
      } catch (error) {
        if (!gone && !keyTrouble(error)) {
          setNotice({ kind: 'alert', text: problemMessage(t, error) });
        }
      }
    };
    load();
    const timer = setInterval(load, REFRESH_MILLIS);
    return () => {
      gone = true;
      clearInterval(timer);
    };
  }, [adminKey, watched]);

  const tune = async (concertId, change) => {
    setNotice(null);
    try {
      const { body } = await call('PUT', `/admin/queues/${concertId}`, { adminKey, body: change });
      setRooms((current) => (current || []).map((room) => (room.concertId === concertId ? body : room)));
      setNotice({ kind: 'status', text: t('operator.saved', { id: concertId }) });
    } catch (error) {
      if (!keyTrouble(error)) {
        setNotice({ kind: 'alert', text: problemMessage(t, error) });
      }
    }
  };

  const titleOf = (concertId) => {
    const concert = concerts.find((c) => c.concertId === concertId);
    return concert ? concert.title : '';
  };

  return html`
    <section aria-labelledby="rooms-title">
      <h2 id="rooms-title">${t('operator.rooms')}</h2>
      <${Notice} kind=${notice && notice.kind} text=${notice && notice.text} />
      ${refreshedAt && html`<p class="hint">${t('operator.refreshed', { time: seoulClock(refreshedAt, lang) })}</p>`}
      ${rooms && rooms.length === 0 && html`<p>${t('operator.noRooms')}</p>`}
      ${rooms && rooms.length > 0 && html`
        <div class="table-scroll">
          <table class="rooms">
            <thead><tr>
              <th scope="col">${t('operator.concert')}</th>
              <th scope="col" class="number">${t('operator.waiting')}</th>
              <th scope="col" class="number">${t('operator.active')}</th>
              <th scope="col" class="number">${t('operator.admitted')}</th>
              <th scope="col" class="number">${t('operator.capacity')}</th>
              <th scope="col" class="number">${t('operator.rate')}</th>
              <th scope="col">${t('operator.state')}</th>
              <th scope="col">${t('operator.actions')}</th>
            </tr></thead>
            <tbody>
              ${rooms.map((room) => html`<${RoomRow} key=${room.concertId} t=${t} room=${room}
                                                    title=${titleOf(room.concertId)} tune=${tune} />`)}
            </tbody>
          </table>
        </div>`}
      <form class="inline" onSubmit=${(event) => {
        event.preventDefault();
        const id = Number(new FormData(event.currentTarget).get('concert'));
        if (id && !watched.includes(id)) {
          setWatched([...watched, id]);
        }
      }}>
        <label>${t('operator.watchConcert')}
          <select name="concert">
            ${concerts.map((c) => html`<option value=${c.concertId}>${c.concertId} · ${c.title}</option>`)}
          </select>
        </label>
        <button type="submit" class="secondary">${t('operator.watchSubmit')}</button>
      </form>
    </section>`;
}

function RoomRow({ t, room, title, tune }) {
  const id = room.concertId;
  const [capacity, setCapacity] = useState(String(room.activeCapacity));
  const [rate, setRate] = useState(String(room.admissionsPerMinute));
  return html`
    <tr>
      <th scope="row">${id}${title && html` · ${title}`}</th>
      <td class="number">${count(room.waiting)}</td>
      <td class="number">${count(room.active)}</td>
      <td class="number">${count(room.admittedLastMinute)}</td>
      <td><input class="short" inputmode="numeric" aria-label=${t('operator.capacityFor', { id })} value=${capacity}
                 onInput=${(e) => setCapacity(e.currentTarget.value.replace(/[^0-9]/g, ''))} /></td>
      <td><input class="short" inputmode="numeric" aria-label=${t('operator.rateFor', { id })} value=${rate}
                 onInput=${(e) => setRate(e.currentTarget.value.replace(/[^0-9]/g, ''))} /></td>
      <td>${room.paused ? html`<strong class="paused">${t('operator.paused')}</strong>` : t('operator.open.state')}</td>
      <td class="row-actions">
        <button type="button" class="secondary" aria-label=${t('operator.save', { id })}
                onClick=${() => tune(id, { activeCapacity: Number(capacity), admissionsPerMinute: Number(rate) })}>
          ${t('operator.saveShort')}
        </button>
        <button type="button" aria-label=${room.paused ? t('operator.resume', { id }) : t('operator.pause', { id })}
                onClick=${() => tune(id, { paused: !room.paused })}>
          ${room.paused ? t('operator.resumeShort') : t('operator.pauseShort')}
        </button>
      </td>
    </tr>`;
}

function CreateConcert({ t, adminKey, keyTrouble }) {
  const blank = () => ({ startsAt: '', seats: '50', price: '130000' });
  const [title, setTitle] = useState('');
  const [schedules, setSchedules] = useState([blank()]);
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(false);

  const change = (index, field, value) => setSchedules(schedules.map((s, i) => (i === index ? { ...s, [field]: value } : s)));

  // a date typed as Seoul wall-clock time ("2026-12-24T19:00") is the instant 2026-12-24T10:00:00Z
  const instant = (local) => new Date(`${local}:00${SEOUL_OFFSET}`).toISOString();

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      const { body } = await call('POST', '/admin/concerts', {
        adminKey,
        body: {
          title,
          schedules: schedules.map((s) => ({ startsAt: instant(s.startsAt), seats: Number(s.seats), price: Number(s.price) })),
        },
      });
      setNotice({ kind: 'status', text: t('operator.created', { id: body.concertId, title: body.title, count: body.schedules.length }) });
      setTitle('');
      setSchedules([blank()]);
    } catch (error) {
      if (!keyTrouble(error)) {
        setNotice({ kind: 'alert', text: problemMessage(t, error) });
      }
    }
    setBusy(false);
  };

  return html`
    <section aria-labelledby="create-title">
      <h2 id="create-title">${t('operator.create')}</h2>
      <${Notice} kind=${notice && notice.kind} text=${notice && notice.text} />
      <form class="card" onSubmit=${submit}>
        <label>${t('operator.concertTitle')}
          <input name="title" required maxlength="200" value=${title} onInput=${(e) => setTitle(e.currentTarget.value)} />
        </label>
        ${schedules.map((s, index) => html`
          <fieldset key=${index}>
            <legend>${t('operator.schedule', { n: index + 1 })}</legend>
            <label>${t('operator.startsAt')}
              <input type="datetime-local" required value=${s.startsAt}
                     onInput=${(e) => change(index, 'startsAt', e.currentTarget.value)} />
            </label>
            <label>${t('operator.seats')}
              <input inputmode="numeric" required value=${s.seats}
                     onInput=${(e) => change(index, 'seats', e.currentTarget.value.replace(/[^0-9]/g, ''))} />
            </label>
            <label>${t('operator.price')}
              <input inputmode="numeric" required value=${s.price}
                     onInput=${(e) => change(index, 'price', e.currentTarget.value.replace(/[^0-9]/g, ''))} />
            </label>
            <span class="hint">${s.price && won(Number(s.price))}</span>
            ${schedules.length > 1 && html`
              <button type="button" class="secondary" onClick=${() => setSchedules(schedules.filter((x, i) => i !== index))}>
                ${t('operator.removeSchedule', { n: index + 1 })}
              </button>`}
          </fieldset>`)}
        <div class="actions">
          <button type="button" class="secondary" onClick=${() => setSchedules([...schedules, blank()])}>
            ${t('operator.addSchedule')}
          </button>
          <button type="submit" disabled=${busy}>${t('operator.createSubmit')}</button>
        </div>
      </form>
    </section>`;
}

render(html`<${Console} />`, document.getElementById('app'));
