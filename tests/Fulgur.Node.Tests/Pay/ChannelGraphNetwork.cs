using System.Text.Json;
using Fulgur.Node.Tests.Payments;
using Fulgur.Node.Tests.Support;

namespace Fulgur.Node.Tests.Pay;

/// <summary>
/// A channel of <see cref="ChannelGraphNetwork"/>: <see cref="From"/> funds it, so all of its capacity starts on that
/// side; <see cref="Announce"/> false opens it private (fundchannel announce=false).
/// </summary>
public sealed record GraphEdge(int From, int To, long CapacitySat, bool Announce = true);

/// <summary>
/// fulgur-devchain plus fulgurd processes joined by public channels in any shape (not only a line), announced and
/// gossiped (<c>--dev-fast-gossip</c>) until node 0 knows every public channel direction, so that its getroute and pay
/// see the whole graph. Built once for the tests of a class (an xunit class fixture).
/// </summary>
public abstract class ChannelGraphNetwork : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly int _nodeCount;
    private readonly IReadOnlyList<GraphEdge> _edges;
    private DevChainProcess? _chain;

    protected ChannelGraphNetwork(int nodeCount, params GraphEdge[] edges) => (_nodeCount, _edges) = (nodeCount, edges);

    public List<PaymentNode> Nodes { get; } = [];

    /// <summary>The short channel id of each edge, in the order given.</summary>
    public List<string> Scids { get; } = [];

    public bool Skipped { get; private set; }

    /// <summary>Extra fulgurd options of node <paramref name="index"/> (fees, for instance).</summary>
    protected virtual string[] ArgsOf(int index) => [];

    public async Task InitializeAsync()
    {
        try
        {
            _chain = await DevChainProcess.StartAsync(_dir.Combine("devchain"));
        }
        catch (SkipException)
        {
            Skipped = true;
            return;
        }
        await _chain.MineAsync(101);
        for (var i = 0; i < _nodeCount; i++)
        {
            Nodes.Add(new PaymentNode(((char)('A' + i)).ToString(), new TempDirectory(), Chain.FakeBitcoind.FreePort(),
                [.. _chain.NodeArgs, "--funding-confirms=1", "--dev-fast-gossip", .. ArgsOf(i)]));
        }
        await Task.WhenAll(Nodes.Select(n => n.StartAsync()));
        // One confirmed output per channel a node funds: the wallet spends confirmed outputs only.
        foreach (var edge in _edges)
        {
            var address = (await Nodes[edge.From].RpcAsync("newaddr")).GetProperty("bech32").GetString()!;
            await _chain.CallAsync("sendtoaddress", [address, (edge.CapacitySat + 100_000) / 100_000_000m]);
        }
        await _chain.MineAsync(1);
        foreach (var from in _edges.Select(e => e.From).Distinct())
        {
            var (node, outputs) = (Nodes[from], _edges.Count(e => e.From == from));
            await PaymentNetwork.WaitForAsync(async () => (await node.RpcAsync("listfunds")).GetProperty("outputs"),
                o => o.EnumerateArray().Count(u => u.GetProperty("status").GetString() == "confirmed") == outputs, $"{node.Name}'s funds");
        }
        foreach (var edge in _edges)
        {
            var (from, to) = (Nodes[edge.From], Nodes[edge.To]);
            await from.RpcAsync("connect", $$"""{"id": "{{to.Id}}@127.0.0.1:{{to.Port}}"}""");
            await from.RpcAsync("fundchannel",
                $$"""{"id": "{{to.Id}}", "amount": {{edge.CapacitySat}}, "announce": {{(edge.Announce ? "true" : "false")}}}""");
        }
        await _chain.MineAsync(1);
        foreach (var edge in _edges)
        {
            Scids.Add(await PaymentNetwork.WaitNormalAsync(Nodes[edge.From], Nodes[edge.To]));
            await PaymentNetwork.WaitNormalAsync(Nodes[edge.To], Nodes[edge.From]);
        }
        // BOLT #7: announcement_signatures go out once the funding is 6 deep.
        await _chain.MineAsync(5);
        var publicDirections = 2 * _edges.Count(e => e.Announce);
        await PaymentNetwork.WaitForAsync(async () => (await Nodes[0].RpcAsync("listchannels")).GetProperty("channels"),
            c => c.EnumerateArray().Count(d => d.GetProperty("public").GetBoolean()) == publicDirections, "node A to know every public channel direction");
        await OnGossipedAsync();
    }

    /// <summary>Further conditions a network waits for once node A knows the public graph.</summary>
    protected virtual Task OnGossipedAsync() => Task.CompletedTask;

    /// <summary>getroute from node 0: the node ids of the hops.</summary>
    public async Task<JsonElement> GetRouteAsync(int to, long msat) =>
        (await Nodes[0].RpcAsync("getroute", $$"""{"id": "{{Nodes[to].Id}}", "msatoshi": {{msat}}, "riskfactor": 1, "fuzzpercent": 0}"""))
            .GetProperty("route");

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var node in Nodes)
            node.Dispose();
        Nodes.Clear();
        _chain?.Dispose();
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
