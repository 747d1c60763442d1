package io.stagedoor.load.scenario;

import io.stagedoor.load.HarnessOptions;
import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.engine.PassSettings;
import io.stagedoor.load.report.Report;

/** Placeholder until the queue module's key layout is on main. */
public final class MillionWaiters {

    private final Report report;

    public MillionWaiters(Fixtures fixtures, StagedoorApi api, PassSettings settings, Report report, HarnessOptions options) {
        this.report = report;
    }

    public void run() {
        report.finding("million", "skipped: the queue module (key layout and join script) is not on main yet");
    }
}
