package io.stagedoor.payment.api;

import io.stagedoor.common.id.UserId;
import reactor.core.publisher.Mono;

/** A page of a user's payments, newest first. Fails with the account module's USER_NOT_FOUND for an unknown user. */
public interface ListUserPaymentsQuery {

    Mono<UserPayments> list(UserId userId, PaymentsPage page);
}
