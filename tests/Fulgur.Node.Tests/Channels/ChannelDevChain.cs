using System.Text.Json;
using System.Text.Json.Nodes;
using Fulgur.Node.Tests.Gossip;
using Fulgur.Node.Tests.Payments;
using Fulgur.Node.Tests.Support;

namespace Fulgur.Node.Tests.Channels;

/// <summary>
/// A fulgur-devchain process with 101 blocks mined (so its coinbase is spendable) and the nodes of a channel test
/// started on it with <c>--funding-confirms=1</c>, each in its own temp directory: in-process (<see cref="GossipNode"/>,
/// which a test stops and starts again) or, where a test kills -9, a fulgurd process (<see cref="PaymentNode"/>).
/// Disposing stops the nodes (last started first), then the chain.
/// </summary>
internal sealed class ChannelDevChain : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly DevChainProcess _chain;
    private readonly Stack<Func<ValueTask>> _stops = new();

    private ChannelDevChain(TempDirectory dir, DevChainProcess chain)
    {
        _dir = dir;
        _chain = chain;
    }

    public static async Task<ChannelDevChain> StartAsync()
    {
        var dir = new TempDirectory();
        DevChainProcess chain;
        try
        {
            chain = await DevChainProcess.StartAsync(Path.Combine(dir.Path, "devchain"));
        }
        catch
        {
            dir.Dispose();
            throw;
        }
        var started = new ChannelDevChain(dir, chain);
        try
        {
            await chain.MineAsync(101);
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    public Task MineAsync(int blocks) => _chain.MineAsync(blocks);

    public Task<JsonElement> CallAsync(string method, JsonArray parameters) => _chain.CallAsync(method, parameters);

    /// <summary>Starts an in-process node on this chain with <paramref name="args"/> besides the chain's.</summary>
    public async Task<GossipNode> StartNodeAsync(params string[] args)
    {
        var node = new GossipNode(new TempDirectory(), [.. NodeArgs, .. args]);
        _stops.Push(node.DisposeAsync);
        await node.StartAsync();
        return node;
    }

    /// <summary>Starts a fulgurd process on this chain (listening on a free port), which the test may kill -9 and restart.</summary>
    public async Task<PaymentNode> StartProcessAsync(string name, params string[] args)
    {
        var node = new PaymentNode(name, new TempDirectory(), Chain.FakeBitcoind.FreePort(), [.. NodeArgs, .. args]);
        _stops.Push(() =>
        {
            node.Dispose();
            return ValueTask.CompletedTask;
        });
        await node.StartAsync();
        return node;
    }

    private string[] NodeArgs => [.. _chain.NodeArgs, "--funding-confirms=1"];

    public async ValueTask DisposeAsync()
    {
        while (_stops.TryPop(out var stop))
            await stop();
        _chain.Dispose();
        _dir.Dispose();
    }
}

/// <summary>What the funding and waiting helpers need of a node, in process or a fulgurd process: its id, port and RPC.</summary>
internal readonly record struct ChannelEnd(string Id, int Port, Func<string, string, Task<JsonElement>> Rpc)
{
    public Task<JsonElement> RpcAsync(string method, string parameters = "{}") => Rpc(method, parameters);

    public static implicit operator ChannelEnd(GossipNode node) => new(node.Id, node.Port, node.RpcAsync);

    public static implicit operator ChannelEnd(PaymentNode node) => new(node.Id, node.Port, node.RpcAsync);
}
