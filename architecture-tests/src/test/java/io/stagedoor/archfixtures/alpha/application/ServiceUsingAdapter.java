package io.stagedoor.archfixtures.alpha.application;

import io.stagedoor.archfixtures.alpha.adapter.out.persistence.SeatRows;

/** Bad: application reaching an adapter instead of a port. */
public class ServiceUsingAdapter {

    public int seats() {
        return new SeatRows().count();
    }
}
