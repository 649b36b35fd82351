package dev.tally.sink.jdbc;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkEnv;

/**
 * One connection pool per JVM and settings, created lazily where the first write runs (an executor,
 * or the driver in local mode) and closed at JVM exit. Never serialized: tasks carry the settings
 * and look the pool up here.
 */
public final class ConnectionPools {
  private static final Logger LOG = LogManager.getLogger(ConnectionPools.class);
  private static final Map<String, GenericObjectPool<Connection>> POOLS = new ConcurrentHashMap<>();
  private static final String JVM = ManagementFactory.getRuntimeMXBean().getName();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ConnectionPools::closeAll, "tally-close-pools"));
  }

  private ConnectionPools() {}

  public static GenericObjectPool<Connection> of(JdbcSettings settings) {
    return POOLS.computeIfAbsent(settings.poolKey(), key -> create(settings));
  }

  private static GenericObjectPool<Connection> create(JdbcSettings settings) {
    int size = settings.poolSize() > 0 ? settings.poolSize() : executorCores();
    GenericObjectPoolConfig<Connection> config = new GenericObjectPoolConfig<>();
    config.setMaxTotal(size);
    config.setMaxIdle(size);
    config.setMinIdle(0);
    config.setTestOnBorrow(true); // a connection the server dropped is found here, not mid-write
    config.setBlockWhenExhausted(true);
    config.setMaxWait(Duration.ofMinutes(2));
    config.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
    config.setMinEvictableIdleDuration(Duration.ofMinutes(5));
    config.setJmxEnabled(false);
    LOG.info("Connection pool for {} (max {})", settings.url(), size);
    return new GenericObjectPool<>(new Factory(settings), config);
  }

  private static int executorCores() {
    SparkEnv env = SparkEnv.get();
    int cores = Runtime.getRuntime().availableProcessors();
    return env == null ? cores : Math.max(1, env.conf().getInt("spark.executor.cores", cores));
  }

  /** A new connection outside any pool, not auto-committing (the driver's table and offset work uses it too). */
  static Connection open(JdbcSettings settings) throws SQLException {
    if (settings.dialect() == Dialect.H2) {
      H2AutoServer.keepOnLoopback();
    }
    Properties props = new Properties();
    settings.dialect().connectionDefaults(settings.url()).forEach(props::setProperty);
    props.setProperty("user", settings.user());
    props.setProperty("password", settings.password());
    Connection connection = DriverManager.getConnection(settings.url(), props);
    connection.setAutoCommit(false);
    return connection;
  }

  /** This JVM's pool counters, summed over its pools. */
  public static PoolFigures figures() {
    PoolFigures sum = new PoolFigures(JVM, 0, 0, 0, 0);
    for (GenericObjectPool<Connection> pool : POOLS.values()) {
      sum = sum.plus(new PoolFigures(JVM, pool.getNumActive(), pool.getNumIdle(), pool.getCreatedCount(),
          pool.getDestroyedCount()));
    }
    return sum;
  }

  /** Closes every pool of this JVM (tests use it to start from nothing). */
  public static void closeAll() {
    for (GenericObjectPool<Connection> pool : POOLS.values()) {
      pool.close();
    }
    POOLS.clear();
  }

  static final class Factory extends BasePooledObjectFactory<Connection> {
    private final JdbcSettings settings;

    Factory(JdbcSettings settings) {
      this.settings = settings;
    }

    @Override
    public Connection create() throws SQLException {
      return open(settings);
    }

    @Override
    public PooledObject<Connection> wrap(Connection connection) {
      return new DefaultPooledObject<>(connection);
    }

    @Override
    public boolean validateObject(PooledObject<Connection> pooled) {
      try {
        return pooled.getObject().isValid(5);
      } catch (SQLException e) {
        return false;
      }
    }

    @Override
    public void destroyObject(PooledObject<Connection> pooled) {
      try {
        pooled.getObject().close();
      } catch (SQLException e) {
        LOG.debug("Closing a dropped connection failed", e);
      }
    }
  }
}
