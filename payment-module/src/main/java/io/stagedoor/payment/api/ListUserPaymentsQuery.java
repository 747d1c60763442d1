package io.stagedoor.payment.api;

import reactor.core.publisher.Mono;

/** A page of a user's payments, newest first. Fails with the account module's USER_NOT_FOUND for an unknown user. */
public interface ListUserPaymentsQuery {

    Mono<UserPayments> list(long userId, PaymentsPage page);
}
