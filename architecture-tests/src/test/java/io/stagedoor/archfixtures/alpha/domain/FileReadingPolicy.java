package io.stagedoor.archfixtures.alpha.domain;

import java.io.File;

/** Bad: a domain policy doing I/O. */
public class FileReadingPolicy {

    public boolean allows() {
        return new File("/etc/policy").exists();
    }
}
