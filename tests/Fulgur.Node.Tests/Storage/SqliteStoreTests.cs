using Fulgur.Node.Storage;
using Fulgur.Node.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Fulgur.Node.Tests.Storage;

public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private string DbPath => _dir.Combine("node.sqlite3");
    private static CancellationToken None => CancellationToken.None;

    public void Dispose() => _dir.Dispose();

    private static async Task<long> ScalarAsync(string path, string sql)
    {
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_new_database_is_migrated_to_the_latest_version_in_wal_mode()
    {
        await using (var store = await SqliteStore.OpenAsync(DbPath, None))
            Assert.Equal(SqliteMigrations.All.Count, store.SchemaVersion);
        Assert.Equal(SqliteMigrations.All.Count, await ScalarAsync(DbPath, "SELECT version FROM schema_version"));
        Assert.Equal(1, await ScalarAsync(DbPath, "SELECT COUNT(*) FROM schema_version"));
        await using var c = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await cmd.ExecuteScalarAsync());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DbPath));
    }

    [Fact]
    public async Task An_in_memory_store_is_migrated_and_private()
    {
        await using var a = await SqliteStore.OpenAsync(SqliteStore.InMemory, None);
        await using var b = await SqliteStore.OpenAsync(SqliteStore.InMemory, None);
        Assert.Equal(SqliteMigrations.All.Count, a.SchemaVersion);
        await using (var tx = await a.BeginAsync(None))
        {
            await tx.Vars.SetAsync("k", "v", None);
            await tx.CommitAsync(None);
        }
        await using var ta = await a.BeginAsync(None);
        Assert.Equal("v", await ta.Vars.GetAsync("k", None));
        await using var tb = await b.BeginAsync(None);
        Assert.Null(await tb.Vars.GetAsync("k", None));
    }

    [Fact]
    public async Task Committed_writes_survive_reopening_the_file()
    {
        await using (var store = await SqliteStore.OpenAsync(DbPath, None))
        {
            await using var tx = await store.BeginAsync(None);
            await tx.Vars.SetAsync("a", "1", None);
            await tx.Vars.SetAsync("a", "2", None);
            await tx.Vars.SetAsync("b", "x", None);
            await tx.CommitAsync(None);
        }
        await using (var reopened = await SqliteStore.OpenAsync(DbPath, None))
        {
            await using var tx = await reopened.BeginAsync(None);
            Assert.Equal("2", await tx.Vars.GetAsync("a", None));
            Assert.Equal("x", await tx.Vars.GetAsync("b", None));
            Assert.Null(await tx.Vars.GetAsync("c", None));
        }
    }

    [Fact]
    public async Task A_transaction_disposed_without_commit_rolls_back()
    {
        await using var store = await SqliteStore.OpenAsync(DbPath, None);
        await using (var tx = await store.BeginAsync(None))
        {
            await tx.Vars.SetAsync("a", "kept", None);
            await tx.CommitAsync(None);
        }
        await using (var tx = await store.BeginAsync(None))
        {
            await tx.Vars.SetAsync("a", "lost", None);
            await tx.Vars.SetAsync("b", "lost", None);
        }
        await using var check = await store.BeginAsync(None);
        Assert.Equal("kept", await check.Vars.GetAsync("a", None));
        Assert.Null(await check.Vars.GetAsync("b", None));
    }

    [Fact]
    public async Task Transactions_are_serialized()
    {
        await using var store = await SqliteStore.OpenAsync(DbPath, None);
        await using (var init = await store.BeginAsync(None))
        {
            await init.Vars.SetAsync("n", "0", None);
            await init.CommitAsync(None);
        }
        // Read-modify-write from many tasks: serialized transactions lose no increment.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await using var tx = await store.BeginAsync(None);
            var n = int.Parse((await tx.Vars.GetAsync("n", None))!, System.Globalization.CultureInfo.InvariantCulture);
            await tx.Vars.SetAsync("n", (n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), None);
            await tx.CommitAsync(None);
        })));
        await using var check = await store.BeginAsync(None);
        Assert.Equal("20", await check.Vars.GetAsync("n", None));
    }

    [Fact]
    public async Task Later_migrations_apply_on_top_of_an_existing_database_keeping_its_data()
    {
        var v1 = new[] { new Migration(1, "t", "CREATE TABLE t (x INTEGER);") };
        await using (var store = await SqliteStore.OpenAsync(DbPath, v1, None))
        {
            Assert.Equal(1, store.SchemaVersion);
        }
        await using (var c = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT INTO t VALUES (42);";
            await cmd.ExecuteNonQueryAsync();
        }
        var v2 = new[] { v1[0], new Migration(2, "t.y", "ALTER TABLE t ADD COLUMN y TEXT; UPDATE t SET y = 'migrated';") };
        await using (var store = await SqliteStore.OpenAsync(DbPath, v2, None))
            Assert.Equal(2, store.SchemaVersion);
        Assert.Equal(42, await ScalarAsync(DbPath, "SELECT x FROM t WHERE y = 'migrated'"));
        Assert.Equal(2, await ScalarAsync(DbPath, "SELECT version FROM schema_version"));
    }

    [Fact]
    public async Task A_failing_migration_leaves_the_database_at_its_previous_version()
    {
        var v1 = new[] { new Migration(1, "t", "CREATE TABLE t (x INTEGER);") };
        await (await SqliteStore.OpenAsync(DbPath, v1, None)).DisposeAsync();
        var broken = new[] { v1[0], new Migration(2, "half", "CREATE TABLE u (x INTEGER); THIS IS NOT SQL;") };
        await Assert.ThrowsAsync<SqliteException>(() => SqliteStore.OpenAsync(DbPath, broken, None));
        Assert.Equal(1, await ScalarAsync(DbPath, "SELECT version FROM schema_version"));
        Assert.Equal(0, await ScalarAsync(DbPath, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'u'"));
    }

    [Fact]
    public async Task A_database_newer_than_the_code_is_refused()
    {
        var v2 = new[] { new Migration(1, "a", "CREATE TABLE a (x);"), new Migration(2, "b", "CREATE TABLE b (x);") };
        await (await SqliteStore.OpenAsync(DbPath, v2, None)).DisposeAsync();
        var e = await Assert.ThrowsAsync<StoreException>(() => SqliteStore.OpenAsync(DbPath, v2[..1], None));
        Assert.Contains("newer than this fulgurd knows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migration_numbers_must_be_consecutive() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SqliteStore.OpenAsync(DbPath, [new Migration(1, "a", "SELECT 1;"), new Migration(3, "c", "SELECT 1;")], None));

    [Fact]
    public void The_shipped_migrations_are_numbered_from_one() =>
        Assert.Equal(Enumerable.Range(1, SqliteMigrations.All.Count), SqliteMigrations.All.Select(m => m.Version));

    [Theory]
    [InlineData("sqlite3:///abs/node.db", StoreBackend.Sqlite, "/abs/node.db")]
    [InlineData("sqlite3://rel.db", StoreBackend.Sqlite, "/net/rel.db")]
    [InlineData("postgres://u:p@h:5432/db", StoreBackend.PostgreSql, "postgres://u:p@h:5432/db")]
    [InlineData("postgresql://h/db", StoreBackend.PostgreSql, "postgresql://h/db")]
    public void Wallet_dsns(string dsn, StoreBackend backend, string target)
    {
        Assert.True(WalletDsn.TryParse(dsn, "/net", out var wallet, out var error), error);
        Assert.Equal(new WalletDsn(backend, target), wallet);
    }

    [Theory]
    [InlineData("sqlite3://")]
    [InlineData("mysql://x")]
    [InlineData("/plain/path")]
    public void Bad_wallet_dsns_are_refused(string dsn)
    {
        Assert.False(WalletDsn.TryParse(dsn, "/net", out _, out var error));
        Assert.StartsWith("--wallet", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_is_refused_with_a_clear_message()
    {
        var e = await Assert.ThrowsAsync<StoreException>(() =>
            StoreFactory.OpenAsync(new WalletDsn(StoreBackend.PostgreSql, "postgres://h/db"), None));
        Assert.Contains("not supported yet", e.Message, StringComparison.Ordinal);
    }
}
