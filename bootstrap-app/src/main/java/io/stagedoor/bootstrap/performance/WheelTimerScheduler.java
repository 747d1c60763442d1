package io.stagedoor.bootstrap.performance;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A Reactor scheduler for timeouts that almost never fire: the request deadline and the per-call Redis bound. Every
 * request arms and cancels such timers, and on Reactor's parallel scheduler each one is a locked insert into, and a
 * removal from, a delay heap. A hashed wheel (Netty's, one thread, 10 ms ticks) arms and cancels in O(1) without a
 * lock on the caller's side. A timer that does fire hands its task to the parallel scheduler, so the wheel's own
 * thread only keeps time. Timers are accurate to a tick, which is plenty for bounds measured in seconds.
 */
public final class WheelTimerScheduler implements Scheduler {

    private static final long TICK_MILLIS = 10;

    private final HashedWheelTimer wheel;
    private final Scheduler runner;

    public WheelTimerScheduler(String name) {
        this(name, Schedulers.parallel());
    }

    WheelTimerScheduler(String name, Scheduler runner) {
        this.runner = runner;
        this.wheel = new HashedWheelTimer(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        }, TICK_MILLIS, TimeUnit.MILLISECONDS, 512);
    }

    @Override
    public Disposable schedule(Runnable task) {
        return runner.schedule(task);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        try {
            Timeout timeout = wheel.newTimeout(ignored -> runner.schedule(task), delay, unit);
            return new Disposable() {
                @Override
                public void dispose() {
                    timeout.cancel();
                }

                @Override
                public boolean isDisposed() {
                    return timeout.isCancelled() || timeout.isExpired();
                }
            };
        } catch (IllegalStateException stopped) {
            throw new RejectedExecutionException("the timer wheel is stopped", stopped);
        }
    }

    @Override
    public Worker createWorker() {
        return runner.createWorker();
    }

    @Override
    public void init() {
        wheel.start();
    }

    @Override
    public void dispose() {
        wheel.stop();
    }
}
