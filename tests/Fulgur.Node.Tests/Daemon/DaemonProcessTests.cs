using System.Text.Json;
using Fulgur.Node.Hsm;
using Fulgur.Node.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Fulgur.Node.Tests.Daemon;

/// <summary>
/// The fulgurd and fulgur-cli apphosts as processes (found via FULGURD/FULGUR_CLI or the build output, see
/// <see cref="ProcessPaths"/>), each in a temp lightning-dir. Every wait is on a condition with a timeout.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class DaemonProcessTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Ready_line_then_getinfo_through_fulgur_cli()
    {
        using var daemon = await DaemonProcess.StartAsync(_dir.Path);
        var info = await daemon.CliJsonAsync("getinfo");
        Assert.Equal(daemon.NodeId, info.GetProperty("id").GetString());
        Assert.Equal("regtest", info.GetProperty("network").GetString());
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(_dir.Combine("regtest", HsmSecret.FileName)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.Combine("regtest", "lightning-rpc")));
    }

    [Fact]
    public async Task A_second_daemon_on_the_same_directory_refuses_to_start()
    {
        using var daemon = await DaemonProcess.StartAsync(_dir.Path);
        using var second = ChildProcess.Start(ProcessPaths.Fulgurd, [$"--lightning-dir={_dir.Path}"], home: _dir.Path);
        Assert.NotEqual(0, await second.WaitForExitAsync());
        Assert.Contains("already running", second.Stderr, StringComparison.Ordinal);
        // The first is unharmed.
        Assert.Equal(daemon.NodeId, (await daemon.CliJsonAsync("getinfo")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Sigterm_shuts_down_cleanly_with_status_0()
    {
        using var daemon = await DaemonProcess.StartAsync(_dir.Path);
        daemon.Process.Signal(ChildProcess.SigTerm);
        Assert.Equal(0, await daemon.Process.WaitForExitAsync());
        Assert.False(File.Exists(_dir.Combine("regtest", "lightning-rpc")));
    }

    [Fact]
    public async Task Stop_answers_and_the_daemon_exits_0()
    {
        using var daemon = await DaemonProcess.StartAsync(_dir.Path);
        var answer = await daemon.CliJsonAsync("stop");
        Assert.Equal("Shutdown complete", answer.GetProperty("result").GetString());
        Assert.Equal(0, await daemon.Process.WaitForExitAsync());
    }

    [Fact]
    public async Task Kill_9_then_restart_keeps_hsm_secret_node_id_and_database()
    {
        string firstId;
        byte[] secret;
        using (var daemon = await DaemonProcess.StartAsync(_dir.Path))
        {
            firstId = daemon.NodeId;
            secret = await File.ReadAllBytesAsync(_dir.Combine("regtest", HsmSecret.FileName));
            daemon.Process.Signal(ChildProcess.SigKill);
            Assert.NotEqual(0, await daemon.Process.WaitForExitAsync());
        }
        // The socket file of the dead daemon is still there; the restart must take over.
        using var restarted = await DaemonProcess.StartAsync(_dir.Path);
        Assert.Equal(firstId, restarted.NodeId);
        Assert.Equal(secret, await File.ReadAllBytesAsync(_dir.Combine("regtest", HsmSecret.FileName)));
        Assert.Equal(firstId, (await restarted.CliJsonAsync("getinfo")).GetProperty("id").GetString());

        await using var db = new SqliteConnection($"Data Source={_dir.Combine("regtest", "fulgurd.sqlite3")};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT value FROM vars WHERE name = 'node_id'";
        Assert.Equal(firstId, (string?)await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Log_file_and_log_level_options()
    {
        var logFile = _dir.Combine("node.log");
        using (var daemon = ChildProcess.Start(ProcessPaths.Fulgurd,
                   [$"--lightning-dir={_dir.Path}", "--addr=127.0.0.1:0", $"--log-file={logFile}", "--log-level=debug"], home: _dir.Path))
        {
            // Ready when the socket answers getinfo (the log goes to the file, not stderr).
            var cli = new[] { $"--lightning-dir={_dir.Path}", "getinfo" };
            await WaitUntilAsync(async () => (await ChildProcess.RunAsync(ProcessPaths.FulgurCli, cli, home: _dir.Path)).ExitCode == 0);
            Assert.Equal(0, (await ChildProcess.RunAsync(ProcessPaths.FulgurCli, [$"--lightning-dir={_dir.Path}", "stop"])).ExitCode);
            Assert.Equal(0, await daemon.WaitForExitAsync());
            Assert.DoesNotContain("Server started", daemon.Stderr, StringComparison.Ordinal);
        }
        var log = await File.ReadAllTextAsync(logFile);
        Assert.Matches(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO    lightningd: Server started with public key [0-9a-f]{66}, alias ", log);
        Assert.Contains("DEBUG   jsonrpc: calling getinfo", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus", "unknown option '--bogus'")]
    [InlineData("--network=moon", "--network: 'moon' is not one of")]
    [InlineData("--wallet=postgres://u:p@localhost/db", "PostgreSQL storage is not supported yet")]
    public async Task Bad_options_exit_non_zero_with_a_clear_message(string option, string message)
    {
        var result = await ChildProcess.RunAsync(ProcessPaths.Fulgurd, [$"--lightning-dir={_dir.Path}", option], home: _dir.Path);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_prints_every_option()
    {
        var result = await ChildProcess.RunAsync(ProcessPaths.Fulgurd, ["--help"]);
        Assert.Equal(0, result.ExitCode);
        foreach (var option in Fulgur.Node.Config.NodeOptions.All)
            Assert.Contains("--" + option.Name, result.Stdout, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var cts = new CancellationTokenSource(ChildProcess.DefaultTimeout);
        while (!await condition())
        {
            cts.Token.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }
}

/// <summary>Process tests start real daemons: run them one class at a time to spare a small machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTests
{
    public const string Name = "processes";
}
