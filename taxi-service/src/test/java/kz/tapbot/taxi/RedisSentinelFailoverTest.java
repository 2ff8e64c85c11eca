package kz.tapbot.taxi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.RedisSentinelGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A service configured as on Kubernetes (TAPBOT_REDIS_CLIENT_TYPE=sentinel, TAPBOT_REDIS_URL = the Sentinel,
 * TAPBOT_REDIS_PASSWORD) against a real master, replica and Sentinel: when the master is killed, Sentinel promotes
 * the replica and the service's Redis client finds and writes to the new master by itself, with the data written
 * before the kill still there.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(RedisSentinelFailoverTest.ThroughSentinel.class)
class RedisSentinelFailoverTest {

    static final String PASSWORD = "sentinel-test-" + UUID.randomUUID();
    static final RedisSentinelGroup REDIS = new RedisSentinelGroup(PASSWORD).start();

    public static class ThroughSentinel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", REDIS.sentinelUri(),
                    "quarkus.redis.client-type", "sentinel",
                    "quarkus.redis.master-name", RedisSentinelGroup.MASTER_NAME,
                    "quarkus.redis.password", PASSWORD);
        }
    }

    @Inject
    RedisDataSource redis;

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void afterTheMasterIsKilledTheServiceWritesToThePromotedReplicaAndKeepsWhatItHadWritten() {
        String before = "session:bot:taxi:failover-before-" + UUID.randomUUID();
        redis.value(String.class).set(before, "written before the kill");
        // the replica has it before the master dies (what Sentinel's replica would have in practice)
        redis.execute("WAIT", "1", "2000");
        int oldMaster = REDIS.masterPort();

        REDIS.killMaster();
        long killedAt = System.nanoTime();
        int newMaster = REDIS.awaitFailover(oldMaster, Duration.ofSeconds(30));
        assertNotEquals(oldMaster, newMaster);

        String after = "session:bot:taxi:failover-after-" + UUID.randomUUID();
        long deadline = System.currentTimeMillis() + 30_000;
        RuntimeException last = null;
        boolean written = false;
        while (!written && System.currentTimeMillis() < deadline) {
            try {
                redis.value(String.class).set(after, "written after the failover");
                written = true;
            } catch (RuntimeException e) {
                last = e;
                pause();
            }
        }
        if (!written) {
            throw new AssertionError("the service never wrote to the new master", last);
        }
        long recoveredMs = (System.nanoTime() - killedAt) / 1_000_000;

        assertEquals("written before the kill", REDIS.onServer(newMaster, "GET", before).get(0));
        assertEquals("written after the failover", REDIS.onServer(newMaster, "GET", after).get(0));
        assertEquals("written before the kill", redis.value(String.class).get(before));
        // and the service says it is ready again
        given().when().get("/q/health/ready").then().statusCode(200);
        System.out.printf("[drill] redis sentinel failover: master on %d killed -9, Sentinel promoted %d, the service "
                + "wrote to it %d ms after the kill; the key written before the kill was there%n",
                oldMaster, newMaster, recoveredMs);
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
