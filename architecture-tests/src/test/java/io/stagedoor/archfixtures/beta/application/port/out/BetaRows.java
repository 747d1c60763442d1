package io.stagedoor.archfixtures.beta.application.port.out;

/** An outbound port of beta (fine in itself: ports are public). */
public interface BetaRows {

    int count();
}
