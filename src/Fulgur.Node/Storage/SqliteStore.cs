using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Fulgur.Node.Storage;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode with synchronous=FULL, so a committed transaction survives
/// kill -9 and power loss. One connection; transactions are serialized (SQLite has a single writer anyway) and begin
/// IMMEDIATE so a transaction never fails half-way for lack of the write lock.
/// </summary>
public sealed class SqliteStore : IStore
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private SqliteStore(SqliteConnection connection, int version)
    {
        _connection = connection;
        SchemaVersion = version;
    }

    public int SchemaVersion { get; }

    public string Path => _connection.DataSource;

    /// <summary>The in-memory database name: a private, migrated store that lives as long as the instance (for tests).</summary>
    public const string InMemory = ":memory:";

    /// <summary>
    /// Opens (creating if needed) the database and applies the pending migrations in one transaction.
    /// <see cref="InMemory"/> gives a private in-memory store (tests; no durability).
    /// </summary>
    public static Task<SqliteStore> OpenAsync(string path, CancellationToken cancellationToken) =>
        OpenAsync(path, SqliteMigrations.All, cancellationToken);

    internal static async Task<SqliteStore> OpenAsync(string path, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var inMemory = path == InMemory;
        if (!inMemory && !File.Exists(path))
        {
            // Created 0600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
            using var create = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var mode = (string?)await ScalarAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            if (!string.Equals(mode, inMemory ? "memory" : "wal", StringComparison.OrdinalIgnoreCase))
                throw new StoreException($"{path}: SQLite refused WAL journal mode (got '{mode}')");
            await ExecuteAsync(connection, null, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;", cancellationToken)
                .ConfigureAwait(false);
            var version = await MigrateAsync(connection, migrations, cancellationToken).ConfigureAwait(false);
            return new SqliteStore(connection, version);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<int> MigrateAsync(SqliteConnection connection, IReadOnlyList<Migration> migrations, CancellationToken ct)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"migration #{i} has version {migrations[i].Version}, expected {i + 1}");
        }
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await ExecuteAsync(connection, tx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", ct).ConfigureAwait(false);
        var current = await ScalarAsync(connection, tx, "SELECT version FROM schema_version;", ct).ConfigureAwait(false);
        int version;
        if (current is null)
        {
            version = 0;
            await ExecuteAsync(connection, tx, "INSERT INTO schema_version (version) VALUES (0);", ct).ConfigureAwait(false);
        }
        else
        {
            version = Convert.ToInt32(current, CultureInfo.InvariantCulture);
        }
        if (version > migrations.Count)
            throw new StoreException($"database schema version {version} is newer than this fulgurd knows ({migrations.Count}): upgrade fulgurd");
        foreach (var m in migrations.Where(m => m.Version > version))
        {
            await ExecuteAsync(connection, tx, m.Sql, ct).ConfigureAwait(false);
            await using var update = connection.CreateCommand();
            update.Transaction = tx;
            update.CommandText = "UPDATE schema_version SET version = $v;";
            update.Parameters.AddWithValue("$v", m.Version);
            await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            version = m.Version;
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return version;
    }

    public async Task<IStoreTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // deferred: false issues BEGIN IMMEDIATE.
            var tx = _connection.BeginTransaction(deferred: false);
            return new SqliteStoreTransaction(_connection, tx, _gate);
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }
    }

    internal static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    internal static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        var result = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return result is DBNull ? null : result;
    }
}

internal sealed class SqliteStoreTransaction : IStoreTransaction
{
    private readonly SqliteTransaction _transaction;
    private readonly SemaphoreSlim _gate;
    private bool _done;

    public SqliteStoreTransaction(SqliteConnection connection, SqliteTransaction transaction, SemaphoreSlim gate)
    {
        _transaction = transaction;
        _gate = gate;
        Vars = new SqliteVarsRepository(connection, transaction);
        Peers = new SqlitePeerRepository(connection, transaction);
        Wallet = new SqliteWalletRepository(connection, transaction);
        Channels = new SqliteChannelRepository(connection, transaction);
        Invoices = new SqliteInvoiceRepository(connection, transaction);
        Payments = new SqlitePaymentRepository(connection, transaction);
        Forwards = new SqliteForwardRepository(connection, transaction);
        Gossip = new SqliteGossipRepository(connection, transaction);
    }

    public IVarsRepository Vars { get; }

    public IPeerRepository Peers { get; }

    public IWalletRepository Wallet { get; }

    public IChannelRepository Channels { get; }

    public IInvoiceRepository Invoices { get; }

    public IPaymentRepository Payments { get; }

    public IForwardRepository Forwards { get; }

    public IGossipRepository Gossip { get; }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_done)
            return;
        _done = true;
        try
        {
            // Rolls back when CommitAsync was not called.
            await _transaction.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}

internal sealed class SqliteVarsRepository(SqliteConnection connection, SqliteTransaction transaction) : IVarsRepository
{
    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM vars WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    public async Task SetAsync(string name, string value, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO vars (name, value) VALUES ($name, $value) ON CONFLICT(name) DO UPDATE SET value = excluded.value;";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$value", value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
