package io.stagedoor.archfixtures.alpha.application;

import org.springframework.web.server.ServerWebInputException;

/** Bad: an application service that answers bad input with a Spring web exception. */
public class WebInputCheckingService {

    public long positive(long value) {
        if (value <= 0) {
            throw new ServerWebInputException("value must be positive");
        }
        return value;
    }
}
