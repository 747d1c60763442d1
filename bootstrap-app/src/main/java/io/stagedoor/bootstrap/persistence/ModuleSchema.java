package io.stagedoor.bootstrap.persistence;

/**
 * A PostgreSQL schema owned by one module. At start-up every declared schema is migrated by its own Flyway run
 * from {@code classpath:db/migration/<name>} (history table inside the schema), and, when demo data is on,
 * {@code classpath:db/demo/<name>.sql} is applied if present.
 */
public record ModuleSchema(String name) {

    public ModuleSchema {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("schema name must be a plain lower-case identifier: " + name);
        }
    }
}
