package io.stagedoor.queue.api;

/**
 * Where the admission service reports every round it ran on this instance (operators' gauges and counters hang off
 * it, so reading them costs Redis nothing). Called on the thread that finished the round: implementations must not
 * block and should be cheap.
 */
public interface AdmissionReports {

    /** Reports nothing. */
    AdmissionReports NONE = round -> {
    };

    void roundDone(AdmissionRound round);
}
