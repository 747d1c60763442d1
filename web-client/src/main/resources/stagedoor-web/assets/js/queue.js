// Following a place in line: the status pushed by GET /queue/events, read with fetch streaming so the Queue-Token
// travels in a header (never in the URL); when the stream cannot be had or breaks, GET /queue/status every
// pollAfterMillis. Both stop once the place is ACTIVE.

import { ApiError, call } from './api.js';

const MIN_POLL_MILLIS = 1000;
const MAX_POLL_MILLIS = 30000;

/**
 * Follows `token`. onStatus(status, mode) gets every status object (mode 'stream' or 'poll'); onProblem(error) gets an
 * ApiError that ends the watch (an invalid token, say). Returns stop().
 */
export function watchQueue(token, first, onStatus, onProblem) {
  const controller = new AbortController();
  let stopped = false;
  let timer = null;
  let pollAfter = clampPoll(first && first.pollAfterMillis);

  // ACTIVE ends the watch without aborting anything: the server ends the stream after ACTIVE by itself
  const finish = () => {
    stopped = true;
    clearTimeout(timer);
  };
  const stop = () => {
    finish();
    controller.abort();
  };

  const deliver = (status, mode) => {
    if (stopped) {
      return;
    }
    pollAfter = clampPoll(status.pollAfterMillis);
    if (status.status === 'ACTIVE') {
      finish();
    }
    onStatus(status, mode);
  };

  const poll = async () => {
    if (stopped) {
      return;
    }
    try {
      const { body } = await call('GET', '/queue/status', { queueToken: token, signal: controller.signal });
      deliver(body, 'poll');
    } catch (failure) {
      if (stopped || (failure && failure.name === 'AbortError')) {
        return;
      }
      if (failure instanceof ApiError && failure.status === 401) {
        stop();
        onProblem(failure);
        return;
      }
      // a busy or unreachable server: keep the place and ask again later
      pollAfter = clampPoll(failure.retryAfterSeconds ? failure.retryAfterSeconds * 1000 : pollAfter * 2);
    }
    if (!stopped) {
      timer = setTimeout(poll, pollAfter);
    }
  };

  const stream = async () => {
    let response;
    try {
      response = await fetch('/api/v1/queue/events', {
        headers: { 'Queue-Token': token, Accept: 'text/event-stream' },
        signal: controller.signal,
        cache: 'no-store',
      });
    } catch (failure) {
      return false;
    }
    if (!response.ok || !response.body) {
      if (response.status === 401) {
        const body = await response.json().catch(() => ({}));
        stop();
        onProblem(new ApiError(401, body.code || 'QUEUE_TOKEN_INVALID', body));
        return true;
      }
      return false;
    }
    try {
      await readEvents(response.body, (name, data) => {
        if (name === 'status') {
          deliver(JSON.parse(data), 'stream');
        } else if (name === 'error') {
          const problem = JSON.parse(data);
          if (problem.status === 401) {
            stop();
            onProblem(new ApiError(401, problem.code, problem));
          }
        }
      });
    } catch (failure) {
      // the stream broke (a restart, a proxy timeout): polling takes over below
    }
    return stopped;
  };

  (async () => {
    const done = await stream();
    if (!done && !stopped) {
      timer = setTimeout(poll, 0);
    }
  })();
  return stop;
}

function clampPoll(millis) {
  const value = Number(millis);
  if (!Number.isFinite(value)) {
    return 5000;
  }
  return Math.min(MAX_POLL_MILLIS, Math.max(MIN_POLL_MILLIS, value));
}

/** Server-sent events from a byte stream: calls onEvent(name, data) per event; comments (heartbeats) are skipped. */
async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value.replace(/\r\n?/g, '\n');
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':') || line === '') {
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') {
          name = text;
        } else if (field === 'data') {
          data.push(text);
        }
      }
      if (data.length) {
        onEvent(name, data.join('\n'));
      }
      end = buffer.indexOf('\n\n');
    }
  }
}
