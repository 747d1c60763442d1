package io.stagedoor.load.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleSupplier;

/**
 * Closed-loop passes against several instances at the same time, released together, each with its instance's CPU
 * time read right before and right after it. Passes taken one after the other meet a machine that has changed in
 * between (a neighbour's build, a checkpoint); passes taken together meet the same machine, so a difference between
 * them is the instances', not the minute's.
 */
public final class SimultaneousPasses {

    /**
     * One instance's pass.
     *
     * @param cpuSeconds the instance's CPU seconds so far (NaN when unknown)
     * @param atRate     an open-loop pass at this fixed arrival rate instead of the closed loop of {@code settings}
     *                   (null: closed loop). Instances offered the same rate serve the same requests per second, so
     *                   their CPU per request compares like with like: in a closed loop the instance the scheduler
     *                   favours serves more, and an instance serving more pays less per request for its timers and
     *                   wake-ups
     */
    public record Lane(String name, PassSettings settings, Operation operation, DoubleSupplier cpuSeconds,
                       OpenLoopSettings atRate) {

        public Lane(String name, PassSettings settings, Operation operation, DoubleSupplier cpuSeconds) {
            this(name, settings, operation, cpuSeconds, null);
        }
    }

    /**
     * A lane's pass, its instance's CPU time per request over it in µs (NaN when unknown), and the seconds between the
     * two CPU readings.
     */
    public record Measured(PassResult result, double cpuMicrosPerRequest, double wallSeconds) {

        /**
         * CPU per request without what the instance burns per second whatever it serves ({@code idleCores}, e.g. read
         * over an idle moment right before): its timers and sweeps, which weigh on every request of a slow pass.
         */
        public double cpuMicrosPerRequestBeyond(double idleCores) {
            long requests = result.sent();
            return requests == 0 || Double.isNaN(idleCores) ? cpuMicrosPerRequest
                    : cpuMicrosPerRequest - idleCores * wallSeconds * 1e6 / requests;
        }
    }

    private SimultaneousPasses() {
    }

    /** Runs every lane at once and returns their results in the lanes' order. */
    public static List<Measured> run(List<Lane> lanes) {
        ExecutorService threads = Executors.newFixedThreadPool(lanes.size(), r -> {
            Thread t = new Thread(r, "simultaneous-pass");
            t.setDaemon(true);
            return t;
        });
        try {
            CountDownLatch ready = new CountDownLatch(lanes.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Measured>> running = new ArrayList<>();
            for (Lane lane : lanes) {
                running.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    double before = lane.cpuSeconds().getAsDouble();
                    long start = System.nanoTime();
                    PassResult result = lane.atRate() == null ? ClosedLoopRunner.run(lane.name(), lane.settings(), lane.operation())
                            : OpenLoopRunner.run(lane.name(), lane.atRate(), lane.operation()).pass();
                    double after = lane.cpuSeconds().getAsDouble();
                    return new Measured(result, cpuMicrosPerRequest(before, after, result), (System.nanoTime() - start) / 1e9);
                }));
            }
            ready.await();
            go.countDown();
            List<Measured> out = new ArrayList<>();
            for (Future<Measured> lane : running) {
                out.add(lane.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while simultaneous passes ran", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a simultaneous pass failed: " + e.getCause(), e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * CPU per request sent over a pass that recorded from its first request (no unrecorded warm-up), so the CPU
     * window and the requests cover the same time.
     */
    public static double cpuMicrosPerRequest(double cpuBefore, double cpuAfter, PassResult result) {
        long requests = result.sent();
        return requests == 0 || Double.isNaN(cpuBefore) || Double.isNaN(cpuAfter) ? Double.NaN
                : (cpuAfter - cpuBefore) * 1e6 / requests;
    }
}
