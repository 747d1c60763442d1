package io.stagedoor.archfixtures.beta.application;

import io.stagedoor.archfixtures.beta.api.BetaQuery;

/** Bad: a service implementing its module's api port, public, so code outside its package can build it directly. */
public abstract class PublicBetaService implements BetaQuery {
}
