package io.stagedoor.archfixtures.alpha.api;

import io.stagedoor.archfixtures.alpha.application.ServiceUsingAdapter;

/** Bad: the published api exposing an application type. */
public interface LeakyQuery {

    ServiceUsingAdapter service();
}
