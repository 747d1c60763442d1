#!/usr/bin/env python3
"""Holds N concurrent GET /api/v1/queue/events streams on one app instance and measures what they cost Redis.

How (docs/performance.md, "Event streams"):
  1. seeds N waiters of one paused room straight into the app's Redis (no sign-up or join: N users would cost N
     password hashes), each with a token sealed with the app's stagedoor.queue.token-key (--token-key; --legacy seeds
     old-format tokens <concert>.<user>.<random> instead, which any version of the app accepts);
  2. opens the N streams (asyncio, plain HTTP/1.1), counting the 200s, the first `status` events and the refusals;
  3. while they are all open, reads Redis's INFO commandstats twice, --window seconds apart: commands per second
     (those that scripts call included) and script calls (EVALSHA/EVAL) per second; also once with no stream open;
  4. closes the streams and deletes the room's keys.

Loopback only; the Redis must be one the app uses and nothing else important uses (the room's keys are deleted).
Needs only the Python standard library and redis-cli.

  python3 scripts/stream-load.py --target 127.0.0.1:18080 --redis-port 16379 --token-key "$KEY" --streams 1000
"""
import argparse
import asyncio
import base64
import hashlib
import hmac
import os
import subprocess
import sys
import time


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def resp(*args):
    out = [f"*{len(args)}\r\n".encode()]
    for arg in args:
        data = str(arg).encode()
        out.append(f"${len(data)}\r\n".encode() + data + b"\r\n")
    return b"".join(out)


def redis_cli(port, *args):
    return subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(port), *map(str, args)],
                          check=True, capture_output=True, text=True).stdout


def seed(port, concert, count, key, legacy):
    prefix = f"queue:{{{concert}}}:"
    now = int(time.time())
    commands = [resp("HSET", prefix + "settings", "paused", "1"), resp("SET", prefix + "seq", count)]
    tokens = []
    for user in range(1, count + 1):
        random_part = b64url(os.urandom(16))
        secret = random_part if legacy else f"{user}.{random_part}"
        sealed_part = f"{concert}.{user}.{secret}"
        if legacy:
            tokens.append(sealed_part)
        else:
            seal = b64url(hmac.new(key.encode(), sealed_part.encode(), hashlib.sha256).digest()[:16])
            tokens.append(f"{sealed_part}.{seal}")
        commands.append(resp("ZADD", prefix + "waiting", user, user))
        commands.append(resp("HSET", prefix + f"waiters:{user // 100}", user, f"{secret}:{now}"))
    commands.append(resp("SADD", "queue:rooms", concert))
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(port), "--pipe"], input=b"".join(commands),
                   check=True, capture_output=True)
    return tokens


def cleanup(port, concert):
    keys = redis_cli(port, "--scan", "--pattern", f"queue:{{{concert}}}:*").split()
    for start in range(0, len(keys), 500):
        redis_cli(port, "DEL", *keys[start:start + 500])
    redis_cli(port, "SREM", "queue:rooms", concert)


def command_calls(port):
    total = scripts = 0
    for line in redis_cli(port, "INFO", "commandstats").splitlines():
        if line.startswith("cmdstat_"):
            name, _, rest = line.partition(":")
            calls = int(rest.split(",")[0].split("=")[1])
            total += calls
            if name in ("cmdstat_evalsha", "cmdstat_eval"):
                scripts += calls
    return total, scripts


def rate(port, seconds):
    total0, scripts0 = command_calls(port)
    time.sleep(seconds)
    total1, scripts1 = command_calls(port)
    # the second INFO counts itself; negligible
    return (total1 - total0) / seconds, (scripts1 - scripts0) / seconds


class Stream:
    def __init__(self):
        self.status = None
        self.events = 0
        self.writer = None


async def open_stream(host, port, token, stream, first_event):
    try:
        reader, writer = await asyncio.open_connection(host, port)
        stream.writer = writer
        writer.write((f"GET /api/v1/queue/events HTTP/1.1\r\nHost: {host}:{port}\r\nQueue-Token: {token}\r\n"
                      "Accept: text/event-stream\r\n\r\n").encode())
        await writer.drain()
        status_line = await reader.readline()
        parts = status_line.split()
        stream.status = int(parts[1]) if len(parts) > 1 else -1
        while True:
            line = await reader.readline()
            if not line:
                break
            if line.startswith(b"event:status"):
                stream.events += 1
                if stream.events == 1:
                    first_event.release()
            if stream.status != 200 and line == b"\r\n":
                break
    except (OSError, asyncio.IncompleteReadError) as error:
        if stream.status is None:
            stream.status = f"connect: {type(error).__name__}"


async def run(args, tokens):
    host, port = args.target.split(":")
    streams = [Stream() for _ in tokens]
    first_event = asyncio.Semaphore(0)
    tasks = []
    started = time.monotonic()
    for index, token in enumerate(tokens):
        tasks.append(asyncio.create_task(open_stream(host, int(port), token, streams[index], first_event)))
        if index % args.batch == args.batch - 1:
            await asyncio.sleep(args.batch_pause)
    deadline = started + args.open_timeout
    received = 0
    while received < len(tokens) and time.monotonic() < deadline:
        try:
            await asyncio.wait_for(first_event.acquire(), timeout=max(0.1, deadline - time.monotonic()))
            received += 1
        except asyncio.TimeoutError:
            break
    opened_in = time.monotonic() - started
    refusals = {}
    for stream in streams:
        if stream.status != 200:
            refusals[str(stream.status)] = refusals.get(str(stream.status), 0) + 1
    print(f"streams asked {len(tokens)}, first status event on {received} within {opened_in:.1f} s; "
          f"not 200: {refusals or 'none'}", flush=True)
    loop = asyncio.get_running_loop()
    commands, scripts = await loop.run_in_executor(None, rate, args.redis_port, args.window)
    still_open = sum(1 for stream, task in zip(streams, tasks) if stream.status == 200 and not task.done())
    print(f"with {still_open} streams open: Redis {commands:,.0f} commands/s, {scripts:,.1f} script calls/s "
          f"(over {args.window} s)", flush=True)
    if args.app_pid:
        rss = subprocess.run(["ps", "-o", "rss=", "-p", str(args.app_pid)], capture_output=True, text=True).stdout
        print(f"app RSS {int(rss.strip() or 0) / 1024:,.0f} MiB", flush=True)
    for stream in streams:
        if stream.writer:
            stream.writer.close()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", default="127.0.0.1:8080", help="app host:port (loopback)")
    parser.add_argument("--redis-port", type=int, default=6379)
    parser.add_argument("--concert", type=int, default=990001, help="room to seed (its keys are deleted after)")
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--token-key", default=os.environ.get("STAGEDOOR_QUEUE_TOKEN_KEY", ""))
    parser.add_argument("--legacy", action="store_true", help="old-format tokens (apps before sealed tokens)")
    parser.add_argument("--window", type=float, default=20.0, help="seconds over which Redis commands are counted")
    parser.add_argument("--batch", type=int, default=250, help="streams opened between pauses")
    parser.add_argument("--batch-pause", type=float, default=0.2)
    parser.add_argument("--open-timeout", type=float, default=120.0)
    parser.add_argument("--app-pid", type=int, default=0, help="report the app's RSS")
    args = parser.parse_args()
    if not args.target.startswith(("127.", "localhost")):
        sys.exit("loopback targets only")
    if not args.legacy and len(args.token_key) < 32:
        sys.exit("--token-key (the app's stagedoor.queue.token-key, >= 32 characters) or --legacy")
    cleanup(args.redis_port, args.concert)
    commands, scripts = rate(args.redis_port, min(args.window, 10))
    print(f"no stream open: Redis {commands:,.0f} commands/s, {scripts:,.1f} script calls/s", flush=True)
    tokens = seed(args.redis_port, args.concert, args.streams, args.token_key, args.legacy)
    time.sleep(3)  # a few ticks: the room is in every instance's picture
    try:
        asyncio.run(run(args, tokens))
    finally:
        cleanup(args.redis_port, args.concert)


if __name__ == "__main__":
    main()
