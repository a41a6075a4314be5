using System.Text.Json;
using Fulgur.Node.Rpc;
using Fulgur.Node.Tests.Support;

namespace Fulgur.Node.Tests.Peers;

/// <summary>Two in-process nodes on loopback, driven through JSON-RPC: connect, listpeers, ping, disconnect, getinfo.</summary>
public sealed class PeerRpcTests : IAsyncLifetime
{
    private InProcessNode _a = null!;
    private InProcessNode _b = null!;

    public async Task InitializeAsync()
    {
        _a = await InProcessNode.StartAsync();
        _b = await InProcessNode.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    internal static async Task<JsonElement> CallAsync(InProcessNode node, string method, string parameters = "[]")
    {
        using var client = await RawRpcClient.ConnectAsync(node.Host.Context.Config.RpcSocketPath);
        await client.SendAsync(RawRpcClient.Request(1, method, parameters));
        return await client.ReadAsync();
    }

    internal static async Task<JsonElement> ResultAsync(InProcessNode node, string method, string parameters = "[]")
    {
        var response = await CallAsync(node, method, parameters);
        Assert.True(response.TryGetProperty("result", out var result), $"{method} {parameters} failed: {response}");
        return result;
    }

    internal static int PortOf(InProcessNode node) => node.Host.Context.Status.Bindings[0].Port;

    private string BId => _b.Host.Identity.NodeId.ToHex();

    private string AId => _a.Host.Identity.NodeId.ToHex();

    private static async Task<JsonElement> PeersOfAsync(InProcessNode node) => (await ResultAsync(node, "listpeers")).GetProperty("peers");

    [Fact]
    public async Task Getinfo_shows_the_real_port_of_a_port_0_binding()
    {
        var info = await ResultAsync(_a, "getinfo");
        var binding = Assert.Single(info.GetProperty("binding").EnumerateArray());
        Assert.Equal("ipv4", binding.GetProperty("type").GetString());
        Assert.Equal("127.0.0.1", binding.GetProperty("address").GetString());
        Assert.NotEqual(0, binding.GetProperty("port").GetInt32());
        Assert.Equal(PortOf(_a), binding.GetProperty("port").GetInt32());
    }

    [Fact]
    public async Task Connect_then_both_sides_list_each_other_and_ping_and_disconnect_work()
    {
        var connect = await ResultAsync(_a, "connect", $"[\"{BId}@127.0.0.1:{PortOf(_b)}\"]");
        Assert.Equal(BId, connect.GetProperty("id").GetString());
        Assert.Equal("out", connect.GetProperty("direction").GetString());
        Assert.Equal(Fulgur.Node.Peers.LocalFeatures.Init.ToHex(), connect.GetProperty("features").GetString());
        var address = connect.GetProperty("address");
        Assert.Equal("ipv4", address.GetProperty("type").GetString());
        Assert.Equal("127.0.0.1", address.GetProperty("address").GetString());
        Assert.Equal(PortOf(_b), address.GetProperty("port").GetInt32());

        var peerOfA = Assert.Single((await PeersOfAsync(_a)).EnumerateArray());
        Assert.Equal(BId, peerOfA.GetProperty("id").GetString());
        Assert.True(peerOfA.GetProperty("connected").GetBoolean());
        Assert.Equal($"127.0.0.1:{PortOf(_b)}", Assert.Single(peerOfA.GetProperty("netaddr").EnumerateArray()).GetString());
        Assert.Equal(0, peerOfA.GetProperty("channels").GetArrayLength());

        // B sees A as soon as A's init arrived, which is before A's connect returned.
        await PeerHarness.WaitUntilAsync(() => _b.Host.Context.Status.PeerCount == 1, "B counts A");
        var peerOfB = Assert.Single((await PeersOfAsync(_b)).EnumerateArray());
        Assert.Equal(AId, peerOfB.GetProperty("id").GetString());
        Assert.True(peerOfB.GetProperty("connected").GetBoolean());
        Assert.Equal(1, (await ResultAsync(_a, "getinfo")).GetProperty("num_peers").GetInt32());
        Assert.Equal(1, (await ResultAsync(_b, "getinfo")).GetProperty("num_peers").GetInt32());

        // Connecting again returns the existing connection; B sees A's as incoming.
        Assert.Equal("out", (await ResultAsync(_a, "connect", $"[\"{BId}\"]")).GetProperty("direction").GetString());
        Assert.Equal("in", (await ResultAsync(_b, "connect", $"[\"{AId}\"]")).GetProperty("direction").GetString());

        Assert.Equal(132, (await ResultAsync(_a, "ping", $"[\"{BId}\"]")).GetProperty("totlen").GetInt32());
        Assert.Equal(4 + 1000, (await ResultAsync(_b, "ping", $"{{\"id\": \"{AId}\", \"len\": 10, \"pongbytes\": 1000}}"))
            .GetProperty("totlen").GetInt32());
        Assert.Equal(0, (await ResultAsync(_a, "ping", $"{{\"id\": \"{BId}\", \"pongbytes\": 65532}}")).GetProperty("totlen").GetInt32());
        Assert.Equal(RpcErrorCodes.InvalidParams,
            (await CallAsync(_a, "ping", $"{{\"id\": \"{BId}\", \"len\": 65530}}")).GetProperty("error").GetProperty("code").GetInt32());

        Assert.Equal(0, (await ResultAsync(_a, "listpeers", $"[\"{AId}\"]")).GetProperty("peers").GetArrayLength());
        Assert.Single((await ResultAsync(_a, "listpeers", $"[\"{BId}\"]")).GetProperty("peers").EnumerateArray());

        Assert.Empty((await ResultAsync(_a, "disconnect", $"[\"{BId}\"]")).EnumerateObject());
        Assert.Equal(0, (await PeersOfAsync(_a)).GetArrayLength());
        await PeerHarness.WaitUntilAsync(() => _b.Host.Context.Status.PeerCount == 0, "B saw the disconnect");
        Assert.Equal(0, (await PeersOfAsync(_b)).GetArrayLength());

        var again = await CallAsync(_a, "disconnect", $"[\"{BId}\"]");
        Assert.Equal(RpcErrorCodes.Generic, again.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("Peer not connected", again.GetProperty("error").GetProperty("message").GetString());
        var ping = await CallAsync(_a, "ping", $"[\"{BId}\"]");
        Assert.Equal(RpcErrorCodes.Generic, ping.GetProperty("error").GetProperty("code").GetInt32());

        // The address we dialled is remembered: `connect id` alone works now.
        Assert.Equal(BId, (await ResultAsync(_a, "connect", $"[\"{BId}\"]")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Connect_with_separate_host_and_port()
    {
        var connect = await ResultAsync(_a, "connect", $"{{\"id\": \"{BId}\", \"host\": \"127.0.0.1\", \"port\": {PortOf(_b)}}}");
        Assert.Equal(BId, connect.GetProperty("id").GetString());
        Assert.Equal(PortOf(_b), connect.GetProperty("address").GetProperty("port").GetInt32());
    }

    [Fact]
    public async Task Connect_to_a_wrong_node_id_fails_cleanly_and_the_node_keeps_serving()
    {
        using var wrong = Fulgur.Crypto.PrivateKey.Generate();
        var response = await CallAsync(_a, "connect", $"[\"{wrong.PublicKey.ToHex()}@127.0.0.1:{PortOf(_b)}\"]");
        var error = response.GetProperty("error");
        Assert.Equal(RpcErrorCodes.Generic, error.GetProperty("code").GetInt32());
        Assert.Contains("wrong node id?", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await PeersOfAsync(_a)).GetArrayLength());
        Assert.Equal(0, (await PeersOfAsync(_b)).GetArrayLength());
        Assert.Equal(AId, (await ResultAsync(_a, "getinfo")).GetProperty("id").GetString());
        Assert.Equal(BId, (await ResultAsync(_b, "getinfo")).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("[\"{B}\"]", -1, "no address known")]
    [InlineData("[\"{A}@127.0.0.1:1\"]", -1, "ourselves")]
    [InlineData("[\"{B}@127.0.0.1:{P}\", \"127.0.0.1\"]", -32602, "both xxx@yyy and separate argument")]
    [InlineData("{\"id\": \"{B}\", \"port\": 5}", -32602, "port without host")]
    [InlineData("[\"{B}@127.0.0.1:{P}\", null, 70000]", -32602, "port: should be 1-65535")]
    [InlineData("[\"02abc\"]", -32602, "id: should be a node id")]
    [InlineData("[\"{B}@[::1\"]", -32602, "missing ']'")]
    public async Task Connect_errors(string parameters, int code, string message)
    {
        var p = parameters.Replace("{B}", BId, StringComparison.Ordinal).Replace("{A}", AId, StringComparison.Ordinal)
            .Replace("{P}", PortOf(_b).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var error = (await CallAsync(_a, "connect", p)).GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_to_a_closed_port_fails_with_the_socket_error()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var error = (await CallAsync(_a, "connect", $"[\"{BId}@127.0.0.1:{port}\"]")).GetProperty("error");
        Assert.Equal(RpcErrorCodes.Generic, error.GetProperty("code").GetInt32());
        Assert.Contains("Connection establishment", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_on_the_peer_port_leaves_rpc_serving()
    {
        using (var raw = new System.Net.Sockets.TcpClient())
        {
            await raw.ConnectAsync(System.Net.IPAddress.Loopback, PortOf(_a));
            await raw.GetStream().WriteAsync(new byte[200]);
            var buffer = new byte[16];
            using var cts = new CancellationTokenSource(ScriptedPeer.Timeout);
            Assert.Equal(0, await raw.GetStream().ReadAsync(buffer, cts.Token));
        }
        Assert.Equal(AId, (await ResultAsync(_a, "getinfo")).GetProperty("id").GetString());
        await ResultAsync(_a, "connect", $"[\"{BId}@127.0.0.1:{PortOf(_b)}\"]");
    }
}
