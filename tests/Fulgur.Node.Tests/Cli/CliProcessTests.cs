using System.Text.Json;
using Fulgur.Node.Tests.Daemon;
using Fulgur.Node.Tests.Support;

namespace Fulgur.Node.Tests.Cli;

[Collection(ProcessTests.Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "disposed in DisposeAsync")]
public sealed class CliProcessTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private DaemonProcess _daemon = null!;

    public async Task InitializeAsync() => _daemon = await DaemonProcess.StartAsync(_dir.Path);

    public async Task DisposeAsync()
    {
        await _daemon.CliAsync("stop");
        await _daemon.Process.WaitForExitAsync();
        _daemon.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Success_prints_pretty_json_and_exits_0()
    {
        var result = await _daemon.CliAsync("getinfo");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("{\n   \"id\": \"", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_rpc_error_prints_its_json_on_stdout_and_exits_1()
    {
        var result = await _daemon.CliAsync("nosuchcommand");
        Assert.Equal(1, result.ExitCode);
        using var error = JsonDocument.Parse(result.Stdout);
        Assert.Equal(-32601, error.RootElement.GetProperty("code").GetInt32());

        var badParam = await _daemon.CliAsync("-k", "listconfigs", "nosuch=1");
        Assert.Equal(1, badParam.ExitCode);
        Assert.Contains("unknown parameter: 'nosuch'", badParam.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keyword_and_positional_parameters_reach_the_node()
    {
        var positional = await _daemon.CliAsync("listconfigs", "network");
        var keywords = await _daemon.CliAsync("-k", "listconfigs", "config=network");
        Assert.Equal(0, positional.ExitCode);
        Assert.Equal(positional.Stdout, keywords.Stdout);
        Assert.Contains("\"value_str\": \"regtest\"", positional.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Human_readable_help_prints_the_page()
    {
        var result = await _daemon.CliAsync("-H", "help", "getinfo");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("# getinfo -- ", result.Stdout, StringComparison.Ordinal);
        var json = await _daemon.CliAsync("help");
        Assert.Equal(0, json.ExitCode);
        Assert.Contains("\"help\": [", json.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rpc_file_and_network_select_the_socket()
    {
        var viaRpcFile = await ChildProcess.RunAsync(ProcessPaths.FulgurCli,
            [$"--rpc-file={_dir.Combine("regtest", "lightning-rpc")}", "--lightning-dir=/nonexistent", "getinfo"]);
        Assert.Equal(0, viaRpcFile.ExitCode);
        var wrongNetwork = await _daemon.CliAsync("--network=testnet", "getinfo");
        Assert.Equal(2, wrongNetwork.ExitCode);
    }

    [Fact]
    public async Task An_unreachable_node_exits_2()
    {
        using var empty = new TempDirectory();
        var result = await ChildProcess.RunAsync(ProcessPaths.FulgurCli, [$"--lightning-dir={empty.Path}", "getinfo"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot connect", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_usage_error_exits_3()
    {
        Assert.Equal(3, (await ChildProcess.RunAsync(ProcessPaths.FulgurCli, ["--bogus", "getinfo"])).ExitCode);
        Assert.Equal(3, (await ChildProcess.RunAsync(ProcessPaths.FulgurCli, [])).ExitCode);
        Assert.Equal(3, (await ChildProcess.RunAsync(ProcessPaths.FulgurCli, ["-k", "getinfo", "novalue"])).ExitCode);
    }
}
