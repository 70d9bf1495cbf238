package io.github.threadpool.autoconfigure.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.threadpool.autoconfigure.CancelOutcome;
import io.github.threadpool.autoconfigure.JobDirectory;
import io.github.threadpool.core.JobStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Carries cancel requests to the instance that owns a job, and its answers back, over Redis pub/sub.
 * Each instance listens on its own channel ({@link FleetKeys#channel}). A request:
 * {@code cancel <request-id> <reply-instance> <may-interrupt> <id> <pool>}; an answer:
 * {@code answer <request-id> <result> <status>}, where result is a {@link CancelOutcome.Result} name and
 * status the job's {@link JobStatus} after it (or {@code -}).
 */
final class CancelRelay implements MessageListener {

    private static final Log logger = LogFactory.getLog(CancelRelay.class);

    private final StringRedisTemplate redis;
    private final FleetKeys keys;
    private final long instance;
    /** This instance's own pools: what a request from another instance cancels. */
    private final JobDirectory local;
    private final Map<String, CompletableFuture<String[]>> pending = new ConcurrentHashMap<>();

    CancelRelay(StringRedisTemplate redis, FleetKeys keys, long instance, JobDirectory local) {
        this.redis = redis;
        this.keys = keys;
        this.instance = instance;
        this.local = local;
    }

    /** The answer of the owner of a job: result and status; null if it did not answer within {@code timeout}. */
    @Nullable Answer ask(long owner, String pool, long id, boolean mayInterruptIfRunning, Duration timeout) {
        String request = UUID.randomUUID().toString();
        CompletableFuture<String[]> answer = new CompletableFuture<>();
        this.pending.put(request, answer);
        try {
            Long receivers = this.redis.convertAndSend(this.keys.channel(owner), "cancel " + request + " "
                    + this.instance + " " + mayInterruptIfRunning + " " + id + " " + pool);
            if (receivers == null || receivers == 0L) {
                return null; // nobody listens on the owner's channel
            }
            String[] parts = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Answer(CancelOutcome.Result.valueOf(parts[2]),
                    "-".equals(parts[3]) ? null : JobStatus.valueOf(parts[3]));
        }
        catch (TimeoutException ex) {
            return null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
        catch (ExecutionException ex) {
            return null;
        }
        finally {
            this.pending.remove(request);
        }
    }

    @Override
    public void onMessage(Message message, byte @Nullable [] pattern) {
        String text = new String(message.getBody(), StandardCharsets.UTF_8);
        String[] parts = text.split(" ", 6);
        try {
            if (parts[0].equals("answer") && parts.length == 4) {
                CompletableFuture<String[]> waiting = this.pending.get(parts[1]);
                if (waiting != null) {
                    waiting.complete(parts);
                }
            }
            else if (parts[0].equals("cancel") && parts.length == 6) {
                CancelOutcome outcome = this.local.cancel(parts[5], Long.parseLong(parts[4]),
                        Boolean.parseBoolean(parts[3]));
                String status = (outcome.job() != null) ? outcome.job().status().name() : "-";
                this.redis.convertAndSend(this.keys.channel(Long.parseLong(parts[2])),
                        "answer " + parts[1] + " " + outcome.result().name() + " " + status);
            }
        }
        catch (RuntimeException ex) {
            logger.warn("Fleet: could not handle the message '" + text + "': " + ex);
        }
    }

    /** What the owner said. */
    record Answer(CancelOutcome.Result result, @Nullable JobStatus status) {
    }
}
