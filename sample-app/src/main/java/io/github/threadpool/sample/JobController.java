package io.github.threadpool.sample;

import java.net.URI;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;

import io.github.threadpool.autoconfigure.CancelOutcome;
import io.github.threadpool.autoconfigure.JobDirectory;
import io.github.threadpool.autoconfigure.JobRecord;
import io.github.threadpool.autoconfigure.ThreadPools;
import io.github.threadpool.core.Job;
import io.github.threadpool.core.JobStatus;
import io.github.threadpool.core.ThreadPool;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small REST API over the application's pools, each addressed by name. Errors are RFC 9457 problem details
 * (see {@link ApiErrors}): 400 for bad input, 404 for an unknown pool or job, 405 for a method a path does
 * not have, 409 for cancelling a job that has finished, 413 for a body over {@link RequestSizeLimit#MAX_BODY_BYTES}, 415 for a write without a JSON body,
 * 503 with {@code Retry-After} when the queue is full or the pool is shutting down.
 * <p>
 * Every write consumes {@code application/json} only. That is the sample's defence against cross-site
 * requests: an HTML form or any other "simple" cross-origin request can only send form or plain-text bodies,
 * and a cross-origin request with a JSON content type needs a CORS preflight, which this app never grants.
 */
@RestController
@RequestMapping(path = "/pools/{pool}/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
class JobController {

    static final int MAX_RESULTS = 1000;

    static final int DEFAULT_RESULTS = 100;

    /**
     * A job id in a path: anything but the name of a sibling resource, so that {@code GET .../jobs/batch} and
     * {@code DELETE .../jobs/results} are 405 (batch is POST only, results GET only) rather than a malformed
     * id. Anything matched that is not plain decimal digits is a 400 from {@link StrictInput}.
     */
    private static final String JOB_ID = "/{id:(?!batch$|results$).+}";

    private final ThreadPools pools;

    /** Lookups and cancels by id: this instance's pools, or with the fleet on, every instance's jobs. */
    private final JobDirectory directory;

    JobController(ThreadPools pools, JobDirectory directory) {
        this.pools = pools;
        this.directory = directory;
    }

    /** Submits one demo job: 202 Accepted, with its id and a Location to poll. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Accepted> submit(@PathVariable String pool, @RequestBody JobRequest request) {
        ThreadPool target = pool(pool);
        DemoJob demo = request.toJob();
        Job<String> job = target.submit(demo);
        return ResponseEntity.accepted()
            .location(URI.create("/pools/" + target.name() + "/jobs/" + job.id()))
            .body(new Accepted(target.name(), job.id(), job.status(), demo.label()));
    }

    /**
     * Submits a batch of demo jobs, so the dashboard has something to show. Stops at the first refusal and
     * says how many got in ({@code accepted}) and how many were never submitted ({@code notSubmitted}: the
     * refused job and those after it). The pool's own {@code rejected} count rises by one, for the one
     * submission it refused. 503 if none got in.
     */
    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BatchAccepted> batch(@PathVariable String pool, @RequestBody BatchRequest request) {
        ThreadPool target = pool(pool);
        List<DemoJob> jobs = request.toJobs();
        long firstId = 0;
        long lastId = 0;
        int accepted = 0;
        try {
            for (DemoJob job : jobs) {
                lastId = target.submit(job).id();
                firstId = (accepted++ == 0) ? lastId : firstId;
            }
        }
        catch (RejectedExecutionException ex) {
            if (accepted == 0) {
                throw ex;
            }
        }
        return ResponseEntity.accepted().body(new BatchAccepted(target.name(), jobs.size(), accepted,
                jobs.size() - accepted, (accepted > 0) ? firstId : null, (accepted > 0) ? lastId : null));
    }

    /**
     * A job's status and timings, and its value or error once finished; 404 when unknown or evicted. With the
     * fleet on, a job of any instance, naming it; 503 if the fleet's Redis had to be asked and did not answer.
     */
    @GetMapping(JOB_ID)
    JobView job(@PathVariable String pool, @PathVariable long id) {
        String name = pool(pool).name();
        return this.directory.find(name, id).map(JobView::of).orElseThrow(() -> new JobNotFoundException(pool, id));
    }

    /**
     * Cancels a job: a queued one leaves the queue and never runs, a running one is cancelled and its worker
     * interrupted (a demo job stops at once). 200 with the job, now {@code CANCELLED}; 409 if it had already
     * finished; 404 if unknown or evicted. With the fleet on, a job of another instance is cancelled by that
     * instance (asked over Redis); 503 if it holds its lease but did not answer. Like every write it cannot be sent by a cross-site form: a
     * cross-origin {@code DELETE} needs a CORS preflight, which this app never grants.
     */
    @DeleteMapping(JOB_ID)
    ResponseEntity<JobView> cancel(@PathVariable String pool, @PathVariable long id) {
        CancelOutcome outcome = this.directory.cancel(pool(pool).name(), id, true);
        JobRecord job = outcome.job();
        switch (outcome.result()) {
            case NOT_FOUND -> throw new JobNotFoundException(pool, id);
            case FINISHED -> throw new JobFinishedException(pool, id, (job != null) ? job.status() : null);
            case OWNER_UNREACHABLE -> throw new JobOwnerUnreachableException(pool, id, outcome.instance());
            default -> {
                // Cancelled and recorded; absent only from a pool that retains no results.
                return (job != null) ? ResponseEntity.ok(JobView.of(job)) : ResponseEntity.noContent().build();
            }
        }
    }

    /**
     * Finished results in completion order, each handed out once: the original design's result queue. {@code max}
     * is read as text so that {@code ?max=} (present, but empty) is refused like any other bad value rather than
     * silently taken for the default, as a {@code defaultValue} would.
     */
    @GetMapping("/results")
    List<JobView> results(@PathVariable String pool, @RequestParam(required = false) @Nullable String max) {
        ThreadPool target = pool(pool);
        OptionalLong limit = (max != null) ? StrictInput.decimal(max, MAX_RESULTS) : OptionalLong.of(DEFAULT_RESULTS);
        if (limit.isEmpty() || limit.getAsLong() < 1) {
            throw new InvalidJobRequestException("max must be a whole number from 1 to " + MAX_RESULTS + ", was '"
                    + ApiErrors.shorten(String.valueOf(max)) + "'");
        }
        return target.results().drain((int) limit.getAsLong()).stream().map(JobView::of).toList();
    }

    private ThreadPool pool(String name) {
        return this.pools.find(name).orElseThrow(() -> new PoolNotFoundException(name, this.pools.names()));
    }

    record Accepted(String pool, long id, JobStatus status, String label) {
    }

    record BatchAccepted(String pool, int requested, int accepted, int notSubmitted, @Nullable Long firstId,
            @Nullable Long lastId) {
    }

}
