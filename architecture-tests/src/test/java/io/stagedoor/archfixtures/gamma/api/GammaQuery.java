package io.stagedoor.archfixtures.gamma.api;

import io.stagedoor.archfixtures.beta.api.BetaQuery;

/** Bad (with BetaQuery): a cycle between modules. */
public interface GammaQuery {

    BetaQuery back();
}
