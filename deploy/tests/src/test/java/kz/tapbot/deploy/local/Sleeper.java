package kz.tapbot.deploy.local;

/** The main class of the fixture jar that stands in for a service in {@link ClassDataArchiveTest}. */
public final class Sleeper {

    private Sleeper() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
