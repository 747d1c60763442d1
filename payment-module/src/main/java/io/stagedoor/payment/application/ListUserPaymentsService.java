package io.stagedoor.payment.application;

import io.stagedoor.account.api.UserExistenceQuery;
import io.stagedoor.account.api.UserNotFoundException;
import io.stagedoor.payment.api.ListUserPaymentsQuery;
import io.stagedoor.payment.api.PaymentView;
import io.stagedoor.payment.api.UserPayments;
import io.stagedoor.payment.application.port.out.PaymentRecords;
import reactor.core.publisher.Mono;

/** A user's payments, newest first; an unknown user is the account module's USER_NOT_FOUND, like the balance routes. */
public final class ListUserPaymentsService implements ListUserPaymentsQuery {

    private final UserExistenceQuery users;
    private final PaymentRecords records;

    public ListUserPaymentsService(UserExistenceQuery users, PaymentRecords records) {
        this.users = users;
        this.records = records;
    }

    @Override
    public Mono<UserPayments> list(long userId) {
        return users.exists(userId)
                .flatMap(exists -> exists
                        ? records.ofUser(userId)
                                .map(payment -> new PaymentView(payment.id(), payment.reservationId(), payment.userId(),
                                        payment.amount(), payment.status().name(), payment.paidAt()))
                                .collectList()
                                .map(payments -> new UserPayments(userId, payments))
                        : Mono.error(new UserNotFoundException(userId)));
    }
}
