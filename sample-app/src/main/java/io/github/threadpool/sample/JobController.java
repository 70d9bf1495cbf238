package io.github.threadpool.sample;

import java.net.URI;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import io.github.threadpool.core.Job;
import io.github.threadpool.core.JobStatus;
import io.github.threadpool.core.ThreadPool;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small REST API over the injected pool. Errors are RFC 9457 problem details (see {@link ApiErrors}):
 * 400 for bad input, 404 for an unknown job, 503 when the queue is full or the pool is shutting down.
 */
@RestController
@RequestMapping("/jobs")
class JobController {

    static final int MAX_BATCH = 1000;

    static final int MAX_RESULTS = 1000;

    private final ThreadPool pool;

    JobController(ThreadPool pool) {
        this.pool = pool;
    }

    /** Submits one demo job: 202 Accepted, with its id and a Location to poll. */
    @PostMapping
    ResponseEntity<Accepted> submit(@RequestBody JobRequest request) {
        DemoJob demo = request.toJob();
        Job<String> job = this.pool.submit(demo);
        return ResponseEntity.accepted()
            .location(URI.create("/jobs/" + job.id()))
            .body(new Accepted(job.id(), job.status(), demo.label()));
    }

    /**
     * Submits {@code count} demo jobs, so the dashboard has something to show. Stops at the first
     * refusal and says how many got in; 503 if none did.
     */
    @PostMapping("/batch")
    ResponseEntity<BatchAccepted> batch(@RequestParam int count, @RequestParam(defaultValue = "1000") long durationMs,
            @RequestParam(defaultValue = "0") int failEvery, @RequestParam(defaultValue = "batch") String label) {
        if (count < 1 || count > MAX_BATCH) {
            throw new InvalidJobRequestException("count must be from 1 to " + MAX_BATCH + ", was " + count);
        }
        if (failEvery < 0) {
            throw new InvalidJobRequestException("failEvery must be 0 (none fail) or more, was " + failEvery);
        }
        long firstId = 0;
        long lastId = 0;
        int accepted = 0;
        try {
            for (int i = 1; i <= count; i++) {
                boolean fail = failEvery > 0 && i % failEvery == 0;
                DemoJob demo = new JobRequest(durationMs, fail, label + "-" + i).toJob();
                lastId = this.pool.submit(demo).id();
                firstId = (accepted++ == 0) ? lastId : firstId;
            }
        }
        catch (RejectedExecutionException ex) {
            if (accepted == 0) {
                throw ex;
            }
        }
        return ResponseEntity.accepted().body(new BatchAccepted(count, accepted, count - accepted,
                (accepted > 0) ? firstId : null, (accepted > 0) ? lastId : null));
    }

    /** A job's status and timings, and its value or error once finished; 404 when unknown or evicted. */
    @GetMapping("/{id}")
    JobView job(@PathVariable long id) {
        return this.pool.findJob(id).map(JobView::of).orElseThrow(() -> new JobNotFoundException(id));
    }

    /** Finished results in completion order, each handed out once: the original design's result queue. */
    @GetMapping("/results")
    List<JobView> results(@RequestParam(defaultValue = "100") int max) {
        if (max < 1 || max > MAX_RESULTS) {
            throw new InvalidJobRequestException("max must be from 1 to " + MAX_RESULTS + ", was " + max);
        }
        return this.pool.results().drain(max).stream().map(JobView::of).toList();
    }

    record Accepted(long id, JobStatus status, String label) {
    }

    record BatchAccepted(int requested, int accepted, int rejected, @Nullable Long firstId, @Nullable Long lastId) {
    }

}
