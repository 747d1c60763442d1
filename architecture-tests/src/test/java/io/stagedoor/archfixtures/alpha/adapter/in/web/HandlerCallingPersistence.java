package io.stagedoor.archfixtures.alpha.adapter.in.web;

import io.stagedoor.archfixtures.alpha.adapter.out.persistence.SeatRows;

/** Bad: one adapter calling another. */
public class HandlerCallingPersistence {

    public int seats() {
        return new SeatRows().count();
    }
}
