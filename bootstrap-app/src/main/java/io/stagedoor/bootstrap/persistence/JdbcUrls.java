package io.stagedoor.bootstrap.persistence;

import java.net.URI;

/** Derives the JDBC URL Flyway needs from the R2DBC URL the app is configured with, so one setting names the database. */
final class JdbcUrls {

    private JdbcUrls() {
    }

    static String fromR2dbc(String r2dbcUrl) {
        // r2dbc:postgresql://host:port/db?options or r2dbc:pool:postgresql://...
        String withoutScheme = r2dbcUrl.replaceFirst("^r2dbc:(pool:)?postgres(ql)?:", "");
        if (withoutScheme.equals(r2dbcUrl) || !withoutScheme.startsWith("//")) {
            throw new IllegalArgumentException("Not a PostgreSQL R2DBC URL: " + r2dbcUrl);
        }
        URI uri = URI.create("postgresql:" + withoutScheme);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        return "jdbc:postgresql://" + uri.getHost() + ":" + port + path;
    }
}
