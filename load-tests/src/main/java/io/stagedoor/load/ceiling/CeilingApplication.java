package io.stagedoor.load.ceiling;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The baseline the API is measured against: the same stack as the app (WebFlux functional endpoints, Jackson,
 * an r2dbc-pool over r2dbc-postgresql, reactive Redis on one shared Lettuce connection) doing the least possible
 * work per request — nothing, one Redis round trip, or one PostgreSQL round trip.
 * Started by the harness ({@code java -jar load-tests.jar ceiling-app}) on port 8091 unless told otherwise.
 */
@SpringBootApplication
public class CeilingApplication {

    public static void main(String[] args) {
        SpringApplication.run(CeilingApplication.class, args);
    }
}
