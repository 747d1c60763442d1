package io.stagedoor.archfixtures.beta.api;

import io.stagedoor.archfixtures.gamma.api.GammaQuery;

/** Bad (with GammaQuery): a cycle between modules. */
public interface BetaQuery {

    GammaQuery next();
}
