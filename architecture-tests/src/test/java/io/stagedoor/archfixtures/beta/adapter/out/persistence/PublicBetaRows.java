package io.stagedoor.archfixtures.beta.adapter.out.persistence;

import io.stagedoor.archfixtures.beta.application.port.out.BetaRows;

/** Bad: an adapter implementing its module's outbound port, public instead of built by its package's factory. */
public class PublicBetaRows implements BetaRows {

    @Override
    public int count() {
        return 0;
    }
}
