package io.stagedoor.archfixtures.common;

import io.stagedoor.archfixtures.alpha.api.LeakyQuery;
import org.springframework.util.StringUtils;

/** Bad: the shared kernel reaching into a module's api, and using Spring. */
public class ModuleAwareHelper {

    public boolean hasText(LeakyQuery query, String text) {
        return query != null && StringUtils.hasText(text);
    }
}
