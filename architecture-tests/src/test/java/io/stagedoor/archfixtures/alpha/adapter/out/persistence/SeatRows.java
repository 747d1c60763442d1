package io.stagedoor.archfixtures.alpha.adapter.out.persistence;

public class SeatRows {

    public int count() {
        return 0;
    }
}
