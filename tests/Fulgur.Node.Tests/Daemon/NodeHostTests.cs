using System.Text.Json;
using Fulgur.Node.Hsm;
using Fulgur.Node.Rpc;
using Fulgur.Node.Storage;
using Fulgur.Node.Tests.Support;

namespace Fulgur.Node.Tests.Daemon;

public class NodeHostTests
{
    private static async Task<JsonElement> CallAsync(InProcessNode node, string method, string parameters = "[]")
    {
        using var client = await RawRpcClient.ConnectAsync(node.Host.Context.Config.RpcSocketPath);
        await client.SendAsync(RawRpcClient.Request(1, method, parameters));
        return await client.ReadAsync();
    }

    [Fact]
    public async Task Getinfo_reports_the_contract_fields()
    {
        await using var node = await InProcessNode.StartAsync("--addr=127.0.0.1:0", "--announce-addr=[::1]:9735", "--alias=hello");
        var info = (await CallAsync(node, "getinfo")).GetProperty("result");
        foreach (var field in new[] { "id", "alias", "color", "num_peers", "num_pending_channels", "num_active_channels",
                     "num_inactive_channels", "address", "binding", "version", "blockheight", "network", "lightning-dir" })
            Assert.True(info.TryGetProperty(field, out _), $"getinfo has no '{field}'");
        Assert.Equal(node.Host.Identity.NodeId.ToHex(), info.GetProperty("id").GetString());
        Assert.Equal("hello", info.GetProperty("alias").GetString());
        Assert.Equal("regtest", info.GetProperty("network").GetString());
        Assert.Equal(node.Directory.Combine("regtest"), info.GetProperty("lightning-dir").GetString());
        Assert.Equal(0, info.GetProperty("blockheight").GetInt32());
        var address = Assert.Single(info.GetProperty("address").EnumerateArray());
        Assert.Equal("ipv6", address.GetProperty("type").GetString());
        Assert.Equal(9735, address.GetProperty("port").GetInt32());
        Assert.Matches("^[0-9a-f]{6}$", info.GetProperty("color").GetString());
    }

    [Fact]
    public async Task Ready_line_is_logged_with_the_node_id_and_alias()
    {
        await using var node = await InProcessNode.StartAsync();
        var id = node.Host.Identity.NodeId.ToHex();
        Assert.Contains(node.Log.Lines, l => l.EndsWith($"INFO    lightningd: Server started with public key {id}, alias {node.Host.Identity.Alias}",
            StringComparison.Ordinal));
        Assert.Equal(NodeAppearance.DefaultAlias(node.Host.Identity.NodeId), node.Host.Identity.Alias);
        Assert.Equal(node.Host.Identity.NodeId.Compressed.Slice(1, 3).ToArray(), node.Host.Identity.Color);
    }

    [Fact]
    public async Task Help_lists_every_command_and_shows_one_page()
    {
        await using var node = await InProcessNode.StartAsync();
        var list = (await CallAsync(node, "help")).GetProperty("result").GetProperty("help");
        var getinfo = list.EnumerateArray().Single(e => e.GetProperty("command").GetString() == "getinfo");
        Assert.Equal("utility", getinfo.GetProperty("category").GetString());
        Assert.Contains(list.EnumerateArray(), e => e.GetProperty("command").GetString() == "help [command]");

        var one = Assert.Single((await CallAsync(node, "help", "[\"listconfigs\"]")).GetProperty("result").GetProperty("help").EnumerateArray());
        Assert.StartsWith("# listconfigs -- ", one.GetProperty("verbose").GetString(), StringComparison.Ordinal);

        var unknown = await CallAsync(node, "help", "{\"command\": \"nosuch\"}");
        Assert.Equal(RpcErrorCodes.MethodNotFound, unknown.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Listconfigs_shows_values_and_sources()
    {
        await using var node = await InProcessNode.StartAsync("--fee-base=7", "--dev-fast-gossip", "--addr=127.0.0.1:0", "--addr=127.0.0.2:0");
        var result = (await CallAsync(node, "listconfigs")).GetProperty("result");
        var configs = result.GetProperty("configs");
        Assert.Equal(7, configs.GetProperty("fee-base").GetProperty("value_int").GetInt32());
        Assert.Equal("cmdline", configs.GetProperty("fee-base").GetProperty("source").GetString());
        Assert.True(configs.GetProperty("dev-fast-gossip").GetProperty("set").GetBoolean());
        Assert.Equal("default", configs.GetProperty("funding-confirms").GetProperty("source").GetString());
        Assert.Equal(3, configs.GetProperty("funding-confirms").GetProperty("value_int").GetInt32());
        Assert.Equal(2, configs.GetProperty("addr").GetProperty("values_str").GetArrayLength());
        Assert.Equal(node.Host.Identity.Alias, configs.GetProperty("alias").GetProperty("value_str").GetString());
        Assert.Equal(7, result.GetProperty("fee-base").GetInt32());
        Assert.Equal(10, result.GetProperty("cltv-final").GetInt32());

        var one = (await CallAsync(node, "listconfigs", "[\"network\"]")).GetProperty("result").GetProperty("configs");
        Assert.Equal("regtest", Assert.Single(one.EnumerateObject()).Value.GetProperty("value_str").GetString());
        var bad = await CallAsync(node, "listconfigs", "[\"nosuch\"]");
        Assert.Equal(RpcErrorCodes.InvalidParams, bad.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Stop_answers_then_requests_shutdown()
    {
        await using var node = await InProcessNode.StartAsync();
        var answer = await CallAsync(node, "stop");
        Assert.Equal("Shutdown complete", answer.GetProperty("result").GetProperty("result").GetString());
        Assert.Equal("stop command", await node.Host.StopRequested.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_second_node_on_the_same_directory_is_refused_until_the_first_stops()
    {
        await using var node = await InProcessNode.StartAsync();
        var config = InProcessNode.Config(node.Directory);
        var e = await Assert.ThrowsAsync<NodeStartException>(() =>
            NodeHost.StartAsync(config, RecordingLogSink.Log(out _), TimeProvider.System, CancellationToken.None));
        Assert.Contains("already running", e.Message, StringComparison.Ordinal);

        // The first still answers: the refused start touched nothing.
        Assert.True((await CallAsync(node, "getinfo")).TryGetProperty("result", out _));
        await node.Host.StopAsync();
        await using var again = await NodeHost.StartAsync(config, RecordingLogSink.Log(out _), TimeProvider.System, CancellationToken.None);
        Assert.Equal(node.Host.Identity.NodeId, again.Identity.NodeId);
    }

    [Fact]
    public async Task A_database_from_another_hsm_secret_is_refused()
    {
        using var dir = new TempDirectory();
        var config = InProcessNode.Config(dir);
        await (await NodeHost.StartAsync(config, RecordingLogSink.Log(out _), TimeProvider.System, CancellationToken.None)).StopAsync();
        var secretPath = dir.Combine("regtest", HsmSecret.FileName);
        File.Delete(secretPath);
        var e = await Assert.ThrowsAsync<NodeStartException>(() =>
            NodeHost.StartAsync(config, RecordingLogSink.Log(out _), TimeProvider.System, CancellationToken.None));
        Assert.Contains("belongs to node", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_hsm_secret_of_the_wrong_size_is_refused()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("regtest"));
        await File.WriteAllBytesAsync(dir.Combine("regtest", HsmSecret.FileName), new byte[31]);
        var e = await Assert.ThrowsAsync<NodeStartException>(() =>
            NodeHost.StartAsync(InProcessNode.Config(dir), RecordingLogSink.Log(out _), TimeProvider.System, CancellationToken.None));
        Assert.Contains("is 31 bytes, expected 32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_wallet_is_refused_at_start_up()
    {
        using var dir = new TempDirectory();
        var e = await Assert.ThrowsAsync<NodeStartException>(() => NodeHost.StartAsync(
            InProcessNode.Config(dir, "--wallet=postgres://u:p@localhost:5432/db"), RecordingLogSink.Log(out _), TimeProvider.System,
            CancellationToken.None));
        Assert.Contains("PostgreSQL storage is not supported yet", e.Message, StringComparison.Ordinal);
        // Refused before anything listens, and the lock was released.
        Assert.False(File.Exists(dir.Combine("regtest", "lightning-rpc")));
        await using var ok = await NodeHost.StartAsync(InProcessNode.Config(dir), RecordingLogSink.Log(out _), TimeProvider.System,
            CancellationToken.None);
    }

    [Fact]
    public async Task A_corrupt_database_is_refused_with_its_path()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("regtest"));
        await File.WriteAllTextAsync(dir.Combine("regtest", "fulgurd.sqlite3"), new string('x', 8192));
        var e = await Assert.ThrowsAsync<NodeStartException>(() =>
            NodeHost.StartAsync(InProcessNode.Config(dir), RecordingLogSink.Log(out _), TimeProvider.System, CancellationToken.None));
        Assert.Contains($"cannot open database {dir.Combine("regtest", "fulgurd.sqlite3")}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_rpc_socket_path_too_long_for_unix_sockets_is_a_clear_start_error()
    {
        using var dir = new TempDirectory();
        var e = await Assert.ThrowsAsync<NodeStartException>(() => NodeHost.StartAsync(
            InProcessNode.Config(dir, "--rpc-file=" + new string('s', 120)), RecordingLogSink.Log(out _), TimeProvider.System,
            CancellationToken.None));
        Assert.StartsWith("cannot listen on RPC socket", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_database_records_the_node_id()
    {
        await using var node = await InProcessNode.StartAsync();
        await using var tx = await node.Host.Context.Store.BeginAsync(CancellationToken.None);
        Assert.Equal(node.Host.Identity.NodeId.ToHex(), await tx.Vars.GetAsync(VarNames.NodeId, CancellationToken.None));
        Assert.Equal("regtest", await tx.Vars.GetAsync(VarNames.Network, CancellationToken.None));
    }
}
