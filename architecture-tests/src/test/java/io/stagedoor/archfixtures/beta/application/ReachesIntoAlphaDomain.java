package io.stagedoor.archfixtures.beta.application;

import io.stagedoor.archfixtures.alpha.domain.FileReadingPolicy;

/** Bad: another module touching alpha's domain instead of alpha's api. */
public class ReachesIntoAlphaDomain {

    public boolean allowed() {
        return new FileReadingPolicy().allows();
    }
}
