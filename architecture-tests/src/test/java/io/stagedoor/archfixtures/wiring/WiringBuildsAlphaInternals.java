package io.stagedoor.archfixtures.wiring;

import io.stagedoor.archfixtures.alpha.adapter.out.persistence.SeatRows;

/** Bad: the wiring module building another module's adapter instead of asking the module's assembly for its ports. */
public class WiringBuildsAlphaInternals {

    public Object seats() {
        return new SeatRows();
    }
}
