using System.Text.Json;
using Fulgur.Node.Tests.Support;

namespace Fulgur.Node.Tests.Gossip;

/// <summary>One in-process node of the gossip network (a real NodeHost: sockets, SQLite, the devchain over RPC).</summary>
public sealed class GossipNode(TempDirectory dir, string[] args) : IAsyncDisposable
{
    public NodeHost Host { get; private set; } = null!;

    public RecordingLogSink Log { get; private set; } = null!;

    public string Id => Host.Identity.NodeId.ToHex();

    public int Port => Host.Context.Status.Bindings[0].Port;

    public bool Running { get; private set; }

    public async Task StartAsync()
    {
        Host = await NodeHost.StartAsync(InProcessNode.Config(dir, args), RecordingLogSink.Log(out var sink), TimeProvider.System,
            CancellationToken.None);
        Log = sink;
        Running = true;
    }

    public async Task StopAsync()
    {
        if (Running)
            await Host.DisposeAsync();
        Running = false;
    }

    /// <summary>The whole response (result or error).</summary>
    public async Task<JsonElement> CallAsync(string method, string parameters = "{}")
    {
        using var client = await RawRpcClient.ConnectAsync(Host.Context.Config.RpcSocketPath);
        await client.SendAsync(RawRpcClient.Request(1, method, parameters));
        return (await client.ReadAsync(DevChainProcess.Timeout)).Clone();
    }

    public async Task<JsonElement> RpcAsync(string method, string parameters = "{}")
    {
        var response = await CallAsync(method, parameters);
        Assert.True(response.TryGetProperty("result", out var result), $"{method} {parameters}: {response}");
        return result.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        dir.Dispose();
    }
}

/// <summary>
/// Five nodes in a line on a devchain with --dev-fast-gossip: n0-n1, n1-n2, n2-n3 open and announce first; n4 connects
/// late (after that gossip is over) and opens n3-n4, so it learns the older channels only through the gossip queries.
/// Built once for the tests of <see cref="GossipNetworkTests"/>.
/// </summary>
public sealed class GossipNetworkFixture : IAsyncLifetime, IDisposable
{
    public const long ChannelSatoshis = 500_000;
    public static readonly TimeSpan Timeout = DevChainProcess.Timeout;

    private readonly TempDirectory _dir = new();

    /// <summary>The nodes of the last network built (for the logs written on a timeout, with FULGUR_GOSSIP_LOGS=DIR).</summary>
    private static List<GossipNode> All { get; set; } = [];

    internal DevChainProcess Chain { get; private set; } = null!;

    public List<GossipNode> Nodes { get; } = [];

    /// <summary>The line's short channel ids: [n0-n1, n1-n2, n2-n3, n3-n4].</summary>
    public List<string> Channels { get; } = [];

    public async Task InitializeAsync()
    {
        Chain = await DevChainProcess.StartAsync(Path.Combine(_dir.Path, "devchain"));
        await Chain.MineAsync(101);
        for (var i = 0; i < 5; i++)
        {
            var port = Fulgur.Node.Tests.Chain.FakeBitcoind.FreePort();
            var node = new GossipNode(new TempDirectory(), [.. Chain.NodeArgs, "--funding-confirms=1", "--dev-fast-gossip",
                $"--addr=127.0.0.1:{port}", $"--announce-addr=127.0.0.1:{port}", $"--alias=node{i}"]);
            Nodes.Add(node);
        }
        await Task.WhenAll(Nodes.Select(n => n.StartAsync()));
        All = Nodes;
        // Funds for the four funders.
        foreach (var node in Nodes.Take(4))
        {
            var address = (await node.RpcAsync("newaddr")).GetProperty("bech32").GetString()!;
            await Chain.CallAsync("sendtoaddress", [address, 0.02m]);
        }
        await Chain.MineAsync(1);
        foreach (var node in Nodes.Take(4))
        {
            await WaitForAsync(async () => (await node.RpcAsync("listfunds")).GetProperty("outputs"),
                o => o.EnumerateArray().Any(u => u.GetProperty("status").GetString() == "confirmed"), "funds");
        }
        // The first three channels, announced once 6 deep.
        for (var i = 0; i < 3; i++)
            await OpenAsync(Nodes[i], Nodes[i + 1]);
        await Chain.MineAsync(6);
        await WaitForGossipAsync(Nodes.Take(4).ToList(), Channels, 4);
        // The late node: connects now, its channel announced in turn; it learns the rest through the queries.
        await OpenAsync(Nodes[3], Nodes[4]);
        await RoutePrivatelyAsync();
        await Chain.MineAsync(6);
        await WaitForGossipAsync(Nodes, Channels, 5);
    }

    /// <summary>
    /// Routes found while n3-n4 was usable but not yet announced: n3 over it as its first hop; n4 from n2 with it as the
    /// last hop (n3's channel_update, sent to n4 directly); and what n2 answered (205: it cannot know the channel).
    /// </summary>
    public (JsonElement FirstHop, JsonElement LastHop, JsonElement Stranger) PrivateRoutes { get; private set; }

    private async Task RoutePrivatelyAsync()
    {
        var (n2, n3, n4) = (Nodes[2], Nodes[3], Nodes[4]);
        var firstHop = await WaitForAsync(() => n3.CallAsync("getroute", $$"""{"id": "{{n4.Id}}", "msatoshi": 1000, "riskfactor": 1}"""),
            r => r.TryGetProperty("result", out _), "n3 to route to n4 over the unannounced channel", n3);
        var lastHop = await WaitForAsync(() => n4.CallAsync("getroute",
                $$"""{"id": "{{n4.Id}}", "fromid": "{{n2.Id}}", "msatoshi": 1000, "riskfactor": 1}"""),
            r => r.TryGetProperty("result", out _), "n4 to route from n2 to itself over the unannounced channel", n4);
        var stranger = await n2.CallAsync("getroute", $$"""{"id": "{{n4.Id}}", "msatoshi": 1000, "riskfactor": 1}""");
        PrivateRoutes = (firstHop.Clone(), lastHop.Clone(), stranger.Clone());
    }

    public async Task<string> OpenAsync(GossipNode from, GossipNode to, long satoshis = ChannelSatoshis)
    {
        await from.RpcAsync("connect", $$"""{"id": "{{to.Id}}@127.0.0.1:{{to.Port}}"}""");
        var funded = await from.RpcAsync("fundchannel", $$"""{"id": "{{to.Id}}", "amount": {{satoshis}}}""");
        var channelId = funded.GetProperty("channel_id").GetString();
        await Chain.MineAsync(1);
        var channel = await WaitForAsync(async () => (await from.RpcAsync("listpeerchannels")).GetProperty("channels"),
            c => c.EnumerateArray().Any(x => x.GetProperty("channel_id").GetString() == channelId
                && x.GetProperty("state").GetString() == "CHANNELD_NORMAL"), "the channel to be normal");
        var scid = channel.EnumerateArray().First(x => x.GetProperty("channel_id").GetString() == channelId)
            .GetProperty("short_channel_id").GetString()!;
        Channels.Add(scid);
        return scid;
    }

    /// <summary>Waits until every node lists both directions of every channel and every node's announcement.</summary>
    public static async Task WaitForGossipAsync(IReadOnlyList<GossipNode> nodes, IReadOnlyList<string> channels, int announcedNodes)
    {
        foreach (var node in nodes)
        {
            await WaitForAsync(async () => (await node.RpcAsync("listchannels")).GetProperty("channels"),
                c => channels.All(scid => c.EnumerateArray().Count(x => x.GetProperty("short_channel_id").GetString() == scid
                    && x.GetProperty("public").GetBoolean() && x.GetProperty("active").GetBoolean()) == 2),
                $"{node.Id} to list channels {string.Join(", ", channels)}, both directions active", node);
            await WaitForAsync(async () => (await node.RpcAsync("listnodes")).GetProperty("nodes"),
                n => n.EnumerateArray().Count(x => x.TryGetProperty("alias", out _)) >= announcedNodes,
                $"{node.Id} to list {announcedNodes} node announcements", node);
        }
    }

    public static Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, GossipNode? logOf = null) =>
        Eventually.WaitForAsync(probe, condition, what, Timeout, diagnostics: () =>
        {
            if (Environment.GetEnvironmentVariable("FULGUR_GOSSIP_LOGS") is { Length: > 0 } logDir)
            {
                foreach (var node in All)
                    File.WriteAllLines(Path.Combine(logDir, $"gossip-{node.Id[..8]}.log"), node.Log.Lines);
            }
            return logOf is null ? "" : "\nlog:\n" + string.Join("\n", logOf.Log.Lines.Where(l => l.Contains("gossip", StringComparison.Ordinal)).TakeLast(40));
        });

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes)
            await node.DisposeAsync();
        Chain?.Dispose();
    }

    public void Dispose() => _dir.Dispose();
}
