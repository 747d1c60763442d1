// The fans' page: sign in or sign up, concerts, the waiting room, dates, the seat map, a hold with its countdown,
// payment with a receipt, and the balance. Only the HTTP API is used, as documented.

import { html, render, useCallback, useEffect, useRef, useState } from './lib.js';
import { ApiError, call, newIdempotencyKey } from './api.js';
import { count, minutesSeconds, problemMessage, seoulClock, seoulTime, won } from './i18n.js';
import { LanguageSwitch, Notice, go, useHashPath, useLanguage } from './common.js';
import { watchQueue } from './queue.js';

// The signed-in user and the access token live in sessionStorage (this tab only; never localStorage).
const SESSION_KEY = 'stagedoor.session';
// The current hold (reservation, its date and the checkout's Idempotency-Key), so a reload keeps the checkout.
const HOLD_KEY = 'stagedoor.hold';
const SEAT_MAP_REFRESH_MILLIS = 3000;

function loadSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(SESSION_KEY));
    return session && session.accessToken && session.expiresAt > Date.now() ? session : null;
  } catch (unreadable) {
    return null;
  }
}

function loadHold(userId, concertId) {
  try {
    const hold = JSON.parse(sessionStorage.getItem(HOLD_KEY));
    return hold && hold.reservation.userId === userId && hold.reservation.concertId === concertId ? hold : null;
  } catch (unreadable) {
    return null;
  }
}

function saveHold(hold) {
  if (hold) {
    sessionStorage.setItem(HOLD_KEY, JSON.stringify(hold));
  } else {
    sessionStorage.removeItem(HOLD_KEY);
  }
}

function App() {
  const [lang, t, setLang] = useLanguage();
  const [session, setSession] = useState(loadSession);
  const [signedOutBecause, setSignedOutBecause] = useState(null);
  const [concerts, setConcerts] = useState(null);
  const [concertsProblem, setConcertsProblem] = useState(null);
  // a new account's user ID stays on screen after sign-in: the fan needs it to sign in again
  const [welcome, setWelcome] = useState(null);
  const path = useHashPath();

  const signIn = (signedIn, created) => {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(signedIn));
    setSignedOutBecause(null);
    setWelcome(created || null);
    setSession(signedIn);
  };
  // a sign-out the fan chose forgets the checkout too; an expired sign-in keeps it for when the fan is back
  const signOut = useCallback((because) => {
    sessionStorage.removeItem(SESSION_KEY);
    setWelcome(null);
    if (!because) {
      saveHold(null);
    }
    setSession(null);
    setSignedOutBecause(because || null);
  }, []);
  /** Every failed call ends here first: a bearer that is no longer accepted signs the fan out. */
  const authLost = useCallback((error) => {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
      signOut(error);
      return true;
    }
    return false;
  }, [signOut]);

  useEffect(() => {
    call('GET', '/concerts')
      .then(({ body }) => setConcerts(body.concerts))
      .catch(setConcertsProblem);
  }, []);

  let page;
  if (!session) {
    page = html`<${SignIn} t=${t} onSignedIn=${signIn} because=${signedOutBecause} />`;
  } else if (path[0] === 'balance') {
    page = html`<${BalancePage} t=${t} lang=${lang} session=${session} authLost=${authLost} />`;
  } else if (path[0] === 'concert' && Number(path[1]) > 0) {
    const concertId = Number(path[1]);
    const concert = (concerts || []).find((c) => c.concertId === concertId);
    page = html`<${ConcertBooking} key=${concertId} t=${t} lang=${lang} session=${session} concertId=${concertId}
                   title=${concert ? concert.title : ''} authLost=${authLost} />`;
  } else {
    page = html`<${ConcertList} t=${t} concerts=${concerts} problem=${concertsProblem} welcome=${welcome} />`;
  }
  return html`
    <header class="top">
      <a class="brand" href="#/">${t('app.name')}</a>
      ${session && html`
        <nav aria-label=${t('nav.main')}>
          <a href="#/">${t('nav.concerts')}</a>
          <a href="#/balance">${t('nav.balance')}</a>
        </nav>`}
      <div class="top__end">
        <${LanguageSwitch} lang=${lang} setLang=${setLang} t=${t} />
        ${session && html`
          <span class="who">${t('nav.signedInAs', { userId: session.userId })}</span>
          <button type="button" class="link" onClick=${() => signOut(null)}>${t('nav.signOut')}</button>`}
      </div>
    </header>
    <main>${page}</main>`;
}

// ---- sign in / sign up ------------------------------------------------------------------------------------------

function SignIn({ t, onSignedIn, because }) {
  const [userId, setUserId] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [problem, setProblem] = useState(because);
  const [created, setCreated] = useState(null);
  const [busy, setBusy] = useState(false);

  const signIn = async (id, secret, created) => {
    const { body } = await call('POST', '/auth/tokens', { body: { userId: Number(id), password: secret } });
    onSignedIn({ userId: body.userId, accessToken: body.accessToken, expiresAt: Date.now() + body.expiresIn * 1000 },
      created);
  };
  const submitSignIn = async (event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await signIn(userId, password);
    } catch (failure) {
      setProblem(failure);
      setBusy(false);
    }
  };
  const submitSignUp = async (event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const { body } = await call('POST', '/users', { body: { name, password: newPassword } });
      setCreated(body);
      await signIn(body.userId, newPassword, body);
    } catch (failure) {
      setProblem(failure);
      setBusy(false);
    }
  };
  return html`
    <section class="card narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">${t('signIn.title')}</h1>
      <p class="hint">${t('signIn.demo')}</p>
      <button type="button" class="link" onClick=${() => { setUserId('42'); setPassword('stagedoor-demo'); }}>
        ${t('signIn.useDemo')}
      </button>
      <${Notice} kind="alert" text=${problemMessage(t, problem)} />
      <${Notice} text=${created && t('signUp.created', { name: created.name, userId: created.userId })} />
      <form onSubmit=${submitSignIn}>
        <label>${t('signIn.userId')}
          <input name="userId" inputmode="numeric" autocomplete="username" required value=${userId}
                 onInput=${(e) => setUserId(e.currentTarget.value.trim())} />
        </label>
        <label>${t('signIn.password')}
          <input name="password" type="password" autocomplete="current-password" required value=${password}
                 onInput=${(e) => setPassword(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled=${busy}>${t('signIn.submit')}</button>
      </form>
    </section>
    <section class="card narrow" aria-labelledby="sign-up-title">
      <h2 id="sign-up-title">${t('signUp.title')}</h2>
      <form onSubmit=${submitSignUp}>
        <label>${t('signUp.name')}
          <input name="name" autocomplete="name" required maxlength="100" value=${name}
                 onInput=${(e) => setName(e.currentTarget.value)} />
        </label>
        <label>${t('signUp.password')}
          <input name="newPassword" type="password" autocomplete="new-password" required minlength="12"
                 value=${newPassword} onInput=${(e) => setNewPassword(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled=${busy}>${t('signUp.submit')}</button>
      </form>
    </section>`;
}

// ---- concerts ---------------------------------------------------------------------------------------------------

function ConcertList({ t, concerts, problem, welcome }) {
  return html`
    <section aria-labelledby="concerts-title">
      <h1 id="concerts-title">${t('concerts.title')}</h1>
      <${Notice} text=${welcome && t('signUp.created', { name: welcome.name, userId: welcome.userId })} />
      <${Notice} kind="alert" text=${problemMessage(t, problem)} />
      ${concerts === null && !problem && html`<p>${t('concerts.loading')}</p>`}
      ${concerts && concerts.length === 0 && html`<p>${t('concerts.empty')}</p>`}
      <ul class="concerts">
        ${(concerts || []).map((concert) => html`
          <li key=${concert.concertId} class="card">
            <h2 class="concert-title">${concert.title}</h2>
            <a class="button" href=${`#/concert/${concert.concertId}`}
               aria-label=${t('concerts.joinFor', { title: concert.title })}>${t('concerts.join')}</a>
          </li>`)}
      </ul>
    </section>`;
}

// ---- one concert: the waiting room, then dates, seats, hold, payment --------------------------------------------

function ConcertBooking({ t, lang, session, concertId, title, authLost }) {
  const [token, setToken] = useState(null);
  const [standing, setStanding] = useState(null);
  const [mode, setMode] = useState(null);
  const [problem, setProblem] = useState(null);
  const [schedule, setSchedule] = useState(null);
  const [receipt, setReceipt] = useState(null);
  const [attempt, setAttempt] = useState(0);

  const failed = useCallback((error) => {
    if (!authLost(error)) {
      setProblem(error);
    }
  }, [authLost]);

  // Joining again returns the same token and place, so a reload (or a second tab) keeps the place.
  useEffect(() => {
    let stop = () => {};
    let gone = false;
    setProblem(null);
    call('POST', '/queue/tokens', { body: { concertId, userId: session.userId }, bearer: session.accessToken })
      .then(({ body }) => {
        if (gone) {
          return;
        }
        setToken(body.token);
        setStanding(body);
        if (body.status !== 'ACTIVE') {
          stop = watchQueue(body.token, body, (status, how) => {
            setStanding(status);
            setMode(how);
          }, failed);
        }
      })
      .catch(failed);
    return () => {
      gone = true;
      stop();
    };
  }, [concertId, session, attempt, failed]);

  const tokenEnded = problem instanceof ApiError
    && ['QUEUE_TOKEN_INVALID', 'QUEUE_TOKEN_MISSING'].includes(problem.code);
  const heading = html`<h1 id="concert-title">${title || t('queue.title')}</h1>`;

  if (receipt) {
    return html`<section aria-labelledby="concert-title">${heading}
      <${Receipt} t=${t} lang=${lang} receipt=${receipt} title=${title} /></section>`;
  }
  if (tokenEnded) {
    return html`<section aria-labelledby="concert-title">${heading}
      <${Notice} kind="alert" text=${problemMessage(t, problem)} />
      <button type="button" onClick=${() => { setToken(null); setStanding(null); setAttempt(attempt + 1); }}>
        ${t('concerts.join')}
      </button></section>`;
  }
  return html`
    <section aria-labelledby="concert-title">
      ${heading}
      <${Notice} kind="alert" text=${problemMessage(t, problem)} />
      ${!standing && !problem && html`<p role="status">${t('queue.joining')}</p>`}
      ${standing && standing.status !== 'ACTIVE' && html`<${WaitingRoom} t=${t} standing=${standing} mode=${mode} />`}
      ${standing && standing.status === 'ACTIVE' && html`
        <p class="notice notice--good" role="status">${t('queue.admitted')}</p>
        ${standing.activeUntil && html`<p class="hint">${t('queue.sessionEnds', { time: seoulClock(standing.activeUntil, lang) })}</p>`}
        <${Booking} t=${t} lang=${lang} session=${session} token=${token} concertId=${concertId}
                    schedule=${schedule} setSchedule=${setSchedule} onPaid=${setReceipt} failed=${failed} />`}
      <p><a href="#/">${t('queue.leave')}</a></p>
    </section>`;
}

function WaitingRoom({ t, standing, mode }) {
  // `paused` is in the status while an operator has paused the room; without it, a wait that cannot be estimated
  // (estimatedWaitSeconds null) is shown the same way
  const paused = standing.paused === true || standing.estimatedWaitSeconds === null;
  let wait;
  if (paused) {
    wait = t('queue.waitUnknown');
  } else if (standing.estimatedWaitSeconds < 60) {
    wait = t('queue.waitSoon');
  } else {
    const minutes = Math.ceil(standing.estimatedWaitSeconds / 60);
    wait = t('queue.wait', { wait: minutes === 1 ? t('wait.minute') : t('wait.minutes', { n: count(minutes) }) });
  }
  let ahead;
  if (standing.ahead === 0) {
    ahead = t('queue.aheadNone');
  } else if (standing.ahead === 1) {
    ahead = t('queue.aheadOne');
  } else {
    ahead = t('queue.ahead', { ahead: count(standing.ahead) });
  }
  return html`
    <div class="card waiting" role="status" aria-live="polite">
      <h2>${t('queue.title')}</h2>
      <p class="position">${t('queue.position', { position: count(standing.position) })}</p>
      <p>${ahead}</p>
      <p>${wait}</p>
      ${paused && html`<p class="notice notice--paused">${t('queue.paused')}</p>`}
    </div>
    <p class="hint">${t('queue.keepOpen')} ${mode === 'stream' ? t('queue.live') : mode === 'poll' ? t('queue.polling') : ''}</p>`;
}

function Booking({ t, lang, session, token, concertId, schedule, setSchedule, onPaid, failed }) {
  const [schedules, setSchedules] = useState(null);
  const [hold, setHoldState] = useState(() => loadHold(session.userId, concertId));
  const [notice, setNotice] = useState(null);
  const [mapVersion, setMapVersion] = useState(0);
  const [paying, setPaying] = useState(false);
  const auth = { bearer: session.accessToken, queueToken: token };

  const setHold = (next) => {
    saveHold(next);
    setHoldState(next);
  };

  useEffect(() => {
    call('GET', `/concerts/${concertId}/schedules`, auth)
      .then(({ body }) => setSchedules(body.schedules))
      .catch(failed);
  }, [token]);

  // a hold kept from before a reload: still held?
  useEffect(() => {
    if (!hold) {
      return;
    }
    call('GET', `/reservations/${hold.reservation.reservationId}`, auth)
      .then(({ body }) => {
        if (body.status !== 'HELD') {
          setHold(null);
        } else if (!schedule) {
          setSchedule({ scheduleId: hold.reservation.scheduleId, startsAt: hold.startsAt });
        }
      })
      .catch((error) => {
        setHold(null);
        if (!(error instanceof ApiError) || error.status !== 404) {
          failed(error);
        }
      });
  }, [token]);

  const takeSeat = async (seatNumber) => {
    setNotice(null);
    try {
      const { body, date } = await call('POST', '/reservations',
        { ...auth, body: { scheduleId: schedule.scheduleId, seatNumber } });
      // the countdown runs on this browser's clock, corrected by the server's Date header
      const remaining = Date.parse(body.expiresAt) - (date || Date.now());
      setHold({
        reservation: body,
        startsAt: schedule.startsAt,
        deadline: Date.now() + remaining,
        idempotencyKey: newIdempotencyKey('checkout'),
      });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'SEAT_UNAVAILABLE') {
        setNotice({ kind: 'alert', text: t('seats.taken', { n: seatNumber }) });
      } else {
        failed(error);
      }
    }
    setMapVersion((v) => v + 1);
  };

  // the checkout is gone: keyboard focus goes back to the seat map rather than to the top of the page
  const released = (message) => {
    setHold(null);
    setNotice(message);
    setMapVersion((v) => v + 1);
    const seatsHeading = document.getElementById('seats-title');
    if (seatsHeading) {
      seatsHeading.focus();
    }
  };

  if (!schedule) {
    return html`
      <section aria-labelledby="dates-title">
        <h2 id="dates-title">${t('dates.title')}</h2>
        ${schedules && schedules.length === 0 && html`<p>${t('dates.none')}</p>`}
        <ul class="dates">
          ${(schedules || []).map((s) => html`
            <li key=${s.scheduleId}>
              <button type="button" class="date" onClick=${() => setSchedule(s)}
                      aria-label=${t('dates.choose', { date: seoulTime(s.startsAt, lang), count: count(s.availableSeats) })}>
                <span class="date__when">${seoulTime(s.startsAt, lang)}</span>
                <span class="date__free">${t('dates.free', { count: count(s.availableSeats) })}</span>
              </button>
            </li>`)}
        </ul>
      </section>`;
  }
  return html`
    <div class="booking">
      <${SeatMap} t=${t} lang=${lang} auth=${auth} concertId=${concertId} schedule=${schedule} version=${mapVersion}
                  frozen=${paying} canHold=${!hold} onSeat=${takeSeat} failed=${failed}
                  onBack=${() => setSchedule(null)} />
      <div class="side">
        <${Notice} kind=${notice && notice.kind} text=${notice && notice.text} />
        ${hold && html`
          <${Checkout} t=${t} lang=${lang} session=${session} auth=${auth} hold=${hold} failed=${failed}
                       onPaying=${setPaying}
                       onPaid=${(payment) => { setHold(null); onPaid({ payment, hold }); }}
                       onReleased=${released} />`}
      </div>
    </div>`;
}

function SeatMap({ t, lang, auth, concertId, schedule, version, frozen, canHold, onSeat, failed, onBack }) {
  const [seats, setSeats] = useState(null);
  const [busy, setBusy] = useState(false);

  // The map refreshes while it is open, so seats others take or free show up by themselves. It stands still while a
  // payment runs (the payment ends the queue token), and a read still out when the map closes is abandoned.
  useEffect(() => {
    if (frozen) {
      return undefined;
    }
    let gone = false;
    const controller = new AbortController();
    const load = () => call('GET', `/concerts/${concertId}/schedules/${schedule.scheduleId}/seat-map`,
      { ...auth, signal: controller.signal })
      .then(({ body }) => !gone && setSeats(body.seats))
      .catch((error) => {
        if (!gone && error.name !== 'AbortError') {
          gone = true;
          clearInterval(timer);
          failed(error);
        }
      });
    load();
    const timer = setInterval(load, SEAT_MAP_REFRESH_MILLIS);
    return () => {
      gone = true;
      clearInterval(timer);
      controller.abort();
    };
  }, [schedule.scheduleId, auth.queueToken, version, frozen]);

  const choose = async (seat) => {
    if (busy || !canHold || seat.state !== 'FREE') {
      return;
    }
    setBusy(true);
    await onSeat(seat.seatNumber);
    setBusy(false);
  };

  return html`
    <section class="seatmap" aria-labelledby="seats-title">
      <h2 id="seats-title" tabindex="-1">${t('seats.title')}</h2>
      <p>${t('seats.for', { date: seoulTime(schedule.startsAt, lang) })}
        ${' '}<button type="button" class="link" onClick=${onBack}>${t('seats.back')}</button></p>
      <div class="stage" aria-hidden="true">STAGE</div>
      <ol class="seats">
        ${(seats || []).map((seat) => html`
          <li key=${seat.seatNumber}>
            <button type="button" class=${`seat seat--${seat.state.toLowerCase()}`}
                    aria-label=${t('seat.label', { n: seat.seatNumber, price: won(seat.price), state: t(`state.${seat.state}`) })}
                    disabled=${seat.state === 'HELD' || seat.state === 'SOLD'}
                    aria-disabled=${seat.state === 'MINE' || !canHold ? 'true' : undefined}
                    onClick=${() => choose(seat)}>${seat.seatNumber}</button>
          </li>`)}
      </ol>
      <ul class="legend" aria-label=${t('seats.legend')}>
        ${['FREE', 'MINE', 'HELD', 'SOLD'].map((state) => html`
          <li key=${state}><span class=${`swatch seat--${state.toLowerCase()}`} aria-hidden="true"></span>${t(`state.${state}`)}</li>`)}
      </ul>
      <p class="hint">${t('seats.refreshing')}</p>
    </section>`;
}

function Checkout({ t, lang, session, auth, hold, failed, onPaying, onPaid, onReleased }) {
  const [left, setLeft] = useState(() => (hold.deadline - Date.now()) / 1000);
  const [paying, setPaying] = useState(false);
  const [charging, setCharging] = useState(false);
  const [balance, setBalance] = useState(null);
  const [problem, setProblem] = useState(null);
  const chargeKey = useRef(null);
  const heading = useRef(null);
  const payButton = useRef(null);
  const { reservation } = hold;

  // the new hold is where the fan goes next (on a phone it sits below the map): bring it into view and focus
  useEffect(() => {
    if (heading.current) {
      heading.current.focus();
    }
  }, [hold.reservation.reservationId]);

  useEffect(() => {
    const tick = () => {
      const seconds = (hold.deadline - Date.now()) / 1000;
      setLeft(seconds);
      if (seconds <= 0) {
        clearInterval(timer);
        onReleased({ kind: 'alert', text: t('hold.expired', { n: reservation.seatNumber }) });
      }
    };
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [hold.reservation.reservationId]);

  const readBalance = () => call('GET', `/users/${session.userId}/balance`, { bearer: session.accessToken })
    .then(({ body }) => setBalance(body.balance))
    .catch(failed);
  useEffect(() => {
    readBalance();
  }, [hold.reservation.reservationId]);

  // One Idempotency-Key per checkout (made with the hold): a double click, or Pay again after a lost answer, pays once.
  const pay = async () => {
    if (paying) {
      return;
    }
    setPaying(true);
    onPaying(true);
    setProblem(null);
    try {
      const { body } = await call('POST', '/payments', {
        ...auth, idempotencyKey: hold.idempotencyKey, body: { reservationId: reservation.reservationId },
      });
      onPaid(body);
    } catch (error) {
      setPaying(false);
      onPaying(false);
      if (!(error instanceof ApiError)) {
        throw error;
      }
      if (error.code === 'RESERVATION_EXPIRED') {
        onReleased({ kind: 'alert', text: t('hold.expired', { n: reservation.seatNumber }) });
      } else if (error.code === 'INSUFFICIENT_BALANCE') {
        setProblem({ text: t('hold.chargeFirst') });
        readBalance();
      } else if (error.code === 'NETWORK' || error.status >= 500) {
        setProblem({ text: t('hold.retry') });
      } else {
        failed(error);
      }
    }
  };

  const missing = balance === null ? 0 : Math.max(0, reservation.price - balance);
  const charge = async () => {
    setCharging(true);
    setProblem(null);
    chargeKey.current = chargeKey.current || { amount: missing, key: newIdempotencyKey('charge') };
    try {
      const { body } = await call('POST', `/users/${session.userId}/balance/charges`, {
        bearer: session.accessToken, idempotencyKey: chargeKey.current.key, body: { amount: chargeKey.current.amount },
      });
      chargeKey.current = null;
      setBalance(body.balance);
      // the charge button goes away; paying is next
      setTimeout(() => payButton.current && payButton.current.focus(), 0);
    } catch (error) {
      setProblem({ text: problemMessage(t, error) });
    }
    setCharging(false);
  };

  const cancel = async () => {
    try {
      await call('DELETE', `/reservations/${reservation.reservationId}`, auth);
      onReleased({ kind: 'status', text: t('hold.cancelled', { n: reservation.seatNumber }) });
    } catch (error) {
      failed(error);
    }
  };

  return html`
    <section class="card checkout" aria-labelledby="hold-title">
      <h2 id="hold-title" tabindex="-1" ref=${heading}>${t('hold.title')}</h2>
      <p>${t('hold.summary', { n: reservation.seatNumber, date: seoulTime(hold.startsAt, lang) })}</p>
      <p>${t('hold.price', { price: won(reservation.price) })}</p>
      <p class="countdown">${t('hold.countdownLabel')}:
        ${' '}<span role="timer" aria-label=${t('hold.countdownLabel')}>${minutesSeconds(left)}</span></p>
      <p>${balance !== null && t('hold.balance', { balance: won(balance) })}</p>
      <${Notice} kind="alert" text=${problem && problem.text} />
      ${missing > 0 && html`
        <button type="button" class="secondary" disabled=${charging} onClick=${charge}>
          ${charging ? t('balance.charging') : `${t('balance.charge')}: ${won(missing)}`}
        </button>`}
      <div class="actions">
        <button type="button" ref=${payButton} disabled=${paying || missing > 0} aria-busy=${paying ? 'true' : undefined}
                onClick=${pay}>${paying ? t('hold.paying') : t('hold.pay', { price: won(reservation.price) })}</button>
        <button type="button" class="secondary" disabled=${paying} onClick=${cancel}>${t('hold.cancel')}</button>
      </div>
    </section>`;
}

function Receipt({ t, lang, receipt, title }) {
  const { payment, hold } = receipt;
  const heading = useRef(null);
  useEffect(() => heading.current && heading.current.focus(), []);
  return html`
    <section class="card receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title" tabindex="-1" ref=${heading}>${t('receipt.title')}</h2>
      <p class="notice notice--good" role="status">${t('receipt.done')}</p>
      <dl>
        <dt>${t('receipt.concert')}</dt><dd>${title}</dd>
        <dt>${t('receipt.date')}</dt><dd>${seoulTime(hold.startsAt, lang)}</dd>
        <dt>${t('receipt.seat')}</dt><dd>${hold.reservation.seatNumber}</dd>
        <dt>${t('receipt.amount')}</dt><dd>${won(payment.amount)}</dd>
        <dt>${t('receipt.paidAt')}</dt><dd>${seoulTime(payment.paidAt, lang)}</dd>
        <dt>${t('receipt.payment')}</dt><dd>${payment.paymentId}</dd>
        <dt>${t('receipt.balance')}</dt><dd>${won(payment.balance)}</dd>
      </dl>
      <a class="button" href="#/">${t('receipt.again')}</a>
    </section>`;
}

// ---- balance ----------------------------------------------------------------------------------------------------

const QUICK_AMOUNTS = [50000, 100000, 200000];

function BalancePage({ t, lang, session, authLost }) {
  const [balance, setBalance] = useState(null);
  const [entries, setEntries] = useState([]);
  const [amount, setAmount] = useState('100000');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState(null);
  const attempt = useRef(null);
  const bearer = session.accessToken;

  const load = () => Promise.all([
    call('GET', `/users/${session.userId}/balance`, { bearer }),
    call('GET', `/users/${session.userId}/balance/history?limit=20`, { bearer }),
  ]).then(([current, history]) => {
    setBalance(current.body.balance);
    setEntries(history.body.entries);
  }).catch((error) => authLost(error) || setNotice({ kind: 'alert', text: problemMessage(t, error) }));
  useEffect(() => {
    load();
  }, [session.userId]);

  // the same Idempotency-Key for every retry of one charge (same amount), a new one for the next charge
  const charge = async (event) => {
    event.preventDefault();
    const value = Number(amount);
    if (!attempt.current || attempt.current.amount !== value) {
      attempt.current = { amount: value, key: newIdempotencyKey('charge') };
    }
    setBusy(true);
    setNotice(null);
    try {
      const { body } = await call('POST', `/users/${session.userId}/balance/charges`,
        { bearer, idempotencyKey: attempt.current.key, body: { amount: value } });
      attempt.current = null;
      setNotice({ kind: 'status', text: t('balance.charged', { amount: won(value), balance: won(body.balance) }) });
      await load();
    } catch (error) {
      if (!authLost(error)) {
        setNotice({ kind: 'alert', text: problemMessage(t, error) });
      }
    }
    setBusy(false);
  };

  return html`
    <section aria-labelledby="balance-title">
      <h1 id="balance-title">${t('balance.title')}</h1>
      <p class="balance">${t('balance.current')}: <strong>${balance === null ? '…' : won(balance)}</strong></p>
      <${Notice} kind=${notice && notice.kind} text=${notice && notice.text} />
      <form class="card charge" onSubmit=${charge}>
        <h2>${t('balance.charge')}</h2>
        <div class="quick">
          ${QUICK_AMOUNTS.map((quick) => html`
            <button type="button" class="secondary" key=${quick} aria-pressed=${String(Number(amount) === quick)}
                    onClick=${() => setAmount(String(quick))}>${won(quick)}</button>`)}
        </div>
        <label>${t('balance.amount')}
          <input name="amount" inputmode="numeric" required value=${amount}
                 onInput=${(e) => setAmount(e.currentTarget.value.replace(/[^0-9]/g, ''))} />
        </label>
        <button type="submit" disabled=${busy}>${busy ? t('balance.charging') : t('balance.submit')}</button>
      </form>
      <h2>${t('balance.history')}</h2>
      ${entries.length === 0 ? html`<p>${t('balance.historyEmpty')}</p>` : html`
        <table>
          <thead><tr>
            <th scope="col">${t('history.when')}</th><th scope="col">${t('history.type')}</th>
            <th scope="col">${t('history.amount')}</th><th scope="col">${t('history.after')}</th>
          </tr></thead>
          <tbody>
            ${entries.map((entry, index) => html`
              <tr key=${index}>
                <td>${seoulTime(entry.at, lang)}</td><td>${t(`type.${entry.type}`)}</td>
                <td class="number">${won(entry.amount)}</td><td class="number">${won(entry.balanceAfter)}</td>
              </tr>`)}
          </tbody>
        </table>`}
    </section>`;
}

render(html`<${App} />`, document.getElementById('app'));
