package io.stagedoor.payment.application;

import io.stagedoor.account.api.UserExistenceQuery;
import io.stagedoor.account.api.UserNotFoundException;
import io.stagedoor.common.id.PaymentId;
import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.common.money.Krw;
import io.stagedoor.payment.api.ListUserPaymentsQuery;
import io.stagedoor.payment.api.PaymentStatus;
import io.stagedoor.payment.api.PaymentView;
import io.stagedoor.payment.api.PaymentsPage;
import io.stagedoor.payment.api.UserPayments;
import io.stagedoor.payment.application.port.out.PaymentRecords;
import reactor.core.publisher.Mono;

/** A page of a user's payments, newest first; an unknown user is the account module's USER_NOT_FOUND, like the balance routes. */
final class ListUserPaymentsService implements ListUserPaymentsQuery {

    private final UserExistenceQuery users;
    private final PaymentRecords records;

    ListUserPaymentsService(UserExistenceQuery users, PaymentRecords records) {
        this.users = users;
        this.records = records;
    }

    @Override
    public Mono<UserPayments> list(UserId userId, PaymentsPage page) {
        return users.exists(userId.value())
                .flatMap(exists -> exists
                        // one more than the page, so the last page says it is the last
                        ? records.ofUser(userId.value(), page.cursor(), page.limit() + 1)
                                .map(payment -> new PaymentView(PaymentId.of(payment.id()),
                                        ReservationId.of(payment.reservationId()), UserId.of(payment.userId()),
                                        Krw.of(payment.amount()), PaymentStatus.valueOf(payment.status().name()),
                                        payment.paidAt()))
                                .collectList()
                                .map(payments -> payments.size() > page.limit()
                                        ? new UserPayments(userId, payments.subList(0, page.limit()),
                                                String.valueOf(payments.get(page.limit() - 1).paymentId().value()))
                                        : new UserPayments(userId, payments, null))
                        : Mono.error(new UserNotFoundException(userId.value())));
    }
}
