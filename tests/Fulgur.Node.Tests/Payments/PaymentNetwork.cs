using System.Text.Json;
using Fulgur.Node.Tests.Support;

namespace Fulgur.Node.Tests.Payments;

/// <summary>One fulgurd process of a payment network, talked to over its RPC socket; restartable after a kill -9.</summary>
public sealed class PaymentNode : IDisposable
{
    private readonly string[] _args;

    public PaymentNode(string name, TempDirectory dir, int port, string[] args)
    {
        Name = name;
        Directory = dir;
        Port = port;
        _args = [.. args, $"--addr=127.0.0.1:{port}", $"--alias={name}"];
    }

    public string Name { get; }
    public TempDirectory Directory { get; }
    public int Port { get; }
    public DaemonProcess? Process { get; private set; }

    /// <summary>What the process logged before its last kill -9.</summary>
    public string KilledLog { get; private set; } = "";
    public string Id => Process?.NodeId ?? throw new InvalidOperationException($"{Name} is not running");
    public string RpcPath => Path.Combine(Directory.Path, "regtest", "lightning-rpc");

    public async Task StartAsync() => Process = await DaemonProcess.StartAsync(Directory.Path, _args);

    /// <summary>kill -9, then wait until the process is gone.</summary>
    public async Task KillAsync()
    {
        var process = Process!;
        process.Process.Signal(ChildProcess.SigKill);
        KilledLog = process.Process.Stderr;
        await process.Process.WaitForExitAsync(PaymentNetwork.Timeout);
        process.Dispose();
        Process = null;
    }

    /// <summary>The response object (with "result" or "error").</summary>
    public async Task<JsonElement> CallAsync(string method, string parameters = "{}", TimeSpan? timeout = null)
    {
        using var client = await RawRpcClient.ConnectAsync(RpcPath);
        await client.SendAsync(RawRpcClient.Request(1, method, parameters));
        return await client.ReadAsync(timeout ?? PaymentNetwork.Timeout);
    }

    public async Task<JsonElement> RpcAsync(string method, string parameters = "{}")
    {
        var response = await CallAsync(method, parameters);
        Assert.True(response.TryGetProperty("result", out var result), $"{Name} {method} {parameters}: {response}");
        return result.Clone();
    }

    /// <summary>The error object of a call that must fail.</summary>
    public async Task<JsonElement> ErrorAsync(string method, string parameters)
    {
        var response = await CallAsync(method, parameters);
        Assert.True(response.TryGetProperty("error", out var error), $"{Name} {method} {parameters} succeeded: {response}");
        return error.Clone();
    }

    public async Task<long> ToUsAsync(string peerId)
    {
        var channels = (await RpcAsync("listpeerchannels")).GetProperty("channels");
        return channels.EnumerateArray().Single(c => c.GetProperty("peer_id").GetString() == peerId).GetProperty("to_us_msat").GetInt64();
    }

    /// <summary>The last lines the process wrote to stderr (its log), for failure messages.</summary>
    public string LogTail(int lines = 80) =>
        Process is { } p ? string.Join("\n", p.Process.Stderr.Split('\n').TakeLast(lines)) : "(not running)";

    public void Dispose()
    {
        Process?.Dispose();
        Directory.Dispose();
    }
}

/// <summary>A route hop as sendpay takes it.</summary>
public sealed record Hop(string Id, string Channel, long Msat, uint Delay)
{
    public string ToJson() => $$"""{"id": "{{Id}}", "channel": "{{Channel}}", "msatoshi": {{Msat}}, "delay": {{Delay}}}""";
}

/// <summary>
/// fulgur-devchain plus fulgurd processes in a line, each funding a channel to the next (<c>--funding-confirms=1</c>,
/// <c>--dev-bitcoind-poll=1</c>), all channels normal. Shared by the tests of a class (an xunit class fixture).
/// </summary>
public class PaymentNetwork : IAsyncLifetime, IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // Defaults of every node: --fee-base=1000, --fee-per-satoshi=10, --cltv-delta=34, --cltv-final=10.
    public const long FeeBase = 1000;
    public const long FeePpm = 10;
    public const uint CltvDelta = 34;
    public const uint FinalDelay = 10;

    private readonly TempDirectory _dir = new();
    private readonly long[] _capacities;
    private DevChainProcess? _chain;

    protected PaymentNetwork(params long[] capacitiesSat) => _capacities = capacitiesSat;

    public List<PaymentNode> Nodes { get; } = [];

    /// <summary>Short channel ids, channel i joining node i and node i+1.</summary>
    public List<string> Channels { get; } = [];

    internal DevChainProcess Chain => _chain!;

    public bool Skipped { get; private set; }

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
        for (var i = 0; i <= _capacities.Length; i++)
        {
            var node = new PaymentNode(((char)('A' + i)).ToString(), new TempDirectory(), Fulgur.Node.Tests.Chain.FakeBitcoind.FreePort(),
                [.. _chain.NodeArgs, "--funding-confirms=1", "--log-level=debug"]);
            Nodes.Add(node);
        }
        await Task.WhenAll(Nodes.Select(n => n.StartAsync()));
        // Fund every funder's wallet in one block.
        for (var i = 0; i < _capacities.Length; i++)
        {
            var address = (await Nodes[i].RpcAsync("newaddr")).GetProperty("bech32").GetString()!;
            await _chain.CallAsync("sendtoaddress", [address, 0.2m]);
        }
        await _chain.MineAsync(1);
        for (var i = 0; i < _capacities.Length; i++)
        {
            var node = Nodes[i];
            await WaitForAsync(async () => (await node.RpcAsync("listfunds")).GetProperty("outputs"),
                o => o.EnumerateArray().Any(u => u.GetProperty("status").GetString() == "confirmed"), $"{node.Name}'s funds");
        }
        for (var i = 0; i < _capacities.Length; i++)
        {
            var (from, to) = (Nodes[i], Nodes[i + 1]);
            await from.RpcAsync("connect", $$"""{"id": "{{to.Id}}@127.0.0.1:{{to.Port}}"}""");
            await from.RpcAsync("fundchannel", $$"""{"id": "{{to.Id}}", "amount": {{_capacities[i]}}}""");
        }
        await _chain.MineAsync(1);
        for (var i = 0; i < _capacities.Length; i++)
        {
            var scid = await WaitNormalAsync(Nodes[i], Nodes[i + 1]);
            await WaitNormalAsync(Nodes[i + 1], Nodes[i]);
            Channels.Add(scid);
        }
    }

    /// <summary>Waits until <paramref name="node"/>'s channel with <paramref name="peer"/> is normal with the peer connected; its scid.</summary>
    public static async Task<string> WaitNormalAsync(PaymentNode node, PaymentNode peer)
    {
        var channel = await WaitForAsync(async () => (await node.RpcAsync("listpeerchannels")).GetProperty("channels").EnumerateArray()
                .FirstOrDefault(c => c.GetProperty("peer_id").GetString() == peer.Id),
            c => c.ValueKind == JsonValueKind.Object && c.GetProperty("state").GetString() == "CHANNELD_NORMAL"
                && c.GetProperty("connected").GetBoolean() && c.TryGetProperty("short_channel_id", out _),
            $"{node.Name}-{peer.Name} normal");
        return channel.GetProperty("short_channel_id").GetString()!;
    }

    public static Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what) =>
        Eventually.WaitForAsync(probe, condition, what, Timeout);

    /// <summary>
    /// The route from node 0 to node <paramref name="to"/> delivering <paramref name="msat"/> with <paramref name="finalDelay"/>:
    /// each hop's amount and delay include the fees and cltv deltas of the nodes after it (BOLT 7's fee formula).
    /// </summary>
    public List<Hop> Route(int to, long msat, uint finalDelay = FinalDelay)
    {
        var hops = new List<Hop>();
        var amount = msat;
        var delay = finalDelay;
        for (var i = to; i >= 1; i--)
        {
            hops.Insert(0, new Hop(Nodes[i].Id, Channels[i - 1], amount, delay));
            amount += FeeBase + amount * FeePpm / 1_000_000;
            delay += CltvDelta;
        }
        return hops;
    }

    public static string RouteJson(IEnumerable<Hop> hops) => "[" + string.Join(", ", hops.Select(h => h.ToJson())) + "]";

    /// <summary>An invoice at <paramref name="payee"/>: its payment_hash and payment_secret.</summary>
    public static async Task<(string Hash, string Secret)> InvoiceAsync(PaymentNode payee, long msat, string label)
    {
        var invoice = await payee.RpcAsync("invoice", $$"""{"msatoshi": {{msat}}, "label": "{{label}}", "description": "test"}""");
        return (invoice.GetProperty("payment_hash").GetString()!, invoice.GetProperty("payment_secret").GetString()!);
    }

    public static string SendPayParams(IEnumerable<Hop> route, string hash, string secret) =>
        $$"""{"route": {{RouteJson(route)}}, "payment_hash": "{{hash}}", "payment_secret": "{{secret}}"}""";

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        foreach (var node in Nodes)
            node.Dispose();
        Nodes.Clear();
        _chain?.Dispose();
        _chain = null;
        _dir.Dispose();
    }
}
