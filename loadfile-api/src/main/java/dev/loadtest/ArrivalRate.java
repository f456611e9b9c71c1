package dev.loadtest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the test in the open model by default: {@link #value()} iterations (one task each) start per second across
 * all runners, whether or not earlier ones have finished, as k6's arrival-rate executors do. The number of users
 * ({@code -u}, {@code spec.users}) is then the ceiling of concurrent users: they are started as the iterations need
 * them and kept while idle; wait times are not used, the rate paces the load. An iteration that finds every user
 * under the ceiling busy for too long is dropped and counted. Response times are also recorded from each iteration's
 * intended start, corrected for coordinated omission.
 *
 * <p>Put it on a user class; it sets the rate of the whole run (user classes that declare it must agree). The
 * command line's {@code --arrival-rate} and a manifest's {@code spec.arrivalRate} override it. On a cluster each of
 * N runners takes 1/N of it when the LoadTest gives no rate of its own.
 *
 * <pre>
 * &#64;ArrivalRate(200)
 * public class Checkout extends HttpUser { ... }
 * </pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ArrivalRate {

    /**
     * The rate of the run.
     *
     * @return iterations started per second across all runners; 0 or more
     */
    double value();
}
